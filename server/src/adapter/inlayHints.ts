/**
 * textDocument/inlayHint: values after variables and the sides of port mappings (the service
 * decides); asks the client to refresh them when a `.env` file changes.
 */
import type { Connection, InlayHint } from 'vscode-languageserver';
import type { Session } from './session';

export function registerInlayHints(
  connection: Connection,
  session: Session,
  refreshSupport: () => boolean,
): void {
  connection.languages.inlayHint.on(async (params, token): Promise<InlayHint[]> => {
    const first = session.documents.get(params.textDocument.uri);
    if (!first) return [];
    const inputs = await session.helpInputs(first);
    return session.runSafe(
      () => {
        const doc = session.documents.get(params.textDocument.uri);
        if (!doc) return [];
        return session.service().doInlayHints(doc, params.range, session.parsedFor(doc), inputs);
      },
      [],
      `inlayHint ${params.textDocument.uri}`,
      token,
    );
  });
  session.envFiles.onChange(() => {
    if (refreshSupport()) void connection.languages.inlayHint.refresh().catch(() => undefined);
  });
}
