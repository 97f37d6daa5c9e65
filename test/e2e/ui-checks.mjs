// What a person sees: drives code-server (VS Code in the browser, with the .vsix installed) with
// playwright-core and Debian's chromium, using the mouse and the keyboard, and reads the DOM:
//   1. Dockerfile: hover ENTRYPOINT -> .monaco-hover-content mentions ENTRYPOINT and CMD
//   2. compose.yaml: new line under a service, Ctrl+Space -> `networks` in the suggest widget
//   3. compose.stack.yaml (empty): type the snippet prefix, accept -> the voting-app stack is in the file
//   4. deploy.sh: hover -p of `docker run -p 80:80 nginx` -> mentions publish
//   4b. compose.yaml: F12 on the `db` of a depends_on list -> the cursor is on the service `db:`
//   5. Dockerfile: click More… in the ENTRYPOINT hover -> one tab "ENTRYPOINT" shows the whole note;
//      Explain docker command on this line (palette) in deploy.sh -> the same tab, "docker run"
//   6. Dockerfile.lint: RUNN is squiggled, its hover says "did you mean RUN?", Ctrl+. and the
//      quick fix "Change to RUN" -> the saved file reads RUN
//   7. compose.values.yaml (with .env): hover ${TAG} -> its value from .env; inlay hints in the lines
//   8. deploy.sh: Ctrl+. on `docker run -p 80:80 nginx`, Convert to a compose service -> compose.yaml
//      opens with the nginx service
// Screenshots: OUT_DIR/{dockerfile-hover,compose-completion,compose-snippet,compose-definition,
//   shell-hover,note-view,
//   dockerfile-quickfix,compose-values-inlay,compose-values-hover,convert-to-compose,
//   converted-service}.png.
// UI_MODE=web: the web extension alone (installed without `main`, so it runs in code-server's web
// worker extension host): checks 1 and 2, then
//   5. compose.typo.yaml: the Problems panel lists the unknown key
//   6. notes/workdir.md (dockerInlineHelp.notes.folders = ["notes"]): hovering WORKDIR shows the
//      user's note; an edit on disk shows in the next hover, a broken note is listed in the
//      Problems panel while its last good version answers, a deleted note gives the built-in back
// Env: CS_URL, WS_DIR (the workspace code-server opened; compose.stack.yaml must exist, empty;
//      compose.values.yaml and .env for check 7; for web: compose.typo.yaml and notes/workdir.md), OUT_DIR, RESULTS (JSON file for the
//      results), E2E_TOOLS (node_modules/playwright-core), CHROMIUM, UI_MODE (node | web),
//      DIH_E2E_FAIL=1 (adds a failing check).
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const { CS_URL, WS_DIR, OUT_DIR, RESULTS, E2E_TOOLS } = process.env;
const WEB = process.env.UI_MODE === 'web';
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

/** Run a command by its title through the Command Palette (F1). */
async function runCommand(title) {
  await page.keyboard.press('F1');
  const box = page.locator('.quick-input-widget input.input');
  await box.waitFor({ state: 'visible', timeout: 5000 });
  await box.fill(`>${title}`);
  await page
    .locator('.quick-input-list .monaco-list-row', { hasText: title.replace(/^.*: /, '') })
    .first()
    .waitFor({ timeout: 5000 });
  await page.keyboard.press('Enter');
}

/** Current labels of the suggest widget's rendered rows. */
async function suggestLabels() {
  return page
    .locator(`${editor} .suggest-widget.visible .monaco-list-row .label-name`)
    .allInnerTexts();
}

try {
  log(`opening ${CS_URL} on ${WS_DIR}`);
  // the first load of the workbench can take long on a busy 2-core machine
  await page.goto(`${CS_URL}/?folder=${encodeURIComponent(WS_DIR)}`, { timeout: 120000 });
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

  await check('Dockerfile: F2 on a stage name renames the stage and its uses', async () => {
    await openFile('Dockerfile', /^Docker/);
    const input = page.locator(`${editor} .rename-box .rename-input`);
    const viewText = async () =>
      (await page.locator(`${editor} .view-lines`).innerText()).replace(/\u00a0/g, ' ');
    try {
      // F2 before the language server answers prepareRename shows no input: retry
      await retry(
        'rename input',
        async () => {
          await page.keyboard.press('Escape');
          const p = await charPoint('FROM base AS deps', 'deps', 1);
          if (!p) return null;
          await page.mouse.click(p.x, p.y);
          await page.keyboard.press('F2');
          await input.waitFor({ state: 'visible', timeout: 3000 });
          return (await input.inputValue()) === 'deps' || null;
        },
        { timeoutMs: 60000 },
      );
      await input.fill('packages');
      await sleep(200);
      await page.screenshot({ path: path.join(OUT_DIR, 'dockerfile-rename.png') });
      await input.press('Enter');
      const lines = await retry(
        'renamed lines',
        async () => {
          const text = await viewText();
          return text.includes('FROM base AS packages') && text.includes('FROM packages AS app')
            ? text
            : null;
        },
        { timeoutMs: 15000 },
      );
      if (/\bdeps\b/.test(lines)) throw new Error(`"deps" is left in the file:\n${lines}`);
      // a reserved name is refused, and the editor says why
      const message = page.locator('.monaco-editor-overlaymessage, .notifications-toasts');
      const why = await retry(
        'refusal shown',
        async () => {
          await page.keyboard.press('Escape');
          const p = await charPoint('FROM python', 'base', 1);
          if (!p) return null;
          await page.mouse.click(p.x, p.y);
          await page.keyboard.press('F2');
          await input.waitFor({ state: 'visible', timeout: 3000 });
          await input.fill('scratch');
          await input.press('Enter');
          await message.filter({ hasText: 'reserved' }).first().waitFor({ timeout: 3000 });
          return (await message.filter({ hasText: 'reserved' }).first().innerText()).trim();
        },
        { timeoutMs: 30000 },
      );
      log(`refusal: ${JSON.stringify(why)}`);
    } finally {
      // leave the file as it was
      await page.keyboard.press('Escape');
      await runCommand('File: Revert File');
    }
    await retry(
      'file reverted',
      async () => (await viewText()).includes('FROM deps AS app') || null,
      {
        timeoutMs: 10000,
      },
    );
  });

  await check('Dockerfile: the Outline view shows the build stages', async () => {
    await openFile('Dockerfile', /^Docker/);
    const rows = page.locator('.outline-pane .outline-tree .monaco-list-row');
    /** Fold (or unfold) the side bar's file list, to give the outline its height. */
    const foldFiles = (fold) =>
      page.evaluate((fold) => {
        for (const h of document.querySelectorAll('.pane-header')) {
          const title = h.querySelector('.title');
          if (title?.textContent.trim().toLowerCase() !== 'ws') continue;
          if ((h.getAttribute('aria-expanded') === 'true') === fold) h.click();
          return true;
        }
        return false;
      }, fold);
    const labels = await retry(
      'outline rows',
      async () => {
        if (
          !(await rows
            .first()
            .isVisible()
            .catch(() => false))
        ) {
          await runCommand('Explorer: Focus on Outline View');
          await rows.first().waitFor({ timeout: 5000 });
        }
        await foldFiles(true);
        const all = await page
          .locator('.outline-pane .outline-tree .monaco-list-row .label-name')
          .allInnerTexts();
        return ['base', 'deps', 'app'].every((s) => all.includes(s)) ? all : null;
      },
      { timeoutMs: 60000 },
    );
    log(`outline rows: ${JSON.stringify(labels)}`);
    // put the cursor in the last stage: the outline follows it
    const p = await charPoint('FROM deps AS app', 'app', 1);
    if (p) await page.mouse.click(p.x, p.y);
    await sleep(500);
    await page.screenshot({ path: path.join(OUT_DIR, 'dockerfile-outline.png') });
    // the file list back, for the checks that follow
    await foldFiles(false);
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

  if (!WEB) await nodeOnlyChecks();
  else await webOnlyChecks();

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

/** The snippet and the shell hover (the installed .vsix in the Node extension host). */
async function nodeOnlyChecks() {
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

  await check(
    "Dockerfile: the hover's More… opens the whole note in one tab; Explain reuses it",
    async () => {
      await openFile('Dockerfile', /^Docker/);
      await hoverUntil('ENTRYPOINT card', 'ENTRYPOINT [', 'ENTRYPOINT', 3, 'More…');
      await visibleHover.locator('a', { hasText: 'More…' }).first().click({ timeout: 5000 });
      const tab = page.locator('.tabs-container .tab', { hasText: /^ENTRYPOINT$/ });
      await tab.first().waitFor({ timeout: 15000 });
      // the note, rendered in the view's frame: a part the card leaves out
      const noteText = (needle) =>
        retry(
          `note view shows "${needle}"`,
          async () => {
            for (const f of page.frames()) {
              const t = await f
                .locator('body')
                .innerText({ timeout: 500 })
                .catch(() => '');
              if (t.includes(needle)) return t;
            }
            return null;
          },
          { timeoutMs: 20000 },
        );
      await noteText('How ENTRYPOINT and CMD combine');
      await page.screenshot({ path: path.join(OUT_DIR, 'note-view.png') });
      // Explain docker command on this line, from the command palette, in deploy.sh
      await openFile('deploy.sh', /^Shell Script/);
      const p = await retry(
        'deploy.sh line',
        () => charPoint('docker run -p 80:80 nginx', 'run', 1),
        {
          timeoutMs: 10000,
        },
      );
      await page.mouse.click(p.x, p.y);
      await page.keyboard.press('Control+Shift+P');
      const input = page.locator('.quick-input-widget input.input');
      await input.waitFor({ state: 'visible', timeout: 5000 });
      await input.fill('>Explain docker command on this line');
      await page
        .locator('.quick-input-list .monaco-list-row', {
          hasText: 'Explain docker command on this line',
        })
        .first()
        .waitFor({ timeout: 10000 });
      await page.keyboard.press('Enter');
      await page
        .locator('.tabs-container .tab', { hasText: /^docker run$/ })
        .first()
        .waitFor({ timeout: 15000 });
      await noteText('value of --publish');
      const labels = (await page.locator('.tabs-container .tab .label-name').allInnerTexts()).map(
        (l) => l.trim(),
      );
      log(`tabs: ${JSON.stringify(labels)}`);
      if (labels.includes('ENTRYPOINT')) throw new Error(`the note tab was not reused: ${labels}`);
      if (labels.some((l) => /^Untitled/.test(l)))
        throw new Error(`an Untitled document: ${labels}`);
    },
  );

  await check(
    'Dockerfile.lint: a squiggle with its hover, then Ctrl+. applies the quick fix',
    async () => {
      const file = path.join(WS_DIR, 'Dockerfile.lint');
      await openFile('Dockerfile.lint', /^Docker/);
      // the diagnostics come after the server's debounce: wait for the squiggle
      await page.locator(`${editor} .squiggly-error`).first().waitFor({ timeout: 60000 });
      const text = await hoverUntil('diagnostic hover', 'RUNN echo', 'RUNN', 1, /did you mean RUN/);
      log(`hover text: ${JSON.stringify(text.slice(0, 300))}…`);
      await hoverSettled();
      await page.screenshot({ path: path.join(OUT_DIR, 'dockerfile-quickfix.png') });
      await page.keyboard.press('Escape');
      const p = await charPoint('RUNN echo', 'RUNN', 1);
      if (!p) throw new Error('RUNN is not rendered');
      await page.mouse.click(p.x, p.y);
      const row = page
        .locator('.action-widget .monaco-list-row', { hasText: 'Change to RUN' })
        .first();
      await retry(
        'quick fix menu',
        async () => {
          if (!(await row.isVisible())) {
            await page.keyboard.press('Escape');
            await page.keyboard.press('Control+.'); // editor.action.quickFix
          }
          await row.waitFor({ timeout: 3000 });
          return true;
        },
        { timeoutMs: 30000 },
      );
      // the preferred fix is focused in the menu: Enter applies it (a click can land on the
      // overlay that the menu puts over the editor)
      await page.keyboard.press('Enter');
      // the fix may land after the menu closes (on a busy machine a first Ctrl+S can come
      // before it, saving the old text): save until the file holds it
      const saved = await retry(
        'quick fix saved',
        async () => {
          await page.keyboard.press('Control+S');
          const t = fs.readFileSync(file, 'utf8');
          return t.includes('RUN echo') ? t : null;
        },
        { timeoutMs: 15000 },
      );
      if (saved !== 'FROM alpine:3.21 AS build\nRUN echo hello\n')
        throw new Error(`unexpected text after the quick fix: ${JSON.stringify(saved)}`);
    },
  );

  await check(
    'compose.values.yaml: hover ${TAG} shows its .env value, inlay hints show values and ports',
    async () => {
      await openFile('compose.values.yaml', /^Compose/);
      const lines = await retry(
        'inlay hints rendered',
        async () => {
          const all = await page.locator(`${editor} .view-lines .view-line`).allInnerTexts();
          const norm = all.map((l) => l.replace(/\u00a0/g, ' '));
          return norm.some((l) => l.includes('= 1.27')) &&
            norm.some((l) => l.includes('host 8080 → container 80'))
            ? norm
            : null;
        },
        { timeoutMs: 30000 },
      );
      log(`lines with hints: ${JSON.stringify(lines)}`);
      await page.screenshot({ path: path.join(OUT_DIR, 'compose-values-inlay.png') });
      const text = await hoverUntil('values hover', 'image: nginx:${TAG', 'TAG', 1, 'Value: 1.27');
      log(`hover text: ${JSON.stringify(text.slice(0, 300))}…`);
      if (!text.includes('TAG on line 1 of .env'))
        throw new Error(`hover text lacks the source of the value: ${text.slice(0, 500)}`);
      await hoverSettled();
      await page.screenshot({ path: path.join(OUT_DIR, 'compose-values-hover.png') });
    },
  );

  await check(
    'deploy.sh: Convert to a compose service adds the service to compose.yaml and opens it',
    async () => {
      await openFile('deploy.sh', /^Shell Script/);
      const row = page
        .locator('.action-widget .monaco-list-row', {
          hasText: 'Convert to a compose service in compose.yaml',
        })
        .first();
      await retry(
        'code action menu',
        async () => {
          const p = await charPoint('docker run -p 80:80 nginx', 'nginx', 1);
          if (!p) return null;
          await page.keyboard.press('Escape');
          await page.mouse.click(p.x, p.y);
          await page.keyboard.press('Control+.'); // editor.action.quickFix: the code actions here
          await row.waitFor({ timeout: 3000 });
          return true;
        },
        { timeoutMs: 60000 },
      );
      // the menu blocks the pointer around it: pick the row with the keyboard
      const focused = page.locator('.action-widget .monaco-list-row.focused');
      for (
        let i = 0;
        i < 10 &&
        (await focused.getAttribute('aria-label', { timeout: 1000 }).catch(() => '')) !==
          'Convert to a compose service in compose.yaml';
        i++
      ) {
        await page.keyboard.press('ArrowDown');
      }
      await sleep(300);
      await page.screenshot({ path: path.join(OUT_DIR, 'convert-to-compose.png') });
      await page.keyboard.press('Enter');
      await page
        .locator('.tabs-container .tab.active', { hasText: 'compose.yaml' })
        .waitFor({ timeout: 15000 });
      const lines = await retry(
        'converted service shown',
        async () => {
          const all = (await page.locator(`${editor} .view-lines .view-line`).allInnerTexts()).map(
            (l) => l.replace(/\u00a0/g, ' '),
          );
          return all.some((l) => l.trim() === 'nginx:') && all.some((l) => l.includes('"80:80"'))
            ? all
            : null;
        },
        { timeoutMs: 15000 },
      );
      log(`compose.yaml lines: ${JSON.stringify(lines)}`);
      await page.screenshot({ path: path.join(OUT_DIR, 'converted-service.png') });
    },
  );
}

/** Rows of the Problems panel (opened with Ctrl+Shift+M), as text. */
async function problemRows() {
  const rows = page.locator('.markers-panel .monaco-list-row');
  if (!(await rows.count())) {
    await page.keyboard.press('Control+Shift+M'); // workbench.actions.view.problems
    await page.locator('.markers-panel').first().waitFor({ timeout: 5000 });
  }
  return (await rows.allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
}

/** The web extension: a diagnostic, and user notes read through the editor's file system. */
async function webOnlyChecks() {
  await check('compose.typo.yaml: the Problems panel lists the unknown key', async () => {
    await openFile('compose.typo.yaml', /^Compose/);
    const rows = await retry(
      'problems',
      async () => {
        const all = await problemRows();
        return all.some((r) =>
          r.includes('Unknown key "restrat" at services.<service> (did you mean "restart"?).'),
        )
          ? all
          : null;
      },
      { timeoutMs: 60000 },
    );
    log(`problems: ${JSON.stringify(rows)}`);
    await page.screenshot({ path: path.join(OUT_DIR, 'web-diagnostic.png') });
  });

  await check(
    'notes/workdir.md: the user note answers, reloads when edited on disk, is listed in Problems when broken, and gives the built-in note back when deleted',
    async () => {
      const file = path.join(WS_DIR, 'notes', 'workdir.md');
      const note = (summary) =>
        `---\nkind: dockerfile-instruction\nname: WORKDIR\nsummary: ${summary}\n---\nOur own words.\n`;
      await openFile('Dockerfile', /^Docker/);
      const v1 = await hoverUntil('WORKDIR v1', 'WORKDIR /opt', 'WORKDIR', 3, 'Team rule v1');
      log(`hover: ${JSON.stringify(v1)}`);
      fs.writeFileSync(file, note('Team rule v2'));
      await hoverUntil('WORKDIR v2', 'WORKDIR /opt', 'WORKDIR', 3, 'Team rule v2');
      fs.writeFileSync(file, note('Team rule v3').replace('summary:', 'sumary:'));
      const rows = await retry(
        'note problems',
        async () => {
          await page.keyboard.press('Escape');
          const all = await problemRows();
          return all.some((r) => r.includes('`summary` is required')) ? all : null;
        },
        { timeoutMs: 60000 },
      );
      log(`problems: ${JSON.stringify(rows)}`);
      if (!rows.some((r) => r.includes('workdir.md')))
        throw new Error(`the note file is not named in the Problems panel: ${rows.join(' | ')}`);
      await page.screenshot({ path: path.join(OUT_DIR, 'web-note-problem.png') });
      const kept = await hoverUntil('WORKDIR still v2', 'WORKDIR /opt', 'WORKDIR', 3, 'WORKDIR');
      if (!kept.includes('Team rule v2'))
        throw new Error(`the last good version should answer: ${kept.slice(0, 300)}`);
      fs.rmSync(file);
      await hoverUntil(
        'WORKDIR built-in',
        'WORKDIR /opt',
        'WORKDIR',
        3,
        'Set the working directory',
      );
    },
  );
}
