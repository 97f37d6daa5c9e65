/**
 * The extension's own requests: explain a command line or a keyword, list every note for the
 * Explain quick pick, and render one note.
 */
import type { Connection } from 'vscode-languageserver';
import { renderNote } from '../service/docs/render';
import type { Session } from './session';

export const EXPLAIN_REQUEST = 'dockerInlineHelp/explain';
export const KEYWORDS_REQUEST = 'dockerInlineHelp/keywords';
export const NOTE_REQUEST = 'dockerInlineHelp/note';

export function registerRequests(connection: Connection, session: Session): void {
  connection.onRequest(
    EXPLAIN_REQUEST,
    (params: { text?: string; uri?: string; position?: { line: number; character: number } }) =>
      session.request(
        () => {
          if (typeof params?.text === 'string') return session.service().explain(params.text);
          const doc = params?.uri ? session.documents.get(params.uri) : undefined;
          if (!doc || !params.position) return null;
          return session.service().explainAt(doc, params.position, session.parsedFor(doc));
        },
        null,
        'explain',
      ),
  );

  connection.onRequest(KEYWORDS_REQUEST, () =>
    session.request(
      () =>
        session.service().docs.entries.map((e) => ({
          label:
            e.kind === 'dockerfile-flag'
              ? `${e.context} ${e.name}`
              : e.kind === 'dockerfile-mount-option'
                ? `--mount ${e.context === '*' ? '' : `type=${e.context} `}${e.name}`
                : e.name,
          kind: e.kind,
          summary: e.summary,
          context: e.context,
          name: e.name,
        })),
      [],
      'keywords',
    ),
  );

  connection.onRequest(NOTE_REQUEST, (params: { kind?: string; name?: string; context?: string }) =>
    session.request(
      () => {
        const e = session
          .service()
          .docs.entries.find(
            (x) =>
              x.kind === params?.kind &&
              x.name === params?.name &&
              (x.context ?? '') === (params?.context ?? ''),
          );
        return e ? renderNote(e, { markdown: true }) : null;
      },
      null,
      'note',
    ),
  );
}
