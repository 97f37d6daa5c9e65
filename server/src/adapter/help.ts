/** Hover and completion: get the document and its cached parse, ask the service. */
import type { CompletionList, Connection, Hover, ResponseError } from 'vscode-languageserver';
import type { Session } from './session';

export function registerHelp(connection: Connection, session: Session): void {
  const { documents } = session;
  connection.onHover((params, token): Hover | null | ResponseError<void> =>
    session.request(
      () => {
        session.lastRequestAt = Date.now();
        const doc = documents.get(params.textDocument.uri);
        if (!doc) return null;
        return session.service().doHover(doc, params.position, session.parsedFor(doc));
      },
      null,
      `hover ${params?.textDocument?.uri}`,
      token,
    ),
  );

  connection.onCompletion((params, token): CompletionList | ResponseError<void> =>
    session.request(
      () => {
        session.lastRequestAt = Date.now();
        const doc = documents.get(params.textDocument.uri);
        if (!doc) return { isIncomplete: false, items: [] };
        return session.service().doComplete(doc, params.position, session.parsedFor(doc));
      },
      { isIncomplete: false, items: [] },
      `completion ${params?.textDocument?.uri}`,
      token,
    ),
  );
}
