import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { compileNotes } from '../../server/out/compiler/compileNotes';
import { LanguageService } from '../../server/out/service/languageService';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { builtinNotes, ROOT } from './helpers';

const good = `---
kind: dockerfile-instruction
name: FROM
summary: My own words about FROM
---
Body text.
`;

test('a valid note compiles into an entry with its body', () => {
  const { index, problems } = compileNotes([{ path: 'a.md', text: good }]);
  assert.deepEqual(problems, []);
  assert.equal(index.entries.length, 1);
  assert.equal(index.entries[0].name, 'FROM');
  assert.equal(index.entries[0].body, 'Body text.');
});

test('malformed notes fail with file, line and a clear message', () => {
  const { problems } = compileNotes([
    { path: 'no-fm.md', text: 'just text' },
    {
      path: 'bad-yaml.md',
      text: '---\nkind: dockerfile-instruction\nname: [unclosed\nsummary: x\n---\n',
    },
    {
      path: 'unknown.md',
      text: '---\nkind: dockerfile-instruction\nname: RUN\nsummary: s\ncolour: blue\n---\n',
    },
    { path: 'kind.md', text: '---\nkind: nope\nname: RUN\nsummary: s\n---\n' },
    { path: 'noname.md', text: '---\nkind: concept\nsummary: s\n---\n' },
    { path: 'shape.md', text: '---\nkind: compose-key\nname: services\nsummary: s\n---\n' },
    {
      path: 'flag.md',
      text: '---\nkind: cli-command\nname: docker x\nsummary: s\nflags:\n  - name: nodash\n    summary: s\n---\n',
    },
  ]);
  const byFile = (f: string): string =>
    problems
      .filter((p) => p.file === f)
      .map((p) => `${p.line}: ${p.message}`)
      .join(' | ');
  assert.match(byFile('no-fm.md'), /^1: missing front matter/);
  assert.match(byFile('bad-yaml.md'), /^4: front matter is not valid YAML/);
  assert.match(byFile('unknown.md'), /^5: unknown field `colour` for kind dockerfile-instruction$/);
  assert.match(byFile('kind.md'), /^2: `kind` must be one of/);
  assert.match(byFile('noname.md'), /`name` is required/);
  assert.match(
    byFile('shape.md'),
    /`shape` must be one of scalar, mapping, named-mapping, sequence, dict/,
  );
  assert.match(byFile('flag.md'), /needs `name` \(starting with - or --\)/);
});

test('flag aliases and hidden flags: compiled, and checked like flag names', () => {
  const note = (flags: string): string =>
    `---\nkind: cli-command\nname: docker x\nsummary: s\nflags:\n${flags}---\n`;
  const ok = compileNotes([
    {
      path: 'ok.md',
      text: note(
        '  - name: --network\n    aliases: [--net]\n    summary: s\n  - name: --name\n    hidden: true\n    summary: s\n',
      ),
    },
  ]);
  assert.deepEqual(ok.problems, []);
  assert.deepEqual(ok.index.entries[0].flags, [
    { name: '--network', summary: 's', aliases: ['--net'] },
    { name: '--name', summary: 's', hidden: true },
  ]);
  const messages = (flags: string): string[] =>
    compileNotes([{ path: 'f.md', text: note(flags) }]).problems.map((p) => p.message);
  assert.deepEqual(messages('  - name: --network\n    aliases: net\n    summary: s\n'), [
    'flag --network: `aliases` must be a list of flag names like -x or --name',
  ]);
  assert.deepEqual(messages('  - name: --network\n    aliases: [net]\n    summary: s\n'), [
    'flag --network: `aliases` must be a list of flag names like -x or --name',
  ]);
  assert.deepEqual(
    messages(
      '  - name: --network\n    aliases: [--net]\n    summary: s\n  - name: --net\n    summary: s\n',
    ),
    ['flag --net is listed twice'],
  );
  assert.deepEqual(messages('  - name: --name\n    hidden: yes please\n    summary: s\n'), [
    'flag --name: `hidden` must be true or false',
  ]);
});

test('a duplicate key fails, naming both files', () => {
  const { problems } = compileNotes([
    { path: 'one.md', text: good },
    { path: 'two.md', text: good.replace('FROM', 'from') },
  ]);
  assert.equal(problems.length, 1);
  assert.match(
    problems[0].message,
    /^duplicate key dockerfile-instruction .* from: also defined in one\.md$/,
  );
});

test('user notes override built-in ones with the same key, and bad ones do not stop the rest', () => {
  const user = compileNotes(
    [
      { path: 'mine/FROM.md', text: good },
      { path: 'mine/broken.md', text: '---\nkind: [\n---\n' },
    ],
    { user: true },
  );
  assert.equal(user.problems.length, 1);
  const svc = new LanguageService({ notes: [builtinNotes(), user.index] });
  const doc = TextDocument.create('file:///Dockerfile', 'dockerfile', 1, 'FROM alpine\nRUN ls\n');
  const h = svc.doHover(doc, { line: 0, character: 1 });
  assert.match((h?.contents as { value: string }).value, /^\*\*FROM\*\* — My own words about FROM/);
  assert.match((h?.contents as { value: string }).value, /_From your notes: mine\/FROM\.md_/);
  const run = svc.doHover(doc, { line: 1, character: 1 });
  assert.match((run?.contents as { value: string }).value, /^\*\*RUN\*\* — Execute a command/);
});

test('the built-in notes compile with no problems and cover the targets', () => {
  const files: { path: string; text: string }[] = [];
  const walk = (d: string): void => {
    for (const n of readdirSync(d)) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      // an area's VERSIONS.md is not a note (test/src/versions.test.ts reads it)
      else if (n.endsWith('.md') && n !== 'VERSIONS.md')
        files.push({ path: relative(ROOT, p), text: readFileSync(p, 'utf8') });
    }
  };
  walk(join(ROOT, 'docs-data'));
  const { index, problems } = compileNotes(files);
  assert.deepEqual(problems, []);
  const count = (k: string): number => index.entries.filter((e) => e.kind === k).length;
  assert.equal(count('dockerfile-instruction'), 18);
  assert.ok(count('compose-key') >= 300, `compose keys: ${count('compose-key')}`);
  const commands = index.entries.filter((e) => e.kind === 'cli-command');
  const commandPaths = commands.reduce((n, e) => n + 1 + (e.aliases?.length ?? 0), 0);
  const flags = commands.reduce((n, e) => n + (e.flags?.length ?? 0), 0);
  assert.ok(commands.length >= 180, `cli commands: ${commands.length}`);
  assert.ok(commandPaths >= 180, `command paths: ${commandPaths}`);
  assert.ok(flags >= 1100, `cli flags: ${flags}`);
});

test('cross-links: docker run flags name existing compose keys and compose notes name docker run flags', () => {
  const idx = builtinNotes();
  const composePaths = new Set(
    idx.entries.filter((e) => e.kind === 'compose-key').map((e) => e.name),
  );
  const run = idx.entries.find((e) => e.kind === 'cli-command' && e.name === 'docker run');
  assert.ok(run);
  const linked = (run.flags ?? []).filter((f) => f.compose);
  assert.ok(linked.length >= 40, `linked run flags: ${linked.length}`);
  const broken = linked
    .filter((f) => !composePaths.has(f.compose as string))
    .map((f) => `${f.name} -> ${f.compose}`);
  assert.deepEqual(broken, []);
  const ports = idx.entries.find((e) => e.kind === 'compose-key' && e.name === 'services.*.ports');
  assert.equal(ports?.docker_run, '-p, --publish');
  assert.equal(run.flags?.find((f) => f.name === '--publish')?.compose, 'services.*.ports');
});
