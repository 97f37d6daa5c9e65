/**
 * The web extension (vscode.dev, github.dev, code-server's web worker extension host): starts the
 * language server in a web worker (dist/browser/server.js, the same adapter and service as the
 * Node server, with the built-in notes bundled) and speaks LSP to it over postMessage. The user's
 * notes folders are read by this client through `vscode.workspace.fs` (notesAccess.ts).
 */
import * as vscode from 'vscode';
import { LanguageClient } from 'vscode-languageclient/browser';
import { clientOptions, registerCommands, type DockerInlineHelpApi } from '../common';
import { registerNotesAccess } from '../notesAccess';

/** The browser's Worker (the web extension host provides it; no DOM types in this project). */
declare const Worker: new (url: string, options?: { name?: string }) => object;

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<DockerInlineHelpApi> {
  const serverMain = vscode.Uri.joinPath(context.extensionUri, 'dist', 'browser', 'server.js');
  const worker = await startWorker(serverMain);
  // (id, name, the worker, options): vscode-languageclient 11's browser client takes the worker first
  client = new LanguageClient('dockerInlineHelp', 'Docker Inline Help', worker, clientOptions());
  const api = registerCommands(context, client);
  registerNotesAccess(client);
  await client.start();
  return api;
}

/**
 * The server's worker. From an extension served over http(s) (vscode.dev) the script's URL is
 * loaded directly; the web worker extension host refuses a worker script of an extension installed
 * on a remote (code-server: `vscode-remote:`), so there the script is read through the file
 * system and started from a blob: URL.
 */
async function startWorker(script: vscode.Uri): Promise<object> {
  const options = { name: 'Docker Inline Help server' };
  try {
    return new Worker(script.toString(true), options);
  } catch {
    const code = await vscode.workspace.fs.readFile(script);
    const url = URL.createObjectURL(new Blob([code], { type: 'text/javascript' }));
    return new Worker(url, options);
  }
}

export function deactivate(): Thenable<void> | undefined {
  return client?.stop();
}
