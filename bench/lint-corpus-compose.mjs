#!/usr/bin/env node
/**
 * The real-file measurement of the compose rules and the docker-command rules: extracts every
 * compose file, shell script, Makefile, Markdown file and Dockerfile (for its RUN lines) from the
 * git mirrors under /work/.mirror (fetched public repositories; their files are never committed),
 * runs `docker-inline-help check --format json` over them and prints how many files of each kind
 * and how many diagnostics per rule of these two families, with examples.
 *
 *   node bench/lint-corpus-compose.mjs [--out DIR] [--show RULE] [--mirrors DIR] [--examples N]
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, dflt) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const mirrors = arg('--mirrors', '/work/.mirror');
const out = arg('--out', '/tmp/lint-corpus-compose');
const show = arg('--show');
const examples = Number(arg('--examples', '3'));
// reference mirrors whose compose files are test fixtures (many deliberately invalid)
const SKIP = new Set(['moby+buildkit', 'compose-spec+compose-go', 'docker+compose']);
const MAX_BYTES = 2 * 1024 * 1024;

const COMPOSE = /^(docker-)?compose(\.[\w.-]+)?\.ya?ml$|^docker-compose[\w.-]*\.ya?ml$/i;
const kindOf = (base) => {
  if (COMPOSE.test(base)) return 'compose';
  if (/\.(sh|bash|zsh)$/i.test(base)) return 'shell';
  if (/^(GNUmakefile|makefile|Makefile)$/.test(base) || /\.mk$/i.test(base)) return 'makefile';
  if (/\.(md|markdown)$/i.test(base)) return 'markdown';
  if (/^(Dockerfile|Containerfile)$/i.test(base) || /\.(Dockerfile|Containerfile)$/i.test(base))
    return 'dockerfile';
  return undefined;
};

/** The rules of this measurement (compose and docker-command rules, from the notes' folders). */
const RULES = new Set(
  ['compose', 'cli'].flatMap((c) =>
    readdirSync(join(root, 'docs-data', 'rules', c)).map((f) => f.replace(/\.md$/, '')),
  ),
);

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const kinds = {};
const fileKind = new Map();
for (const name of readdirSync(mirrors).sort()) {
  if (SKIP.has(name)) continue;
  const git = join(mirrors, name, 'repo');
  if (!existsSync(git)) continue;
  let rows;
  try {
    rows = execFileSync('git', ['--git-dir', git, 'ls-tree', '-r', '-l', 'HEAD'], {
      maxBuffer: 512 * 1024 * 1024,
    })
      .toString()
      .split('\n')
      .filter((l) => /^100(644|755) blob /.test(l));
  } catch {
    continue;
  }
  const wanted = [];
  for (const row of rows) {
    const [meta, path] = row.split('\t');
    const size = Number(meta.trim().split(/\s+/)[3]);
    const kind = kindOf(path.split('/').pop());
    if (!kind || !(size > 0) || size > MAX_BYTES) continue;
    wanted.push({ path, kind, sha: meta.split(/\s+/)[2] });
  }
  if (!wanted.length) continue;
  const batch = spawnSync('git', ['--git-dir', git, 'cat-file', '--batch'], {
    input: wanted.map((w) => w.sha).join('\n') + '\n',
    maxBuffer: 1024 * 1024 * 1024,
  }).stdout;
  let at = 0;
  for (const w of wanted) {
    const nl = batch.indexOf(10, at);
    const header = batch.subarray(at, nl).toString().split(' ');
    const size = Number(header[2]);
    const body = batch.subarray(nl + 1, nl + 1 + size);
    at = nl + 1 + size + 1;
    if (body.includes(0)) continue; // binary
    const dest = join(out, name, w.path);
    mkdirSync(dirname(dest), { recursive: true });
    writeFileSync(dest, body);
    fileKind.set(`${name}/${w.path}`, w.kind);
    kinds[w.kind] = (kinds[w.kind] ?? 0) + 1;
  }
}

const bin = join(root, 'bin', 'docker-inline-help.js');
const t0 = Date.now();
const res = spawnSync(process.execPath, [bin, 'check', '--format', 'json', out], {
  maxBuffer: 1024 * 1024 * 1024,
  cwd: out,
});
const ms = Date.now() - t0;
let report;
try {
  report = JSON.parse(res.stdout.toString());
} catch {
  console.error(res.stderr.toString().slice(0, 2000));
  process.exit(1);
}
const list = Array.isArray(report) ? report : (report.findings ?? report.files ?? []);
const perRule = {};
const perRuleKind = {};
for (const f of list) {
  const rule = f.code ?? f.rule;
  if (!RULES.has(rule)) continue;
  const file = (f.file ?? '').replace(/^\.\//, '');
  const kind = fileKind.get(file) ?? '?';
  (perRule[rule] ??= []).push(f);
  perRuleKind[rule] ??= {};
  perRuleKind[rule][kind] = (perRuleKind[rule][kind] ?? 0) + 1;
}
console.log(
  `files: ${Object.entries(kinds)
    .map(([k, n]) => `${k} ${n}`)
    .join(', ')} (check took ${ms} ms)`,
);
const total = Object.values(perRule).reduce((n, l) => n + l.length, 0);
console.log(`diagnostics of the compose and docker-command rules: ${total}`);
for (const [rule, l] of Object.entries(perRule).sort((a, b) => b[1].length - a[1].length)) {
  const byKind = Object.entries(perRuleKind[rule])
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');
  console.log(`\n${rule}: ${l.length} (${byKind})`);
  const n = show === rule ? l.length : examples;
  for (const f of l.slice(0, n)) console.log(`  ${f.file}:${f.line}:${f.column} ${f.message}`);
}
