/**
 * The server on --stdio, read byte by byte: every message arrives whole (header and body in one
 * write), and the server ends when its client goes away.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { ROOT } from './helpers';

/** Start the server; `send` writes a message, `chunks` are the raw reads of its stdout. */
function server(): {
  send: (m: object) => void;
  chunks: string[];
  reply: (id: number) => Promise<void>;
  proc: ChildProcessWithoutNullStreams;
} {
  const proc = spawn(
    process.execPath,
    [join(ROOT, 'bin', 'docker-inline-help-server.js'), '--stdio'],
    { stdio: 'pipe' },
  );
  const chunks: string[] = [];
  let all = '';
  const waiting = new Map<number, () => void>();
  proc.stdout.on('data', (d: Buffer) => {
    chunks.push(d.toString('utf8'));
    all += d.toString('utf8');
    for (const [id, done] of waiting) if (all.includes(`"id":${id},`)) done();
  });
  const send = (m: object): void => {
    const body = JSON.stringify({ jsonrpc: '2.0', ...m });
    proc.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  };
  const reply = (id: number): Promise<void> =>
    new Promise((resolve) => {
      waiting.set(id, resolve);
      if (all.includes(`"id":${id},`)) resolve();
    });
  return { send, chunks, reply, proc };
}

const INIT = { method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } };

test('each message arrives with its header: no read ends between a header and its body', async () => {
  const s = server();
  s.send({ id: 1, ...INIT });
  await s.reply(1);
  s.send({ method: 'initialized', params: {} });
  const text = 'FROM alpine\nENTRYPOINT ["sh"]\n';
  s.send({
    method: 'textDocument/didOpen',
    params: {
      textDocument: { uri: 'file:///w/Dockerfile', languageId: 'dockerfile', version: 1, text },
    },
  });
  for (let id = 2; id < 12; id++) {
    s.send({
      id,
      method: 'textDocument/hover',
      params: {
        textDocument: { uri: 'file:///w/Dockerfile' },
        position: { line: 1, character: 2 },
      },
    });
    await s.reply(id);
  }
  s.send({ id: 12, method: 'shutdown' });
  await s.reply(12);
  s.send({ method: 'exit' });
  const [code] = (await once(s.proc, 'exit')) as [number];
  assert.equal(code, 0);
  // every read starts a message and ends with a complete one
  for (const c of s.chunks) {
    assert.match(c, /^Content-Length: \d+\r\n\r\n/);
    let rest = c;
    while (rest.length) {
      const m = /^Content-Length: (\d+)\r\n\r\n/.exec(rest);
      assert.ok(
        m,
        `a read that does not start with a header: ${JSON.stringify(rest.slice(0, 40))}`,
      );
      const body = Buffer.from(rest.slice(m[0].length), 'utf8');
      assert.ok(body.length >= Number(m[1]), 'a body cut off at the end of a read');
      rest = body.subarray(Number(m[1])).toString('utf8');
    }
  }
  assert.ok(s.chunks.join('').includes('**ENTRYPOINT**'));
});

test('a client that goes away ends the server: code 1 without a shutdown request, 0 after one', async () => {
  const a = server();
  a.send({ id: 1, ...INIT });
  await a.reply(1);
  a.proc.stdin.end();
  assert.deepEqual(await once(a.proc, 'exit'), [1, null]);
  const b = server();
  b.send({ id: 1, ...INIT });
  await b.reply(1);
  b.send({ id: 2, method: 'shutdown' });
  await b.reply(2);
  b.proc.stdin.end();
  assert.deepEqual(await once(b.proc, 'exit'), [0, null]);
});
