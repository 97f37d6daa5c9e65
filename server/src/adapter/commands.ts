/**
 * workspace/executeCommand: the commands our code actions carry. `showDocument` opens a document
 * at a position (after a conversion wrote the compose file); `copyAsDockerRun` answers the
 * `docker run` command line of a compose service (the VS Code extension copies it).
 */
import type { Connection } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { COPY_RUN_COMMAND, SHOW_DOCUMENT_COMMAND } from '../service/convert/convertActions';
import { convertMessage } from '../service/convert/runToCompose';
import type { Session } from './session';

export const SERVER_COMMANDS = [SHOW_DOCUMENT_COMMAND, COPY_RUN_COMMAND];

function isPosition(p: unknown): p is { line: number; character: number } {
  const o = p as { line?: unknown; character?: unknown } | null;
  return !!o && Number.isInteger(o.line) && Number.isInteger(o.character);
}

export function registerCommands(connection: Connection, session: Session): void {
  connection.onExecuteCommand(async (params) => {
    const [uri, arg] = (params.arguments ?? []) as unknown[];
    if (typeof uri !== 'string') return null;
    if (params.command === SHOW_DOCUMENT_COMMAND) {
      const at = isPosition(arg) ? arg : { line: 0, character: 0 };
      try {
        await connection.window.showDocument({
          uri,
          takeFocus: true,
          selection: { start: at, end: at },
        });
      } catch (e) {
        session.log(`showDocument ${uri}: ${String(e)}`);
      }
      return null;
    }
    if (params.command === COPY_RUN_COMMAND && typeof arg === 'string') {
      const file = await session.fileText(uri);
      if (!file) return null;
      return session.runSafe(
        () => {
          const open = session.documents.get(uri);
          const doc = open ?? TextDocument.create(uri, 'dockercompose', 0, file.text);
          const service = session.service();
          const parsed = open ? session.parsedFor(open) : service.parse(doc);
          const text = service.dockerRunOf(doc, arg, parsed);
          return text
            ? { text, message: convertMessage(service.docs, 'copied', { service: arg }) }
            : null;
        },
        null,
        `copyAsDockerRun ${uri}`,
      );
    }
    return null;
  });
}
