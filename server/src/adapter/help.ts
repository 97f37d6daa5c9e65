/** Hover and completion: get the document and its cached parse, ask the service. */
import type { CompletionList, Connection, Hover } from 'vscode-languageserver';
import type { CheckInputs } from '../service/rules/check';
import type { Session } from './session';

export function registerHelp(connection: Connection, session: Session): void {
  const { documents } = session;
  connection.onHover((params, token): Hover | null | Promise<Hover | null> => {
    session.lastRequestAt = Date.now();
    const first = documents.get(params.textDocument.uri);
    if (!first) return null;
    const answer = (inputs: CheckInputs): Hover | null =>
      session.runSafe(
        () => {
          const doc = documents.get(params.textDocument.uri);
          if (!doc) return null;
          return session.service().doHover(doc, params.position, session.parsedFor(doc), inputs);
        },
        null,
        `hover ${params.textDocument.uri}`,
        token,
      );
    // a compose file's .env is read once (then kept until it changes): usually no waiting
    const inputs = session.helpInputs(first);
    return inputs instanceof Promise ? inputs.then(answer) : answer(inputs);
  });

  connection.onCompletion((params, token): CompletionList =>
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
  );
}
