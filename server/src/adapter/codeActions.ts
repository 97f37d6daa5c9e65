/**
 * textDocument/codeAction: quick fixes, "disable this rule", "fix all" (the service decides), and
 * the conversions between `docker run` and compose, for which this reads the compose file next to
 * the document (only when a `docker run` command is at the range) and hands it to the service.
 */
import type { CodeAction, Connection } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { ConvertInputs } from '../service/convert/convertActions';
import { FIX_ALL_KIND, wants } from '../service/rules/codeActions';
import type { Range } from 'vscode-languageserver-types';
import type { Session } from './session';

/** The compose file a conversion at the range would write to, read for the service. */
async function convertInputs(
  session: Session,
  doc: TextDocument,
  range: Range,
  only: readonly string[] | undefined,
): Promise<ConvertInputs> {
  const target = session.runSafe(
    () => session.service().conversionTarget(doc, range, session.parsedFor(doc), only),
    undefined,
    `codeAction target ${doc.uri}`,
  );
  if (!target) return {};
  for (const name of target.names) {
    const uri = `${target.folder}${name}`;
    const file = await session.fileText(uri);
    if (file) return { composeFile: { uri, ...file }, createFiles: session.createFiles };
  }
  return {
    composeFile: { uri: `${target.folder}${target.names[0]}` },
    createFiles: session.createFiles,
  };
}

export function registerCodeActions(connection: Connection, session: Session): void {
  connection.onCodeAction(async (params, token): Promise<CodeAction[]> => {
    const first = session.documents.get(params.textDocument.uri);
    if (!first) return [];
    const inputs = await convertInputs(session, first, params.range, params.context?.only);
    // fix all on a large document: the checking thread's diagnostics of this version, not a
    // second check on the main thread
    const thread = session.threadChecks.get(first.uri);
    const checked =
      params.context?.only?.length &&
      wants(params.context.only, FIX_ALL_KIND) &&
      thread?.version === first.version
        ? await thread.diagnostics
        : undefined;
    return session.runSafe(
      () => {
        const doc = session.documents.get(params.textDocument.uri);
        if (!doc) return [];
        return session
          .service()
          .doCodeActions(
            doc,
            params.range,
            params.context,
            session.parsedFor(doc),
            inputs,
            doc.version === first.version ? checked : undefined,
          );
      },
      [],
      `codeAction ${params.textDocument.uri}`,
      token,
    );
  });
}
