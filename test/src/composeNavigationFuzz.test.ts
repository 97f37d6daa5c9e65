/**
 * Seeded fuzzing of the compose navigation requests (definition, references, highlights,
 * prepareRename, rename, outline, folding, links, formatting and range formatting) on mutated
 * compose files (anchors and alias bombs, every reference form, quotes, flow and block scalars,
 * junk, tabs, CRLF, truncation) at random and out-of-range positions: zero exceptions. The
 * formatter's edits change only blanks at line starts, keep what the file reads as, and a second
 * run changes nothing. Work is bounded by counting (the anchors' uses, the walk budget), not timed.
 *
 * Large documents are read piece by piece (composeIndex.ts): every request must answer exactly as
 * from a parse of the whole document, also along a series of edits where each version takes over
 * the pieces of the one before. FUZZ_SEED and FUZZ_ITERATIONS as in fuzz.test.ts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Position } from 'vscode-languageserver-types';
import type { Parsed } from '../../server/out/service/languageService';
import { parseCompose } from '../../server/out/service/compose/composeParse';
import { ComposeIndex } from '../../server/out/service/compose/composeIndex';
import { NO_FILES } from '../../server/out/service/workspaceFiles';
import { service } from './helpers';
import { Rng } from './rng';

const SEED = Number.parseInt(process.env.FUZZ_SEED ?? '20251201', 10) >>> 0;
const ITERATIONS = Math.max(1, Number.parseInt(process.env.FUZZ_ITERATIONS ?? '120', 10) || 120);
console.log(`compose navigation fuzz: seed ${SEED}, ${ITERATIONS} iterations`);

const BASE = `name: fuzz
include:
  - ./db/compose.yaml
  - path: [./a.yaml, "./b.yaml"]
    env_file: ./.env
x-deps: &deps [db, "cache"]
x-common: &common
  restart: always
  networks: [back]
  depends_on: *deps
services:
  web:
    <<: *common
    image: "nginx:1.27"
    links: ["db:database", cache]
    network_mode: 'service:db'
    volumes:
      - data:/var/lib/data
      - ./src:/src
      - type: volume
        source: logs
        target: /logs
    secrets: [token, {source: cert, target: c}]
    configs:
      - source: app
        target: /etc/app
    models: [llm]
    env_file: [.env, {path: ./web.env, required: false}]
    build:
      context: ./web
      dockerfile: Dockerfile.dev
      target: dev
      additional_contexts:
        base: service:db
        - x=service:cache
    extends: {file: ./common.yaml, service: base}
  worker:
    extends: web
    volumes_from: [db:ro, container:x]
    pid: service:web
    command: |
      echo "depends_on: [db]"
        done
    networks:
      front:
        aliases: [w]
      back: {}
  db: &db
    image: postgres
  cache: *db
networks: {front: {}, back:}
volumes:
  data:
  logs: {name: app-logs}
secrets:
  token: {file: ./token.txt}
  cert:
    environment: CERT
configs:
  app:
    file: ./app.conf
models:
  llm: {model: ai/smollm2}
`;

const SNIPPETS = [
  '&a ',
  '*a',
  '<<: *deps\n',
  '- ',
  ': ',
  '"',
  "'",
  '[',
  ']',
  '{',
  '}',
  '#',
  '\n',
  '\t',
  '  ',
  '|\n',
  '>-\n',
  '---\n',
  '...\n',
  'service:',
  'depends_on: [db]\n',
  '\\x62',
  '\u00e9\u4e2d\ud83d\ude00',
  '\r',
  '\uFEFF',
  '? complex\n: key\n',
  '!reset ',
  '%YAML 1.2\n',
];

function mutate(r: Rng, text: string): string {
  const at = r.int(text.length + 1);
  switch (r.int(9)) {
    case 0:
    case 1:
    case 2:
      return text.slice(0, at) + r.pick(SNIPPETS) + text.slice(at);
    case 3:
      return text.slice(0, at) + text.slice(at + r.int(40));
    case 4: {
      const len = r.int(200);
      const to = r.int(text.length + 1);
      return text.slice(0, to) + text.slice(at, at + len) + text.slice(to);
    }
    case 5:
      return text.replace(/\r?\n/g, '\r\n');
    case 6:
      return text.slice(0, at);
    case 7: {
      const lines = text.split('\n');
      const a = r.int(lines.length);
      const b = r.int(lines.length);
      [lines[a], lines[b]] = [lines[b], lines[a]];
      return lines.join('\n');
    }
    default:
      return text.replace(/^ +/gm, (m) => (r.chance(0.3) ? m + ' '.repeat(r.int(4)) : m));
  }
}

/** A document built to explode when aliases are expanded (each level doubles). */
function aliasBomb(levels: number): string {
  const out = ['x-l0: &l0 [db, db]'];
  for (let i = 1; i < levels; i++) out.push(`x-l${i}: &l${i} [*l${i - 1}, *l${i - 1}]`);
  out.push('services:', '  web:', `    depends_on: *l${levels - 1}`, '  db: {image: x}');
  return out.join('\n') + '\n';
}

function randomPosition(r: Rng, doc: TextDocument): Position {
  if (r.chance(0.05)) return { line: doc.lineCount + r.int(5), character: r.int(10) };
  if (r.chance(0.03)) return { line: -1, character: 0 };
  const offset = r.int(doc.getText().length + 1);
  const p = doc.positionAt(offset);
  return r.chance(0.05) ? { line: p.line, character: p.character + 500 } : p;
}

/** The text with every run of spaces at a line start removed (formatting may change only those). */
function withoutIndentation(t: string): string {
  return t.replace(/^ +/gm, '');
}

/** What a text reads as: its documents written out again by the parser (aliases not expanded). */
function meaning(t: string): string {
  return parseCompose(t)
    .docs.map((d) => (d.errors.length ? `errors ${d.errors.length}` : d.toString()))
    .join('\n---\n');
}

function exercise(r: Rng, text: string, problems: string[], label: string): void {
  const svc = service();
  const doc = TextDocument.create('file:///w/compose.yaml', 'dockercompose', 1, text);
  const parsed = svc.parse(doc);
  const step = (what: string, fn: () => unknown): unknown => {
    try {
      return fn();
    } catch (e) {
      problems.push(`${label} ${what}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      return undefined;
    }
  };
  for (let k = 0; k < 6; k++) {
    const pos = randomPosition(r, doc);
    const at = `${pos.line}:${pos.character}`;
    step(`definition ${at}`, () => svc.doDefinition(doc, pos, parsed, NO_FILES));
    step(`references ${at}`, () => svc.doReferences(doc, pos, r.chance(0.5), parsed, NO_FILES));
    step(`highlights ${at}`, () => svc.doHighlights(doc, pos, parsed));
    step(`prepareRename ${at}`, () => svc.prepareRename(doc, pos, parsed));
    step(`rename ${at}`, () =>
      svc.doRename(doc, pos, r.pick(['x', 'db2', '1', 'a b', '', 'true', 'é']), parsed, NO_FILES),
    );
  }
  step('symbols', () => svc.doDocumentSymbols(doc, parsed));
  step('folding', () => svc.doFoldingRanges(doc, parsed));
  step('links', () => svc.doDocumentLinks(doc, parsed));
  const tabSize = r.pick([2, 4, 3]);
  const edits = step('format', () =>
    svc.doFormat(doc, { tabSize, insertSpaces: true }, undefined, parsed),
  ) as Parameters<typeof TextDocument.applyEdits>[1] | undefined;
  if (edits?.length) {
    const out = TextDocument.applyEdits(doc, edits);
    if (withoutIndentation(out) !== withoutIndentation(text))
      problems.push(`${label} format changed more than indentation`);
    if (meaning(out) !== meaning(text)) problems.push(`${label} format changed the meaning`);
    const again = TextDocument.create(doc.uri, 'dockercompose', 2, out);
    if (svc.doFormat(again, { tabSize, insertSpaces: true }).length)
      problems.push(`${label} format twice changed the text`);
  }
  const a = randomPosition(r, doc);
  const b = randomPosition(r, doc);
  step('range format', () =>
    svc.doFormat(doc, { tabSize, insertSpaces: true }, { start: a, end: b }, parsed),
  );
}

test('compose navigation: mutated documents, random positions, zero exceptions', () => {
  const r = new Rng(SEED);
  const problems: string[] = [];
  let text = BASE;
  for (let i = 0; i < ITERATIONS; i++) {
    text = i % 10 === 0 ? BASE : mutate(r, text);
    exercise(r, text, problems, `#${i}`);
  }
  exercise(r, aliasBomb(30), problems, 'alias bomb');
  exercise(r, '', problems, 'empty');
  exercise(r, '\u0000\u0001\uFFFF'.repeat(50), problems, 'binary');
  assert.deepEqual(problems.slice(0, 5), []);
});

test('anchors used through other anchors are followed (merge keys, several levels)', () => {
  const levels = ['x-l0: &l0 {depends_on: [db]}'];
  for (let i = 1; i < 6; i++) levels.push(`x-l${i}: &l${i} {<<: *l${i - 1}}`);
  const text = `${levels.join('\n')}\nservices:\n  web:\n    <<: *l5\n  db: {image: x}\n`;
  const doc = TextDocument.create('file:///w/compose.yaml', 'dockercompose', 1, text);
  const refs = service().doReferences(doc, doc.positionAt(text.indexOf('[db') + 1), true);
  assert.deepEqual(
    refs.map((l) => `${l.range.start.line + 1}:${l.range.start.character + 1}`),
    ['1:25', '10:3'],
  );
  // an alias bomb (each level doubles what the one above holds) answers, and formats nothing
  const bomb = aliasBomb(60);
  const bombDoc = TextDocument.create('file:///w/compose.yaml', 'dockercompose', 1, bomb);
  const at = bombDoc.positionAt(bomb.indexOf('[db') + 1);
  assert.deepEqual(
    service()
      .doReferences(bombDoc, at, true)
      .map((l) => l.range.start.line + 1),
    [],
  );
  assert.deepEqual(service().doFormat(bombDoc, { tabSize: 2, insertSpaces: true }), []);
});

/* ------------------------------------------------------------------ pieces = whole */

function bigCompose(r: Rng): string {
  const out = [
    'name: big',
    'x-base: &base',
    '  restart: always',
    '  networks: [net0]',
    'x-deps: &deps [svc-0]',
    'services:',
  ];
  for (let i = 0; out.length < 2600; i++) {
    out.push(`  svc-${i}:`);
    if (r.chance(0.3)) out.push('    <<: *base');
    out.push(`    image: registry.example.com/team/svc-${i}:1.${i}`);
    switch (r.int(6)) {
      case 0:
        out.push(`    depends_on: [svc-${Math.max(0, i - 1)}, "svc-${i + 1}"]`);
        break;
      case 1:
        out.push('    depends_on: *deps', '    networks:', `      - net${i % 5}`);
        break;
      case 2:
        out.push(
          '    links:',
          `      - svc-${i >> 1}:alias`,
          `    network_mode: service:svc-${i >> 2}`,
        );
        break;
      case 3:
        out.push(
          '    command: |',
          `      echo svc-${i}`,
          '      done',
          '    # comment',
          '    # more',
        );
        break;
      case 4:
        out.push(
          '    secrets: [token]',
          `    env_file: ./env/${i}.env`,
          '    build:',
          '      context: .',
          '      target: dev',
        );
        break;
      default:
        out.push(
          '    volumes:',
          `      - data${i % 3}:/d`,
          '      - type: volume',
          `        source: data${i % 3}`,
          '        target: /x',
        );
    }
    if (r.chance(0.03)) out.push(`  svc-inline-${i}: {image: x, depends_on: [svc-0]}`);
  }
  out.push(
    'networks:',
    ...Array.from({ length: 5 }, (_, i) => `  net${i}:`),
    'volumes:',
    '  data0:',
    '  data1: {}',
    '  data2:',
    '    driver: local',
    'secrets:',
    '  token:',
    '    file: ./token.txt',
  );
  return out.join('\n') + '\n';
}

/** A parse of the whole document, as a small document gets it. */
function wholeParse(text: string): Parsed {
  const compose = parseCompose(text);
  const index = new ComposeIndex(text, undefined, () => compose.docs);
  return {
    kind: 'compose',
    compose,
    at: () => compose,
    parts: () => [{ parsed: compose, owns: () => true }],
    index: () => index,
  };
}

test('a large document read in pieces answers every navigation request as a whole parse does', () => {
  const r = new Rng(SEED ^ 0x5eed);
  const svc = service();
  let text = bigCompose(r);
  let previous: Parsed | undefined;
  const diffs: string[] = [];
  for (let version = 1; version <= 6; version++) {
    const doc = TextDocument.create('file:///w/compose.yaml', 'dockercompose', version, text);
    const lazy = svc.parse(doc, previous);
    const whole = wholeParse(text);
    const same = (what: string, ask: (p: Parsed) => unknown): void => {
      const a = JSON.stringify(ask(lazy));
      const b = JSON.stringify(ask(whole));
      if (a === b) return;
      let i = 0;
      while (a[i] === b[i]) i++;
      const from = Math.max(0, i - 150);
      diffs.push(`v${version} ${what}: …${a.slice(from, i + 150)} != …${b.slice(from, i + 150)}`);
    };
    for (let k = 0; k < 25; k++) {
      // positions on names most of the time
      const m = [...text.matchAll(/svc-\d+|net\d|data\d|token|base|deps/g)];
      const hit = m.length && r.chance(0.8) ? m[r.int(m.length)] : undefined;
      const pos = hit ? doc.positionAt((hit.index ?? 0) + 1) : randomPosition(r, doc);
      const at = `${pos.line}:${pos.character}`;
      same(`definition ${at}`, (p) => svc.doDefinition(doc, pos, p, NO_FILES));
      same(`references ${at}`, (p) => svc.doReferences(doc, pos, true, p, NO_FILES));
      same(`highlights ${at}`, (p) => svc.doHighlights(doc, pos, p));
      same(`prepareRename ${at}`, (p) => svc.prepareRename(doc, pos, p));
      same(`rename ${at}`, (p) => svc.doRename(doc, pos, 'renamed-x', p, NO_FILES));
    }
    if (version % 3 === 1) {
      same('symbols', (p) => svc.doDocumentSymbols(doc, p));
      same('folding', (p) => svc.doFoldingRanges(doc, p));
      same('links', (p) => svc.doDocumentLinks(doc, p));
      same('format', (p) => svc.doFormat(doc, { tabSize: 4, insertSpaces: true }, undefined, p));
    }
    // the next version: an edit inside one entry (typing), or elsewhere
    previous = lazy;
    const lines = text.split('\n');
    const line = 6 + r.int(lines.length - 20);
    if (r.chance(0.7)) lines[line] = `${lines[line]} # edit ${version}`;
    else lines.splice(line, 0, `    depends_on: [svc-${r.int(50)}]`);
    text = lines.join('\n');
  }
  assert.deepEqual(diffs.slice(0, 5), []);
});
