/**
 * The server's --stdio writer (server/src/node/frameWriter.ts): one write per message, header and
 * body together, the length in bytes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { FrameWriter } from '../../server/out/node/frameWriter';

/** A stream that keeps each write apart. */
function collector(fail?: string): { stream: Writable; chunks: string[] } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      if (fail) return done(new Error(fail));
      chunks.push(chunk.toString('utf8'));
      done();
    },
  });
  return { stream, chunks };
}

test('a message leaves in one write, its header counting bytes', async () => {
  const { stream, chunks } = collector();
  const writer = new FrameWriter(stream);
  await writer.write({ jsonrpc: '2.0', id: 2, result: null } as never);
  await writer.write({ jsonrpc: '2.0', id: 3, result: 'é' } as never);
  assert.deepEqual(chunks, [
    'Content-Length: 38\r\n\r\n{"jsonrpc":"2.0","id":2,"result":null}',
    'Content-Length: 38\r\n\r\n{"jsonrpc":"2.0","id":3,"result":"é"}',
  ]);
});

test('a failed write rejects and is reported as an error of the writer', async () => {
  const { stream } = collector('pipe closed');
  const writer = new FrameWriter(stream);
  const seen: string[] = [];
  writer.onError(([error, , count]) => seen.push(`${error.message} #${count}`));
  await assert.rejects(writer.write({ jsonrpc: '2.0', id: 1, result: 1 } as never), /pipe closed/);
  assert.deepEqual(seen, ['pipe closed #1']);
});
