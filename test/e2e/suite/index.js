// extensionTestsPath module: VS Code's extension host require()s this file and awaits run().
// Used by both ways of running the suite (see ../README.md): code-server (../exthost-run.mjs) and
// @vscode/test-electron (../run-test-electron.js).
// Env (the extension host inherits the editor's environment):
//   DIH_E2E_RESULTS  if set, a JSON file to write {passed, failed, skipped, tests:[{title, state, error}]} to
//   DIH_E2E_GREP     only run tests whose full title matches this regular expression
//   DIH_E2E_FAIL=1   add a deliberately failing test (to check that failures reach the exit code)
const fs = require('fs');
const path = require('path');
const Mocha = require('mocha');

exports.run = function run() {
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 60000, reporter: 'spec' });
  if (process.env.DIH_E2E_GREP) mocha.grep(new RegExp(process.env.DIH_E2E_GREP));
  for (const f of fs.readdirSync(__dirname).sort()) {
    if (f.endsWith('.test.js')) mocha.addFile(path.join(__dirname, f));
  }
  const results = { passed: 0, failed: 0, skipped: 0, tests: [] };
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      if (process.env.DIH_E2E_RESULTS) {
        fs.writeFileSync(process.env.DIH_E2E_RESULTS, JSON.stringify(results, null, 2));
      }
      if (failures) reject(new Error(`${failures} test(s) failed`));
      else resolve();
    });
    runner.on('pass', (t) => {
      results.passed++;
      results.tests.push({ title: t.fullTitle(), state: 'passed', ms: t.duration });
    });
    runner.on('pending', (t) => {
      results.skipped++;
      results.tests.push({ title: t.fullTitle(), state: 'skipped' });
    });
    runner.on('fail', (t, err) => {
      results.failed++;
      results.tests.push({
        title: t.fullTitle(),
        state: 'failed',
        error: String((err && err.message) || err),
      });
    });
  });
};
