/**
 * Hover and completion: get the document and its cached parse, ask the service (after any note
 * change that came before the request).
 */
import type { CompletionList, Connection, Hover } from 'vscode-languageserver';
import type { Session } from './session';

export function registerHelp(connection: Connection, session: Session): void {
  const { documents } = session;
  connection.onHover((params, token): Hover | null | Promise<Hover | null> =>
    session.afterNoteChanges(() =>
      session.runSafe(
        () => {
          session.lastRequestAt = Date.now();
          const doc = documents.get(params.textDocument.uri);
          if (!doc) return null;
          return session.service().doHover(doc, params.position, session.parsedFor(doc));
        },
        null,
        `hover ${params.textDocument.uri}`,
        token,
      ),
    ),
  );

  connection.onCompletion((params, token): CompletionList | Promise<CompletionList> =>
    session.afterNoteChanges(() =>
      session.runSafe(
        () => {
          session.lastRequestAt = Date.now();
          const doc = documents.get(params.textDocument.uri);
          if (!doc) return { isIncomplete: false, items: [] };
          return session.service().doComplete(doc, params.position, session.parsedFor(doc));
        },
        { isIncomplete: false, items: [] },
        `completion ${params.textDocument.uri}`,
        token,
      ),
    ),
  );
}
