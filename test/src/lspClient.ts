/** A minimal LSP client over stdio for round-trip tests against the built server bin. */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import {
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type MessageConnection,
} from 'vscode-jsonrpc/node';
import { ROOT } from './helpers';

export interface LspSession {
  conn: MessageConnection;
  proc: ChildProcess;
  stderr: () => string;
  /** The server's answer to initialize. */
  initResult: unknown;
  open(uri: string, languageId: string, text: string): Promise<void>;
  close(): Promise<void>;
}

export async function startServer(
  initializationOptions: unknown = undefined,
  capabilities: unknown = { textDocument: { hover: { contentFormat: ['markdown', 'plaintext'] } } },
  /** Answers the server's requests to the client (client/registerCapability, …); default null. */
  onRequest: (method: string, params: unknown) => unknown = () => null,
  /** The workspace folder the server is told about (initialize's rootUri). */
  rootUri: string | null = null,
  /** Environment variables set for the server process (over this process's). */
  env: Record<string, string> = {},
): Promise<LspSession> {
  const proc = spawn(
    process.execPath,
    [join(ROOT, 'bin', 'docker-inline-help-server.js'), '--stdio'],
    { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...env } },
  );
  let err = '';
  proc.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  const conn = createMessageConnection(
    new StreamMessageReader(proc.stdout),
    new StreamMessageWriter(proc.stdin),
  );
  conn.onNotification(() => undefined);
  conn.onRequest(onRequest);
  conn.listen();
  const initResult = await conn.sendRequest('initialize', {
    processId: process.pid,
    rootUri,
    capabilities,
    initializationOptions,
  });
  await conn.sendNotification('initialized', {});
  return {
    conn,
    proc,
    stderr: () => err,
    initResult,
    async open(uri, languageId, text) {
      await conn.sendNotification('textDocument/didOpen', {
        textDocument: { uri, languageId, version: 1, text },
      });
    },
    async close() {
      try {
        await conn.sendRequest('shutdown');
        await conn.sendNotification('exit');
      } catch {
        /* already gone */
      }
      await new Promise<void>((resolve) => {
        const t = setTimeout(() => {
          proc.kill();
          resolve();
        }, 3000);
        proc.on('exit', () => {
          clearTimeout(t);
          resolve();
        });
      });
      conn.dispose();
    },
  };
}
