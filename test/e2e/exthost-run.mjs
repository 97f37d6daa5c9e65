// Runs the mocha suite (suite/index.js) inside code-server's Node extension host, the way VS Code's
// own browser integration tests do: the workbench is opened with a `payload` that names
// extensionDevelopmentPath and extensionTestsPath as vscode-remote:// URIs. The extension host loads
// the extension from that folder, require()s the suite and awaits its run(); the workbench then calls
// window.codeAutomationExit(code). The suite's console output (mocha's spec reporter) arrives through
// window.codeAutomationLog(type, args). Both are playwright exposeFunction()s.
// Env: CS_URL, WS_DIR (workspace folder), EXT_DEV (unpacked extension), EXT_TESTS (suite folder),
//      E2E_TOOLS (folder with node_modules/playwright-core), CHROMIUM, TIMEOUT_MS (default 240000)
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import util from 'node:util';

const { CS_URL, WS_DIR, EXT_DEV, EXT_TESTS, E2E_TOOLS } = process.env;
for (const [k, v] of Object.entries({ CS_URL, WS_DIR, EXT_DEV, EXT_TESTS, E2E_TOOLS }))
  if (!v) throw new Error(`${k} is required`);
const { chromium } = createRequire(path.join(E2E_TOOLS, 'package.json'))('playwright-core');
const TIMEOUT_MS = Number(process.env.TIMEOUT_MS ?? 240000);
const t0 = Date.now();
const log = (...a) => console.log(`[exthost ${((Date.now() - t0) / 1000).toFixed(1)}s]`, ...a);

const host = new URL(CS_URL).host; // the remote authority is the page's host:port
const remote = (p) => `vscode-remote://${host}${p}`;
const payload = JSON.stringify([
  ['extensionDevelopmentPath', remote(EXT_DEV)],
  ['extensionTestsPath', remote(EXT_TESTS)],
  ['skipWelcome', 'true'],
]);
const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dih-chromium-'));
const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});
let code;
try {
  const page = context.pages()[0] ?? (await context.newPage());
  let done;
  const exited = new Promise((r) => (done = r));
  await page.exposeFunction('codeAutomationLog', (type, args) => {
    const line = util.format(...(Array.isArray(args) ? args : [args]));
    // skip the workbench's own chatter (no gallery here, service worker, caches)
    if (
      /Creating a socket|connection token|ENOTFOUND|open-vsx|Service Worker|builtin extensions cache|ChatSessionStore/.test(
        line,
      )
    )
      return;
    console.log(line.replace(/\n$/, ''));
  });
  await page.exposeFunction('codeAutomationExit', (c) => done(c));
  page.on('pageerror', (e) => log(`pageerror: ${e.message}`));
  log('opening the workbench with the test payload');
  await page.goto(
    `${CS_URL}/?folder=${encodeURIComponent(WS_DIR)}&payload=${encodeURIComponent(payload)}`,
  );
  code = await Promise.race([
    exited,
    new Promise((r) => setTimeout(() => r('timeout'), TIMEOUT_MS)),
  ]);
} finally {
  await context.close().catch(() => {});
  fs.rmSync(userDataDir, { recursive: true, force: true });
}
log(`codeAutomationExit: ${code}`);
process.exit(code === 0 ? 0 : 1);
