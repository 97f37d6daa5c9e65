/**
 * The extension's own requests: explain a command line or a keyword, list every note for the
 * Explain quick pick (or the notes a query finds), and render one note whole.
 */
import type { Connection } from 'vscode-languageserver';
import { lookupName } from '../service/docs/lookup';
import { matchTitle, type NoteRef } from '../service/languageService';
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

  // the Explain keyword quick pick: every note by the words that look it up, the most common
  // meaning of a name first; with a query, the notes that query finds, best first
  connection.onRequest(KEYWORDS_REQUEST, (params?: { query?: unknown }) =>
    session.request(
      () => {
        const svc = session.service();
        const notes =
          typeof params?.query === 'string' ? svc.findNotes(params.query) : svc.rankedNotes();
        return notes.map((e) => ({
          label: e.kind === 'compose-key' ? (e.name.split('.').pop() ?? e.name) : lookupName(e),
          description: matchTitle({ note: e }),
          kind: e.kind,
          summary: e.summary,
          aliases: e.aliases,
          context: e.context,
          name: e.name,
        }));
      },
      [],
      'keywords',
    ),
  );

  // a note whole (the quick pick, a More… or See also link): { title, markdown }
  connection.onRequest(NOTE_REQUEST, (params: Partial<NoteRef> | null) =>
    session.request(
      () => {
        if (typeof params?.kind !== 'string' || typeof params.name !== 'string') return null;
        const view = session.service().note({
          kind: params.kind,
          name: params.name,
          context: typeof params.context === 'string' ? params.context : undefined,
        });
        return view ? { title: view.title, markdown: view.markdown } : null;
      },
      null,
      'note',
    ),
  );
}
