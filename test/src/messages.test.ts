/**
 * The sentences of hovers, explanations and outlines come from concept notes (`messages:`). The
 * catalog of what the code reads is held against the built-in notes, and the sentences whose
 * wording had no test of its own are asserted here as a user reads them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MESSAGES } from '../../server/out/service/docs/messages';
import { LanguageService } from '../../server/out/service/languageService';
import type { MarkupContent } from 'vscode-languageserver-types';
import { builtinNotes, completions, docWithCaret, hover, service } from './helpers';

test('every message the code reads is in its note, with no placeholder the code does not fill', () => {
  const notes = new Map(
    builtinNotes()
      .entries.filter((e) => e.kind === 'concept')
      .map((e) => [e.name, e]),
  );
  const problems: string[] = [];
  let count = 0;
  for (const [name, ids] of Object.entries(MESSAGES)) {
    const note = notes.get(name);
    if (!note) {
      problems.push(`no concept note ${name}`);
      continue;
    }
    for (const [id, filled] of Object.entries(ids as Record<string, readonly string[]>)) {
      count++;
      const text = note.messages?.[id];
      if (text === undefined) {
        problems.push(`${name}: no message ${id}`);
        continue;
      }
      for (const [, p] of text.matchAll(/\{([A-Za-z0-9_]+)\}/g))
        if (!filled.includes(p)) problems.push(`${name}.${id}: {${p}} is not filled in`);
    }
    // and the note holds no message the code never reads
    for (const id of Object.keys(note.messages ?? {}))
      if (!(id in ids)) problems.push(`${name}: message ${id} is read by nothing`);
  }
  assert.deepEqual(problems, []);
  assert.ok(count > 100, `only ${count} messages`);
});

test('variable hover: an empty value, and the plain-text form', () => {
  assert.equal(
    hover('dockerfile', 'FROM a\nARG V=\nRUN echo $¦V\n'),
    '**`$V`** — build variable\n\nDocker leaves it alone; the shell replaces it when the RUN command runs, from its environment, which holds the ARG and ENV values.\n\nDefined by `ARG V=` on line 2.\n\nValue here: `(empty)`',
  );
  const plain = new LanguageService({ notes: [builtinNotes()], markdown: false });
  const { doc, offset } = docWithCaret('dockerfile', 'FROM a\nARG V=1\nRUN echo $¦V\n');
  const h = plain.doHover(doc, doc.positionAt(offset));
  assert.equal(
    (h?.contents as MarkupContent).value,
    '$V — build variable\nDocker leaves it alone; the shell replaces it when the RUN command runs, from its environment, which holds the ARG and ENV values.\nDefined by ARG V=1 on line 2.\nValue here: 1',
  );
});

test('Dockerfile explain: parts the notes do not know, and arguments by their placeholder', () => {
  const rows = (line: string): string[] =>
    service()
      .explain(line)
      ?.rows?.slice(1)
      .map((r) => `${r.text} | ${r.explanation}`) ?? [];
  assert.deepEqual(rows('COPY --nope=1 a b'), [
    '--nope=1 | not a known flag of COPY',
    'a | <src> argument of COPY',
    'b | <dest> argument of COPY',
  ]);
  assert.deepEqual(rows('RUN --mount=type=nope,target=/x make').slice(1), [
    'type=nope | not a known mount option',
    'target=/x | not a known mount option',
    'make | the command RUN executes (shell form: with /bin/sh -c)',
  ]);
});

test('compose names: a name of your choosing, a service and its image, a reference in completion', () => {
  const lines = (text: string): string[] =>
    (hover('dockercompose', text) ?? '').split('\n\n').slice(1, 2);
  assert.deepEqual(lines('services:\n  web:\n    image: x\n    ulimits:\n      no¦file: 1\n'), [
    '`nofile` is a name of your choosing under `services.ulimits`.',
  ]);
  assert.deepEqual(lines('services:\n  w¦eb:\n    image: nginx\n'), [
    '`web` is a service defined in `services`.  \nImage: `nginx`',
  ]);
  assert.deepEqual(lines('services:\n  web:\n    image: x\n    secrets:\n      - so¦me\n'), [
    'No secret named `some` is declared under top-level `secrets` in this file.',
  ]);
  const db = completions(
    'dockercompose',
    'services:\n  web:\n    image: x\n    depends_on:\n      - ¦\n  db:\n    image: x\n',
  ).find((i) => i.label === 'db');
  assert.equal(db?.detail, 'service declared on line 6');
});

test('compose ports and volumes: a random host port, an anonymous volume', () => {
  const line = (text: string): string =>
    (hover('dockercompose', text) ?? '').split('\n\n')[1] ?? '';
  assert.equal(
    line('services:\n  web:\n    image: x\n    ports:\n      - "8¦0"\n'),
    'Container port `80` is published on a random free host port.',
  );
  assert.equal(
    line('services:\n  web:\n    image: x\n    volumes:\n      - /da¦ta\n'),
    'Anonymous volume mounted at `/data` in the container.',
  );
});

test('docker command values: env, cpus, volumes, mounts and ports say what they do', () => {
  const line = (text: string): string => (hover('shellscript', text) ?? '').split('\n\n')[1] ?? '';
  assert.equal(line('docker run -e A=¦1 x'), 'Sets `A` to `1` inside the container.');
  assert.equal(
    line('docker run -e HO¦ME x'),
    'Passes `HOME` with the value it has in the current environment.',
  );
  assert.equal(line('docker run --cpus 2¦ x'), 'At most 2 CPUs of time.');
  assert.equal(
    line('docker run -v /da¦ta x'),
    'Anonymous volume mounted at `/data` inside the container.',
  );
  assert.equal(
    line('docker run -p 127.0.0.1::8¦0 x'),
    'Container port `80` (tcp) is published on a random free host port of address `127.0.0.1` (see it with `docker port`).',
  );
  assert.equal(
    line('docker run --mount type=tmpfs,target=/¦b x'),
    'A `tmpfs` mount at `/b` inside the container.',
  );
});

test('docker command words: arguments, what goes to the container, unknown flags', () => {
  assert.equal(
    (hover('shellscript', 'docker ps fo¦o') ?? '').split('\n\n')[0],
    '`foo` is an argument of `docker ps`.',
  );
  const rows = (line: string): string[] =>
    service()
      .explain(line)
      ?.rows?.slice(2)
      .map((r) => `${r.text} | ${r.explanation}`) ?? [];
  assert.deepEqual(rows('docker run nginx ls -la'), [
    'nginx | IMAGE argument of docker run',
    'ls | passed to the command run inside the container',
    '-la | passed to the command run inside the container',
  ]);
  assert.deepEqual(rows('docker run --nope x'), [
    '--nope | --nope: not a known flag of docker run',
    'x | IMAGE argument of docker run',
  ]);
  assert.deepEqual(rows('docker ps foo'), ['foo | argument of docker ps']);
});

test('Dockerfile completion details: a stage, an ARG without a default', () => {
  const detail = (text: string, label: string): string | undefined =>
    completions('dockerfile', text).find((i) => i.label === label)?.detail;
  assert.equal(detail('FROM a AS build\nFROM ¦', 'build'), 'earlier build stage (line 1)');
  assert.equal(
    detail('FROM golang AS build\nFROM a\nCOPY --from=¦', 'build'),
    'build stage (FROM golang, line 1)',
  );
  assert.equal(detail('FROM a\nARG X\nARG Y=2\nRUN echo $¦', 'X'), 'ARG without a default');
  assert.equal(detail('FROM a\nARG X\nARG Y=2\nRUN echo $¦', 'Y'), '= 2');
});
