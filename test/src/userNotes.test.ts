/**
 * The user's notes note by note (UserNotes) and the index that lays them over the built-in notes
 * (DocsIndex.layered): what a change costs (compiles counted), the last good version of a broken
 * note, deletion, duplicate keys across files, and lookups through both layers.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UserNotes } from '../../server/out/adapter/userNotes';
import { DocsIndex } from '../../server/out/service/docs/docsIndex';
import type { DocsIndexData, NoteEntry } from '../../server/out/service/types';
import { builtinNotes } from './helpers';

const FOLDER = 'file:///home/me/notes';
const instruction = (name: string, summary: string, extra = ''): string =>
  `---\nkind: dockerfile-instruction\nname: ${name}\nsummary: ${summary}\n${extra}---\nBody of ${name}.\n`;
const summaries = (u: UserNotes): string[] =>
  u.index().entries.map((e) => `${e.name}: ${e.summary}`);

function threeNotes(): UserNotes {
  const u = new UserNotes();
  u.setFolders([
    {
      setting: '~/notes',
      uri: FOLDER,
      files: [
        { path: 'workdir.md', text: instruction('WORKDIR', 'Ours v1') },
        { path: 'sub/expose.md', text: instruction('EXPOSE', 'Ports') },
        { path: 'cmd.md', text: instruction('CMD', 'Command') },
      ],
    },
  ]);
  return u;
}

test('a changed note is compiled alone: three notes cost three compiles, each change one more', () => {
  const u = threeNotes();
  assert.equal(u.compiled, 3);
  assert.deepEqual(summaries(u), ['CMD: Command', 'EXPOSE: Ports', 'WORKDIR: Ours v1']);
  assert.equal(u.update(`${FOLDER}/workdir.md`, instruction('WORKDIR', 'Ours v2')), true);
  assert.equal(u.compiled, 4);
  assert.deepEqual(summaries(u), ['CMD: Command', 'EXPOSE: Ports', 'WORKDIR: Ours v2']);
  // a file outside the folders, a README or VERSIONS.md and a non-markdown file are not notes
  assert.equal(u.update('file:///elsewhere/workdir.md', instruction('WORKDIR', 'No')), false);
  assert.equal(u.update(`${FOLDER}/README.md`, instruction('WORKDIR', 'No')), false);
  assert.equal(u.update(`${FOLDER}/VERSIONS.md`, instruction('WORKDIR', 'No')), false);
  assert.equal(u.update(`${FOLDER}/sub/VERSIONS.md`, instruction('WORKDIR', 'No')), false);
  assert.equal(u.update(`${FOLDER}/notes.txt`, 'text'), false);
  assert.equal(u.compiled, 4);
});

test('a broken note keeps its last good version and reports its problems on its file', () => {
  const u = threeNotes();
  u.update(`${FOLDER}/workdir.md`, '---\nkind: dockerfile-instruction\nname: WORKDIR\n---\nx\n');
  assert.deepEqual(summaries(u), ['CMD: Command', 'EXPOSE: Ports', 'WORKDIR: Ours v1']);
  assert.deepEqual(
    [...u.problems()].map(([uri, ps]) => [uri, ps.map((p) => `${p.line}: ${p.message}`)]),
    [['file:///home/me/notes/workdir.md', ['2: `summary` is required']]],
  );
  u.update(`${FOLDER}/workdir.md`, instruction('WORKDIR', 'Ours v3'));
  assert.deepEqual([...u.problems()], []);
  assert.deepEqual(summaries(u), ['CMD: Command', 'EXPOSE: Ports', 'WORKDIR: Ours v3']);
  // a note that never compiled has no version to keep
  u.update(`${FOLDER}/new.md`, '---\nkind: nonsense\n---\n');
  assert.deepEqual(summaries(u), ['CMD: Command', 'EXPOSE: Ports', 'WORKDIR: Ours v3']);
  assert.deepEqual([...u.problems().keys()], ['file:///home/me/notes/new.md']);
});

test('a deleted note, or a deleted folder of notes, is dropped', () => {
  const u = threeNotes();
  assert.equal(u.update(`${FOLDER}/workdir.md`, undefined), true);
  assert.deepEqual(summaries(u), ['CMD: Command', 'EXPOSE: Ports']);
  assert.equal(u.update(`${FOLDER}/sub`, undefined), true);
  assert.deepEqual(summaries(u), ['CMD: Command']);
  assert.equal(u.update(`${FOLDER}/gone.md`, undefined), false);
});

test('two files of a folder with the same key: the first by path keeps it, the other is reported; file URIs are matched decoded', () => {
  const u = new UserNotes();
  u.setFolders([
    {
      setting: 'my notes',
      uri: 'file:///home/me/my%20notes',
      files: [
        { path: 'b.md', text: instruction('WORKDIR', 'From b') },
        { path: 'a.md', text: instruction('WORKDIR', 'From a') },
      ],
    },
  ]);
  assert.deepEqual(summaries(u), ['WORKDIR: From a']);
  assert.deepEqual(
    [...u.problems()].map(([uri, ps]) => [uri, ps.map((p) => p.message)]),
    [
      [
        'file:///home/me/my%20notes/b.md',
        ['duplicate key dockerfile-instruction /  / workdir: also defined in a.md'],
      ],
    ],
  );
  // deleting a.md hands the key to b.md (VS Code may send the URI with the space unencoded)
  u.update('file:///home/me/my notes/a.md', undefined);
  assert.deepEqual(summaries(u), ['WORKDIR: From b']);
  assert.deepEqual([...u.problems()], []);
});

test('a later folder replaces an earlier folder’s note with the same key', () => {
  const u = new UserNotes();
  u.setFolders([
    {
      setting: 'a',
      uri: 'file:///a',
      files: [{ path: 'w.md', text: instruction('WORKDIR', 'A') }],
    },
    {
      setting: 'b',
      uri: 'file:///b',
      files: [{ path: 'w.md', text: instruction('WORKDIR', 'B') }],
    },
  ]);
  const index = new DocsIndex(u.index());
  assert.equal(index.get('dockerfile-instruction', 'WORKDIR')?.summary, 'B');
});

function user(entries: Partial<NoteEntry>[]): DocsIndexData {
  return {
    version: 1,
    entries: entries.map(
      (e) => ({ body: '', source: 'mine.md', summary: 'mine', user: true, ...e }) as NoteEntry,
    ),
  };
}

test('DocsIndex.layered: user notes over the built-in index, which is shared and not indexed again', () => {
  const builtin = new DocsIndex(builtinNotes());
  const layered = DocsIndex.layered(
    builtin,
    user([
      { kind: 'dockerfile-instruction', name: 'WORKDIR', summary: 'Ours' },
      { kind: 'compose-key', name: 'services.*.x-team', shape: 'scalar', summary: 'Team key' },
      { kind: 'cli-command', name: 'docker frobnicate', summary: 'Team command' },
      {
        kind: 'dockerfile-flag',
        name: '--x',
        context: 'RUN',
        aliases: ['--mount'],
        summary: 'Alias',
      },
    ]),
  );
  assert.equal(layered.baseIndex, builtin);
  assert.equal(DocsIndex.layered(builtin, { version: 1, entries: [] }), builtin);
  // replaced in place, in the built-in order
  const instructions = layered.ofKind('dockerfile-instruction');
  const builtinOrder = builtin.ofKind('dockerfile-instruction').map((e) => e.name);
  assert.deepEqual(
    instructions.map((e) => e.name),
    builtinOrder,
  );
  assert.equal(instructions.find((e) => e.name === 'WORKDIR')?.summary, 'Ours');
  assert.equal(layered.get('dockerfile-instruction', 'workdir')?.summary, 'Ours');
  assert.equal(layered.entries.length, builtin.entries.length + 3);
  // added: a compose key under a service, a subcommand of docker
  assert.ok(layered.composeChildrenOf('services.*').some((e) => e.name === 'services.*.x-team'));
  assert.ok(layered.composeChildrenOf('services.*').some((e) => e.name === 'services.*.image'));
  assert.ok(layered.subcommands('docker').includes('frobnicate'));
  assert.ok(layered.subcommands('docker').includes('run'));
  assert.equal(layered.command('docker frobnicate')?.summary, 'Team command');
  assert.equal(layered.command('docker run')?.name, 'docker run');
  // a user alias never hides a built-in note's own name
  assert.equal(layered.get('dockerfile-flag', '--mount', 'RUN')?.name, '--mount');
  // the built-in index is unchanged
  assert.notEqual(builtin.get('dockerfile-instruction', 'WORKDIR')?.summary, 'Ours');
  assert.ok(!builtin.subcommands('docker').includes('frobnicate'));
});
