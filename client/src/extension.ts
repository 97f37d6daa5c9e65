/**
 * The VS Code extension in a Node extension host: starts the language server over IPC. The client
 * options and the Explain commands are shared with the web extension (common.ts,
 * browser/extension.ts). Snippets and settings are contributed declaratively in package.json.
 */
import * as path from 'node:path';
import type * as vscode from 'vscode';
import { LanguageClient, TransportKind, type ServerOptions } from 'vscode-languageclient/node';
import { clientOptions, registerCommands } from './common';
import { serverExecArgv } from './serverOptions';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
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

  registerCommands(context, client);
  await client.start();
}

export function deactivate(): Thenable<void> | undefined {
  return client?.stop();
}
