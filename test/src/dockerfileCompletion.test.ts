import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyCompletion, completions, labels } from './helpers';

const df = (t: string): string[] => labels('dockerfile', t);

test('an empty file offers instructions with FROM first and preselected', () => {
  const all = completions('dockerfile', '¦');
  const items = all.filter((i) => i.kind === 14); // keywords (the snippets follow them)
  assert.equal(items.length, 18);
  const sorted = [...items].sort((a, b) => (a.sortText ?? '').localeCompare(b.sortText ?? ''));
  assert.deepEqual(
    sorted.slice(0, 2).map((i) => i.label),
    ['FROM', 'ARG'],
  );
  const from = items.find((i) => i.label === 'FROM');
  assert.equal(from?.preselect, true);
  assert.equal(from?.detail, 'Start a new build stage from a base image (or from scratch)');
  assert.match((from?.documentation as { value: string }).value, /\*\*FROM\*\*/);
});

test('instructions at the start of a line keep the typed case', () => {
  assert.equal(applyCompletion('dockerfile', 'FROM a\nWOR¦', 'WORKDIR'), 'FROM a\nWORKDIR ');
  assert.equal(applyCompletion('dockerfile', 'from a\nwor¦', 'WORKDIR'), 'from a\nworkdir ');
});

test('flags of the current instruction after --', () => {
  assert.deepEqual(df('FROM a\nRUN --¦').sort(), [
    '--device',
    '--mount',
    '--network',
    '--security',
  ]);
  assert.deepEqual(df('FROM a\nCOPY --¦').sort(), [
    '--chmod',
    '--chown',
    '--exclude',
    '--from',
    '--link',
    '--parents',
  ]);
  assert.deepEqual(df('FROM a\nADD --¦').sort(), [
    '--checksum',
    '--chmod',
    '--chown',
    '--exclude',
    '--keep-git-dir',
    '--link',
    '--unpack',
  ]);
  assert.deepEqual(df('FROM a\nHEALTHCHECK --¦').sort(), [
    '--interval',
    '--retries',
    '--start-interval',
    '--start-period',
    '--timeout',
  ]);
  assert.deepEqual(df('FROM --¦'), ['--platform']);
  assert.equal(
    applyCompletion('dockerfile', 'FROM a\nRUN --mo¦', '--mount'),
    'FROM a\nRUN --mount=',
  );
  assert.equal(
    applyCompletion('dockerfile', 'FROM a\nCOPY --li¦', '--link'),
    'FROM a\nCOPY --link',
  );
});

test('values after =: mount types, options of the chosen type, sharing modes, network, security, booleans', () => {
  assert.deepEqual(df('FROM a\nRUN --mount=type=¦').sort(), [
    'bind',
    'cache',
    'secret',
    'ssh',
    'tmpfs',
  ]);
  assert.deepEqual(df('FROM a\nRUN --mount=type=cache,¦').sort(), [
    'from',
    'gid',
    'id',
    'mode',
    'ro',
    'sharing',
    'source',
    'target',
    'uid',
  ]);
  assert.deepEqual(df('FROM a\nRUN --mount=type=secret,id=x,¦').sort(), [
    'env',
    'gid',
    'mode',
    'required',
    'target',
    'uid',
  ]);
  assert.deepEqual(df('FROM a\nRUN --mount=type=tmpfs,¦').sort(), ['size', 'target']);
  assert.deepEqual(df('FROM a\nRUN --mount=¦').sort(), [
    'from',
    'ro',
    'rw',
    'source',
    'target',
    'type',
  ]);
  assert.deepEqual(df('FROM a\nRUN --mount=type=cache,target=/x,sharing=¦'), [
    'shared',
    'private',
    'locked',
  ]);
  assert.deepEqual(df('FROM a\nRUN --network=¦'), ['default', 'none', 'host']);
  assert.deepEqual(df('FROM a\nRUN --security=¦').sort(), ['insecure', 'sandbox']);
  assert.deepEqual(df('FROM a\nCOPY --link=¦'), ['true', 'false']);
  assert.deepEqual(df('FROM --platform=¦ golang').slice(0, 3), [
    '$BUILDPLATFORM',
    '$TARGETPLATFORM',
    'linux/amd64',
  ]);
  assert.equal(
    applyCompletion('dockerfile', 'FROM a\nRUN --mount=type=ca¦', 'cache'),
    'FROM a\nRUN --mount=type=cache,',
  );
});

test('stage names after COPY --from= and in FROM; AS after the image', () => {
  assert.deepEqual(df('FROM golang AS build\nFROM node AS web\nFROM alpine\nCOPY --from=¦'), [
    'build',
    'web',
  ]);
  assert.deepEqual(df('FROM golang AS build\nFROM ¦'), ['build']);
  assert.equal(applyCompletion('dockerfile', 'FROM golang ¦', 'AS'), 'FROM golang AS name');
});

test('variables after $ and ${: ARG/ENV in scope plus predefined ARGs', () => {
  const v = df('ARG BASE=alpine\nFROM $BASE\nARG VERSION=1\nENV HOME_DIR=/srv\nRUN echo ${¦');
  assert.ok(v.includes('VERSION'));
  assert.ok(v.includes('HOME_DIR'));
  assert.ok(v.includes('TARGETPLATFORM'));
  assert.ok(v.includes('HTTP_PROXY'));
  assert.equal(
    applyCompletion('dockerfile', 'FROM a\nARG VERSION=1\nRUN echo ${VER¦', 'VERSION'),
    'FROM a\nARG VERSION=1\nRUN echo ${VERSION}',
  );
  assert.equal(
    applyCompletion('dockerfile', 'FROM a\nARG VERSION=1\nRUN echo $VER¦', 'VERSION'),
    'FROM a\nARG VERSION=1\nRUN echo $VERSION',
  );
});

test('parser directives and their values', () => {
  assert.deepEqual(df('# ¦\nFROM a').sort(), ['check=', 'escape=', 'syntax=']);
  const syntax = df('# syntax=¦\nFROM a');
  assert.ok(syntax.includes('docker/dockerfile:1'));
  assert.ok(syntax.includes('docker/dockerfile:labs'));
  const rules = df('# check=skip=¦\nFROM a');
  assert.ok(rules.includes('JSONArgsRecommended'));
  assert.ok(rules.includes('StageNameCasing'));
  assert.ok(df('# check=skip=JSONArgsRecommended,¦\nFROM a').includes('UndefinedVar'));
});

test('HEALTHCHECK forms and ONBUILD triggers', () => {
  assert.deepEqual(df('FROM a\nHEALTHCHECK --interval=5s ¦'), ['CMD', 'NONE']);
  const trig = df('FROM a\nONBUILD ¦');
  assert.ok(trig.includes('RUN'));
  assert.ok(!trig.includes('FROM'));
  assert.ok(!trig.includes('ONBUILD'));
});

test('docker commands in RUN complete like in a shell script', () => {
  assert.ok(df('FROM docker\nRUN docker ¦').includes('buildx'));
});

test('no completion inside plain arguments', () => {
  assert.deepEqual(df('FROM a\nWORKDIR /sr¦'), []);
});
