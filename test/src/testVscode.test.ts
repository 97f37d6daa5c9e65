/**
 * `npm run test:vscode` (test/e2e/run-test-electron.js) says what it did: without a VS Code to
 * download it says so in one line and exits 0 without claiming a run; a --vscode path that does
 * not exist is an error; with a VS Code it hands @vscode/test-electron the repository as the
 * extension, test/e2e/suite as the tests and a copy of examples/ as the workspace, and a run that
 * leaves no results fails. A stand-in executable plays VS Code (no VS Code is installed here).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './helpers';

const RUNNER = join(ROOT, 'test', 'e2e', 'run-test-electron.js');

function runner(
  args: string[],
  env: Record<string, string>,
): { status: number | null; lines: string[] } {
  const parent = { ...process.env };
  delete parent.VSCODE_EXECUTABLE;
  const r = spawnSync(process.execPath, [RUNNER, '--no-build', ...args], {
    encoding: 'utf8',
    timeout: 60000,
    // DIH_UNDER_XVFB: no re-run under xvfb-run (the stand-in needs no display)
    env: { ...parent, DIH_UNDER_XVFB: '1', ...env },
  });
  return { status: r.status, lines: r.stdout.split('\n').filter(Boolean) };
}

test('test:vscode without a VS Code to download: one line, exit 0, nothing claimed', () => {
  const work = mkdtempSync(join(tmpdir(), 'dih-test-vscode-'));
  try {
    // a proxy that refuses: the download fails the same way on every machine
    const r = runner([], { E2E_WORK: work, npm_config_https_proxy: 'http://127.0.0.1:1' });
    assert.equal(r.status, 0);
    assert.equal(r.lines.length, 1, r.lines.join('\n'));
    assert.match(
      r.lines[0],
      /^test:vscode: skipped, nothing ran: VS Code stable could not be downloaded \(.+\); give an installed one with --vscode PATH or VSCODE_EXECUTABLE$/,
    );
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});

test('test:vscode --vscode PATH that does not exist is an error', () => {
  const r = runner(['--vscode', '/nonexistent/code'], {});
  assert.equal(r.status, 2);
  assert.deepEqual(r.lines, ['test:vscode: /nonexistent/code does not exist']);
});

test('test:vscode with a VS Code: the suite runs with the repository as the extension; no results is a failure', () => {
  const work = mkdtempSync(join(tmpdir(), 'dih-test-vscode-'));
  try {
    // the stand-in records how it was started and writes what the suite would (or nothing)
    const code = join(work, 'code');
    writeFileSync(
      code,
      [
        `#!${process.execPath}`,
        "const fs = require('fs');",
        `fs.writeFileSync(${JSON.stringify(join(work, 'args.json'))}, JSON.stringify(process.argv.slice(2)));`,
        'if (process.env.STAND_IN_RESULTS) fs.writeFileSync(process.env.DIH_E2E_RESULTS, process.env.STAND_IN_RESULTS);',
        '',
      ].join('\n'),
    );
    chmodSync(code, 0o755);
    const ran = runner(['--vscode', code], {
      E2E_WORK: work,
      STAND_IN_RESULTS: JSON.stringify({ passed: 11, failed: 0, skipped: 0, tests: [] }),
    });
    assert.equal(ran.status, 0, ran.lines.join('\n'));
    assert.equal(ran.lines.at(-1), 'e2e: 11 passed, 0 failed');
    const args = JSON.parse(readFileSync(join(work, 'args.json'), 'utf8')) as string[];
    const ws = join(work, 'runs', 'test-electron', 'ws');
    assert.equal(args[0], ws, 'the workspace is the first argument');
    for (const a of [
      `--extensionTestsPath=${join(ROOT, 'test', 'e2e', 'suite')}`,
      `--extensionDevelopmentPath=${ROOT}`,
      `--user-data-dir=${join(work, 'runs', 'test-electron', 'user-data')}`,
      '--disable-extensions',
    ]) {
      assert.ok(args.includes(a), `${a} in ${args.join(' ')}`);
    }
    assert.equal(
      readFileSync(join(ws, 'Dockerfile'), 'utf8'),
      readFileSync(join(ROOT, 'examples', 'Dockerfile'), 'utf8'),
    );

    const none = runner(['--vscode', code], { E2E_WORK: work, STAND_IN_RESULTS: '' });
    assert.equal(none.status, 1);
    assert.deepEqual(none.lines.slice(-2), [
      'test:vscode: the suite wrote no results (it did not run to its end)',
      'e2e: 0 passed, 1 failed',
    ]);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});
