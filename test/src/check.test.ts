/**
 * `docker-inline-help check` as a process: files and folders, every output format, exit codes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './helpers';

const BIN = join(ROOT, 'bin', 'docker-inline-help.js');
const dir = mkdtempSync(join(tmpdir(), 'dih-check-'));
const run = (...args: string[]): { code: number; out: string; err: string } => {
  const r = spawnSync(process.execPath, [BIN, 'check', ...args], { encoding: 'utf8', cwd: dir });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
};

mkdirSync(join(dir, 'api'));
mkdirSync(join(dir, 'web'));
mkdirSync(join(dir, 'node_modules', 'x'), { recursive: true });
writeFileSync(join(dir, 'api', 'Dockerfile'), 'FROM alpine as build\nMAINTAINER me\n');
writeFileSync(join(dir, 'api', '.dockerignore'), '*.env\n');
writeFileSync(join(dir, 'web', 'prod.Dockerfile'), 'FROM nginx\nCOPY --chmood=644 a b\n');
writeFileSync(join(dir, 'web', 'Dockerfile.template'), 'FROM {{ base }}\n');
writeFileSync(join(dir, 'node_modules', 'x', 'Dockerfile'), 'FROMM x\n');
writeFileSync(join(dir, 'compose.yaml'), 'services:\n  web:\n    imagee: nginx\n');
mkdirSync(join(dir, 'clean'));
writeFileSync(join(dir, 'clean', 'Containerfile'), 'FROM alpine\nCMD ["sh"]\n');

test('text: one line per finding, errors make the exit code 1', () => {
  const r = run('.');
  assert.equal(r.err, '');
  assert.equal(
    r.out,
    [
      "api/Dockerfile:1:13: warning FromAsCasing: 'as' is not written in the case of 'FROM'",
      'api/Dockerfile:2:1: warning MaintainerDeprecated: MAINTAINER is deprecated: record the image author in a label',
      'compose.yaml:3:5: warning UnknownComposeKey: Unknown key "imagee" at services.<service> (did you mean "image"?).',
      'web/prod.Dockerfile:2:6: error UnknownFlag: Unknown flag "--chmood" for COPY (did you mean --chmod?)',
      '',
    ].join('\n'),
  );
  assert.equal(r.code, 1);
});

test('exit code 0 with warnings only, 1 with --strict; a clean file prints nothing', () => {
  assert.equal(run('api').code, 0);
  assert.equal(run('--strict', 'api').code, 1);
  const clean = run('--strict', 'clean');
  assert.deepEqual([clean.code, clean.out], [0, '']);
});

test('json', () => {
  const r = run('--format', 'json', 'api/Dockerfile');
  assert.deepEqual(JSON.parse(r.out), [
    {
      file: 'api/Dockerfile',
      line: 1,
      column: 13,
      endLine: 1,
      endColumn: 15,
      severity: 'warning',
      code: 'FromAsCasing',
      message: "'as' is not written in the case of 'FROM'",
      url: 'https://docs.docker.com/reference/build-checks/from-as-casing/',
    },
    {
      file: 'api/Dockerfile',
      line: 2,
      column: 1,
      endLine: 2,
      endColumn: 11,
      severity: 'warning',
      code: 'MaintainerDeprecated',
      message: 'MAINTAINER is deprecated: record the image author in a label',
      url: 'https://docs.docker.com/reference/build-checks/maintainer-deprecated/',
    },
  ]);
});

test('sarif 2.1.0 for code scanning', () => {
  const r = run('--format=sarif', 'web');
  const s = JSON.parse(r.out) as {
    version: string;
    runs: {
      tool: { driver: { name: string; rules: { id: string; helpUri?: string }[] } };
      results: {
        ruleId: string;
        level: string;
        message: { text: string };
        locations: {
          physicalLocation: {
            artifactLocation: { uri: string };
            region: { startLine: number; startColumn: number };
          };
        }[];
      }[];
    }[];
  };
  assert.equal(s.version, '2.1.0');
  assert.equal(s.runs[0].tool.driver.name, 'docker-inline-help');
  assert.deepEqual(
    s.runs[0].tool.driver.rules.map((x) => [x.id, x.helpUri]),
    [['UnknownFlag', 'https://docs.docker.com/reference/dockerfile/']],
  );
  assert.deepEqual(
    s.runs[0].results.map((x) => [
      x.ruleId,
      x.level,
      x.message.text,
      x.locations[0].physicalLocation.artifactLocation.uri,
      x.locations[0].physicalLocation.region.startLine,
      x.locations[0].physicalLocation.region.startColumn,
    ]),
    [
      [
        'UnknownFlag',
        'error',
        'Unknown flag "--chmood" for COPY (did you mean --chmod?)',
        'web/prod.Dockerfile',
        2,
        6,
      ],
    ],
  );
  assert.equal(r.code, 1);
});

test('github: workflow annotations', () => {
  const r = run('--format', 'github', 'web', 'compose.yaml');
  assert.equal(
    r.out,
    [
      '::error file=web/prod.Dockerfile,line=2,col=6,endLine=2,endColumn=14,title=UnknownFlag::Unknown flag "--chmood" for COPY (did you mean --chmod?)',
      '::warning file=compose.yaml,line=3,col=5,endLine=3,endColumn=11,title=UnknownComposeKey::Unknown key "imagee" at services.<service> (did you mean "image"?).',
      '',
    ].join('\n'),
  );
});

test('usage errors exit 2', () => {
  const none = run();
  assert.equal(none.code, 2);
  assert.match(none.err, /check needs at least one PATH/);
  assert.equal(run('--format', 'xml', '.').code, 2);
  assert.equal(run('--fix', '.').code, 2);
  const missing = run('no/such/path');
  assert.deepEqual(
    [missing.code, missing.err],
    [2, 'docker-inline-help: cannot read no/such/path\n'],
  );
});
