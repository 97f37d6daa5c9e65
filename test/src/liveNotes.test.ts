/**
 * User notes that reload live, over LSP: a note edited on disk answers the next hover, a broken
 * note is reported as diagnostics of its file (with its lines) while its last good version keeps
 * answering, and a deleted note gives the built-in one back. Both ways a change arrives: the
 * server's own watcher (a client that cannot watch files, e.g. Neovim 0.7) and the client's
 * watcher (a dynamically registered workspace/didChangeWatchedFiles, as VS Code does). The work is
 * counted: one file read per change, the built-in notes read once.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { pathToFileURL } from 'node:url';
import {
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-jsonrpc/node';
import { createConnection } from 'vscode-languageserver/node';
import type { RuntimeEnvironment } from '../../server/out/server';
import { startServer as startInProcess } from '../../server/out/server';
import { nodeRuntime } from '../../server/out/node/runtime';
import { startServer } from './lspClient';

const DOCKERFILE = 'file:///w/Dockerfile';
const note = (summary: string, body: string): string =>
  `---\nkind: dockerfile-instruction\nname: WORKDIR\nsummary: ${summary}\n---\n${body}\n`;
const userHover = (summary: string, body: string): string =>
  `**WORKDIR** — ${summary}\n\n${body}\n\n_From your notes: workdir.md_`;
const BUILTIN_HEADLINE =
  '**WORKDIR** — Set the working directory for later instructions and for the container';
// a typo in a field name: two problems (the unknown field on line 4, the missing summary)
const BROKEN =
  '---\nkind: dockerfile-instruction\nname: WORKDIR\nsumary: Team rule v3\n---\nbody\n';

interface Diagnostics {
  uri: string;
  diagnostics: { range: { start: { line: number } }; message: string; severity?: number }[];
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function hoverText(
  conn: { sendRequest(method: string, params: unknown): Promise<unknown> },
  line = 1,
): Promise<string> {
  const h = (await conn.sendRequest('textDocument/hover', {
    textDocument: { uri: DOCKERFILE },
    position: { line, character: 3 },
  })) as { contents?: { value?: string } } | null;
  return h?.contents?.value ?? '';
}

/** Ask until `ok(text)` holds (the change travels through a file watcher); at most 200 tries. */
async function hoverUntil(
  conn: { sendRequest(method: string, params: unknown): Promise<unknown> },
  ok: (text: string) => boolean,
  line = 1,
): Promise<string> {
  let text = '';
  for (let i = 0; i < 200; i++) {
    text = await hoverText(conn, line);
    if (ok(text)) return text;
    await sleep(25);
  }
  return text;
}

function notesDir(): { dir: string; file: string; uri: string } {
  const dir = mkdtempSync(join(tmpdir(), 'dih-live-notes-'));
  const file = join(dir, 'workdir.md');
  writeFileSync(file, note('Team rule v1', 'Always an absolute path.'));
  return { dir, file, uri: pathToFileURL(file).href };
}

test("live notes, the server's own watcher: an edit on disk answers the next hover, a broken note is a diagnostic of its file and keeps the last good version, a deleted note gives the built-in one back", async () => {
  const { dir, file, uri } = notesDir();
  const s = await startServer({ settings: { notes: { folders: [dir] } } });
  const published: Diagnostics[] = [];
  s.conn.onNotification('textDocument/publishDiagnostics', (p: Diagnostics) => {
    published.push(p);
  });
  try {
    await s.open(DOCKERFILE, 'dockerfile', 'FROM alpine\nWORKDIR /app\nEXPOSE 80\n');
    const v1 = userHover('Team rule v1', 'Always an absolute path.');
    assert.equal(await hoverUntil(s.conn, (t) => t === v1), v1);

    writeFileSync(file, note('Team rule v2', 'Relative paths stack up.'));
    const v2 = userHover('Team rule v2', 'Relative paths stack up.');
    assert.equal(await hoverUntil(s.conn, (t) => t === v2), v2, 'the saved note answers');

    writeFileSync(file, BROKEN);
    for (let i = 0; i < 200 && !published.some((p) => p.uri === uri); i++) await sleep(25);
    const problems = published.filter((p) => p.uri === uri).at(-1);
    assert.deepEqual(
      problems?.diagnostics.map((d) => [d.range.start.line + 1, d.severity, d.message]),
      [
        [4, 1, 'unknown field `sumary` for kind dockerfile-instruction'],
        [2, 1, '`summary` is required'],
      ],
      'the broken note is reported on its own file, with its lines',
    );
    assert.equal(await hoverText(s.conn), v2, 'the last good version keeps answering');

    writeFileSync(file, note('Team rule v3', 'Fixed.'));
    const v3 = userHover('Team rule v3', 'Fixed.');
    assert.equal(await hoverUntil(s.conn, (t) => t === v3), v3);
    assert.deepEqual(
      published.filter((p) => p.uri === uri).at(-1)?.diagnostics,
      [],
      'the fixed note clears its problems',
    );

    unlinkSync(file);
    const back = await hoverUntil(s.conn, (t) => t.startsWith(BUILTIN_HEADLINE));
    assert.ok(back.startsWith(BUILTIN_HEADLINE), `the built-in note is back: ${back}`);

    // a note added to the folder counts too
    writeFileSync(
      join(dir, 'expose.md'),
      '---\nkind: dockerfile-instruction\nname: EXPOSE\nsummary: Document every port\n---\nOne line per port.\n',
    );
    assert.equal(
      await hoverUntil(s.conn, (t) => t.includes('Document every port'), 2),
      '**EXPOSE** — Document every port\n\nOne line per port.\n\n_From your notes: expose.md_',
    );
    assert.equal(s.stderr(), '');
  } finally {
    await s.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test("live notes, the client's watcher: the server registers a watcher for the folder, and the request after workspace/didChangeWatchedFiles uses the saved note", async () => {
  const { dir, file, uri } = notesDir();
  const registrations: unknown[] = [];
  const s = await startServer(
    { settings: { notes: { folders: [dir] } } },
    {
      textDocument: { hover: { contentFormat: ['markdown'] } },
      workspace: {
        didChangeWatchedFiles: { dynamicRegistration: true, relativePatternSupport: true },
      },
    },
    (method, params) => {
      if (method === 'client/registerCapability') registrations.push(params);
      return null;
    },
  );
  try {
    await s.open(DOCKERFILE, 'dockerfile', 'FROM alpine\nWORKDIR /app\n');
    const v1 = userHover('Team rule v1', 'Always an absolute path.');
    assert.equal(await hoverUntil(s.conn, (t) => t === v1), v1);
    // the registrations of watched files, without their ids (the .env watcher of compose
    // projects is registered too)
    const watched = (): unknown[] =>
      registrations.flatMap((r) =>
        (r as { registrations: { method: string; registerOptions: unknown }[] }).registrations
          .filter((x) => x.method === 'workspace/didChangeWatchedFiles')
          .map((x) => x.registerOptions),
      );
    for (let i = 0; i < 100 && watched().length < 2; i++) await sleep(20);
    // (in either order: the two are registered independently)
    const byText = (a: unknown, b: unknown): number =>
      JSON.stringify(a).localeCompare(JSON.stringify(b));
    assert.deepEqual(watched().sort(byText), [
      { watchers: [{ globPattern: '**/.env' }] },
      { watchers: [{ globPattern: { baseUri: pathToFileURL(dir).href, pattern: '**/*.md' } }] },
    ]);

    // no polling: the hover sent right after the notification waits for the note to be compiled
    writeFileSync(file, note('Team rule v2', 'Relative paths stack up.'));
    await s.conn.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri, type: 2 }],
    });
    assert.equal(await hoverText(s.conn), userHover('Team rule v2', 'Relative paths stack up.'));

    unlinkSync(file);
    await s.conn.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri, type: 3 }],
    });
    assert.ok((await hoverText(s.conn)).startsWith(BUILTIN_HEADLINE));
  } finally {
    await s.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('live notes cost one file read per change: the built-in notes are read once and the folder once, and the server starts no watcher of its own when the client watches', async () => {
  const { dir, file, uri } = notesDir();
  const count = { builtinNotes: 0, readNotesFolder: 0, readNote: 0, watchNotesFolder: 0 };
  const runtime: RuntimeEnvironment = {
    builtinNotes: () => (count.builtinNotes++, nodeRuntime.builtinNotes()),
    readNotesFolder: (f, roots) => (count.readNotesFolder++, nodeRuntime.readNotesFolder(f, roots)),
    readNote: (u) => (count.readNote++, nodeRuntime.readNote(u)),
    watchNotesFolder: (u, onChange, onError) => (
      count.watchNotesFolder++,
      nodeRuntime.watchNotesFolder?.(u, onChange, onError)
    ),
  };
  const toServer = new PassThrough();
  const toClient = new PassThrough();
  const server = createConnection(
    new StreamMessageReader(toServer),
    new StreamMessageWriter(toClient),
  );
  startInProcess(server, runtime);
  const conn = createMessageConnection(
    new StreamMessageReader(toClient),
    new StreamMessageWriter(toServer),
  );
  conn.onRequest(() => null);
  conn.onNotification(() => undefined);
  let checked = 0;
  conn.onNotification('textDocument/publishDiagnostics', () => void checked++);
  conn.listen();
  try {
    await conn.sendRequest('initialize', {
      processId: null,
      rootUri: null,
      capabilities: { workspace: { didChangeWatchedFiles: { dynamicRegistration: true } } },
      initializationOptions: { settings: { notes: { folders: [dir] } } },
    });
    await conn.sendNotification('initialized', {});
    await conn.sendNotification('textDocument/didOpen', {
      textDocument: { uri: DOCKERFILE, languageId: 'dockerfile', version: 1, text: 'WORKDIR /a\n' },
    });
    const v1 = userHover('Team rule v1', 'Always an absolute path.');
    assert.equal(await hoverUntil(conn, (t) => t === v1, 0), v1);
    for (let n = 2; n <= 6; n++) {
      writeFileSync(file, note(`Team rule v${n}`, 'Edited.'));
      await conn.sendNotification('workspace/didChangeWatchedFiles', {
        changes: [{ uri, type: 2 }],
      });
      assert.equal(await hoverText(conn, 0), userHover(`Team rule v${n}`, 'Edited.'));
    }
    // an event for a file outside the notes folders is not read at all
    await conn.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: 'file:///elsewhere/x.md', type: 2 }],
    });
    await hoverText(conn, 0);
    assert.deepEqual(count, {
      builtinNotes: 1,
      readNotesFolder: 1,
      readNote: 5,
      watchNotesFolder: 0,
    });
    // the document is checked again after a note change: let that finish before disposing
    const before = checked;
    for (let i = 0; i < 100 && checked === before; i++) await sleep(20);
  } finally {
    conn.dispose();
    server.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
});
