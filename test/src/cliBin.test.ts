import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './helpers';

const BIN = join(ROOT, 'bin', 'docker-inline-help.js');
const run = (...args: string[]): { code: number; out: string; err: string } => {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
};

const dir = mkdtempSync(join(tmpdir(), 'dih-cli-'));
writeFileSync(
  join(dir, 'Dockerfile'),
  '# syntax=docker/dockerfile:1\nFROM python:3.12-slim AS base\nWORKDIR /app\nCOPY requirements.txt .\nRUN --mount=type=cache,target=/root/.cache/pip pip install -r requirements.txt\nCOPY . .\nENTRYPOINT ["python", "app.py"]\n',
);
writeFileSync(
  join(dir, 'compose.yaml'),
  'services:\n  web:\n    build: .\n    ports:\n      - "8000:8000"\n    restart: unless-stopped\n',
);
writeFileSync(join(dir, 'deploy.sh'), '#!/bin/sh\ndocker run -d -p 80:80 --name web nginx\n');

test('hover FILE LINE:COL prints plain text (1-based positions)', () => {
  const r = run('hover', join(dir, 'Dockerfile'), '7:3');
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /^ENTRYPOINT — Fixed executable a container runs/);
  const m = run('hover', join(dir, 'Dockerfile'), '5:22');
  assert.match(m.out, /^--mount type=cache — /);
  const c = run('hover', join(dir, 'compose.yaml'), '6:6');
  assert.match(c.out, /^restart \(services\.<service>\.restart\) — /);
  const s = run('hover', join(dir, 'deploy.sh'), '2:16');
  assert.match(s.out, /^docker run -p, --publish — /);
});

test('--json prints the LSP hover; nothing found exits 1', () => {
  const r = run('hover', join(dir, 'Dockerfile'), '3:2', '--json');
  const h = JSON.parse(r.out) as {
    contents: { kind: string; value: string };
    range: { start: { line: number } };
  };
  assert.equal(h.contents.kind, 'markdown');
  assert.match(h.contents.value, /^\*\*WORKDIR\*\*/);
  assert.equal(h.range.start.line, 2);
  assert.equal(run('hover', join(dir, 'Dockerfile'), '8:1').code, 1);
});

test('complete FILE LINE:COL lists labels with their summaries', () => {
  writeFileSync(join(dir, 'c.yaml'), 'services:\n  web:\n    image: x\n    \n');
  const r = run('complete', join(dir, 'c.yaml'), '4:5', '--language', 'dockercompose');
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /^networks\s+Networks the service/m);
  const j = JSON.parse(
    run('complete', join(dir, 'c.yaml'), '4:5', '--language', 'dockercompose', '--json').out,
  ) as { items: { label: string }[] };
  assert.ok(j.items.some((i) => i.label === 'depends_on'));
});

test('explain TEXT breaks a command down, or explains a keyword', () => {
  const r = run('explain', 'docker run -d -p 80:80 --name web nginx');
  assert.equal(r.code, 0);
  assert.match(r.out, /^docker\s+The Docker CLI/m);
  assert.match(r.out, /^80:80\s+value of --publish — Host port 80 \(left side\)/m);
  assert.match(r.out, /^nginx\s+IMAGE argument of docker run$/m);
  const k = run('explain', 'HEALTHCHECK');
  assert.match(k.out, /^HEALTHCHECK — /);
  const j = JSON.parse(run('explain', 'docker ps -a', '--json').out) as {
    kind: string;
    rows: { text: string }[];
  };
  assert.equal(j.kind, 'command');
  assert.equal(run('explain', 'zzz-unknown').code, 1);
});

test('usage errors exit 2 with a message; --notes loads user notes', () => {
  const bad = run('hover', join(dir, 'Dockerfile'), 'x');
  assert.equal(bad.code, 2);
  assert.match(bad.err, /position must be LINE:COL/);
  const notes = join(dir, 'notes');
  mkdirSync(notes);
  writeFileSync(
    join(notes, 'workdir.md'),
    '---\nkind: dockerfile-instruction\nname: WORKDIR\nsummary: Team rule - always use absolute paths\n---\nOur house style.\n',
  );
  const r = run('hover', join(dir, 'Dockerfile'), '3:2', '--notes', notes);
  assert.match(r.out, /^WORKDIR — Team rule - always use absolute paths/);
  assert.match(
    execFileSync(process.execPath, [BIN, '--help'], { encoding: 'utf8' }),
    /docker-inline-help hover FILE LINE:COL/,
  );
});

test('a reader that stops early (| head -1) ends the output quietly', () => {
  // many completion lines (more than a pipe buffer holds), read through a shell pipe into `head -1`, which closes the pipe early
  const lines = Array.from({ length: 3000 }, (_, i) => `FROM alpine AS stage${i}`).join('\n');
  writeFileSync(join(dir, 'Dockerfile.many'), `${lines}\nCOPY --from= /a /b\n`);
  const r = spawnSync(
    'sh',
    [
      '-c',
      `"${process.execPath}" "${BIN}" complete "${join(dir, 'Dockerfile.many')}" 3001:13 | head -1`,
    ],
    { encoding: 'utf8' },
  );
  assert.match(r.stdout, /^stage0 +build stage \(FROM alpine, line 1\)\n/);
  assert.doesNotMatch(r.stderr, /EPIPE|Error/);
});

test('the bins load their bundle with a code cache, and a cache V8 rejects changes nothing', () => {
  const loader = join(ROOT, 'bin', 'load-bundle.js');
  const work = mkdtempSync(join(tmpdir(), 'dih-cache-'));
  const bundle = join(work, 'bundle.js');
  writeFileSync(
    bundle,
    "const path = require('path');\nmodule.exports = { answer: 42, dir: path.basename(__dirname) === require('path').basename(" +
      JSON.stringify(work) +
      ') };\n',
  );
  const load = (extra: Record<string, string> = {}): { out: string; code: number } => {
    const r = spawnSync(
      process.execPath,
      [
        '-e',
        `process.stdout.write(JSON.stringify(require(${JSON.stringify(loader)}).loadBundle(${JSON.stringify(bundle)}, { writeCache: !!process.env.W })))`,
      ],
      { encoding: 'utf8', env: { ...process.env, ...extra } },
    );
    return { out: r.stdout, code: r.status ?? -1 };
  };
  // no cache yet; then one written at exit; then read back
  assert.deepEqual(load(), { out: '{"answer":42,"dir":true}', code: 0 });
  assert.deepEqual(load({ W: '1' }), { out: '{"answer":42,"dir":true}', code: 0 });
  assert.ok(readFileSync(`${bundle}.cache`).length > 0);
  assert.deepEqual(load(), { out: '{"answer":42,"dir":true}', code: 0 });
  // a cache from elsewhere (here: junk) is rejected by V8 and the bundle runs as usual
  writeFileSync(`${bundle}.cache`, 'not a code cache');
  assert.deepEqual(load(), { out: '{"answer":42,"dir":true}', code: 0 });
  // the build wrote the caches of both bins' bundles
  assert.ok(readFileSync(join(ROOT, 'dist', 'server.js.cache')).length > 100_000);
  assert.ok(readFileSync(join(ROOT, 'dist', 'cli.js.cache')).length > 100_000);
});
