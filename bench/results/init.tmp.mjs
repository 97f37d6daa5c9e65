import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const rpc = require('vscode-jsonrpc/node');
const extra = process.argv.slice(2);
let tot = 0; const N = 5;
for (let i = 0; i < N; i++) {
const t0 = performance.now();
const child = spawn(process.execPath, [...extra, '/work/main/bin/docker-inline-help-server.js', '--stdio']);
const conn = rpc.createMessageConnection(new rpc.StreamMessageReader(child.stdout), new rpc.StreamMessageWriter(child.stdin));
conn.onRequest(() => null); conn.onNotification(() => {}); conn.listen();
await conn.sendRequest('initialize', { processId: null, rootUri: null, capabilities: {} });
const ms = performance.now() - t0; tot += ms;
await conn.sendRequest('shutdown'); conn.sendNotification('exit');
await new Promise(r => child.on('exit', r));
}
console.log('init avg ms', (tot / N).toFixed(1));
