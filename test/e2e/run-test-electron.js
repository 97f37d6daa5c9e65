#!/usr/bin/env node
// `npm run test:vscode`: the extension-host suite (suite/, the same files code-server's extension
// host runs in `npm run test:e2e`) in desktop VS Code, through @vscode/test-electron's runTests.
//   npm run test:vscode                          # downloads VS Code (VSCODE_VERSION, default stable)
//   npm run test:vscode -- --vscode /path/code   # or VSCODE_EXECUTABLE=/path/code: an installed one
//   --no-build                                   # use dist/ as it is (default: npm run build first)
// Where VS Code cannot be downloaded (machines that reach only npm and Debian apt) it says so in one
// line and exits 0: nothing ran, and nothing claims to have. A given --vscode path that does not
// exist is an error (exit 2). On Linux without a display it re-runs itself under `xvfb-run -a` when
// that is installed. Ends with the suite's line "e2e: N passed, M failed"; exit 1 on any failure or
// when the suite wrote no results.
// Env: VSCODE_VERSION, VSCODE_EXECUTABLE, E2E_WORK (downloads + profile, default
//      ~/.cache/docker-inline-help-e2e), DIH_E2E_GREP / DIH_E2E_FAIL as for the suite.
const { execFileSync, spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const root = path.resolve(__dirname, '..', '..');
const argv = process.argv.slice(2);
const say = (line) => console.log(`test:vscode: ${line}`);

function option(name) {
  const i = argv.findIndex((a) => a === name || a.startsWith(`${name}=`));
  if (i < 0) return undefined;
  return argv[i].includes('=') ? argv[i].slice(name.length + 1) : argv[i + 1];
}

/** On Linux without a display, VS Code (Electron) cannot open a window: use a virtual one. */
function reRunUnderXvfb() {
  if (process.platform !== 'linux' || process.env.DISPLAY || process.env.DIH_UNDER_XVFB) return;
  if (spawnSync('xvfb-run', ['--help'], { stdio: 'ignore' }).error) {
    say('no DISPLAY and no xvfb-run: VS Code may fail to open its window');
    return;
  }
  const r = spawnSync('xvfb-run', ['-a', process.execPath, __filename, ...argv], {
    stdio: 'inherit',
    env: { ...process.env, DIH_UNDER_XVFB: '1' },
  });
  process.exit(r.status ?? 1);
}

async function main() {
  const testElectron = require('@vscode/test-electron');
  const work = process.env.E2E_WORK || path.join(os.homedir(), '.cache', 'docker-inline-help-e2e');
  const version = process.env.VSCODE_VERSION || 'stable';

  // 1. a VS Code: the one given, or a download
  let executable = option('--vscode') || process.env.VSCODE_EXECUTABLE || undefined;
  if (executable) {
    if (!fs.existsSync(executable)) {
      say(`${executable} does not exist`);
      process.exit(2);
    }
  } else {
    try {
      executable = await testElectron.downloadAndUnzipVSCode({
        version,
        cachePath: path.join(work, 'vscode-test'),
        reporter: new testElectron.SilentReporter(),
        timeout: 30000,
      });
    } catch (e) {
      const why = String((e && e.message) || e).split('\n')[0];
      say(
        `skipped, nothing ran: VS Code ${version} could not be downloaded (${why}); give an installed one with --vscode PATH or VSCODE_EXECUTABLE`,
      );
      process.exit(0);
    }
  }
  reRunUnderXvfb();

  // 2. the extension as built, a copy of examples/ as the workspace, a fresh profile
  if (!argv.includes('--no-build')) {
    execFileSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')], { stdio: 'inherit' });
  }
  if (!fs.existsSync(path.join(root, 'dist', 'extension.js'))) {
    say('dist/extension.js is missing: run npm run build');
    process.exit(2);
  }
  const run = path.join(work, 'runs', 'test-electron');
  fs.rmSync(run, { recursive: true, force: true });
  const ws = path.join(run, 'ws');
  fs.mkdirSync(path.join(run, 'user-data', 'User'), { recursive: true });
  fs.cpSync(path.join(root, 'examples'), ws, { recursive: true });
  fs.copyFileSync(
    path.join(__dirname, 'settings.json'),
    path.join(run, 'user-data', 'User', 'settings.json'),
  );
  const results = path.join(run, 'results.json');

  // 3. the suite
  say(`running the suite in ${executable}`);
  try {
    await testElectron.runTests({
      vscodeExecutablePath: executable,
      extensionDevelopmentPath: root,
      extensionTestsPath: path.join(__dirname, 'suite'),
      extensionTestsEnv: { DIH_E2E_RESULTS: results },
      launchArgs: [
        ws,
        `--user-data-dir=${path.join(run, 'user-data')}`,
        `--extensions-dir=${path.join(run, 'extensions')}`,
        '--disable-extensions',
      ],
    });
  } catch (e) {
    say(`VS Code exited with ${e && e.code !== undefined ? e.code : e}`);
  }
  if (!fs.existsSync(results)) {
    say('the suite wrote no results (it did not run to its end)');
    console.log('e2e: 0 passed, 1 failed');
    process.exit(1);
  }
  const { passed, failed } = JSON.parse(fs.readFileSync(results, 'utf8'));
  console.log(`e2e: ${passed} passed, ${failed} failed`);
  process.exit(failed === 0 && passed > 0 ? 0 : 1);
}

main().catch((e) => {
  say(String((e && e.stack) || e));
  process.exit(1);
});
