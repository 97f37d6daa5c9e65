/**
 * LSP round trips of the compose navigation requests against the built server bin (stdio), in a
 * folder on disk: definition into files the editor has not opened (the adapter reads them through
 * the Node runtime), references and rename across files, an open document's unsaved text winning
 * over the disk, a rename refusal as the client receives it, and the whole-document requests.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
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

const COMPOSE = `include:
  - db/compose.yaml
services:
  web:
    extends:
      file: common/base.yaml
      service: base
    build:
      context: ./web
      target: dev
    depends_on:
      - db
`;
const DB = `services:
  db:
    image: postgres:16
`;
const BASE = `services:
  base:
    image: example/base
`;
const DOCKERFILE = `FROM node:20 AS deps
FROM deps AS dev
`;

const r = (l1: number, c1: number, l2: number, c2: number): Rng => ({
  start: { line: l1, character: c1 },
  end: { line: l2, character: c2 },
});

function project(): { dir: string; uri: (p: string) => string } {
  const dir = mkdtempSync(join(tmpdir(), 'dih-compose-nav-'));
  const files: Record<string, string> = {
    'compose.yaml': COMPOSE,
    'db/compose.yaml': DB,
    'common/base.yaml': BASE,
    'web/Dockerfile': DOCKERFILE,
  };
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(join(dir, p, '..'), { recursive: true });
    writeFileSync(join(dir, p), text);
  }
  return { dir, uri: (p) => pathToFileURL(join(dir, p)).href };
}

test('compose navigation over LSP: across files on disk, open documents first', async () => {
  const { dir, uri } = project();
  const s = await startServer(undefined, undefined, undefined, pathToFileURL(dir).href);
  try {
    const main = uri('compose.yaml');
    await s.open(main, 'dockercompose', COMPOSE);
    const at = (line: number, character: number) => ({
      textDocument: { uri: main },
      position: { line, character },
    });

    // depends_on: db -> the service in the included file (read from disk by the adapter)
    assert.deepEqual(await s.conn.sendRequest<Loc[]>('textDocument/definition', at(11, 9)), [
      { uri: uri('db/compose.yaml'), range: r(1, 2, 1, 4) },
    ]);
    // extends.service with file: -> the service in that file
    assert.deepEqual(await s.conn.sendRequest<Loc[]>('textDocument/definition', at(6, 16)), [
      { uri: uri('common/base.yaml'), range: r(1, 2, 1, 6) },
    ]);
    // build.target -> the stage in the service's Dockerfile
    assert.deepEqual(await s.conn.sendRequest<Loc[]>('textDocument/definition', at(9, 15)), [
      { uri: uri('web/Dockerfile'), range: r(1, 13, 1, 16) },
    ]);
    // include path -> the file
    assert.deepEqual(await s.conn.sendRequest<Loc[]>('textDocument/definition', at(1, 6)), [
      { uri: uri('db/compose.yaml'), range: r(0, 0, 0, 0) },
    ]);

    // references of db from the included file reach the file that includes it
    const dbUri = uri('db/compose.yaml');
    await s.open(dbUri, 'dockercompose', DB);
    const refs = await s.conn.sendRequest<Loc[]>('textDocument/references', {
      textDocument: { uri: dbUri },
      position: { line: 1, character: 3 },
      context: { includeDeclaration: true },
    });
    assert.deepEqual(refs, [
      { uri: dbUri, range: r(1, 2, 1, 4) },
      { uri: main, range: r(11, 8, 11, 10) },
    ]);

    // rename from the file that includes it edits both
    const edit = await s.conn.sendRequest<{ changes: Record<string, unknown[]> }>(
      'textDocument/rename',
      { ...at(11, 9), newName: 'postgres' },
    );
    assert.deepEqual(edit.changes, {
      [main]: [{ range: r(11, 8, 11, 10), newText: 'postgres' }],
      [dbUri]: [{ range: r(1, 2, 1, 4), newText: 'postgres' }],
    });

    // the open document's unsaved text is what counts, not the disk
    await s.conn.sendNotification('textDocument/didChange', {
      textDocument: { uri: dbUri, version: 2 },
      contentChanges: [{ text: `# moved\n${DB}` }],
    });
    assert.deepEqual(await s.conn.sendRequest<Loc[]>('textDocument/definition', at(11, 9)), [
      { uri: dbUri, range: r(2, 2, 2, 4) },
    ]);

    // a refusal reaches the client as the request's error
    await assert.rejects(
      s.conn.sendRequest('textDocument/rename', { ...at(11, 9), newName: 'two words' }),
      { message: "two words: A name holds only letters, digits, '.', '_' and '-'" },
    );

    // highlights of db in this file, and prepareRename on it
    assert.deepEqual(await s.conn.sendRequest('textDocument/documentHighlight', at(11, 9)), [
      { range: r(11, 8, 11, 10), kind: 2 },
    ]);
    assert.deepEqual(await s.conn.sendRequest('textDocument/prepareRename', at(11, 9)), {
      range: r(11, 8, 11, 10),
      placeholder: 'db',
    });
    // range formatting: the items of `build:` (lines 8-9) go one unit of 4 below it; `build:`
    // keeps its column, as its siblings outside the range do
    const ranged = await s.conn.sendRequest<{ range: Rng; newText: string }[]>(
      'textDocument/rangeFormatting',
      {
        textDocument: { uri: main },
        range: r(7, 0, 9, 0),
        options: { tabSize: 4, insertSpaces: true },
      },
    );
    assert.equal(
      TextDocument.applyEdits(TextDocument.create(main, 'dockercompose', 1, COMPOSE), ranged),
      COMPOSE.replace(
        '      context: ./web\n      target: dev',
        '        context: ./web\n        target: dev',
      ),
    );

    const symbols = await s.conn.sendRequest<{ name: string; children?: { name: string }[] }[]>(
      'textDocument/documentSymbol',
      { textDocument: { uri: main } },
    );
    assert.deepEqual(
      symbols.map((x) => `${x.name}: ${(x.children ?? []).map((c) => c.name).join(', ')}`),
      ['include: ', 'services: web'],
    );
    const folds = await s.conn.sendRequest<{ startLine: number; endLine: number }[]>(
      'textDocument/foldingRange',
      { textDocument: { uri: main } },
    );
    assert.deepEqual(
      folds.map((f) => `${f.startLine}-${f.endLine}`),
      ['0-1', '2-11', '3-11', '4-6', '7-9', '10-11'],
    );
    const links = await s.conn.sendRequest<{ target: string }[]>('textDocument/documentLink', {
      textDocument: { uri: main },
    });
    assert.deepEqual(
      links.map((l) => l.target),
      [uri('db/compose.yaml'), uri('common/base.yaml'), uri('web/Dockerfile')],
    );
    const formatted = await s.conn.sendRequest<{ range: Rng; newText: string }[]>(
      'textDocument/formatting',
      { textDocument: { uri: main }, options: { tabSize: 4, insertSpaces: true } },
    );
    assert.equal(
      TextDocument.applyEdits(TextDocument.create(main, 'dockercompose', 1, COMPOSE), formatted),
      `include:
    - db/compose.yaml
services:
    web:
        extends:
            file: common/base.yaml
            service: base
        build:
            context: ./web
            target: dev
        depends_on:
            - db
`,
    );
    assert.equal(s.stderr().includes('Error'), false, s.stderr());
  } finally {
    await s.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a rename reads other files afresh; a definition a moment after another may reuse its read', async () => {
  const { dir, uri } = project();
  const s = await startServer(undefined, undefined, undefined, pathToFileURL(dir).href);
  try {
    const main = uri('compose.yaml');
    const dbUri = uri('db/compose.yaml');
    await s.open(main, 'dockercompose', COMPOSE);
    const at = { textDocument: { uri: main }, position: { line: 11, character: 9 } };
    assert.deepEqual(await s.conn.sendRequest<Loc[]>('textDocument/definition', at), [
      { uri: dbUri, range: r(1, 2, 1, 4) },
    ]);
    // the included file changes on disk (the editor does not have it open)
    writeFileSync(join(dir, 'db/compose.yaml'), `# moved\n${DB}`);
    // the rename's edit for that file is made from its text as it is now
    const edit = await s.conn.sendRequest<{ changes: Record<string, unknown[]> }>(
      'textDocument/rename',
      { ...at, newName: 'postgres' },
    );
    assert.deepEqual(edit.changes[dbUri], [{ range: r(2, 2, 2, 4), newText: 'postgres' }]);
  } finally {
    await s.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
