/**
 * LSP round trips of the Dockerfile navigation requests against the built server bin (stdio):
 * what a client receives for definition, references, highlights, prepareRename (an answer and a
 * refusal), rename, documentSymbol, foldingRange, documentLink and (range) formatting, with the
 * formatter's settings passed as the client passes them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lspClient';

interface Pos {
  line: number;
  character: number;
}
interface Rng {
  start: Pos;
  end: Pos;
}
interface Loc {
  uri: string;
  range: Rng;
}

const URI = 'file:///w/nav/Dockerfile';
const TEXT = `# syntax=docker/dockerfile:1
ARG VERSION=3.20
FROM alpine:\${VERSION} AS base
  RUN   apk add \\
 curl
FROM base
COPY --from=base /etc/os-release /tmp/
`;
const r = (l1: number, c1: number, l2: number, c2: number): Rng => ({
  start: { line: l1, character: c1 },
  end: { line: l2, character: c2 },
});

test('Dockerfile navigation over LSP', async () => {
  const s = await startServer({
    settings: { format: { continuationIndent: 2, keepAlignedContinuations: false } },
  });
  try {
    await s.open(URI, 'dockerfile', TEXT);
    const td = { textDocument: { uri: URI } };
    const onBase = { ...td, position: { line: 6, character: 14 } };

    const def = await s.conn.sendRequest<Loc[]>('textDocument/definition', onBase);
    assert.deepEqual(def, [{ uri: URI, range: r(2, 26, 2, 30) }]);

    const refs = await s.conn.sendRequest<Loc[]>('textDocument/references', {
      ...onBase,
      context: { includeDeclaration: true },
    });
    assert.deepEqual(
      refs.map((l) => l.range),
      [r(2, 26, 2, 30), r(5, 5, 5, 9), r(6, 12, 6, 16)],
    );

    const hl = await s.conn.sendRequest<{ range: Rng; kind: number }[]>(
      'textDocument/documentHighlight',
      { ...td, position: { line: 2, character: 15 } },
    );
    assert.deepEqual(hl, [
      { range: r(1, 4, 1, 11), kind: 3 },
      { range: r(2, 14, 2, 21), kind: 2 },
    ]);

    const prep = await s.conn.sendRequest('textDocument/prepareRename', onBase);
    assert.deepEqual(prep, { range: r(6, 12, 6, 16), placeholder: 'base' });

    // a refusal reaches the client as the request's error, with the reason from the notes
    await assert.rejects(
      s.conn.sendRequest('textDocument/rename', { ...onBase, newName: 'scratch' }),
      (e: Error) => {
        assert.equal(
          e.message,
          "scratch: 'scratch' and 'context' are reserved words and cannot name a stage (ReservedStageName)",
        );
        return true;
      },
    );
    const edit = await s.conn.sendRequest<{
      changes: Record<string, { range: Rng; newText: string }[]>;
    }>('textDocument/rename', { ...onBase, newName: 'runtime' });
    assert.deepEqual(edit.changes[URI], [
      { range: r(2, 26, 2, 30), newText: 'runtime' },
      { range: r(5, 5, 5, 9), newText: 'runtime' },
      { range: r(6, 12, 6, 16), newText: 'runtime' },
    ]);
    assert.equal(
      await s.conn.sendRequest('textDocument/prepareRename', {
        ...td,
        position: { line: 4, character: 2 },
      }),
      null,
    );

    const symbols = await s.conn.sendRequest<{ name: string; children?: { name: string }[] }[]>(
      'textDocument/documentSymbol',
      td,
    );
    assert.deepEqual(
      symbols.map((x) => `${x.name}: ${(x.children ?? []).map((c) => c.name).join(', ')}`),
      ['syntax: ', 'VERSION: ', 'base: RUN', 'base: COPY'],
    );

    const folds = await s.conn.sendRequest<{ startLine: number; endLine: number }[]>(
      'textDocument/foldingRange',
      td,
    );
    assert.deepEqual(
      folds.map((f) => [f.startLine, f.endLine]),
      [
        [2, 4],
        [3, 4],
        [5, 6],
      ],
    );

    const links = await s.conn.sendRequest<{ range: Rng; target: string }[]>(
      'textDocument/documentLink',
      td,
    );
    assert.deepEqual(links, [
      { range: r(0, 9, 0, 28), target: 'https://hub.docker.com/r/docker/dockerfile' },
      { range: r(2, 5, 2, 22), target: 'https://hub.docker.com/_/alpine' },
    ]);

    const fmt = await s.conn.sendRequest<{ range: Rng; newText: string }[]>(
      'textDocument/formatting',
      { ...td, options: { tabSize: 4, insertSpaces: true } },
    );
    assert.deepEqual(fmt, [
      { range: r(3, 0, 3, 2), newText: '' },
      { range: r(3, 5, 3, 8), newText: ' ' },
      { range: r(4, 0, 4, 1), newText: '  ' },
    ]);
    const ranged = await s.conn.sendRequest<{ range: Rng; newText: string }[]>(
      'textDocument/rangeFormatting',
      { ...td, range: r(4, 0, 4, 5), options: { tabSize: 4, insertSpaces: true } },
    );
    assert.deepEqual(ranged, [{ range: r(4, 0, 4, 1), newText: '  ' }]);
    assert.equal(s.stderr(), '');
  } finally {
    await s.close();
  }
});
