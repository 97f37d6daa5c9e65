/**
 * LSP-level robustness over stdio against the built bin (bin/docker-inline-help-server.js --stdio):
 * requests before initialize, for unknown documents and after shutdown get clean answers and the
 * process stays alive until `exit`; a broken user note reports itself while the other notes (one
 * replacing a built-in note) keep working; hover markdown never carries `command:` links or raw
 * HTML, whatever a user note's body holds.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type MessageConnection,
} from 'vscode-jsonrpc/node';

const ROOT = join(__dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'docker-inline-help-server.js');

interface Server {
  proc: ChildProcess;
  conn: MessageConnection;
  /** Notifications the server sent (method and params), in order. */
  notes: { method: string; params: unknown }[];
  stderr(): string;
  exited: Promise<number | null>;
  alive(): boolean;
}

function start(): Server {
  const proc = spawn(process.execPath, [BIN, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let err = '';
  proc.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  let code: number | null | undefined;
  const exited = new Promise<number | null>((resolve) =>
    proc.on('exit', (c) => {
      code = c;
      resolve(c);
    }),
  );
  const conn = createMessageConnection(
    new StreamMessageReader(proc.stdout),
    new StreamMessageWriter(proc.stdin),
  );
  const notes: { method: string; params: unknown }[] = [];
  conn.onNotification((method, params) => void notes.push({ method, params }));
  conn.onRequest((method, params) => {
    notes.push({ method, params });
    return null;
  });
  conn.onError(() => undefined);
  conn.listen();
  return { proc, conn, notes, stderr: () => err, exited, alive: () => code === undefined };
}

/** The answer to a request, or the error it got (both are clean answers); fails on a timeout. */
async function ask(
  s: Server,
  method: string,
  params: unknown,
  ms = 5000,
): Promise<{ result?: unknown; error?: { code?: number; message?: string } }> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${method}: no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([
      s.conn.sendRequest(method, params).then(
        (result) => ({ result }),
        (error: { code?: number; message?: string }) => ({ error }),
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

async function stop(s: Server): Promise<void> {
  if (s.alive()) {
    try {
      await ask(s, 'shutdown', null, 3000);
      await s.conn.sendNotification('exit');
    } catch {
      /* gone already */
    }
    const t = setTimeout(() => s.proc.kill(), 3000);
    await s.exited;
    clearTimeout(t);
  }
  s.conn.dispose();
}

const initParams = (initializationOptions?: unknown) => ({
  processId: process.pid,
  rootUri: null,
  capabilities: { textDocument: { hover: { contentFormat: ['markdown', 'plaintext'] } } },
  initializationOptions,
});

const hoverValue = (r: unknown): string | undefined => {
  const c = (r as { contents?: unknown } | null)?.contents;
  if (!c) return undefined;
  if (typeof c === 'string') return c;
  return (c as { value?: string }).value;
};

test('requests before initialize, for unknown documents and after shutdown get clean answers', async () => {
  const s = start();
  try {
    // before initialize: the error the protocol asks for (ServerNotInitialized), never a crash
    const early = await ask(s, 'textDocument/hover', {
      textDocument: { uri: 'file:///w/Dockerfile' },
      position: { line: 0, character: 0 },
    });
    assert.equal(early.error?.code, -32002, JSON.stringify(early));
    for (const method of ['textDocument/completion', 'dockerInlineHelp/explain', 'no/suchMethod'])
      assert.equal((await ask(s, method, { text: 'docker ps' })).error?.code, -32002, method);
    assert.ok(s.alive(), 'the server died on a request before initialize');

    const init = await ask(s, 'initialize', initParams());
    assert.ok(init.result, `initialize failed: ${JSON.stringify(init.error)}`);
    await s.conn.sendNotification('initialized', {});

    // unknown documents: empty answers
    const unknown = 'file:///w/never-opened/Dockerfile';
    assert.deepEqual(
      await ask(s, 'textDocument/hover', {
        textDocument: { uri: unknown },
        position: { line: 0, character: 0 },
      }),
      { result: null },
    );
    const compl = await ask(s, 'textDocument/completion', {
      textDocument: { uri: unknown },
      position: { line: 3, character: 1 },
    });
    assert.deepEqual((compl.result as { items: unknown[] }).items, []);
    assert.deepEqual(
      await ask(s, 'dockerInlineHelp/explain', {
        uri: unknown,
        position: { line: 0, character: 0 },
      }),
      { result: null },
    );
    // odd parameters: still answers
    for (const params of [
      {},
      null,
      { textDocument: {} },
      { textDocument: { uri: unknown }, position: { line: -1, character: 'x' } },
    ]) {
      const a = await ask(s, 'textDocument/hover', params);
      assert.ok('result' in a || 'error' in a);
    }
    // a request the server does not know: a MethodNotFound error
    const odd = await ask(s, 'workspace/doesNotExist', {});
    assert.equal(odd.error?.code, -32601);

    // a known document works, then closes cleanly
    await s.conn.sendNotification('textDocument/didOpen', {
      textDocument: {
        uri: 'file:///w/Dockerfile',
        languageId: 'dockerfile',
        version: 1,
        text: 'FROM alpine\nENTRYPOINT ["sh"]\n',
      },
    });
    assert.match(
      hoverValue(
        (
          await ask(s, 'textDocument/hover', {
            textDocument: { uri: 'file:///w/Dockerfile' },
            position: { line: 1, character: 2 },
          })
        ).result,
      ) ?? '',
      /ENTRYPOINT/,
    );
    await s.conn.sendNotification('textDocument/didClose', {
      textDocument: { uri: 'file:///w/Dockerfile' },
    });
    assert.deepEqual(
      await ask(s, 'textDocument/hover', {
        textDocument: { uri: 'file:///w/Dockerfile' },
        position: { line: 1, character: 2 },
      }),
      { result: null },
    );
    // edits for a document that is not open are ignored
    await s.conn.sendNotification('textDocument/didChange', {
      textDocument: { uri: unknown, version: 2 },
      contentChanges: [{ text: 'FROM x' }],
    });

    // shutdown: later requests get an error answer, and the process waits for exit
    assert.deepEqual(await ask(s, 'shutdown', null), { result: null });
    const late = await ask(s, 'textDocument/hover', {
      textDocument: { uri: unknown },
      position: { line: 0, character: 0 },
    });
    assert.ok('error' in late || late.result === null, `after shutdown: ${JSON.stringify(late)}`);
    await new Promise((r) => setTimeout(r, 200));
    assert.ok(s.alive(), 'the server exited before the exit notification');
    await s.conn.sendNotification('exit');
    const code = await Promise.race([
      s.exited,
      new Promise<string>((r) => setTimeout(() => r('still running'), 5000)),
    ]);
    assert.equal(code, 0, 'exit after shutdown ends the process with code 0');
    assert.doesNotMatch(s.stderr(), /uncaught|unhandled/i);
  } finally {
    await stop(s);
  }
});

test('a broken user note reports itself; the other notes, one replacing a built-in note, keep working', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'dih-notes-'));
  try {
    writeFileSync(
      join(dir, 'broken.md'),
      '---\nkind: dockerfile-instruction\nname: [unclosed\nsummary: 42\n---\nbody\n',
    );
    writeFileSync(
      join(dir, 'entrypoint.md'),
      [
        '---',
        'kind: dockerfile-instruction',
        'name: ENTRYPOINT',
        'summary: "Team note: always use the exec form"',
        '---',
        'Our own words about ENTRYPOINT. <script>alert(1)</script> <img src=x onerror=alert(2)>',
        '',
        'Click [run this](command:workbench.action.terminal.new) or [this too]( command:foo ).',
        '',
        '<div onclick="x()">raw html block</div>',
        '',
        '```html',
        '<b>in a code block: shown as code</b>',
        '```',
        '',
      ].join('\n'),
    );
    const s = start();
    try {
      const init = await ask(
        s,
        'initialize',
        initParams({ settings: { notes: { folders: [dir] } } }),
      );
      assert.ok(init.result);
      await s.conn.sendNotification('initialized', {});
      await s.conn.sendNotification('textDocument/didOpen', {
        textDocument: {
          uri: 'file:///w/Dockerfile',
          languageId: 'dockerfile',
          version: 1,
          text: 'FROM alpine\nENTRYPOINT ["sh"]\nCMD ["-c", "true"]\n',
        },
      });

      // the user notes are read in the background: wait for the replacing note to answer
      let value = '';
      for (let i = 0; i < 100 && !value.includes('Team note'); i++) {
        value =
          hoverValue(
            (
              await ask(s, 'textDocument/hover', {
                textDocument: { uri: 'file:///w/Dockerfile' },
                position: { line: 1, character: 3 },
              })
            ).result,
          ) ?? '';
        if (!value.includes('Team note')) await new Promise((r) => setTimeout(r, 50));
      }
      assert.match(
        value,
        /Team note: always use the exec form/,
        'the user note replaces the built-in ENTRYPOINT note',
      );
      assert.match(value, /Our own words about ENTRYPOINT/);

      // sanitized: no command: links, no raw HTML outside code
      assert.doesNotMatch(value, /\]\(\s*command:/i, 'no command: links');
      const outsideCode = value.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
      assert.doesNotMatch(
        outsideCode,
        /<\s*(script|img|div|b)\b/i,
        `no raw HTML outside code:\n${value}`,
      );

      // the broken note reported itself (a warning and a log line naming the file)
      const said = s.notes.map((n) => JSON.stringify(n.params)).join('\n');
      assert.match(said, /broken\.md/, 'the broken note is named in a message');
      assert.ok(
        s.notes.some(
          (n) => n.method === 'window/showMessage' || n.method === 'window/showMessageRequest',
        ),
        `a warning is shown (got: ${s.notes.map((n) => n.method).join(', ')})`,
      );

      // everything else still works: a built-in note, completion, other files
      assert.match(
        hoverValue(
          (
            await ask(s, 'textDocument/hover', {
              textDocument: { uri: 'file:///w/Dockerfile' },
              position: { line: 2, character: 1 },
            })
          ).result,
        ) ?? '',
        /CMD/,
      );
      const items = (
        await ask(s, 'textDocument/completion', {
          textDocument: { uri: 'file:///w/Dockerfile' },
          position: { line: 3, character: 0 },
        })
      ).result as { items: { label: string; documentation?: { value?: string } }[] };
      assert.ok(items.items.some((i) => i.label === 'ENTRYPOINT'));
      for (const listed of items.items) {
        // the list carries no documentation: the editor resolves the item it shows
        assert.equal(listed.documentation, undefined, listed.label);
        const it = (await ask(s, 'completionItem/resolve', listed)).result as {
          label: string;
          documentation?: { value?: string };
        };
        if (it.label === 'ENTRYPOINT')
          assert.match(it.documentation?.value ?? '', /\*\*ENTRYPOINT\*\*/);
        const doc = it.documentation?.value ?? '';
        assert.doesNotMatch(doc, /\]\(\s*command:/i, `completion documentation of ${it.label}`);
        assert.doesNotMatch(
          doc.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, ''),
          /<\s*(script|img|div)\b/i,
          `completion documentation of ${it.label}`,
        );
      }
      await s.conn.sendNotification('textDocument/didOpen', {
        textDocument: {
          uri: 'file:///w/compose.yaml',
          languageId: 'dockercompose',
          version: 1,
          text: 'services:\n  web:\n    image: nginx\n',
        },
      });
      assert.match(
        hoverValue(
          (
            await ask(s, 'textDocument/hover', {
              textDocument: { uri: 'file:///w/compose.yaml' },
              position: { line: 2, character: 5 },
            })
          ).result,
        ) ?? '',
        /image/,
      );
      assert.ok(s.alive());
    } finally {
      await stop(s);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a notes folder that does not exist is reported and changes nothing else', async () => {
  const s = start();
  try {
    await ask(
      s,
      'initialize',
      initParams({
        settings: {
          notes: { folders: [join(tmpdir(), 'dih-no-such-folder', String(process.pid))] },
        },
      }),
    );
    await s.conn.sendNotification('initialized', {});
    await s.conn.sendNotification('textDocument/didOpen', {
      textDocument: {
        uri: 'file:///w/Dockerfile',
        languageId: 'dockerfile',
        version: 1,
        text: 'FROM alpine\n',
      },
    });
    assert.match(
      hoverValue(
        (
          await ask(s, 'textDocument/hover', {
            textDocument: { uri: 'file:///w/Dockerfile' },
            position: { line: 0, character: 1 },
          })
        ).result,
      ) ?? '',
      /FROM/,
    );
    for (
      let i = 0;
      i < 40 && !s.notes.some((n) => /dih-no-such-folder/.test(JSON.stringify(n.params)));
      i++
    )
      await new Promise((r) => setTimeout(r, 50));
    assert.ok(
      s.notes.some((n) => /dih-no-such-folder/.test(JSON.stringify(n.params))),
      'the missing folder is reported',
    );
    assert.ok(s.alive());
  } finally {
    await stop(s);
  }
});
