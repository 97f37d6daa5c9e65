/**
 * Hover and completion: get the document and its cached parse, ask the service (after any note
 * change that came before the request).
 */
import type {
  CompletionItem,
  CompletionList,
  Connection,
  Hover,
  ResponseError,
} from 'vscode-languageserver';
import type { CheckInputs } from '../service/rules/check';
import { afterLongRequest } from './idle';
import type { Session } from './session';

export function registerHelp(connection: Connection, session: Session): void {
  const { documents } = session;
  connection.onHover(
    (
      params,
      token,
    ): Hover | null | ResponseError<void> | Promise<Hover | null | ResponseError<void>> =>
      session.afterNoteChanges(() => {
        if (!session.initializeReceived) return session.notInitialized();
        const started = session.requestStarted();
        const first = documents.get(params?.textDocument?.uri);
        if (!first) return null;
        const answer = (inputs: CheckInputs): Hover | null =>
          session.runSafe(
            () => {
              const doc = documents.get(params.textDocument.uri);
              if (!doc) return null;
              return session
                .service()
                .doHover(doc, params.position, session.parsedFor(doc), inputs);
            },
            null,
            `hover ${params.textDocument.uri}`,
            token,
          );
        // a compose file's .env is read once (then kept until it changes): usually no waiting
        const inputs = session.helpInputs(first);
        return inputs instanceof Promise
          ? inputs.then(answer)
          : afterLongRequest(started, answer(inputs));
      }),
  );

  connection.onCompletion(
    (
      params,
      token,
    ): CompletionList | ResponseError<void> | Promise<CompletionList | ResponseError<void>> =>
      session.afterNoteChanges(() =>
        session.request(
          () => {
            const doc = documents.get(params.textDocument.uri);
            if (!doc) return { isIncomplete: false, items: [] };
            return withoutDocumentation(
              session.service().doComplete(doc, params.position, session.parsedFor(doc)),
            );
          },
          { isIncomplete: false, items: [] },
          `completion ${params?.textDocument?.uri}`,
          token,
        ),
      ),
  );

  // A list goes out without the items' documentation (a list of 90 compose keys would carry
  // 100 KiB of it); the editor asks for the documentation of the item it shows, by `data`.
  let listDocs: CompletionItem['documentation'][] = [];
  let listId = 0;
  function withoutDocumentation(list: CompletionList): CompletionList {
    listId++;
    listDocs = [];
    for (const item of list.items) {
      if (item.documentation === undefined) continue;
      item.data = { dih: listId, item: listDocs.length };
      listDocs.push(item.documentation);
      delete item.documentation;
    }
    return list;
  }
  connection.onCompletionResolve((item): CompletionItem => {
    const d = item.data as { dih?: unknown; item?: unknown } | undefined;
    if (d?.dih === listId && typeof d.item === 'number' && listDocs[d.item] !== undefined)
      item.documentation = listDocs[d.item];
    return item;
  });
}
