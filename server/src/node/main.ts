/**
 * Entry point of the language server: creates the connection (--stdio, --node-ipc or --socket,
 * as vscode-languageserver reads them from argv) and starts the adapter. On --stdio the server
 * writes each message in one write (`FrameWriter`), and so does what the library would do for a
 * standard-input connection itself: exit when standard input ends, keep standard output for the
 * protocol.
 */
import { Console } from 'node:console';
import {
  createConnection,
  ProposedFeatures,
  StreamMessageReader,
  type Connection,
} from 'vscode-languageserver/node';
import { startServer } from '../server';
import { FrameWriter } from './frameWriter';
import { nodeRuntime } from './runtime';

if (process.argv.includes('--version')) {
  process.stdout.write('docker-inline-help-server 0.1.0\n');
  process.exit(0);
}
if (
  !process.argv.some(
    (a) =>
      a === '--stdio' || a === '--node-ipc' || a.startsWith('--socket') || a.startsWith('--pipe'),
  )
) {
  process.stderr.write('usage: docker-inline-help-server --stdio | --node-ipc | --socket=PORT\n');
  process.exit(2);
}
process.on('uncaughtException', (e) => {
  process.stderr.write(
    `docker-inline-help-server: uncaught ${e instanceof Error ? e.stack : String(e)}\n`,
  );
});
process.on('unhandledRejection', (e) => {
  process.stderr.write(`docker-inline-help-server: unhandled rejection ${String(e)}\n`);
});
function stdioConnection(): Connection {
  // standard output carries the protocol: what anything prints with `console` goes to stderr
  globalThis.console = new Console(process.stderr, process.stderr);
  const connection = createConnection(
    ProposedFeatures.all,
    new StreamMessageReader(process.stdin),
    new FrameWriter(process.stdout),
  );
  // the client went away: exit (0 after a shutdown request), as the library does for a stream
  let shutdown = false;
  connection.onShutdown(() => {
    shutdown = true;
  });
  const end = (): never => process.exit(shutdown ? 0 : 1);
  process.stdin.on('end', end);
  process.stdin.on('close', end);
  return connection;
}

const connection = process.argv.includes('--stdio')
  ? stdioConnection()
  : createConnection(ProposedFeatures.all);
startServer(connection, nodeRuntime);
