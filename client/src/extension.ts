/**
 * The VS Code extension in a Node extension host: starts the language server over IPC. The client
 * options, the Explain commands and the note view are shared with the web extension (common.ts,
 * browser/extension.ts). Settings are contributed declaratively in package.json; snippets are the
 * server's.
 */
import * as path from 'node:path';
import type * as vscode from 'vscode';
import { LanguageClient, TransportKind, type ServerOptions } from 'vscode-languageclient/node';
import { clientOptions, registerCommands, type DockerInlineHelpApi } from './common';
import { serverExecArgv } from './serverOptions';

export type { DockerInlineHelpApi } from './common';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<DockerInlineHelpApi> {
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  // the V8 settings of the bin, plus the inspector when DOCKER_INLINE_HELP_INSPECT=PORT is set
  // (.vscode/launch.json sets it for "Run Extension"; "Attach to Server" attaches to that port)
  const execArgv = serverExecArgv(process.env);
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc, options: { execArgv } },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv } },
  };
  client = new LanguageClient(
    'dockerInlineHelp',
    'Docker Inline Help',
    serverOptions,
    clientOptions(),
  );

  const api = registerCommands(context, client);
  await client.start();
  return api;
}

export function deactivate(): Thenable<void> | undefined {
  return client?.stop();
}
