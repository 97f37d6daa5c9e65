/**
 * Finding notes by name: Explain (the CLI, the editor's command) and the Explain keyword quick pick
 * rank a note's exact name first, then its aliases, then the same words written otherwise
 * (singular/plural, hyphens, case), then a name in context (the last segment of a compose path, a
 * flag of a command), then keywords; within one rank the most common meaning comes first.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileNotes } from '../../server/out/compiler/compileNotes';
import { LanguageService } from '../../server/out/service/languageService';
import { normalizeName } from '../../server/out/service/docs/lookup';
import { docWithCaret, service } from './helpers';
import { startServer } from './lspClient';

const titles = (svc: LanguageService, q: string, n = 3): string[] =>
  svc
    .findMatches(q)
    .slice(0, n)
    .map((m) => (m.flag ? `${m.note.name} ${m.flag.name}` : `${m.note.kind} ${m.note.name}`));

test('names are compared without case, hyphens, underscores or a plural ending', () => {
  assert.equal(normalizeName('Linux-Namespaces'), 'linux namespace');
  assert.equal(normalizeName('cgroups'), 'cgroup');
  assert.equal(normalizeName('copy_on write'), 'copy on write');
  assert.equal(normalizeName('Storage  Drivers'), 'storage driver');
  assert.equal(normalizeName('policies'), 'policy');
  assert.equal(normalizeName('-P'), '');
});

test('exact name, then alias, then the name written otherwise, then in context, then keywords', () => {
  const note = (name: string, extra = ''): { path: string; text: string } => ({
    path: `${name}.md`,
    text: `---\nkind: concept\nname: ${name}\nsummary: ${name}\n${extra}---\nBody.\n`,
  });
  const { index, problems } = compileNotes([
    note('widget keyword', 'keywords: [gizmo]\n'),
    note('widget alias', 'aliases: [gizmos]\n'),
    note('gizmo'),
    note('gizmo-s', 'aliases: [Gizmo]\n'),
  ]);
  assert.deepEqual(problems, []);
  const svc = new LanguageService({ notes: [index] });
  // `gizmo`: the name, then the alias `Gizmo`, then `gizmos` (plural), then the keyword
  assert.deepEqual(titles(svc, 'gizmo', 4), [
    'concept gizmo',
    'concept gizmo-s',
    'concept widget alias',
    'concept widget keyword',
  ]);
  assert.deepEqual(titles(svc, 'GIZMOS', 2), ['concept widget alias', 'concept gizmo']);
});

test('restart: the restart policy before depends_on.*.restart and docker restart', () => {
  assert.deepEqual(titles(service(), 'restart', 3), [
    'compose-key services.*.restart',
    'compose-key services.*.depends_on.*.restart',
    'cli-command docker restart',
  ]);
  assert.equal(service().explain('restart')?.title, 'services.<service>.restart');
});

test('-p: docker run first (the most common command), not EXPOSE; -P is another flag', () => {
  assert.deepEqual(titles(service(), '-p', 2), ['docker run --publish', 'docker login --password']);
  assert.deepEqual(titles(service(), '-P', 1), ['docker run --publish-all']);
  assert.equal(service().explain('-p')?.title, 'docker run -p, --publish');
  assert.match(
    service().explain('-p')?.text ?? '',
    /^Other meanings:\n {2}docker login -p, --password — .*\n {2}docker compose -p, --project-name — /m,
  );
});

test('--mount: the Dockerfile flag before the docker run flag; target: the compose key first', () => {
  assert.deepEqual(titles(service(), '--mount', 2), [
    'dockerfile-flag --mount',
    'docker run --mount',
  ]);
  assert.deepEqual(titles(service(), 'target', 1), ['compose-key services.*.build.target']);
  assert.deepEqual(titles(service(), 'RUN --mount', 1), ['dockerfile-flag --mount']);
});

test('concept notes by their names and aliases, however written', () => {
  for (const q of ['storage drivers', 'storage driver', 'Storage-Drivers', 'graph drivers'])
    assert.deepEqual(titles(service(), q, 1), ['concept storage drivers'], q);
});

test('explain: a note by its own name, a Dockerfile line and a command line part by part', () => {
  const svc = service();
  assert.equal(svc.explain('RUN --mount')?.kind, 'note');
  assert.equal(svc.explain('RUN --mount')?.title, 'RUN --mount');
  const line = svc.explain('RUN --mount=type=cache,target=/x make');
  assert.equal(line?.title, 'RUN');
  assert.deepEqual(
    line?.rows?.map((r) => `${r.role}: ${r.text}`),
    [
      'instruction: RUN',
      'flag: --mount=type=cache,target=/x',
      'mount option: type=cache',
      'mount option: target=/x',
      'command: make',
    ],
  );
  // a docker command inside RUN is broken down too
  assert.deepEqual(
    svc.explain('RUN docker build -t app .')?.rows?.map((r) => r.text),
    ['RUN', 'docker', 'build', '-t', 'app', '.'],
  );
  assert.deepEqual(
    svc.explain('COPY --from=build /out/app /usr/local/bin/')?.rows?.map((r) => r.explanation),
    [
      'COPY — Copy files from the build context, another stage or an image into the image',
      'COPY --from — Copy from a build stage, a stage index, a named context or an image instead of the context',
      '<src> argument of COPY',
      '<dest> argument of COPY',
    ],
  );
  // Explain this line in a Dockerfile: the whole instruction, continuation lines too
  const { doc, offset } = docWithCaret(
    'dockerfile',
    'FROM a\nRUN --mount=type=cache,target=/x \\\n  m¦ake\n',
  );
  assert.deepEqual(
    svc.explainAt(doc, doc.positionAt(offset))?.rows?.map((r) => r.text),
    ['RUN', '--mount=type=cache,target=/x', 'type=cache', 'target=/x', 'make'],
  );
  assert.equal(svc.explain('docker ps -a')?.kind, 'command');
  assert.equal(svc.explain('docker ps -a')?.title, 'docker ps');
  assert.equal(svc.explain('docker compose up -d')?.title, 'docker compose up');
});

test('the quick pick over LSP: every note by the words that look it up, a query ranked', async () => {
  const s = await startServer({ noteCommand: 'dih.show' });
  try {
    type Item = { label: string; description: string; kind: string; name: string };
    const all = await s.conn.sendRequest<Item[]>('dockerInlineHelp/keywords');
    const restart = all.filter((i) => i.label === 'restart').map((i) => i.description);
    assert.deepEqual(restart.slice(0, 2), [
      'services.<service>.restart',
      'services.<service>.depends_on.<service>.restart',
    ]);
    assert.ok(all.some((i) => i.label === 'RUN --mount' && i.kind === 'dockerfile-flag'));
    const found = await s.conn.sendRequest<Item[]>('dockerInlineHelp/keywords', {
      query: 'Storage-Driver',
    });
    assert.equal(found[0].name, 'storage drivers');
    const note = await s.conn.sendRequest<{ title: string; markdown: string }>(
      'dockerInlineHelp/note',
      { kind: 'dockerfile-instruction', name: 'ENTRYPOINT' },
    );
    assert.equal(note.title, 'ENTRYPOINT');
    assert.match(note.markdown, /^\*\*How ENTRYPOINT and CMD combine\*\*$/m);
    assert.equal(
      await s.conn.sendRequest<unknown>('dockerInlineHelp/note', { kind: 'x', name: 'y' }),
      null,
    );
  } finally {
    await s.close();
  }
});

test('LSP: a client that names its note command gets cards with More…; others get whole notes', async () => {
  const hoverAt = async (init: unknown): Promise<string> => {
    const s = await startServer(init);
    try {
      await s.open('file:///w/Dockerfile', 'dockerfile', 'FROM a\nENTRYPOINT ["x"]\n');
      const h = await s.conn.sendRequest<{ contents: { value: string } }>('textDocument/hover', {
        textDocument: { uri: 'file:///w/Dockerfile' },
        position: { line: 1, character: 3 },
      });
      return h.contents.value;
    } finally {
      await s.close();
    }
  };
  const card = await hoverAt({ noteCommand: 'dih.show' });
  assert.equal(card.split('\n').length, 20);
  assert.match(
    card,
    /^\[More…\]\(command:dih\.show\?%5B%7B%22kind%22%3A%22dockerfile-instruction%22%2C%22name%22%3A%22ENTRYPOINT%22%7D%5D\) · \[Reference\]/m,
  );
  const whole = await hoverAt(undefined);
  assert.match(whole, /^\*\*How ENTRYPOINT and CMD combine\*\*$/m);
  assert.doesNotMatch(whole, /More…|command:/);
});

test('the common field: a whole number from 1', () => {
  const note = (common: string): { path: string; text: string } => ({
    path: 'c.md',
    text: `---\nkind: cli-command\nname: docker zz\ncommon: ${common}\nsummary: Z\n---\nBody.\n`,
  });
  assert.equal(compileNotes([note('2')]).index.entries[0].common, 2);
  for (const bad of ['0', '1.5', 'often'])
    assert.deepEqual(
      compileNotes([note(bad)]).problems.map((p) => p.message),
      ['`common` must be a whole number from 1 (the most common)'],
      bad,
    );
});
