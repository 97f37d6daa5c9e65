/**
 * Entry point of the language server: creates the connection (--stdio, --node-ipc or --socket,
 * as vscode-languageserver reads them from argv) and starts the adapter.
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from '../server';
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
const connection = createConnection(ProposedFeatures.all);
startServer(connection, nodeRuntime);
