/**
 * `docker-inline-help convert`: a docker run line to a compose file, a compose service to a line;
 * and `hover` on a compose variable, which reads the .env next to the compose file.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './helpers';

const BIN = join(ROOT, 'bin', 'docker-inline-help.js');
const run = (...args: string[]): { code: number; out: string; err: string } => {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
};

test('convert run prints the compose file of a docker run command', () => {
  const r = run(
    'convert',
    'run',
    'docker run -d --name db -e POSTGRES_PASSWORD=example -v pgdata:/var/lib/postgresql/data postgres:16',
  );
  assert.equal(r.code, 0, r.err);
  assert.equal(
    r.out,
    [
      'services:',
      '  # docker run flags with no compose equivalent:',
      '  #   -d: Detaching is chosen when you start the project (docker compose up -d), for every service at once',
      '  db:',
      '    image: postgres:16',
      '    container_name: db',
      '    environment:',
      '      POSTGRES_PASSWORD: example',
      '    volumes:',
      '      - pgdata:/var/lib/postgresql/data',
      'volumes:',
      '  pgdata:',
      '    name: pgdata',
      '',
    ].join('\n'),
  );
  // the words of the command may also come as separate arguments
  assert.equal(
    run('convert', 'run', 'docker', 'run', 'nginx').out,
    'services:\n  nginx:\n    image: nginx\n',
  );
});

test('convert compose prints the docker run command of a service', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dih-convert-'));
  const file = join(dir, 'compose.yaml');
  writeFileSync(
    file,
    'name: demo\nservices:\n  web:\n    image: nginx\n    ports: ["8080:80"]\n    depends_on: [api]\n  api:\n    build: .\n',
  );
  const r = run('convert', 'compose', file, 'web');
  assert.equal(r.code, 0, r.err);
  assert.equal(
    r.out,
    '# compose keys with no docker run form:\n#   depends_on\ndocker run \\\n  -p 8080:80 \\\n  nginx\n',
  );
  const missing = run('convert', 'compose', file, 'nope');
  assert.equal(missing.code, 1);
  assert.match(missing.err, /no service nope in /);
});

test('convert: usage errors exit 2, nothing to convert exits 1', () => {
  assert.equal(run('convert').code, 2);
  assert.equal(run('convert', 'run').code, 2);
  assert.equal(run('convert', 'compose', 'only-a-file.yaml').code, 2);
  assert.equal(run('convert', 'compose', '/nonexistent/compose.yaml', 'web').code, 2);
  const notRun = run('convert', 'run', 'docker ps -a');
  assert.equal(notRun.code, 1);
  assert.equal(
    notRun.err,
    'docker-inline-help: not a docker run or docker create command with an image\n',
  );
});

test('hover on ${VAR} in a compose file reads the .env next to it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dih-env-'));
  const file = join(dir, 'compose.yaml');
  writeFileSync(file, 'services:\n  web:\n    image: "nginx:${TAG:-stable}"\n');
  const before = run('hover', file, '3:24');
  assert.equal(before.code, 0, before.err);
  assert.match(before.out, /^Value: stable \(the default: TAG is not set in \.env\)$/m);
  writeFileSync(join(dir, '.env'), 'TAG=1.27-alpine\n');
  assert.match(run('hover', file, '3:24').out, /^Value: 1\.27-alpine \(TAG on line 1 of \.env\)$/m);
});
