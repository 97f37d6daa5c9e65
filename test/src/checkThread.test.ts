/**
 * Large documents are checked on a worker thread (server/src/adapter/checker.ts): the thread's
 * loop driven in-process over a fake port (the answer, a newer version dropping an older one,
 * settings and notes reaching the thread, a gone thread), and over LSP against the built server a
 * large compose file gets the same diagnostics from the thread as from the main thread.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-types';
import {
  Checker,
  serveChecks,
  type CheckAnswer,
  type CheckRequest,
  type CheckerMessage,
  type CheckerReply,
  type NavigationTables,
  type CheckOutcome,
} from '../../server/out/adapter/checker';
import { compileNotes } from '../../server/out/compiler/compileNotes';
import { LanguageService } from '../../server/out/service/languageService';
import { parserWork, resetParserWork } from '../../server/out/service/work';
import { builtinNotes } from './helpers';
import { startServer } from './lspClient';

const COMPOSE = 'services:\n  web:\n    image: nginx\n    restart: sometimes\n';

/** The thread's loop with a hand-run queue for its scheduled work. */
function thread(): {
  send(m: CheckerMessage): void;
  run(): void;
  replies: CheckAnswer[];
  tables: NavigationTables[];
} {
  const replies: CheckAnswer[] = [];
  const tables: NavigationTables[] = [];
  const queue: (() => void)[] = [];
  const receive = serveChecks(
    builtinNotes(),
    (r: CheckerReply) => (r.type === 'checked' ? replies.push(r) : tables.push(r)),
    (f) => queue.push(f),
  );
  return {
    send: receive,
    run() {
      while (queue.length) queue.shift()?.();
    },
    replies,
    tables,
  };
}

/** A version of file:///w/compose.yaml to check. */
function request(version: number, text = COMPOSE): CheckRequest {
  return { uri: 'file:///w/compose.yaml', languageId: 'dockercompose', version, text, inputs: {} };
}

function check(id: number, version: number, text: string): CheckerMessage {
  return { type: 'check', id, ...request(version, text) };
}

const lines = (ds: Diagnostic[] | undefined): string[] =>
  (ds ?? []).map(
    (d) =>
      `${d.range.start.line + 1}:${d.range.start.character + 1} ${String(d.code)} ${typeof d.message === 'string' ? d.message : d.message.value}`,
  );

test('checking thread: answers a check; a newer version of the document drops the older one', () => {
  const t = thread();
  t.send(check(1, 1, COMPOSE));
  t.send(check(2, 2, COMPOSE.replace('sometimes', 'alway')));
  t.run();
  assert.deepEqual(
    t.replies.map((r) => [r.id, r.superseded ?? false, lines(r.diagnostics)]),
    [
      [1, true, []],
      [
        2,
        false,
        [
          "4:14 InvalidComposeValue 'alway' is not a valid value of 'restart' (did you mean 'always'?)",
        ],
      ],
    ],
  );
});

test("checking thread: after the check it hands over a large compose file's symbol table; the main thread's references then parse nothing", () => {
  const text = largeCompose();
  const t = thread();
  t.send(check(1, 1, text));
  t.run();
  assert.equal(t.replies[0].diagnostics?.length, 2);
  const pieces = t.tables.flatMap((b) => b.pieces);
  // an entry a piece: the 400 services and the 2 networks, in batches of 24
  assert.deepEqual(
    [t.tables.length, pieces.length, new Set(t.tables.map((b) => `${b.uri} v${b.version}`)).size],
    [17, 402, 1],
  );
  const svc = new LanguageService({ notes: [builtinNotes()] });
  const doc = TextDocument.create('file:///w/compose.yaml', 'dockercompose', 1, text);
  const refs = (adopt: boolean): { n: number; yaml: number } => {
    const parsed = svc.parse(doc);
    if (adopt) for (const b of t.tables) svc.adoptNavigation(parsed, b.pieces);
    // the network `front` as the first service names it
    const at = { line: 4, character: 17 };
    resetParserWork();
    const n = svc.doReferences(doc, at, true, parsed).length;
    return { n, yaml: parserWork().yaml.calls };
  };
  // 399 uses (one service names `middle`) and the declaration; without the thread's table every
  // service entry that says `front` is parsed
  assert.deepEqual(refs(true), { n: 400, yaml: 0 });
  assert.deepEqual(refs(false), { n: 400, yaml: 400 });
  // the outline and the folds read from the thread's table are those built here
  const adopted = svc.parse(doc);
  for (const b of t.tables) svc.adoptNavigation(adopted, b.pieces);
  const own = svc.parse(doc);
  resetParserWork();
  const outline = svc.doDocumentSymbols(doc, adopted);
  const folds = svc.doFoldingRanges(doc, adopted);
  assert.equal(parserWork().yaml.calls, 0);
  assert.equal(outline[0].children?.length, 400);
  assert.deepEqual(outline, svc.doDocumentSymbols(doc, own));
  assert.deepEqual(folds, svc.doFoldingRanges(doc, own));
  // a table of an earlier version serves the pieces an edit left alone: here all but one
  const doc2 = TextDocument.create(
    'file:///w/compose.yaml',
    'dockercompose',
    2,
    text.replace('app-7:', 'app-seven:'),
  );
  const parsed2 = svc.parse(doc2);
  for (const b of t.tables) svc.adoptNavigation(parsed2, b.pieces);
  resetParserWork();
  assert.equal(svc.doReferences(doc2, { line: 4, character: 17 }, true, parsed2).length, 400);
  assert.equal(parserWork().yaml.calls, 1);
  // a second version: only the pieces the edit changed go over
  t.send(check(2, 2, text.replace('app-7:', 'app-seven:')));
  t.run();
  assert.deepEqual(
    t.tables.slice(17).map((b) => b.pieces.map((p) => p.key.split('\n')[0])),
    [['services\0  app-seven:']],
  );
});

test('checking thread: the rule levels and the user notes it is sent apply to the next check', () => {
  const t = thread();
  t.send({ type: 'settings', settings: { rules: { InvalidComposeValue: 'off' } } });
  t.send(check(1, 1, `${COMPOSE}    team_owner: ops\n`));
  t.run();
  assert.deepEqual(lines(t.replies[0].diagnostics), [
    '5:5 UnknownComposeKey Unknown key "team_owner" at services.<service>.',
  ]);
  const { index, problems } = compileNotes([
    {
      path: 'team_owner.md',
      text: '---\nkind: compose-key\nname: services.*.team_owner\nshape: scalar\nsummary: Who runs the service\n---\nThe team on call.\n',
    },
  ]);
  assert.deepEqual(problems, []);
  t.send({ type: 'notes', notes: index });
  t.send(check(2, 2, `${COMPOSE}    team_owner: ops\n`));
  t.run();
  assert.deepEqual(lines(t.replies[1].diagnostics), []);
});

test('checking thread: when the thread is gone, every check says so (the adapter checks on the main thread)', async () => {
  let exit: ((why: string) => void) | undefined;
  const posted: CheckerMessage[] = [];
  const checker = new Checker({
    post: (m) => posted.push(m),
    onReply: () => undefined,
    onExit: (f) => (exit = f),
    close: () => assert.fail('a gone thread is not closed again'),
  });
  const waiting = checker.check(request(1));
  exit?.('the checking thread exited (1)');
  const outcomes: CheckOutcome[] = [await waiting, await checker.check(request(2))];
  assert.deepEqual(outcomes, [
    { gone: 'the checking thread exited (1)' },
    { gone: 'the checking thread exited (1)' },
  ]);
  assert.equal(posted.length, 1);
  assert.equal(checker.gone, 'the checking thread exited (1)');
  checker.close();
});

test('checking thread: closing it (no large document left open) answers the check still waiting', async () => {
  let closed = 0;
  const checker = new Checker({
    post: () => undefined,
    onReply: () => undefined,
    onExit: () => undefined,
    close: () => closed++,
  });
  const waiting = checker.check(request(1));
  checker.close();
  checker.close();
  assert.deepEqual(await waiting, { gone: 'closed' });
  assert.equal(closed, 1);
});

/** A compose file of 2,404 lines (large: checked on the thread) with two problems in it. */
function largeCompose(): string {
  const out = ['services:'];
  for (let i = 0; i < 400; i++) {
    out.push(`  app-${i}:`, `    image: nginx:1.27`, `    restart: always`);
    out.push(`    networks: [front]`, `    environment:`, `      - MODE=${i}`);
  }
  out[1200 * 1 + 3] = '    restart: sometimes';
  out.push('networks:', '  front:', '  back:');
  out[2002] = '    networks: [middle]';
  return `${out.join('\n')}\n`;
}

/** The server's thread count (Linux), undefined elsewhere. */
function threads(pid: number | undefined): number | undefined {
  const f = `/proc/${pid}/status`;
  if (!existsSync(f)) return undefined;
  const m = /^Threads:\s+(\d+)/m.exec(readFileSync(f, 'utf8'));
  return m ? Number(m[1]) : undefined;
}

async function diagnosticsOf(
  text: string,
  env: Record<string, string>,
): Promise<{ lines: string[]; threads?: number; fixed: string }> {
  const uri = 'file:///w/large/compose.yaml';
  const s = await startServer(undefined, undefined, undefined, null, env);
  try {
    let next: ((ds: Diagnostic[]) => void) | undefined;
    s.conn.onNotification(
      'textDocument/publishDiagnostics',
      (p: { uri: string; diagnostics: Diagnostic[] }) => {
        if (p.uri === uri && p.diagnostics.length) next?.(p.diagnostics);
      },
    );
    const published = (): Promise<Diagnostic[]> => new Promise((resolve) => (next = resolve));
    let ds = published();
    await s.open(uri, 'dockercompose', text);
    const first = lines(await ds);
    const count = threads(s.proc.pid);
    // fix all (as on save) reads the diagnostics of this version
    const actions = await s.conn.sendRequest<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ['source.fixAll'] },
    });
    const fixed = TextDocument.applyEdits(
      TextDocument.create(uri, 'dockercompose', 1, text),
      actions[0]?.edit?.changes?.[uri] ?? [],
    );
    // closed (the thread is let go) and opened again (a new thread checks it)
    await s.conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
    ds = published();
    await s.open(uri, 'dockercompose', text);
    assert.deepEqual(lines(await ds), first);
    return { lines: first, threads: count, fixed };
  } finally {
    await s.close();
  }
}

test('LSP: a large compose file gets the same diagnostics and fix all from the checking thread as from the main thread', async () => {
  const text = `version: "3.8"\n${largeCompose()}`;
  const onThread = await diagnosticsOf(text, {});
  const onMain = await diagnosticsOf(text, { DOCKER_INLINE_HELP_CHECK_THREAD: '0' });
  const expected = [
    "1:1 ObsoleteVersion 'version' is obsolete: Docker Compose ignores it",
    "1205:14 InvalidComposeValue 'sometimes' is not a valid value of 'restart' (valid: no, always, on-failure, on-failure:<max-retries>, unless-stopped)",
    "2004:16 UndefinedNetwork Network 'middle' is not declared under the top-level networks",
  ];
  assert.deepEqual(onMain.lines, expected);
  assert.deepEqual(onThread.lines, expected);
  // fix all: the version line goes (the other two have no fix that is safe without asking)
  assert.equal(onMain.fixed, largeCompose());
  assert.equal(onThread.fixed, largeCompose());
  // the thread was there (Linux: one thread more than the server that checks on its main thread)
  if (onThread.threads !== undefined && onMain.threads !== undefined)
    assert.ok(onThread.threads > onMain.threads, `${onThread.threads} > ${onMain.threads}`);
});
