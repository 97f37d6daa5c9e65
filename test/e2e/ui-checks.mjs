// What a person sees: drives code-server (VS Code in the browser, with the .vsix installed) with
// playwright-core and Debian's chromium, using the mouse and the keyboard, and reads the DOM:
//   1. Dockerfile: hover ENTRYPOINT -> .monaco-hover-content mentions ENTRYPOINT and CMD
//   2. compose.yaml: new line under a service, Ctrl+Space -> `networks` in the suggest widget
//   3. compose.stack.yaml (empty): type the snippet prefix, accept -> the voting-app stack is in the file
//   4. compose.yaml: F12 on the `db` of a depends_on list -> the cursor is on the service `db:`
//   5. deploy.sh: hover -p of `docker run -p 80:80 nginx` -> mentions publish
// Screenshots: OUT_DIR/{dockerfile-hover,compose-completion,compose-snippet,compose-definition,
// shell-hover}.png.
// Env: CS_URL, WS_DIR (the workspace code-server opened; compose.stack.yaml must exist, empty),
//      OUT_DIR, RESULTS (JSON file for the results), E2E_TOOLS (node_modules/playwright-core),
//      CHROMIUM, DIH_E2E_FAIL=1 (adds a failing check).
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const { CS_URL, WS_DIR, OUT_DIR, RESULTS, E2E_TOOLS } = process.env;
for (const [k, v] of Object.entries({ CS_URL, WS_DIR, OUT_DIR, E2E_TOOLS }))
  if (!v) throw new Error(`${k} is required`);
const { chromium } = createRequire(path.join(E2E_TOOLS, 'package.json'))('playwright-core');
fs.mkdirSync(OUT_DIR, { recursive: true });
const FAIL_DIR = RESULTS ? path.dirname(RESULTS) : OUT_DIR;

const t0 = Date.now();
const log = (...a) => console.log(`[ui ${((Date.now() - t0) / 1000).toFixed(1)}s]`, ...a);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Retry `attempt(n)` (returns a value, or null to retry) until non-null or the deadline passes. */
async function retry(what, attempt, { timeoutMs = 60000, pauseMs = 300 } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (let n = 1; ; n++) {
    const v = await attempt(n).catch((e) => {
      log(`${what}: attempt ${n}: ${String(e.message).split('\n')[0]}`);
      return null;
    });
    if (v != null) {
      if (n > 1) log(`${what}: ok after ${n} attempts`);
      return v;
    }
    if (Date.now() > deadline)
      throw new Error(`${what}: gave up after ${n} attempts (${timeoutMs / 1000}s)`);
    await sleep(pauseMs);
  }
}

const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dih-chromium-'));
const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  viewport: { width: 1280, height: 800 },
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
const page = context.pages()[0] ?? (await context.newPage());
const consoleErrors = [];
page.on('console', (m) => {
  if (m.type() === 'error' && !/open-vsx|ENOTFOUND|vsda|404 \(Not Found\)/.test(m.text()))
    consoleErrors.push(m.text());
});
const results = { passed: 0, failed: 0, tests: [] };

async function check(title, fn) {
  const start = Date.now();
  try {
    await fn();
    results.passed++;
    results.tests.push({ title, state: 'passed', ms: Date.now() - start });
    log(`PASS ${title} (${((Date.now() - start) / 1000).toFixed(1)}s)`);
  } catch (e) {
    results.failed++;
    results.tests.push({ title, state: 'failed', error: String(e && e.message ? e.message : e) });
    log(`FAIL ${title}: ${e && e.stack ? e.stack : e}`);
    const shot = path.join(FAIL_DIR, `failure-${title.replace(/[^\w]+/g, '-').slice(0, 60)}.png`);
    await page.screenshot({ path: shot }).catch(() => {});
    log(`  screenshot: ${shot}`);
  } finally {
    await page.keyboard.press('Escape').catch(() => {});
  }
}

const editor = '.editor-group-container.active .monaco-editor';
const visibleHover = page.locator('.monaco-hover:not(.hidden) .monaco-hover-content');

/** Open a top-level workspace file: click it in the explorer, fall back to Quick Open (Ctrl+P). */
async function openFile(name, expectedMode) {
  const exact = new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
  await retry(
    `open ${name}`,
    async (n) => {
      await page.keyboard.press('Escape');
      if (n % 2 === 1) {
        await page
          .locator('.explorer-folders-view .monaco-list-row', { hasText: exact })
          .first()
          .click({ timeout: 5000 });
      } else {
        await page.keyboard.press('Control+P');
        const input = page.locator('.quick-input-widget input.input');
        await input.waitFor({ state: 'visible', timeout: 5000 });
        await input.fill(name);
        await page
          .locator('.quick-input-list .monaco-list-row .label-name', { hasText: exact })
          .first()
          .waitFor({ timeout: 10000 });
        await page.keyboard.press('Enter');
      }
      await page
        .locator('.tabs-container .tab.active', { hasText: name })
        .waitFor({ timeout: 5000 });
      await page.locator(`${editor} .view-lines`).waitFor({ timeout: 5000 });
      return true;
    },
    { timeoutMs: 45000 },
  );
  // The status bar names the language; right after opening it can say "Plain Text" for a few
  // seconds while the built-in language contributions load.
  let mode = '?';
  await retry(
    `${name} language mode`,
    async () => {
      mode = (await page.locator('[id="status.editor.mode"]').innerText({ timeout: 2000 })).trim();
      return expectedMode.test(mode) ? mode : null;
    },
    { timeoutMs: 30000 },
  ).catch(() => {
    throw new Error(`${name}: status bar language stayed "${mode}", expected ${expectedMode}`);
  });
  log(`opened ${name} (${mode})`);
}

/**
 * Page coordinates of character k of `target` on the rendered editor line containing `lineText`
 * (a DOM Range over the text node, so no guessing of character widths). Null while not rendered.
 */
async function charPoint(lineText, target, k = 1) {
  return page.evaluate(
    ({ sel, lineText, target, k }) => {
      const norm = (s) => s.replace(/\u00a0/g, ' ');
      for (const line of document.querySelectorAll(`${sel} .view-lines .view-line`)) {
        const text = norm(line.textContent || '');
        const i = text.indexOf(lineText);
        if (i < 0) continue;
        const j = text.indexOf(target, i);
        if (j < 0) return null;
        const off = j + k;
        const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
        let pos = 0;
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          const len = n.textContent.length;
          if (off < pos + len) {
            const r = document.createRange();
            r.setStart(n, off - pos);
            r.setEnd(n, off - pos + 1);
            const b = r.getBoundingClientRect();
            if (!b.width) return null;
            return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
          }
          pos += len;
        }
      }
      return null;
    },
    { sel: editor, lineText, target, k },
  );
}

/** Hover a word (mouse on odd attempts, Ctrl+K Ctrl+I on even ones) until the hover shows `expect`. */
async function hoverUntil(what, lineText, target, k, expect) {
  return retry(
    what,
    async (n) => {
      const p = await charPoint(lineText, target, k);
      if (!p) return null;
      await page.keyboard.press('Escape');
      if (n % 2 === 1) {
        await page.mouse.move(p.x + 300, p.y + 250); // move away first so that a new hover is computed
        await page.mouse.move(p.x, p.y, { steps: 5 });
      } else {
        await page.mouse.click(p.x, p.y);
        await page.keyboard.press('Control+K');
        await page.keyboard.press('Control+I'); // editor.action.showHover
      }
      // a hover asked for before the language server is up shows nothing: retry
      await visibleHover.filter({ hasText: expect }).first().waitFor({ timeout: 3000 });
      return (await visibleHover.first().innerText()).trim();
    },
    { timeoutMs: 60000 },
  );
}

/** Wait until the visible hover has finished fading in (a screenshot mid-animation is see-through). */
async function hoverSettled() {
  await page
    .waitForFunction(
      () => {
        const h = document.querySelector('.monaco-hover:not(.hidden)');
        return (
          !!h &&
          h.getAnimations({ subtree: true }).every((a) => a.playState !== 'running') &&
          getComputedStyle(h).opacity === '1'
        );
      },
      null,
      { timeout: 3000 },
    )
    .catch(() => {});
  await sleep(150);
}

/** Current labels of the suggest widget's rendered rows. */
async function suggestLabels() {
  return page
    .locator(`${editor} .suggest-widget.visible .monaco-list-row .label-name`)
    .allInnerTexts();
}

try {
  log(`opening ${CS_URL} on ${WS_DIR}`);
  await page.goto(`${CS_URL}/?folder=${encodeURIComponent(WS_DIR)}`);
  await page.locator('.monaco-workbench').waitFor({ timeout: 60000 });
  await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 60000 });
  log('workbench ready');

  await check('Dockerfile: hovering ENTRYPOINT shows its help (ENTRYPOINT, CMD)', async () => {
    await openFile('Dockerfile', /^Docker/);
    const text = await hoverUntil(
      'Dockerfile hover',
      'ENTRYPOINT [',
      'ENTRYPOINT',
      3,
      'ENTRYPOINT',
    );
    log(`hover text: ${JSON.stringify(text.slice(0, 300))}…`);
    if (!/ENTRYPOINT/.test(text) || !/\bCMD\b/.test(text))
      throw new Error(`hover text lacks ENTRYPOINT/CMD: ${text.slice(0, 500)}`);
    await hoverSettled();
    await page.screenshot({ path: path.join(OUT_DIR, 'dockerfile-hover.png') });
  });

  await check('compose.yaml: Ctrl+Space under a service lists networks', async () => {
    await openFile('compose.yaml', /^Compose/);
    const p = await retry('compose line', () => charPoint('image: redis', 'image', 1), {
      timeoutMs: 10000,
    });
    await page.mouse.click(p.x, p.y);
    await page.keyboard.press('End');
    await page.keyboard.press('Enter'); // auto-indent keeps the service's indentation
    await page.keyboard.type('netw');
    const labels = await retry(
      'suggest networks',
      async () => {
        await page.keyboard.press('Escape');
        await page.keyboard.press('Control+Space'); // editor.action.triggerSuggest
        await page
          .locator(`${editor} .suggest-widget.visible .monaco-list-row`)
          .first()
          .waitFor({ timeout: 3000 });
        const all = await suggestLabels();
        return all.includes('networks') ? all : null; // not there yet: the server may still be starting
      },
      { timeoutMs: 60000 },
    );
    log(`suggest rows: ${JSON.stringify(labels)}`);
    // focus `networks` and open its details (Ctrl+Space again) so that the screenshot shows them
    const focused = page.locator(
      `${editor} .suggest-widget.visible .monaco-list-row.focused .label-name`,
    );
    for (
      let i = 0;
      i < 10 && (await focused.innerText({ timeout: 1000 }).catch(() => '')) !== 'networks';
      i++
    ) {
      await page.keyboard.press('ArrowDown');
    }
    const details = page.locator(
      '.suggest-details-container .suggest-details:visible, .suggest-widget.docs-side .details:visible',
    );
    if (!(await details.count())) await page.keyboard.press('Control+Space');
    await details
      .first()
      .waitFor({ timeout: 3000 })
      .catch(() => log('suggest details did not open (screenshot without them)'));
    const aria = await page
      .locator(`${editor} .suggest-widget.visible .monaco-list-row.focused`)
      .getAttribute('aria-label')
      .catch(() => null);
    log(`focused row: ${JSON.stringify(aria)}`);
    await sleep(200);
    await page.screenshot({ path: path.join(OUT_DIR, 'compose-completion.png') });
    await page.keyboard.press('Escape');
    // leave the file as it was
    for (let i = 0; i < 3; i++) await page.keyboard.press('Control+Z');
  });

  await check(
    'compose.stack.yaml: typing compose-voting-app and accepting inserts the voting-app stack',
    async () => {
      const file = path.join(WS_DIR, 'compose.stack.yaml');
      if (fs.readFileSync(file, 'utf8') !== '')
        throw new Error('compose.stack.yaml is not empty at the start');
      await openFile('compose.stack.yaml', /^Compose/);
      await page.locator(`${editor} .view-lines`).click();
      await page.keyboard.type('compose-vot');
      const row = page
        .locator(`${editor} .suggest-widget.visible .monaco-list-row`, {
          hasText: 'compose-voting-app',
        })
        .first();
      await retry(
        'snippet suggestion',
        async () => {
          if (!(await row.isVisible())) {
            await page.keyboard.press('Escape');
            await page.keyboard.press('Control+Space');
          }
          await row.waitFor({ timeout: 3000 });
          return true;
        },
        { timeoutMs: 30000 },
      );
      log(`snippet row: ${JSON.stringify(await row.getAttribute('aria-label'))}`);
      await row.click(); // accept: the same as Enter on the focused row
      await page.keyboard.press('Escape'); // leave snippet mode (placeholders)
      await page.keyboard.press('Control+S');
      const text = await retry(
        'snippet saved',
        async () => {
          const t = fs.readFileSync(file, 'utf8');
          return t.includes('vote:') ? t : null;
        },
        { timeoutMs: 15000 },
      );
      for (const s of [
        'services:',
        'redis:',
        'db:',
        'vote:',
        '5000:80',
        'worker:',
        'result:',
        '5001:80',
      ]) {
        if (!text.includes(s)) throw new Error(`"${s}" missing from the inserted stack:\n${text}`);
      }
      await page.keyboard.press('Control+Home');
      await page.screenshot({ path: path.join(OUT_DIR, 'compose-snippet.png') });
    },
  );

  await check('compose.yaml: F12 on a depends_on entry opens the service', async () => {
    await openFile('compose.yaml', /^Compose/);
    const selection = page.locator('[id="status.editor.selection"]');
    await retry(
      'F12 on depends_on db',
      async () => {
        const p = await charPoint('      - db', 'db', 1);
        if (!p) return null;
        await page.mouse.click(p.x, p.y);
        await page.keyboard.press('F12'); // editor.action.revealDefinition
        // `  db:` is line 8: the cursor lands on the service's name
        await selection.filter({ hasText: /Ln 8, Col 3/ }).waitFor({ timeout: 3000 });
        return true;
      },
      { timeoutMs: 60000 },
    );
    log(`after F12: ${await selection.innerText()}`);
    // the occurrences of db are highlighted (documentHighlight) once the cursor rests there
    await page
      .locator(`${editor} .cdr.wordHighlightStrong, ${editor} .cdr.wordHighlight`)
      .first()
      .waitFor({ timeout: 5000 })
      .catch(() => log('no word highlight seen (screenshot without it)'));
    await sleep(300);
    await page.screenshot({ path: path.join(OUT_DIR, 'compose-definition.png') });
  });

  await check('deploy.sh: hovering -p of docker run shows publish', async () => {
    await openFile('deploy.sh', /^Shell Script/);
    const text = await hoverUntil('shell hover', 'docker run -p 80:80 nginx', '-p', 1, /publish/i);
    log(`hover text: ${JSON.stringify(text.slice(0, 300))}…`);
    if (!/publish/i.test(text))
      throw new Error(`hover text lacks "publish": ${text.slice(0, 500)}`);
    await hoverSettled();
    await page.screenshot({ path: path.join(OUT_DIR, 'shell-hover.png') });
  });

  if (process.env.DIH_E2E_FAIL === '1') {
    await check('deliberate failure (DIH_E2E_FAIL=1)', async () => {
      throw new Error('deliberate failure');
    });
  }
} catch (e) {
  results.failed++;
  results.tests.push({
    title: 'workbench',
    state: 'failed',
    error: String(e && e.message ? e.message : e),
  });
  log(`FAIL workbench: ${e && e.stack ? e.stack : e}`);
  await page.screenshot({ path: path.join(FAIL_DIR, 'failure-workbench.png') }).catch(() => {});
} finally {
  await context.close().catch(() => {});
  fs.rmSync(userDataDir, { recursive: true, force: true });
}
if (consoleErrors.length) {
  log(`browser console errors: ${consoleErrors.length}`);
  for (const e of consoleErrors.slice(0, 8)) log(`  ${e.split('\n')[0].slice(0, 200)}`);
}
if (RESULTS) fs.writeFileSync(RESULTS, JSON.stringify(results, null, 2));
log(`${results.passed} passed, ${results.failed} failed`);
process.exit(results.failed ? 1 : 0);
