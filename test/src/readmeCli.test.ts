/**
 * Every example in the README's "Command line" section runs as printed: each `$ ` line is run by
 * a shell in examples/ (with `docker-inline-help` on PATH), and the lines printed under it must be
 * what the command prints, line for line (`...` stands for the rest of the output).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { ROOT } from './helpers';

function readmeExamples(): { command: string; expected: string[] }[] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Command line'), readme.indexOf('## Settings'));
  const block = /```console\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
  const out: { command: string; expected: string[] }[] = [];
  for (const line of block.split('\n')) {
    if (line.startsWith('$ ')) out.push({ command: line.slice(2), expected: [] });
    else if (line && out.length) out[out.length - 1].expected.push(line);
  }
  return out;
}

test('README: every command line example runs as printed, in examples/', () => {
  const bin = mkdtempSync(join(tmpdir(), 'dih-readme-'));
  const shim = join(bin, 'docker-inline-help');
  writeFileSync(
    shim,
    `#!/bin/sh\nexec "${process.execPath}" "${join(ROOT, 'bin', 'docker-inline-help.js')}" "$@"\n`,
  );
  chmodSync(shim, 0o755);
  const examples = readmeExamples();
  assert.ok(examples.length >= 8, `${examples.length} examples in the README`);
  let cwd = ROOT;
  for (const { command, expected } of examples) {
    const cd = /^cd (\S+)$/.exec(command);
    if (cd) {
      cwd = join(cwd, cd[1]);
      continue;
    }
    const r = spawnSync('sh', ['-c', command], {
      cwd,
      encoding: 'utf8',
      env: { ...process.env, PATH: `${bin}${delimiter}${process.env.PATH ?? ''}` },
    });
    assert.equal(r.status, 0, `${command}\n${r.stderr}`);
    const lines = r.stdout.replace(/\n$/, '').split('\n');
    const more = expected.indexOf('...');
    const shown = more < 0 ? expected : expected.slice(0, more);
    assert.deepEqual(lines.slice(0, shown.length), shown, command);
    if (more < 0) assert.equal(lines.length, shown.length, `${command}: the whole output`);
    else assert.ok(lines.length > shown.length, `${command}: more than the lines shown`);
  }
});
