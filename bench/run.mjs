#!/usr/bin/env node
// The bench: drives our language server and the peer servers over LSP stdio on the same inputs in
// the same run and reports the ratios. See bench/README.md.
//
//   npm run bench                      everything (about 2-3 minutes on 2 cores)
//   node bench/run.mjs --servers=ours  only our server
//   node bench/run.mjs --inputs=compose-large,dockerfile-large
//   node bench/run.mjs --check         exit 1 when our server misses a target on the large inputs
//   node bench/run.mjs --servers=ours --node-args="--cpu-prof --cpu-prof-dir=/tmp/prof"   profile ours
//   node bench/run.mjs --keep-ca-certs  keep NODE_EXTRA_CA_CERTS in the servers' environment
//   node bench/run.mjs --no-diagnostics turn our server's diagnostics off
//   node bench/run.mjs --out=NAME       write bench/results/NAME.md/.json instead of latest
//   node bench/run.mjs --stress         also the stress inputs (ours only): a 508,000-character RUN
//                                       line and a 5 MB compose file
//
// Writes bench/results/latest.md and bench/results/latest.json.

import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { randomPositions, writeInputs } from './gen.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const peersDir = join(here, 'peers');
const resultsDir = join(here, 'results');
const require = createRequire(import.meta.url);
const rpc = require('vscode-jsonrpc/node');

const args = Object.fromEntries(
  process.argv.slice(2).map((a) => {
    const m = /^--([^=]+)(?:=(.*))?$/.exec(a);
    return m ? [m[1], m[2] ?? true] : [a, true];
  }),
);

/* ------------------------------------------------------------------ settings */

const REQUEST_TIMEOUT_MS = 10_000; // any single request
const STORM_TIMEOUT_MS = 45_000; // the hover after the didChange storm (the peer Dockerfile server can take ~30 s)
const PHASE_BUDGET_MS = 20_000; // a loop of hovers/completions stops early past this (counted samples are reported)
const HOVER_SAMPLES = 200;
const COMPLETION_SAMPLES = 100;
const RANDOM_COMPLETION_SAMPLES = 200; // completions at seeded random positions anywhere in the file
const FRESH_REPS = 10;
const STORMS = 3; // the storm is repeated up to this many times (median reported) …
const STORM_REPEAT_MS = 5_000; // … while one takes under this
const COLD_STARTS = 5; // cold start is the median of this many spawns (one sample moves by ±15 ms here)
const BUSY_DELAY_MS = 350; // after an edit, before the hovers "while the document is checked" …
const BUSY_SAMPLES = 20; // … this many hovers …
const BUSY_GAP_MS = 100; // … this far apart (more than the 50 ms pause in requests our diagnostics wait for)
const BUSY_ROUNDS = 10; // … after each of this many edits (200 samples: the p99 is the third slowest, not the max)
// The machine's own stalls: a control process beside the server echoes a line halfway between
// two hovers. A phase in which the control took longer than this to answer once is measured again
// (up to BUSY_PHASES times); the row reports the phase whose control was slowest the least.
const CONTROL_STALL_MS = 5;
const BUSY_PHASES = 3;

/**
 * The bench's own young garbage, collected where it measures nothing (between the requests of the
 * busy phase): a collection of this process inside a measured request would count as the
 * server's time (a GC log showed 4–9 ms scavenges of the client inside slow busy hovers).
 */
const collectOwnGarbage = (() => {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc');
  return () => gc({ type: 'minor' });
})();
const NAV_SAMPLES = 100; // definition, references and rename, each (inputs with navigation positions)
const NAV_AFTER_EDIT_REPS = 10; // an edit, then a definition (the first request of a version)

const TARGETS = {
  coldStartMs: { max: 100, label: 'cold start ≤ 100 ms' },
  hoverP99Ms: { max: 5, label: 'hover p99 ≤ 5 ms' },
  busyHoverP99Ms: { max: 5, label: 'hover p99 while the document is being checked ≤ 5 ms' },
  completionP99Ms: { max: 10, label: 'completion p99 ≤ 10 ms' },
  randomCompletionP99Ms: { max: 10, label: 'completion p99 at random positions ≤ 10 ms' },
  stormHoverMs: { max: 100, label: 'storm → hover ≤ 100 ms' },
  definitionP99Ms: { max: 10, label: 'definition p99 ≤ 10 ms' },
  referencesP99Ms: { max: 10, label: 'references p99 ≤ 10 ms' },
  renameP99Ms: { max: 10, label: 'rename p99 ≤ 10 ms' },
  // 80 MB on one thread; a large document's checking thread is a second V8 heap (bench/README.md)
  rssMB: { max: 100, label: 'RSS ≤ 100 MB' },
};
const MIN_RATIO = 10; // ours must be ≥ 10x the peers on hover and on the storm

/* ------------------------------------------------------------------ servers */

const SCHEMA = join(here, 'schema', 'compose.bench-schema.json');
const COMPOSE_GLOBS = [
  'docker-compose.yml',
  'docker-compose.yaml',
  'compose.yml',
  'compose.yaml',
  '**/docker-compose.yml',
  '**/docker-compose*.yml',
  '**/compose*.yaml',
];

const SERVERS = [
  {
    id: 'ours',
    name: 'docker-inline-help',
    script: join(root, 'bin', 'docker-inline-help-server.js'),
    kinds: ['dockerfile', 'compose', 'shell'],
    languageId: (inp) => inp.languageId,
    config: () => null,
  },
  {
    id: 'dockerfile-ls',
    name: 'dockerfile-language-server-nodejs',
    pkg: 'dockerfile-language-server-nodejs',
    script: join(
      peersDir,
      'node_modules',
      'dockerfile-language-server-nodejs',
      'bin',
      'docker-langserver',
    ),
    kinds: ['dockerfile'],
    languageId: () => 'dockerfile',
    config: (section) =>
      section === 'docker.languageserver' ? { diagnostics: {}, formatter: {} } : null,
  },
  {
    id: 'yaml-ls',
    name: 'yaml-language-server',
    pkg: 'yaml-language-server',
    script: join(peersDir, 'node_modules', 'yaml-language-server', 'bin', 'yaml-language-server'),
    kinds: ['compose'],
    languageId: () => 'yaml',
    settings: () => ({
      yaml: {
        schemas: { [pathToFileURL(SCHEMA).href]: COMPOSE_GLOBS },
        schemaStore: { enable: false },
        kubernetesCRDStore: { enable: false },
        validate: true,
        hover: true,
        completion: true,
        format: { enable: false },
      },
    }),
    config(section) {
      const s = this.settings();
      if (section === 'yaml') return s.yaml;
      if (section === 'http') return { proxy: '', proxyStrictSSL: false };
      if (section === '[yaml]') return {};
      if (section === 'editor') return { tabSize: 2, detectIndentation: true };
      return null;
    },
  },
  {
    id: 'compose-ls',
    name: '@microsoft/compose-language-service',
    pkg: '@microsoft/compose-language-service',
    script: join(
      peersDir,
      'node_modules',
      '@microsoft',
      'compose-language-service',
      'bin',
      'docker-compose-langserver',
    ),
    kinds: ['compose'],
    languageId: () => 'dockercompose',
    config: () => null,
  },
];

/* ------------------------------------------------------------------ setup */

function ensureBuilt() {
  if (
    !existsSync(join(root, 'dist', 'server.js')) ||
    !existsSync(join(root, 'dist', 'docs-index.json'))
  ) {
    console.log('bench: dist/ is missing, running npm run build');
    execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs')], {
      cwd: root,
      stdio: 'inherit',
    });
  }
}

function ensurePeers(servers) {
  const missing = servers.filter((s) => s.pkg && !existsSync(s.script));
  if (!missing.length) return;
  console.log(
    `bench: installing the peer servers into bench/peers (${missing.map((s) => s.pkg).join(', ')})`,
  );
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  try {
    execFileSync(npm, ['ci', '--no-audit', '--no-fund', '--loglevel=error'], {
      cwd: peersDir,
      stdio: 'inherit',
    });
  } catch {
    execFileSync(npm, ['install', '--no-audit', '--no-fund', '--loglevel=error'], {
      cwd: peersDir,
      stdio: 'inherit',
    });
  }
}

function peerVersion(pkg) {
  try {
    return JSON.parse(
      readFileSync(join(peersDir, 'node_modules', ...pkg.split('/'), 'package.json'), 'utf8'),
    ).version;
  } catch {
    return '?';
  }
}

function cpuModel() {
  try {
    const m = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    if (m) return m[1].trim();
  } catch {
    /* not Linux */
  }
  return cpus()[0]?.model ?? 'unknown';
}

function procStatus(pid) {
  try {
    const s = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (k) => {
      const m = new RegExp(`^${k}:\\s*(\\d+)\\s*kB`, 'm').exec(s);
      return m ? Number(m[1]) / 1024 : undefined;
    };
    return { rssMB: kb('VmRSS'), hwmMB: kb('VmHWM') };
  } catch {
    return { rssMB: undefined, hwmMB: undefined };
  }
}

/* ------------------------------------------------------------------ LSP client */

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * The environment every server gets: ours without NODE_OPTIONS, and without NODE_EXTRA_CA_CERTS,
 * which some machines set (this one does) and which makes every node process read a CA bundle at
 * start (~60 ms here); none of the servers opens a network connection in the bench.
 */
function serverEnv() {
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  if (!args['keep-ca-certs']) delete env.NODE_EXTRA_CA_CERTS;
  return env;
}

/** How long a bare `node -e 0` takes here, with the servers' environment and with the caller's. */
function nodeStartMs(env) {
  const runs = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    execFileSync(process.execPath, ['-e', '0'], { env });
    runs.push(performance.now() - t);
  }
  return percentile(runs, 50);
}

class Session {
  constructor(def, workspace) {
    this.def = def;
    this.workspace = workspace;
    this.timeouts = 0;
    this.errors = 0;
    this.stderr = '';
    this.configPulled = false;
  }

  async start() {
    const t0 = performance.now();
    const extra =
      this.def.id === 'ours' && typeof args['node-args'] === 'string'
        ? args['node-args'].split(' ').filter(Boolean)
        : [];
    this.child = spawn(process.execPath, [...extra, this.def.script, '--stdio'], {
      cwd: this.workspace,
      stdio: ['pipe', 'pipe', 'pipe'],
      env: serverEnv(),
    });
    this.child.stderr.on('data', (d) => {
      if (this.stderr.length < 20_000) this.stderr += d.toString();
    });
    this.exited = new Promise((r) => this.child.on('exit', (code, signal) => r({ code, signal })));
    const conn = rpc.createMessageConnection(
      new rpc.StreamMessageReader(this.child.stdout),
      new rpc.StreamMessageWriter(this.child.stdin),
    );
    this.conn = conn;
    conn.onRequest('workspace/configuration', (params) => {
      this.configPulled = true;
      return (params?.items ?? []).map((it) => this.def.config(it.section) ?? null);
    });
    conn.onRequest((_method) => null); // registerCapability, workDoneProgress/create, showMessageRequest, …
    conn.onNotification(() => undefined); // diagnostics, logs, telemetry
    conn.onError(() => undefined);
    conn.onClose(() => undefined);
    conn.listen();
    const rootUri = pathToFileURL(this.workspace).href;
    const init = await this.request(
      'initialize',
      {
        processId: process.pid,
        clientInfo: { name: 'docker-inline-help-bench' },
        rootUri,
        workspaceFolders: [{ uri: rootUri, name: 'bench' }],
        capabilities: {
          workspace: {
            configuration: true,
            didChangeConfiguration: { dynamicRegistration: true },
            workspaceFolders: true,
          },
          textDocument: {
            synchronization: { dynamicRegistration: false, didSave: false },
            hover: { contentFormat: ['markdown', 'plaintext'] },
            completion: {
              completionItem: {
                snippetSupport: true,
                documentationFormat: ['markdown', 'plaintext'],
                insertReplaceSupport: false,
              },
            },
            publishDiagnostics: {},
            definition: {},
            references: {},
            rename: { prepareSupport: true },
          },
        },
        // --no-diagnostics: our server without its (debounced) diagnostics, to see what they cost
        initializationOptions:
          this.def.id === 'ours' && args['no-diagnostics']
            ? { settings: { dockerfile: { diagnostics: false }, compose: { diagnostics: false } } }
            : {},
      },
      30_000,
    );
    this.coldStartMs = performance.now() - t0;
    if (!init.ok)
      throw new Error(
        `${this.def.name}: initialize failed (${init.timeout ? 'timeout' : init.error?.message})\n${this.stderr}`,
      );
    this.capabilities = init.result?.capabilities ?? {};
    void conn.sendNotification('initialized', {});
    if (this.def.settings) {
      void conn.sendNotification('workspace/didChangeConfiguration', {
        settings: this.def.settings(),
      });
      // yaml-language-server pulls its settings (the schema association) in answer: wait for that
      for (let i = 0; i < 100 && !this.configPulled; i++) await sleep(20);
      await sleep(50);
    }
  }

  /** One request with a timeout; a timed-out request is cancelled and counted. */
  async request(method, params, timeoutMs = REQUEST_TIMEOUT_MS) {
    const cts = new rpc.CancellationTokenSource();
    const t0 = performance.now();
    let timer;
    const answer = this.conn.sendRequest(method, params, cts.token).then(
      (result) => ({ ok: true, result, ms: performance.now() - t0 }),
      (error) => ({ ok: false, error, ms: performance.now() - t0 }),
    );
    const timeout = new Promise((r) => {
      timer = setTimeout(() => {
        cts.cancel();
        r({ ok: false, timeout: true, ms: timeoutMs });
      }, timeoutMs);
    });
    const out = await Promise.race([answer, timeout]);
    clearTimeout(timer);
    if (out.timeout) this.timeouts++;
    else if (!out.ok) this.errors++;
    return out;
  }

  notify(method, params) {
    void this.conn.sendNotification(method, params);
  }

  async stop() {
    try {
      await this.request('shutdown', null, 3000);
      this.notify('exit', null);
    } catch {
      /* ignore */
    }
    const done = await Promise.race([this.exited, sleep(3000).then(() => null)]);
    if (!done) this.child.kill('SIGKILL');
    try {
      this.conn.dispose();
    } catch {
      /* ignore */
    }
  }
}

/* ------------------------------------------------------------------ measures */

function percentile(samples, p) {
  if (!samples.length) return undefined;
  const s = [...samples].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

function median(samples) {
  return percentile(samples, 50);
}

function cycle(list, n) {
  const out = [];
  for (let i = 0; out.length < n && list.length; i++) out.push(list[i % list.length]);
  return out;
}

function hasHover(r) {
  const c = r?.contents;
  if (!c) return false;
  if (typeof c === 'string') return c.length > 0;
  if (Array.isArray(c)) return c.length > 0;
  return !!c.value;
}

function completionCount(r) {
  if (!r) return 0;
  return Array.isArray(r) ? r.length : (r.items?.length ?? 0);
}

/** Apply an LSP incremental change to our copy of the text (to keep positions right). */
class Doc {
  constructor(text) {
    this.text = text;
    this.version = 1;
  }
  offsetAt({ line, character }) {
    let off = 0;
    for (let l = 0; l < line; l++) {
      const nl = this.text.indexOf('\n', off);
      if (nl < 0) return this.text.length;
      off = nl + 1;
    }
    return Math.min(off + character, this.text.length);
  }
  edit(range, newText) {
    const a = this.offsetAt(range.start);
    const b = this.offsetAt(range.end);
    this.text = this.text.slice(0, a) + newText + this.text.slice(b);
    this.version++;
  }
}

/**
 * A control process: a bare Node that echoes each line it reads (no LSP, no work). Its round trip
 * at the same moments as a server's requests says whether the machine itself stalled then.
 */
class Control {
  start() {
    const env = { ...process.env };
    delete env.NODE_EXTRA_CA_CERTS;
    this.child = spawn(
      process.execPath,
      ['-e', "process.stdin.on('data', (d) => process.stdout.write(d))"],
      { stdio: ['pipe', 'pipe', 'ignore'], env },
    );
    this.waiting = undefined;
    this.child.stdout.on('data', () => {
      const w = this.waiting;
      this.waiting = undefined;
      w?.();
    });
  }
  /** The round trip of one echoed line, ms (10 s at most). */
  async ping() {
    const t = performance.now();
    await new Promise((resolve) => {
      const timer = setTimeout(resolve, 10_000);
      this.waiting = () => {
        clearTimeout(timer);
        resolve();
      };
      this.child.stdin.write('x\n');
    });
    return performance.now() - t;
  }
  stop() {
    this.child?.kill();
  }
}

async function measure(def, inp) {
  const res = { server: def.id, input: inp.id };
  const colds = [];
  for (let i = 1; i < COLD_STARTS; i++) {
    // a quiet machine for each spawn (the previous server's exit and its last writes are done)
    await sleep(150);
    const c = new Session(def, dirname(inp.path));
    await c.start();
    colds.push(c.coldStartMs);
    await c.stop();
  }
  await sleep(150);
  const s = new Session(def, dirname(inp.path));
  await s.start();
  colds.push(s.coldStartMs);
  res.coldStartMs = percentile(colds, 50);
  res.coldStarts = colds.map((x) => Number(x.toFixed(1)));
  // the floor: the round trip of a request the server answers without work (an unknown method,
  // answered "method not found" by the JSON-RPC layer every server here uses)
  const floor = [];
  for (let i = 0; i < HOVER_SAMPLES; i++) {
    const t = performance.now();
    await s.conn.sendRequest('bench/ping', {}).catch(() => undefined);
    floor.push(performance.now() - t);
  }
  res.floorMs = percentile(floor, 50);
  res.floorP99Ms = percentile(floor, 99);
  const uri = pathToFileURL(inp.path).href;
  const doc = new Doc(inp.text);
  const td = { uri, version: doc.version };
  const hoverAt = (position, timeout) =>
    s.request('textDocument/hover', { textDocument: { uri }, position }, timeout);
  const completeAt = (position, timeout) =>
    s.request(
      'textDocument/completion',
      { textDocument: { uri }, position, context: { triggerKind: 1 } },
      timeout,
    );

  // first hover after didOpen
  const tOpen = performance.now();
  s.notify('textDocument/didOpen', {
    textDocument: { uri, languageId: def.languageId(inp), version: doc.version, text: doc.text },
  });
  const first = await hoverAt(inp.firstHover, STORM_TIMEOUT_MS);
  res.firstHoverMs = first.timeout ? undefined : performance.now() - tOpen;
  res.firstHoverAnswered = hasHover(first.result);

  // hovers
  const hoverSamples = [];
  let answered = 0;
  let phase = performance.now();
  for (const p of cycle(inp.hovers, HOVER_SAMPLES)) {
    const r = await hoverAt(p);
    if (r.ok) hoverSamples.push(r.ms);
    if (hasHover(r.result)) answered++;
    if (performance.now() - phase > PHASE_BUDGET_MS) break;
  }
  res.hover = {
    n: hoverSamples.length,
    p50: percentile(hoverSamples, 50),
    p99: percentile(hoverSamples, 99),
    max: percentile(hoverSamples, 100),
    answered,
    samples: hoverSamples.map((x) => Number(x.toFixed(2))),
  };

  // completions
  const complSamples = [];
  let nonEmpty = 0;
  phase = performance.now();
  for (const p of cycle(inp.completions, COMPLETION_SAMPLES)) {
    const r = await completeAt(p);
    if (r.ok) complSamples.push(r.ms);
    if (completionCount(r.result) > 0) nonEmpty++;
    if (performance.now() - phase > PHASE_BUDGET_MS) break;
  }
  res.completion = {
    n: complSamples.length,
    p50: percentile(complSamples, 50),
    p99: percentile(complSamples, 99),
    max: percentile(complSamples, 100),
    answered: nonEmpty,
    samples: complSamples.map((x) => Number(x.toFixed(2))),
  };

  // completions at seeded random positions anywhere in the file (an editor asks for completion
  // wherever the user types, not only where completion makes sense)
  const randomSamples = [];
  phase = performance.now();
  for (const p of randomPositions(inp.text, RANDOM_COMPLETION_SAMPLES)) {
    const r = await completeAt(p);
    if (r.ok) randomSamples.push(r.ms);
    if (performance.now() - phase > PHASE_BUDGET_MS) break;
  }
  res.randomCompletion = {
    n: randomSamples.length,
    p50: percentile(randomSamples, 50),
    p99: percentile(randomSamples, 99),
    max: percentile(randomSamples, 100),
    samples: randomSamples.map((x) => Number(x.toFixed(2))),
  };

  // completion on a freshly typed line: didChange inserting the line, then completion at its end
  const freshSamples = [];
  let freshNonEmpty = 0;
  phase = performance.now();
  for (let k = 0; k < FRESH_REPS; k++) {
    const line = inp.fresh.line;
    const range = { start: { line, character: 0 }, end: { line, character: 0 } };
    doc.edit(range, inp.fresh.insert);
    const t0 = performance.now();
    s.notify('textDocument/didChange', {
      textDocument: { ...td, version: doc.version },
      contentChanges: [{ range, text: inp.fresh.insert }],
    });
    const r = await completeAt(inp.fresh.complete);
    if (r.ok) freshSamples.push(performance.now() - t0);
    if (completionCount(r.result) > 0) freshNonEmpty++;
    // take the line out again, and let the server catch up before the next round
    const del = { start: { line, character: 0 }, end: { line: line + 1, character: 0 } };
    doc.edit(del, '');
    s.notify('textDocument/didChange', {
      textDocument: { ...td, version: doc.version },
      contentChanges: [{ range: del, text: '' }],
    });
    await hoverAt(inp.firstHover, STORM_TIMEOUT_MS);
    if (performance.now() - phase > PHASE_BUDGET_MS) break;
  }
  res.fresh = {
    n: freshSamples.length,
    p50: percentile(freshSamples, 50),
    max: percentile(freshSamples, 100),
    answered: freshNonEmpty,
  };

  // navigation (inputs with `nav` positions): definition, references and rename on names, where
  // the server has the provider; then definitions right after an edit (a comment line appended:
  // the first request of a version pays for what the version needs)
  if (inp.nav?.length) {
    const caps = s.capabilities;
    const kinds = [
      [
        'definition',
        'definitionProvider',
        (p) => ['textDocument/definition', { textDocument: { uri }, position: p }],
      ],
      [
        'references',
        'referencesProvider',
        (p) => [
          'textDocument/references',
          { textDocument: { uri }, position: p, context: { includeDeclaration: true } },
        ],
      ],
      [
        'rename',
        'renameProvider',
        (p) => [
          'textDocument/rename',
          { textDocument: { uri }, position: p, newName: 'renamed_x' },
        ],
      ],
    ];
    res.nav = {};
    for (const [key, cap, req] of kinds) {
      if (!caps[cap]) {
        res.nav[key] = { unsupported: true };
        continue;
      }
      const samples = [];
      let nonEmpty = 0;
      phase = performance.now();
      for (const p of cycle(inp.nav, NAV_SAMPLES)) {
        const r = await s.request(...req(p));
        if (r.ok) samples.push(r.ms);
        const v = r.result;
        if (Array.isArray(v) ? v.length : v && (v.changes || v.documentChanges || v.uri))
          nonEmpty++;
        if (performance.now() - phase > PHASE_BUDGET_MS) break;
      }
      res.nav[key] = {
        n: samples.length,
        p50: percentile(samples, 50),
        p99: percentile(samples, 99),
        answered: nonEmpty,
        samples: samples.map((x) => Number(x.toFixed(2))),
      };
    }
    if (caps.definitionProvider) {
      const after = [];
      for (let k = 0; k < NAV_AFTER_EDIT_REPS; k++) {
        const lines = doc.text.split('\n');
        const end = { line: lines.length - 1, character: lines[lines.length - 1].length };
        const range = { start: end, end };
        doc.edit(range, `# edit ${k}\n`);
        const t0 = performance.now();
        s.notify('textDocument/didChange', {
          textDocument: { ...td, version: doc.version },
          contentChanges: [{ range, text: `# edit ${k}\n` }],
        });
        const r = await s.request(
          'textDocument/definition',
          { textDocument: { uri }, position: inp.nav[Math.floor(inp.nav.length / 2)] },
          STORM_TIMEOUT_MS,
        );
        if (r.ok) after.push(performance.now() - t0);
      }
      res.nav.afterEdit = {
        n: after.length,
        p50: percentile(after, 50),
        max: percentile(after, 100),
      };
    }
  }

  // hovers while the server checks the document: an edit (a comment line at the end), a pause
  // past the servers' debounce (ours: 300 ms), then hovers spaced like a person's, while the
  // diagnostics of the new version are being worked out; measured again when the machine stalled
  // (see CONTROL_STALL_MS)
  const control = new Control();
  control.start();
  await control.ping();
  const phases = [];
  for (let phase = 0; phase < BUSY_PHASES; phase++) {
    const busy = [];
    const busyFloor = [];
    const controlRtt = [];
    for (let round = 0; round < BUSY_ROUNDS; round++) {
      const lines = doc.text.split('\n');
      const end = { line: lines.length - 1, character: lines[lines.length - 1].length };
      const range = { start: end, end };
      doc.edit(range, '\n# checked\n');
      s.notify('textDocument/didChange', {
        textDocument: { ...td, version: doc.version },
        contentChanges: [{ range, text: '\n# checked\n' }],
      });
      // the first request after an edit pays for the new version (that is the fresh-line row's
      // business): one hover right away, not counted
      await hoverAt(inp.firstHover, STORM_TIMEOUT_MS);
      collectOwnGarbage();
      await sleep(BUSY_DELAY_MS);
      for (const p of cycle(inp.hovers, BUSY_SAMPLES)) {
        const r = await hoverAt(p);
        if (r.ok) busy.push(r.ms);
        // halfway to the next hover, the floor of this moment: a request the server answers
        // without work, so that a slow machine shows as a slow floor beside a slow hover
        await sleep(BUSY_GAP_MS / 2);
        const t = performance.now();
        await s.conn.sendRequest('bench/ping', {}).catch(() => undefined);
        busyFloor.push(performance.now() - t);
        controlRtt.push(await control.ping());
        collectOwnGarbage();
        await sleep(BUSY_GAP_MS / 2);
      }
    }
    phases.push({
      n: busy.length,
      p50: percentile(busy, 50),
      p99: percentile(busy, 99),
      samples: busy.map((x) => Number(x.toFixed(2))),
      floorP50: percentile(busyFloor, 50),
      floorP99: percentile(busyFloor, 99),
      floorSamples: busyFloor.map((x) => Number(x.toFixed(2))),
      controlMax: percentile(controlRtt, 100),
      controlSamples: controlRtt.map((x) => Number(x.toFixed(2))),
    });
    if (percentile(controlRtt, 100) <= CONTROL_STALL_MS) break;
  }
  control.stop();
  {
    const best = phases.reduce((a, b) => (b.controlMax < a.controlMax ? b : a));
    res.busyHover = {
      ...best,
      phases: phases.length,
      phaseP99s: phases.map((p) => Number(p.p99?.toFixed(2))),
      phaseControlMax: phases.map((p) => Number(p.controlMax.toFixed(2))),
    };
  }

  // storm: 200 one-character didChange edits (typing), then one hover; repeated (typing the same
  // text again at the same place) up to STORMS times while a storm takes under STORM_REPEAT_MS
  const chars = [...inp.storm.text];
  const storms = [];
  let stormAnswered = true;
  for (let rep = 0; rep < STORMS; rep++) {
    let line = inp.storm.line;
    let character = 0;
    let tLast = 0;
    chars.forEach((ch, i) => {
      const range = { start: { line, character }, end: { line, character } };
      doc.edit(range, ch);
      if (i === chars.length - 1) tLast = performance.now();
      s.notify('textDocument/didChange', {
        textDocument: { ...td, version: doc.version },
        contentChanges: [{ range, text: ch }],
      });
      if (ch === '\n') {
        line++;
        character = 0;
      } else character++;
    });
    const storm = await hoverAt(inp.storm.hover, STORM_TIMEOUT_MS);
    if (storm.timeout) {
      storms.length = 0;
      break;
    }
    storms.push(performance.now() - tLast);
    stormAnswered &&= hasHover(storm.result);
    if (storms[storms.length - 1] > STORM_REPEAT_MS) break;
  }
  res.stormEdits = chars.length;
  res.storms = storms.map((x) => Number(x.toFixed(2)));
  res.stormHoverMs = storms.length ? median(storms) : undefined;
  res.stormHoverAnswered = storms.length > 0 && stormAnswered;

  // the storm's floor: the same 200 edits to a one-line plain-text document that no server helps
  // with, then a hover on it (sending, reading and dispatching 200 notifications, and one request)
  const floorUri = pathToFileURL(join(dirname(inp.path), 'storm-floor.txt')).href;
  s.notify('textDocument/didOpen', {
    textDocument: { uri: floorUri, languageId: 'plaintext', version: 1, text: 'x\n' },
  });
  await s.request('textDocument/hover', {
    textDocument: { uri: floorUri },
    position: { line: 0, character: 0 },
  });
  const floors = [];
  let floorVersion = 1;
  for (let rep = 0; rep < 5; rep++) {
    let floorLast = 0;
    chars.forEach((ch, i) => {
      if (i === chars.length - 1) floorLast = performance.now();
      const at = { line: 0, character: 0 };
      s.notify('textDocument/didChange', {
        textDocument: { uri: floorUri, version: ++floorVersion },
        contentChanges: [{ range: { start: at, end: at }, text: ch === '\n' ? ' ' : ch }],
      });
    });
    const floorHover = await s.request(
      'textDocument/hover',
      { textDocument: { uri: floorUri }, position: { line: 0, character: 0 } },
      STORM_TIMEOUT_MS,
    );
    if (!floorHover.timeout) floors.push(performance.now() - floorLast);
  }
  res.stormFloorMs = floors.length ? median(floors) : undefined;

  Object.assign(res, procStatus(s.child.pid));
  res.timeouts = s.timeouts;
  res.errors = s.errors;
  await s.stop();
  if (s.stderr.trim() && def.id === 'ours') res.stderr = s.stderr.slice(0, 2000);
  return res;
}

/**
 * A stress input (ours only): what a request costs when the document holds a giant line or is
 * huge. First hover after didOpen, every hover position (the start of the giant line, inside it,
 * past what a request reads), completions at random positions, RSS.
 */
async function measureStress(def, inp) {
  const res = { server: def.id, input: inp.id, stress: true };
  const s = new Session(def, dirname(inp.path));
  await s.start();
  const uri = pathToFileURL(inp.path).href;
  const tOpen = performance.now();
  s.notify('textDocument/didOpen', {
    textDocument: { uri, languageId: def.languageId(inp), version: 1, text: inp.text },
  });
  const at = (method, position, timeout) =>
    s.request(method, { textDocument: { uri }, position }, timeout);
  const first = await at('textDocument/hover', inp.firstHover, STORM_TIMEOUT_MS);
  res.firstHoverMs = first.timeout ? undefined : performance.now() - tOpen;
  const hovers = [];
  let answered = 0;
  for (const p of cycle(inp.hovers, Math.max(inp.hovers.length, 60))) {
    const r = await at('textDocument/hover', p);
    if (r.ok) hovers.push(r.ms);
    if (hasHover(r.result)) answered++;
  }
  res.hover = {
    n: hovers.length,
    p50: percentile(hovers, 50),
    p99: percentile(hovers, 99),
    max: percentile(hovers, 100),
    answered,
  };
  const compl = [];
  for (const p of randomPositions(inp.text, 100)) {
    const r = await at('textDocument/completion', p);
    if (r.ok) compl.push(r.ms);
  }
  res.randomCompletion = {
    n: compl.length,
    p50: percentile(compl, 50),
    p99: percentile(compl, 99),
    max: percentile(compl, 100),
  };
  Object.assign(res, procStatus(s.child.pid));
  res.timeouts = s.timeouts;
  res.errors = s.errors;
  await s.stop();
  return res;
}

function stressTable(inputs, results) {
  const rows = inputs
    .filter((i) => i.size === 'stress')
    .map((inp) => ({ inp, r: results.find((x) => x.input === inp.id && x.server === 'ours') }))
    .filter((x) => x.r);
  if (!rows.length) return [];
  return [
    '### stress inputs (ours only)',
    '',
    '| input | first hover after didOpen, ms | hover p50 / p99 / max, ms | hovers with content | completion at random positions p50 / p99 / max, ms | RSS, MB |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map(
      ({ inp, r }) =>
        `| ${inp.id} (${inp.lines.toLocaleString('en-US')} lines, ${(inp.text.length / 1024).toFixed(0)} KiB) | ${fmt(r.firstHoverMs)} | ${fmt(r.hover.p50)} / ${fmt(r.hover.p99)} / ${fmt(r.hover.max)} | ${r.hover.answered}/${r.hover.n} | ${fmt(r.randomCompletion.p50)} / ${fmt(r.randomCompletion.p99)} / ${fmt(r.randomCompletion.max)} | ${fmt(r.rssMB)} |`,
    ),
    '',
  ];
}

/* ------------------------------------------------------------------ report */

/** A navigation request the server does not offer (no provider in its capabilities). */
const NOT_SUPPORTED = 'not offered';

/** The p99 of a navigation request: undefined for inputs without navigation positions. */
function navValue(r, key) {
  const n = r.nav?.[key];
  if (!n) return undefined;
  return n.unsupported ? NOT_SUPPORTED : n.p99;
}

const fmt = (v, unit = '') => {
  if (typeof v === 'string') return v;
  if (v === undefined || v === null || Number.isNaN(v)) return 'timeout';
  const n = v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2);
  return `${n}${unit}`;
};

function ratio(peer, ours, peerTimeoutMs) {
  if (typeof peer === 'string' || typeof ours === 'string') return '—';
  if (ours === undefined || ours <= 0) return '—';
  if (peer === undefined) return peerTimeoutMs ? `> ${(peerTimeoutMs / ours).toFixed(0)}x` : '—';
  const r = peer / ours;
  return `${r >= 100 ? r.toFixed(0) : r >= 10 ? r.toFixed(1) : r.toFixed(2)}x`;
}

const ROWS = [
  {
    key: 'coldStartMs',
    label: 'cold start (spawn → initialize, median of 5), ms',
    get: (r) => r.coldStartMs,
  },
  {
    key: 'floorMs',
    label: 'the floor: round trip of an unknown request, p50, ms',
    get: (r) => r.floorMs,
  },
  {
    key: 'floorP99Ms',
    label: 'the floor: round trip of an unknown request, p99, ms',
    get: (r) => r.floorP99Ms,
  },
  {
    key: 'firstHoverMs',
    label: 'first hover after didOpen, ms',
    get: (r) => r.firstHoverMs,
    timeout: STORM_TIMEOUT_MS,
  },
  { key: 'hoverP50', label: 'hover p50, ms', get: (r) => r.hover?.p50 },
  { key: 'hoverP99', label: 'hover p99, ms', get: (r) => r.hover?.p99 },
  {
    key: 'busyP99',
    label:
      'hover p99 while the document is being checked (10 edits, each followed from 350 ms on by 20 hovers 100 ms apart), ms',
    get: (r) => r.busyHover?.p99,
  },
  {
    key: 'busyPhases',
    label:
      'that phase: how many times it was measured (again when the control process took over 5 ms to echo: the machine stalled), the p99 of each',
    get: (r) => r.busyHover?.phaseP99s?.map((x) => x.toFixed(2)).join(' / '),
    text: true,
  },
  {
    key: 'busyFloorP99',
    label:
      'the floor of that phase: round trip of an unknown request halfway between those hovers, p99, ms',
    get: (r) => r.busyHover?.floorP99,
  },
  { key: 'completionP50', label: 'completion p50, ms', get: (r) => r.completion?.p50 },
  { key: 'completionP99', label: 'completion p99, ms', get: (r) => r.completion?.p99 },
  {
    key: 'randomCompletionP50',
    label: 'completion at random positions (200, seeded), p50, ms',
    get: (r) => r.randomCompletion?.p50,
  },
  {
    key: 'randomCompletionP99',
    label: 'completion at random positions (200, seeded), p99, ms',
    get: (r) => r.randomCompletion?.p99,
  },
  {
    key: 'freshP50',
    label: 'completion on a freshly typed line (p50 of 10), ms',
    get: (r) => r.fresh?.p50,
  },
  { key: 'definitionP99', label: 'definition p99, ms', get: (r) => navValue(r, 'definition') },
  { key: 'referencesP99', label: 'references p99, ms', get: (r) => navValue(r, 'references') },
  { key: 'renameP99', label: 'rename p99, ms', get: (r) => navValue(r, 'rename') },
  {
    key: 'definitionAfterEdit',
    label: 'definition right after an edit (p50 of 10), ms',
    get: (r) => (r.nav ? (r.nav.afterEdit?.p50 ?? NOT_SUPPORTED) : undefined),
  },
  {
    key: 'stormHoverMs',
    label: '200-edit storm → hover (median of up to 3), ms',
    get: (r) => r.stormHoverMs,
    timeout: STORM_TIMEOUT_MS,
  },
  {
    key: 'stormFloorMs',
    label: "the storm's floor: 200 edits to a one-line plain-text file → hover (median of 5), ms",
    get: (r) => r.stormFloorMs,
    timeout: STORM_TIMEOUT_MS,
  },
  { key: 'rssMB', label: 'RSS after the run (VmRSS), MB', get: (r) => r.rssMB },
];

function table(inp, results, servers) {
  const ours = results.find((r) => r.server === 'ours');
  const peers = servers
    .filter((s) => s.id !== 'ours')
    .map((s) => ({ s, r: results.find((x) => x.server === s.id) }))
    .filter((x) => x.r);
  const head = ['measure', 'ours', ...peers.flatMap(({ s }) => [s.name, 'ratio'])];
  const lines = [
    `| ${head.join(' | ')} |`,
    `| ${head.map((_, i) => (i === 0 ? '---' : '---:')).join(' | ')} |`,
  ];
  for (const row of ROWS) {
    const o = ours ? row.get(ours) : undefined;
    // navigation rows only for the inputs that have navigation positions
    if (
      row.key.startsWith('definition') ||
      row.key.startsWith('references') ||
      row.key.startsWith('rename')
    )
      if (!inp.nav?.length) continue;
    const cells = [row.label, ours ? (row.text ? (o ?? '—') : fmt(o)) : '—'];
    for (const { r } of peers) {
      const v = row.get(r);
      if (row.text) cells.push(v ?? '—', '');
      else cells.push(fmt(v), ratio(v, o, row.timeout));
    }
    lines.push(`| ${cells.join(' | ')} |`);
  }
  const navAns = (r) =>
    r.nav
      ? ['definition', 'references', 'rename']
          .filter((k) => r.nav[k] && !r.nav[k].unsupported)
          .map((k) => `, ${r.nav[k].answered}/${r.nav[k].n} ${k}`)
          .join('')
      : '';
  const ans = (r) =>
    r
      ? `${r.hover.answered}/${r.hover.n} hovers, ${r.completion.answered}/${r.completion.n} completions, ${r.fresh.answered}/${r.fresh.n} fresh-line${navAns(r)}, storm hover ${r.stormHoverAnswered ? 'answered' : 'empty'}`
      : '';
  const cnt = (r) => `${r.timeouts} timeouts, ${r.errors} errors`;
  lines.push(
    `| answers with content | ${ours ? ans(ours) : '—'} | ${peers.map(({ r }) => `${ans(r)} | `).join('')}`,
  );
  lines.push(
    `| timeouts / errors | ${ours ? cnt(ours) : '—'} | ${peers.map(({ r }) => `${cnt(r)} | `).join('')}`,
  );
  return `### ${inp.id} (${inp.lines.toLocaleString('en-US')} lines, ${(inp.text.length / 1024).toFixed(0)} KiB, ${inp.languageId})\n\n${lines.join('\n')}\n`;
}

function checkTargets(inputs, results) {
  const rows = [];
  for (const inp of inputs.filter((i) => i.size === 'large')) {
    const ours = results.find((r) => r.server === 'ours' && r.input === inp.id);
    if (!ours) continue;
    const vals = {
      coldStartMs: ours.coldStartMs,
      hoverP99Ms: ours.hover.p99,
      busyHoverP99Ms: ours.busyHover?.p99,
      completionP99Ms: ours.completion.p99,
      randomCompletionP99Ms: ours.randomCompletion?.p99,
      stormHoverMs: ours.stormHoverMs,
      rssMB: ours.rssMB,
      definitionP99Ms: navValue(ours, 'definition'),
      referencesP99Ms: navValue(ours, 'references'),
      renameP99Ms: navValue(ours, 'rename'),
    };
    for (const [k, t] of Object.entries(TARGETS)) {
      const v = vals[k];
      // the navigation targets apply to the inputs with navigation positions
      if (
        k.endsWith('P99Ms') &&
        !['hoverP99Ms', 'busyHoverP99Ms', 'completionP99Ms'].includes(k) &&
        !inp.nav?.length
      )
        continue;
      rows.push({
        input: inp.id,
        target: t.label,
        value: fmt(v),
        pass: v !== undefined && v <= t.max,
      });
    }
    for (const peer of results.filter((r) => r.input === inp.id && r.server !== 'ours')) {
      // the floor: what a server that did no work at all would measure (the smaller of the two
      // servers' floors); when the peer is not 10x its floor, 10x is out of any server's reach
      const floorOf = (k) => Math.min(ours[k] ?? Infinity, peer[k] ?? Infinity);
      const stormFloor = floorOf('stormFloorMs');
      for (const [label, o, p, floor, to] of [
        ['hover p50', ours.hover.p50, peer.hover.p50, floorOf('floorMs')],
        ['hover p99', ours.hover.p99, peer.hover.p99, floorOf('floorP99Ms')],
        ['storm → hover', ours.stormHoverMs, peer.stormHoverMs, stormFloor, STORM_TIMEOUT_MS],
      ]) {
        const r = p === undefined ? (to ?? 0) / o : p / o;
        const reach = p !== undefined && Number.isFinite(floor) ? p / floor : Infinity;
        const row = {
          input: inp.id,
          target: `${label} ≥ ${MIN_RATIO}x ${peer.server}`,
          value: ratio(p, o, to),
          pass: r >= MIN_RATIO,
        };
        if (!row.pass && p !== undefined && Number.isFinite(floor)) {
          // what 10x would take, against what a server doing no work measures
          row.outOfReach = reach < MIN_RATIO;
          row.note = `10x needs ≤ ${fmt(p / MIN_RATIO)} ms; the floor is ${fmt(floor)} ms${row.outOfReach ? ' (out of reach)' : ''}`;
        }
        rows.push(row);
      }
    }
  }
  return rows;
}

/* ------------------------------------------------------------------ main */

async function main() {
  const t0 = performance.now();
  const wanted = typeof args.servers === 'string' ? args.servers.split(',') : undefined;
  const servers = SERVERS.filter(
    (s) => !wanted || wanted.includes(s.id) || (wanted.includes('peers') && s.id !== 'ours'),
  );
  ensureBuilt();
  ensurePeers(servers);
  const work = join(tmpdir(), `docker-inline-help-bench-${process.pid}`);
  rmSync(work, { recursive: true, force: true });
  const onlyInputs = typeof args.inputs === 'string' ? args.inputs.split(',') : undefined;
  const inputs = writeInputs(work, { stress: !!args.stress }).filter(
    (i) => !onlyInputs || onlyInputs.includes(i.id),
  );
  const results = [];
  try {
    for (const inp of inputs) {
      for (const def of servers.filter((s) => s.kinds.includes(inp.kind))) {
        const t = performance.now();
        process.stdout.write(`bench: ${inp.id.padEnd(17)} ${def.name.padEnd(36)} `);
        if (inp.size === 'stress') {
          if (def.id !== 'ours') {
            process.stdout.write('(stress inputs: ours only)\n');
            continue;
          }
          const r = await measureStress(def, inp);
          results.push(r);
          process.stdout.write(
            `first hover ${fmt(r.firstHoverMs)} ms, hover p50/p99/max ${fmt(r.hover.p50)}/${fmt(r.hover.p99)}/${fmt(r.hover.max)} ms, random completion p50/p99 ${fmt(r.randomCompletion.p50)}/${fmt(r.randomCompletion.p99)} ms (${((performance.now() - t) / 1000).toFixed(1)} s)\n`,
          );
          continue;
        }
        try {
          const r = await measure(def, inp);
          results.push(r);
          process.stdout.write(
            `cold ${fmt(r.coldStartMs)} ms, hover p50/p99 ${fmt(r.hover.p50)}/${fmt(r.hover.p99)} ms, completion p50/p99 ${fmt(r.completion.p50)}/${fmt(r.completion.p99)} ms, storm ${fmt(r.stormHoverMs)} ms, rss ${fmt(r.rssMB)} MB (${((performance.now() - t) / 1000).toFixed(1)} s)\n`,
          );
        } catch (e) {
          process.stdout.write(`FAILED: ${e instanceof Error ? e.message : String(e)}\n`);
          results.push({
            server: def.id,
            input: inp.id,
            failed: String(e instanceof Error ? e.message : e),
          });
        }
      }
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  const ok = results.filter((r) => !r.failed);
  const env = {
    date: new Date().toISOString(),
    node: process.version,
    cpu: cpuModel(),
    cores: cpus().length,
    peers: Object.fromEntries(servers.filter((s) => s.pkg).map((s) => [s.pkg, peerVersion(s.pkg)])),
    seconds: Number(((performance.now() - t0) / 1000).toFixed(1)),
    nodeStartMs: Number(nodeStartMs(serverEnv()).toFixed(1)),
    nodeStartWithCallerEnvMs: Number(nodeStartMs(process.env).toFixed(1)),
    caCertsRemoved: !!process.env.NODE_EXTRA_CA_CERTS && !args['keep-ca-certs'],
  };
  const targets = checkTargets(inputs, ok);
  const md = [
    '# Bench results',
    '',
    `${env.date} — node ${env.node}, ${env.cpu}, ${env.cores} cores; whole run ${env.seconds} s.`,
    '',
    `A bare \`node -e 0\` takes ${env.nodeStartMs} ms here with the servers' environment${env.caCertsRemoved ? ` (${env.nodeStartWithCallerEnvMs} ms with this shell's NODE_EXTRA_CA_CERTS, which the bench removes for every server; --keep-ca-certs keeps it)` : ''}: every cold start below includes it.`,
    '',
    `Peers: ${
      Object.entries(env.peers)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ') || 'none'
    }.`,
    'yaml-language-server gets bench/schema/compose.bench-schema.json (the compose-spec schema with our notes as descriptions) through `yaml.schemas`.',
    '',
    'Times are measured by the client from sending the request (or the last edit) to receiving the answer. Ratio = peer / ours (above 1: ours is faster or smaller).',
    `Each request has a ${REQUEST_TIMEOUT_MS / 1000} s timeout (${STORM_TIMEOUT_MS / 1000} s for the first hover and the hover after the storm); a loop stops after ${PHASE_BUDGET_MS / 1000} s.`,
    '',
    ...inputs
      .filter((inp) => inp.size !== 'stress')
      .map((inp) =>
        table(
          inp,
          ok.filter((r) => r.input === inp.id),
          servers,
        ),
      ),
    ...stressTable(inputs, ok),
    '## Targets (ours, large inputs)',
    '',
    '| input | target | ours | |',
    '| --- | --- | ---: | --- |',
    ...targets.map(
      (t) =>
        `| ${t.input} | ${t.target} | ${t.value} | ${t.pass ? 'pass' : `**MISS**${t.note ? `: ${t.note}` : ''}`} |`,
    ),
    '',
    'For a missed ratio, the row says what 10x would take and what the floor is (the "floor" rows above, the smaller of the two servers\' values; p50 against p50, p99 against p99): the time of a request the server answers without doing any work. When 10x needs less than the floor, no server could meet it ("out of reach"); `--check` does not fail on those.',
    '',
    ...results
      .filter((r) => r.failed)
      .map((r) => `- ${r.server} on ${r.input} failed: ${r.failed}`),
  ].join('\n');
  mkdirSync(resultsDir, { recursive: true });
  const suffix = typeof args.out === 'string' ? args.out : 'latest';
  writeFileSync(join(resultsDir, `${suffix}.md`), md + '\n');
  writeFileSync(
    join(resultsDir, `${suffix}.json`),
    JSON.stringify({ env, results, targets }, null, 2) + '\n',
  );
  console.log(`\n${md}\n\nwritten to bench/results/${suffix}.md and .json`);
  const missed = targets.filter((t) => !t.pass && !t.outOfReach);
  if (args.check && missed.length) {
    console.error(`bench: ${missed.length} target(s) missed`);
    process.exitCode = 1;
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
