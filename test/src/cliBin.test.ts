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

/** Run the CLI with text on standard input. */
const runIn = (input: string, ...args: string[]): { code: number; out: string; err: string } => {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', input });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
};

test('unknown options and languages are usage errors (exit 2) that list the valid ones', () => {
  const bogus = run('hover', join(dir, 'Dockerfile'), '7:3', '--bogus');
  assert.equal(bogus.code, 2);
  assert.equal(
    bogus.err.split('\n')[0],
    'docker-inline-help: unknown option --bogus (options: --json, --markdown, --language ID, --notes DIR, --help, --version)',
  );
  assert.equal(run('--bogus').code, 2);
  const lang = run('hover', join(dir, 'Dockerfile'), '7:3', '--language', 'docker');
  assert.equal(lang.code, 2);
  assert.equal(
    lang.err.split('\n')[0],
    'docker-inline-help: unknown language "docker" (one of: dockerfile, dockercompose, yaml, shellscript, makefile, markdown, docker-compose, yaml.docker-compose, sh, bash, zsh, make)',
  );
  assert.equal(run('hover', join(dir, 'Dockerfile'), '7:3', '--language').code, 2);
  // explain's TEXT is a command line: its flags are words of the text, not options
  assert.match(run('explain', 'docker', 'run', '-d', 'nginx').out, /^-d\s+-d, --detach: /m);
});

test('positions: 0:0 and -1:3 are the same usage error; past the end says how long the file is', () => {
  const file = join(dir, 'Dockerfile');
  for (const p of ['0:0', '-1:3', '1:0', 'x']) {
    const r = run('hover', file, p);
    assert.equal(r.code, 2, p);
    assert.equal(
      r.err,
      `docker-inline-help: position must be LINE:COL, both from 1 (as editors show them), got ${p}\n`,
    );
  }
  const past = run('hover', file, '99:1');
  assert.equal(past.code, 2);
  assert.equal(past.err, `docker-inline-help: line 99 is past the end: ${file} has 8 lines\n`);
  const wide = run('complete', file, '7:99');
  assert.equal(wide.code, 2);
  assert.equal(
    wide.err,
    'docker-inline-help: column 99 is past the end of line 7, which has 31 characters (columns 1-32)\n',
  );
  // the end of a line is a place to complete at
  assert.notEqual(run('complete', file, '7:32').code, 2);
});

test('--version and --help', () => {
  assert.deepEqual(run('--version'), { code: 0, out: 'docker-inline-help 0.1.0\n', err: '' });
  const h = run('--help');
  assert.equal(h.code, 0);
  assert.match(h.out, /^usage:\n {2}docker-inline-help hover FILE LINE:COL/);
  assert.match(h.out, /^FILE - reads the file from standard input/m);
});

test('FILE - reads standard input (with --language)', () => {
  const r = runIn(
    'FROM alpine\nENTRYPOINT ["sh"]\n',
    'hover',
    '-',
    '1:2',
    '--language',
    'dockerfile',
  );
  assert.equal(r.code, 0, r.err);
  assert.equal(
    r.out.split('\n')[0],
    'FROM — Start a new build stage from a base image (or from scratch)',
  );
  const no = runIn('FROM alpine\n', 'hover', '-', '1:2');
  assert.equal(no.code, 2);
  assert.match(no.err, /^docker-inline-help: reading standard input \(-\) needs --language ID/);
  const past = runIn('FROM alpine', 'hover', '-', '3:1', '--language', 'dockerfile');
  assert.equal(past.err, 'docker-inline-help: line 3 is past the end: standard input has 1 line\n');
});

test('complete keeps the items that fit the word before the cursor, as an editor does', () => {
  const labels = (text: string, pos: string): string[] =>
    runIn(text, 'complete', '-', pos, '--language', 'shellscript')
      .out.split('\n')
      .filter(Boolean)
      .map((l) => l.split(/\s{2,}/)[0]);
  assert.deepEqual(labels('docker run --ne\n', '1:16'), ['--network', '--network-alias']);
  assert.deepEqual(labels('docker compose u\n', '1:17'), ['up', 'unpause']);
  // nothing typed: everything that fits there
  assert.ok(labels('docker compose \n', '1:16').length > 30);
  const none = runIn('docker run --zz\n', 'complete', '-', '1:16', '--language', 'shellscript');
  assert.equal(none.code, 1);
});

test('hover prints the short card and how to read the rest; explain prints the whole note', () => {
  const card = run('hover', join(dir, 'Dockerfile'), '7:3');
  assert.equal(card.code, 0);
  const lines = card.out.replace(/\n$/, '').split('\n');
  assert.ok(lines.length <= 20, `${lines.length} lines:\n${card.out}`);
  assert.deepEqual(lines.slice(-2), [
    'More: docker-inline-help explain ENTRYPOINT',
    'Reference: https://docs.docker.com/reference/dockerfile/#entrypoint',
  ]);
  assert.doesNotMatch(card.out, /How ENTRYPOINT and CMD combine/);
  // a compose key is looked up by its path (quoted for the shell)
  assert.match(
    run('hover', join(dir, 'compose.yaml'), '6:6').out,
    /^More: docker-inline-help explain 'services\.\*\.restart'$/m,
  );
  const full = run('explain', 'ENTRYPOINT');
  assert.match(full.out, /^How ENTRYPOINT and CMD combine$/m);
  assert.ok(full.out.split('\n').length > 40);
  assert.doesNotMatch(full.out, /^More: /m);
  assert.equal(
    run('explain', 'services.*.restart').out.split('\n')[0],
    'restart (services.<service>.restart) — Restart policy when the container exits or the Docker daemon restarts',
  );
});

test('explain: the exact name and the most common meaning first; a Dockerfile line part by part', () => {
  const first = (...a: string[]): string => run('explain', ...a).out.split('\n')[0];
  assert.equal(
    first('restart'),
    'restart (services.<service>.restart) — Restart policy when the container exits or the Docker daemon restarts',
  );
  assert.equal(
    first('-p'),
    'docker run -p, --publish — Publish a container port on the host: [HOST_IP:]HOST_PORT:CONTAINER_PORT[/PROTOCOL]',
  );
  assert.equal(
    first('-P'),
    'docker run -P, --publish-all — Publish every EXPOSEd port of the image to a random free host port',
  );
  assert.match(
    run('explain', 'restart').out,
    /^ {2}services\.<service>\.depends_on\.<service>\.restart — /m,
  );
  const line = run('explain', 'RUN --mount=type=cache,target=/x make');
  assert.equal(line.code, 0);
  assert.equal(
    line.out,
    [
      'RUN                           RUN — Execute a command at build time and commit the result as a new image layer',
      '--mount=type=cache,target=/x  RUN --mount — Attach a bind, cache, tmpfs, secret or SSH mount to this RUN step only',
      'type=cache                    --mount type=cache — Persistent directory kept between builds, for package-manager and compiler caches',
      'target=/x                     --mount type=cache: target — Directory where the cache is mounted (required)',
      'make                          the command RUN executes (shell form: with /bin/sh -c)',
      '',
    ].join('\n'),
  );
});

test('plain text: tables as aligned columns, code that ends in punctuation keeps its backticks', () => {
  const out = run('explain', 'ENTRYPOINT').out;
  assert.ok(
    out.includes(
      [
        'Dockerfile                    docker run img      docker run img a b',
        '----------------------------  ------------------  ------------------',
        'ENTRYPOINT ["e", "y"]         e y                 e y a b',
      ].join('\n'),
    ),
    out,
  );
  assert.doesNotMatch(out, /^\|/m);
  assert.match(out, /^Compose equivalent: `entrypoint:`\.$/m);
});
