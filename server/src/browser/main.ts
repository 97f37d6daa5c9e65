/**
 * Entry point of the language server in a browser web worker (the web extension: vscode.dev,
 * github.dev, code-server's web worker extension host). The same adapter and service as the Node
 * server (server/src/node/main.ts); only the transport (the worker's postMessage) and the runtime
 * differ: the built-in notes are bundled, user notes are read by the client (see runtime.ts).
 */
// first: dockerfile-ast needs Buffer.from (see bufferShim.ts)
import './bufferShim';
import {
  BrowserMessageReader,
  BrowserMessageWriter,
  createConnection,
} from 'vscode-languageserver/browser';
import { startServer } from '../server';
import { browserRuntime } from './runtime';

/** The worker's global scope (postMessage / onmessage to the client). */
declare const self: object;

const connection = createConnection(new BrowserMessageReader(self), new BrowserMessageWriter(self));
startServer(connection, browserRuntime(connection));
