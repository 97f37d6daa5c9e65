/**
 * The checking thread of the Node server (see adapter/checker.ts): a worker thread that answers
 * the main thread's `check` messages with the document's diagnostics.
 */
import { parentPort } from 'node:worker_threads';
import { serveChecks, type CheckerMessage } from '../adapter/checker';
import { loadBuiltinNotes } from './runtime';

const port = parentPort;
if (port) {
  const receive = serveChecks(
    loadBuiltinNotes(),
    (reply) => port.postMessage(reply),
    (f) => setImmediate(f),
  );
  port.on('message', (m: CheckerMessage) => receive(m));
}
