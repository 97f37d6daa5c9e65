/**
 * F5 works: the launch configuration a contributor runs in VS Code points at what the build makes,
 * and the server starts the way "Run Extension" starts it, with the inspector "Attach to Server"
 * attaches to.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { INSPECT_ENV, serverExecArgv } from '../../client/out/serverOptions';
import { ROOT } from './helpers';

interface LaunchConfig {
  name: string;
  type: string;
  request: string;
  args?: string[];
  outFiles?: string[];
  preLaunchTask?: string;
  env?: Record<string, string>;
  port?: number;
}
const read = <T>(p: string): T => JSON.parse(readFileSync(join(ROOT, p), 'utf8')) as T;
const resolve = (s: string): string => s.replace(/\$\{workspaceFolder\}/g, ROOT);

test('.vscode/launch.json: Run Extension loads the built extension on examples/', () => {
  const launch = read<{
    configurations: LaunchConfig[];
    compounds: { configurations: string[] }[];
  }>('.vscode/launch.json');
  const run = launch.configurations.find((c) => c.name === 'Run Extension');
  assert.ok(run);
  assert.equal(run.type, 'extensionHost');
  assert.deepEqual(run.args?.map(resolve), [
    `--extensionDevelopmentPath=${ROOT}`,
    join(ROOT, 'examples'),
  ]);
  // the development path's manifest names the bundle the build writes
  const manifest = read<{ main: string; scripts: Record<string, string> }>('package.json');
  assert.equal(manifest.main, './dist/extension.js');
  assert.ok(
    existsSync(join(ROOT, 'dist', 'extension.js')),
    'npm run build writes dist/extension.js',
  );
  assert.ok(existsSync(join(ROOT, 'examples', 'Dockerfile')));
  assert.deepEqual(run.outFiles, ['${workspaceFolder}/dist/**/*.js']);
  // the pre-launch task exists and runs the watch build
  const tasks = read<{ tasks: { label: string; type: string; script?: string }[] }>(
    '.vscode/tasks.json',
  );
  const task = tasks.tasks.find((t) => t.label === run.preLaunchTask);
  assert.ok(task, `task ${run.preLaunchTask}`);
  assert.equal(manifest.scripts[task.script ?? ''], 'node scripts/build.mjs --watch');
  // Attach to Server attaches where Run Extension's server listens
  const attach = launch.configurations.find((c) => c.name === 'Attach to Server');
  assert.ok(attach);
  assert.equal(String(attach.port), run.env?.[INSPECT_ENV]);
  assert.deepEqual(launch.compounds[0].configurations, ['Run Extension', 'Attach to Server']);
});

test('the server starts with the inspector when DOCKER_INLINE_HELP_INSPECT is set', async () => {
  // the command line the client runs under F5 (port 0 here: any free port, to run beside an editor)
  const execArgv = serverExecArgv({ [INSPECT_ENV]: '6009' }).map((a) =>
    a === '--inspect=127.0.0.1:6009' ? '--inspect=127.0.0.1:0' : a,
  );
  assert.equal(execArgv.length, 4);
  const child = spawn(process.execPath, [...execArgv, join(ROOT, 'dist', 'server.js'), '--stdio'], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  try {
    const listening = await new Promise<string>((resolvePromise, reject) => {
      let err = '';
      const hang = setTimeout(() => reject(new Error(`no inspector: ${err}`)), 30_000);
      child.stderr.on('data', (d: Buffer) => {
        err += d.toString();
        const m = /Debugger listening on (ws:\/\/127\.0\.0\.1:\d+\/\S+)/.exec(err);
        if (m) {
          clearTimeout(hang);
          resolvePromise(m[1]);
        }
      });
    });
    assert.match(listening, /^ws:\/\/127\.0\.0\.1:\d+\//);
  } finally {
    child.kill();
  }
});

test('.vscode/launch.json: Run Web Extension runs the browser build in the web worker extension host', () => {
  const launch = read<{ configurations: LaunchConfig[] }>('.vscode/launch.json');
  const web = launch.configurations.find((c) => c.name === 'Run Web Extension');
  assert.ok(web);
  assert.equal(web.type, 'extensionHost');
  assert.deepEqual(web.args?.map(resolve), [
    `--extensionDevelopmentPath=${ROOT}`,
    '--extensionDevelopmentKind=web',
    join(ROOT, 'examples'),
  ]);
  const manifest = read<{ browser: string }>('package.json');
  assert.equal(manifest.browser, './dist/browser/extension.js');
  for (const f of ['extension.js', 'server.js']) {
    assert.ok(
      existsSync(join(ROOT, 'dist', 'browser', f)),
      `npm run build writes dist/browser/${f}`,
    );
  }
});
