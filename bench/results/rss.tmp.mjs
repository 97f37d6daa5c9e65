import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
const require = createRequire(import.meta.url);
const rpc = require('vscode-jsonrpc/node');
const extra = process.argv.slice(2);
const child = spawn(process.execPath, [...extra, '/work/main/bin/docker-inline-help-server.js', '--stdio']);
const conn = rpc.createMessageConnection(new rpc.StreamMessageReader(child.stdout), new rpc.StreamMessageWriter(child.stdin));
conn.onRequest(() => null); conn.onNotification(() => {}); conn.listen();
const rss = () => { const s = readFileSync(`/proc/${child.pid}/status`, 'utf8'); return /VmRSS:\s*(\d+)/.exec(s)[1] / 1024; };
const t0 = performance.now();
await conn.sendRequest('initialize', { processId: null, rootUri: null, capabilities: {} });
console.log('init ms', (performance.now() - t0).toFixed(1), 'rss', rss().toFixed(1));
conn.sendNotification('initialized', {});
const files = [['/tmp/dih-gen/dockerfile-large/Dockerfile','dockerfile'],['/tmp/dih-gen/compose-large/docker-compose.yml','dockercompose']];
for (const [f, lang] of files) {
  const uri = 'file://' + f;
  conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: lang, version: 1, text: readFileSync(f, 'utf8') } });
  const t = performance.now();
  await conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 100, character: 1 } });
  console.log(lang, 'first hover', (performance.now() - t).toFixed(1), 'rss', rss().toFixed(1));
  conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
}
await new Promise(r => setTimeout(r, 500));
console.log('after close rss', rss().toFixed(1));
child.kill();
process.exit(0);
