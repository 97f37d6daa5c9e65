/**
 * Completion as a newcomer meets it: the common choice first (ranked by how often real files use
 * each key, flag and value: docs-data/usage.json), snippets only where their text is valid, and
 * the summary shown once in the details pane.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CompletionItem } from 'vscode-languageserver-types';
import { ROOT, applyCompletion, completions } from './helpers';

/** Labels in the order an editor lists them: by sortText (then label). */
function ordered(languageId: string, text: string): string[] {
  return sorted(completions(languageId, text)).map((i) => i.label);
}

function sorted(items: CompletionItem[]): CompletionItem[] {
  return [...items].sort(
    (a, b) =>
      (a.sortText ?? a.label).localeCompare(b.sortText ?? b.label) ||
      a.label.localeCompare(b.label),
  );
}

/** What an editor offers first for a typed prefix: the items it matches, best sortText first. */
function firstFor(languageId: string, text: string, typed: string): string[] {
  return ordered(languageId, text).filter((l) => l.startsWith(typed));
}

test('netw + Enter picks networks, not network_mode', () => {
  assert.deepEqual(firstFor('dockercompose', 'services:\n  web:\n    netw¦', 'netw'), [
    'networks',
    'network_mode',
  ]);
});

test('a plain completion under a service lists the keys people use most first', () => {
  assert.deepEqual(ordered('dockercompose', 'services:\n  web:\n    ¦').slice(0, 10), [
    'image',
    'volumes',
    'restart',
    'environment',
    'depends_on',
    'ports',
    'command',
    'networks',
    'build',
    'healthcheck',
  ]);
  assert.deepEqual(ordered('dockercompose', 'services:\n  web:\n    restart: ¦'), [
    'always',
    'unless-stopped',
    'no',
    'on-failure',
  ]);
});

test('Dockerfile instructions, RUN --mount types and options, docker run flags: the most used first', () => {
  assert.deepEqual(ordered('dockerfile', 'FROM alpine\n¦').slice(0, 6), [
    'RUN',
    'ENV',
    'COPY',
    'FROM',
    'CMD',
    'ARG',
  ]);
  assert.deepEqual(ordered('dockerfile', 'FROM alpine\nRUN --mount=type=¦'), [
    'cache',
    'bind',
    'tmpfs',
    'secret',
    'ssh',
  ]);
  assert.equal(ordered('dockerfile', 'FROM alpine\nRUN --mount=type=cache,¦')[0], 'target');
  assert.deepEqual(ordered('shellscript', 'docker run --¦').slice(0, 4), [
    '--volume, -v',
    '--rm',
    '--env, -e',
    '--name',
  ]);
});

test('compose snippets: whole stacks at the top level of a file without them, services under services:', () => {
  const empty = completions('dockercompose', '¦');
  assert.deepEqual(
    empty.filter((i) => i.kind === 15).map((i) => i.label),
    ['compose-voting-app', 'compose-two-networks', 'volume-named', 'compose-secret'],
  );
  // a file that has services already: no stack that writes services again
  assert.deepEqual(
    completions('dockercompose', 'services:\n  web:\n    image: nginx\n¦')
      .filter((i) => i.kind === 15)
      .map((i) => i.label),
    ['volume-named'],
  );
  assert.deepEqual(ordered('dockercompose', 'services:\n  ¦'), [
    'service-build',
    'service-mysql',
    'service-nginx',
    'service-postgres',
    'service-redis',
  ]);
  // inside a service and in value position: no snippets at all
  for (const text of [
    'services:\n  web:\n    ¦',
    'services:\n  web:\n    network_mode: ¦',
    'services:\n  web:\n    ports:\n      - ¦',
  ])
    assert.deepEqual(
      completions('dockercompose', text)
        .filter((i) => i.kind === 15)
        .map((i) => i.label),
      [],
      text,
    );
});

test('the voting-app snippet writes a stack without the obsolete version key', () => {
  const text = applyCompletion('dockercompose', '¦', 'compose-voting-app');
  assert.equal(
    text,
    [
      'services:',
      '  redis:',
      '    image: redis',
      '  db:',
      '    image: postgres',
      '    environment:',
      '      POSTGRES_USER: postgres',
      '      POSTGRES_PASSWORD: postgres',
      '  vote:',
      '    image: voting-app',
      '    ports:',
      '      - "5000:80"',
      '  worker:',
      '    image: worker-app',
      '  result:',
      '    image: result-app',
      '    ports:',
      '      - "5001:80"',
      '',
    ].join('\n'),
  );
});

test('Dockerfile snippets where an instruction starts; whole-file ones only before the first FROM', () => {
  const labelsOf = (text: string): string[] =>
    completions('dockerfile', text)
      .filter((i) => i.kind === 15)
      .map((i) => i.label)
      .sort();
  assert.deepEqual(labelsOf('FROM alpine\n¦'), [
    'argenv',
    'cachemount',
    'cachemount-npm',
    'copylink',
    'entrypoint-cmd',
    'healthcheck',
    'heredoc',
    'nonroot',
    'secretmount',
  ]);
  assert.ok(labelsOf('¦').includes('multistage'));
  assert.deepEqual(labelsOf('FROM alpine\nRUN apt-get ¦'), []);
  assert.deepEqual(labelsOf('FROM alpine\nCOPY --¦'), []);
});

test('the extension no longer contributes the snippet files (they would show everywhere)', () => {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    contributes: { snippets?: unknown };
  };
  assert.equal(pkg.contributes.snippets, undefined);
});

test('the details pane shows the summary once: as the detail, not again in the documentation', () => {
  const item = completions('dockercompose', 'services:\n  web:\n    netw¦').find(
    (i) => i.label === 'networks',
  );
  assert.equal(
    item?.detail,
    "Networks the service's containers join (default: the project's default network)",
  );
  const doc = (item?.documentation as { value: string }).value;
  assert.equal(doc.split('\n')[0], '**networks** (`services.<service>.networks`)');
  assert.ok(!doc.includes(item?.detail ?? '?'), doc);
  const from = completions('dockerfile', '¦').find((i) => i.label === 'FROM');
  assert.equal((from?.documentation as { value: string }).value.split('\n')[0], '**FROM**');
  const flag = completions('shellscript', 'docker run --publ¦').find(
    (i) => i.label === '--publish, -p',
  );
  assert.equal(
    (flag?.documentation as { value: string }).value.split('\n')[0],
    '**docker run -p, --publish**',
  );
});
