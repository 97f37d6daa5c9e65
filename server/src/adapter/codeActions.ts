/** textDocument/codeAction: quick fixes, "disable this rule", and "fix all" (the service decides). */
import type { CodeAction, Connection } from 'vscode-languageserver';
import type { Session } from './session';

export function registerCodeActions(connection: Connection, session: Session): void {
  connection.onCodeAction((params, token): CodeAction[] =>
    session.runSafe(
      () => {
        const doc = session.documents.get(params.textDocument.uri);
        if (!doc) return [];
        return session
          .service()
          .doCodeActions(doc, params.range, params.context, session.parsedFor(doc));
      },
      [],
      `codeAction ${params.textDocument.uri}`,
      token,
    ),
  );
}
