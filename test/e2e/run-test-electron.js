#!/usr/bin/env node
// Way (a): the same extension-host suite (suite/) in desktop VS Code, through @vscode/test-electron,
// on a machine that can download VS Code (this project's own machines cannot: see README.md).
//   npm run build
//   npm install --no-save @vscode/test-electron@3.1.0
//   node test/e2e/run-test-electron.js            # xvfb-run -a node … on a Linux box without a display
// Env: VSCODE_VERSION (default "stable"; or e.g. "1.100.3"), VSCODE_EXECUTABLE (use this VS Code
//      instead of downloading one), E2E_WORK (downloads + profile, default ~/.cache/docker-inline-help-e2e),
//      DIH_E2E_GREP / DIH_E2E_FAIL as for the suite.
const fs = require('fs');
const os = require('os');
const path = require('path');

async function main() {
  let testElectron;
  try {
    testElectron = require('@vscode/test-electron');
  } catch {
    console.error(
      '@vscode/test-electron is not installed (it is not a devDependency, on purpose):\n' +
        '  npm install --no-save @vscode/test-electron@3.1.0',
    );
    process.exit(2);
  }
  const root = path.resolve(__dirname, '..', '..');
  if (!fs.existsSync(path.join(root, 'dist', 'extension.js'))) {
    console.error('dist/extension.js is missing: run npm run build first');
    process.exit(2);
  }
  const work = process.env.E2E_WORK || path.join(os.homedir(), '.cache', 'docker-inline-help-e2e');
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

  let code = 1;
  try {
    code = await testElectron.runTests({
      version: process.env.VSCODE_VERSION || 'stable',
      vscodeExecutablePath: process.env.VSCODE_EXECUTABLE || undefined,
      cachePath: path.join(work, 'vscode-test'),
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
    console.error(`test-electron: ${e && e.message ? e.message : e}`);
  }
  let passed = 0;
  let failed;
  if (fs.existsSync(results)) ({ passed, failed } = JSON.parse(fs.readFileSync(results, 'utf8')));
  else failed = 1;
  console.log(`e2e: ${passed} passed, ${failed} failed`);
  process.exit(code === 0 && failed === 0 ? 0 : 1);
}
main();
