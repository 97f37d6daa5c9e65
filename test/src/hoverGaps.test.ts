/**
 * Places a newcomer hovered and got nothing (or the wrong thing): the first column of a top-level
 * key, `RUN --mount=ro`, the name an ARG declares, here-documents, x- extension fields, anchors,
 * aliases and merge keys, and the keys of an x- fragment that services merge.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { headline, hover, labels } from './helpers';

const yml = (t: string): string | null => hover('dockercompose', t);
const df = (t: string): string | null => hover('dockerfile', t);

const ANCHORS =
  '**YAML anchors and aliases** — `&name` labels a YAML node, `*name` repeats it elsewhere in the file, `<<: *name` merges a labelled mapping into another';
const EXTENSIONS =
  "**compose extension fields** — Keys starting with x- are ignored by Compose: a place for shared fragments and for tools' own settings";
const HEREDOCS =
  "**Dockerfile here-documents** — `<<WORD` in RUN, COPY or ADD takes the lines up to a line holding only WORD as a script or as a file's content";

/** The headline and the line right under it (the part that says what this particular thing is). */
const head2 = (md: string | null): string[] => (md ?? '').split('\n\n').slice(0, 2);

test('the first column of a top-level key after another block is that key', () => {
  const text = 'services:\n  web:\n    image: nginx\n¦networks:\n  front:\n';
  assert.match(headline(yml(text)), /^\*\*networks\*\* — /);
  assert.match(headline(yml(text.replace('¦networks', 'n¦etworks'))), /^\*\*networks\*\* — /);
  // the first column of a nested key after a deeper value, too
  assert.match(
    headline(yml('services:\n  web:\n    healthcheck:\n      test: x\n    ¦ports: ["80:80"]\n')),
    /^\*\*ports\*\* \(`services\.<service>\.ports`\) — /,
  );
  // the indentation before a key is nobody's: no hover from the value above it
  assert.equal(
    yml('services:\n  web:\n    command: >\n      sh -c x\n¦  db:\n    image: postgres\n'),
    null,
  );
});

test('RUN --mount=ro: one bare option is that option', () => {
  assert.equal(
    headline(df('FROM alpine\nRUN --mount=r¦o make')),
    '**--mount type=bind: ro** — Read-only bind mount; this is already the default, so the option only states it',
  );
});

test('the name an ARG or ENV declares: the variable and its value from there on', () => {
  assert.equal(
    df('ARG NODE_VER¦SION=20\nFROM node:${NODE_VERSION}'),
    '**`$NODE_VERSION`** — build variable\n\nDefined by `ARG NODE_VERSION=20` on line 1.\n\nValue here: `20`',
  );
  assert.equal(
    df('FROM alpine\nENV APP_HOME=/srv AP¦P_PORT=8080\n'),
    '**`$APP_PORT`** — build variable\n\nDefined by `ENV APP_PORT=8080` on line 2.\n\nValue here: `8080`',
  );
});

test('a here-document: where it ends, and where the line that ends it started it', () => {
  const text = 'FROM debian\nRUN <<EOT bash\n  set -ex\n  apt-get update\nEOT\n';
  assert.deepEqual(head2(df(text.replace('<<EOT', '<<E¦OT'))), [
    HEREDOCS,
    '`<<EOT` starts a here-document; its lines run up to the line `EOT` (line 5).',
  ]);
  assert.deepEqual(head2(df(text.replace('\nEOT\n', '\nE¦OT\n'))), [
    HEREDOCS,
    'This line ends the here-document started by `<<EOT` on line 2.',
  ]);
  assert.deepEqual(head2(df('FROM debian\nRUN <<E¦OT\n  set -ex\n')), [
    HEREDOCS,
    '`<<EOT` starts a here-document, but no line holds only `EOT` after it: it runs to the end of the file.',
  ]);
});

const FRAGMENT = `x-common: &common
  restart: unless-stopped
  logging:
    driver: json-file
services:
  web:
    <<: *common
    image: nginx
  db:
    image: postgres
    logging: *common
`;
const at = (needle: string, delta = 1): string => {
  const i = FRAGMENT.indexOf(needle);
  assert.ok(i >= 0, needle);
  return FRAGMENT.slice(0, i + delta) + '¦' + FRAGMENT.slice(i + delta);
};

test('x- keys are extension fields; one that services merge says where', () => {
  assert.deepEqual(head2(yml(at('x-common'))), [
    EXTENSIONS,
    'Merged into `services.web` on line 7 (`<<: *common`): its keys are read as keys of `services.<service>` there.',
  ]);
  assert.equal(
    headline(yml('services:\n  web:\n    image: nginx\n    x-te¦am: frontend\n')),
    EXTENSIONS,
  );
});

test('&anchor, *alias and <<: say what they are and where the anchor is', () => {
  assert.deepEqual(head2(yml(at('&common'))), [
    ANCHORS,
    '`&common` labels the node that follows it: `*common` further down repeats it, `<<: *common` merges it into a mapping.',
  ]);
  assert.deepEqual(head2(yml(at('*common', 3))), [
    ANCHORS,
    '`*common` repeats the node labelled `&common` on line 1.',
  ]);
  assert.deepEqual(head2(yml(at('<<'))), [
    ANCHORS,
    '`<<` merges the keys of `&common` (line 1) into this mapping; a key written here wins over a merged one.',
  ]);
  assert.deepEqual(head2(yml('services:\n  web:\n    <<: *defa¦ults\n')), [
    ANCHORS,
    'No `&defaults` comes before this `*defaults` in the file: the YAML does not load.',
  ]);
  // `&&` in a command is text, not an anchor
  assert.match(
    headline(yml('services:\n  web:\n    command: make &¦& make install\n')),
    /^\*\*command\*\* \(`services\.<service>\.command`\) — /,
  );
});

test('keys of an x- fragment that services merge get the help of service keys', () => {
  assert.match(
    headline(yml(at('restart'))),
    /^\*\*restart\*\* \(`services\.<service>\.restart`\) — /,
  );
  assert.match(
    headline(yml(at('driver'))),
    /^\*\*driver\*\* \(`services\.<service>\.logging\.driver`\) — /,
  );
  assert.match(yml(at('unless-stopped', 3)) ?? '', /\*\*`unless-stopped`\*\* ◀/);
  // and their completion offers service keys
  const completion = labels('dockercompose', FRAGMENT.replace('  logging:\n', '  ¦\n  logging:\n'));
  assert.ok(completion.includes('image') && !completion.includes('restart'), completion.join(' '));
  // a fragment nothing uses stays an extension field: no guess
  assert.equal(yml('x-unused:\n  rest¦art: always\n'), null);
});
