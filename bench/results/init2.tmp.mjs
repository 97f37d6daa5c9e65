import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const rpc = require('vscode-jsonrpc/node');
const extra = process.argv.slice(2);
for (let i = 0; i < 3; i++) {
const t0 = performance.now();
const child = spawn(process.execPath, ['-r', '/work/main/bench/results/t.tmp.cjs', ...extra, '/work/main/bin/docker-inline-help-server.js', '--stdio'], {stdio: ['pipe','pipe','inherit']});
const conn = rpc.createMessageConnection(new rpc.StreamMessageReader(child.stdout), new rpc.StreamMessageWriter(child.stdin));
conn.onRequest(() => null); conn.onNotification(() => {}); conn.listen();
await conn.sendRequest('initialize', { processId: null, rootUri: null, capabilities: {} });
console.log('init ms', (performance.now() - t0).toFixed(1));
await conn.sendRequest('shutdown'); conn.sendNotification('exit');
await new Promise(r => child.on('exit', r));
}
