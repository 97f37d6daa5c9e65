#!/usr/bin/env node
// Coverage of the docker CLI notes against the upstream command references: which commands and
// flags of docker/cli, docker/compose, docker/buildx (and the docker trust and docker scout
// plugins) have a note, which are missing, and which note flags the references do not list.
// Reads the built index (dist/docs-index.json: run `npm run build` or `npm run notes:check`
// first) and bare git mirrors of the upstream repositories. Not part of the tests.
//
//   node scripts/cli-coverage.mjs                       # summary + every gap
//   node scripts/cli-coverage.mjs --mirrors=/work/.mirror --json
//
// Mirrors: DIR/OWNER+NAME/repo (or DIR/OWNER+NAME) bare git repositories; default
// $UPSTREAM_MIRRORS or /work/.mirror.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const YAML = require('yaml');

const arg = (name) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const mirrors = arg('mirrors') ?? process.env.UPSTREAM_MIRRORS ?? '/work/.mirror';
const asJson = process.argv.includes('--json');

function gitDir(repo) {
  const base = join(mirrors, repo.replace('/', '+'));
  return existsSync(join(base, 'repo')) ? join(base, 'repo') : base;
}
function git(repo, ...args) {
  return execFileSync('git', ['--git-dir', gitDir(repo), ...args], {
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
}
const ls = (repo, dir) => git(repo, 'ls-tree', '--name-only', `HEAD:${dir}`).split('\n').filter(Boolean);
const show = (repo, path) => git(repo, 'show', `HEAD:${path}`);

/** An upstream command: its path, other paths, and its flags ({long, short, hidden, deprecated}). */
function fromMarkdown(repo, dir, file, prefix) {
  const text = show(repo, `${dir}/${file}`);
  const base = file.replace(/\.md$/, '');
  const name = base === 'docker' ? 'docker' : `${prefix} ${base.replace(/_/g, ' ')}`;
  const aliases = [];
  const am = /### Aliases\s*\n\s*\n([^\n]+)/.exec(text);
  if (am) for (const m of am[1].matchAll(/`([^`]+)`/g)) aliases.push(m[1]);
  const flags = [];
  const om = /### Options\s*\n([\s\S]*?)(?:\n\s*\n|$)/.exec(text);
  if (om) {
    for (const line of om[1].split('\n').slice(2)) {
      const cell = line.split(/(?<!\\)\|/)[1] ?? '';
      const names = [...cell.matchAll(/`(--?[A-Za-z0-9][\w.-]*)`/g)].map((m) => m[1]);
      const long = names.find((n) => n.startsWith('--'));
      const short = names.find((n) => !n.startsWith('--'));
      if (long) flags.push({ long, short, hidden: false, deprecated: /deprecated/i.test(line) });
    }
  }
  return { name, aliases, flags, file: `${repo}:${dir}/${file}` };
}

function fromYaml(repo, dir, file) {
  const doc = YAML.parse(show(repo, `${dir}/${file}`));
  const flags = (doc.options ?? []).map((o) => ({
    long: `--${o.option}`,
    short: o.shorthand ? `-${o.shorthand}` : undefined,
    hidden: !!o.hidden,
    deprecated: !!o.deprecated,
  }));
  const aliases = String(doc.aliases ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s && s !== doc.command);
  return { name: doc.command, aliases, flags, hidden: !!doc.hidden, file: `${repo}:${dir}/${file}` };
}

const sources = [
  {
    id: 'docker/cli',
    commands: () =>
      ls('docker/cli', 'docs/reference/commandline')
        .filter((f) => f.endsWith('.md') && f !== 'index.md')
        .map((f) => fromMarkdown('docker/cli', 'docs/reference/commandline', f, 'docker')),
  },
  {
    id: 'docker/cli trust plugin',
    commands: () =>
      ls('docker/cli', 'cmd/docker-trust/docs/reference')
        .filter((f) => f.endsWith('.md'))
        .map((f) => fromMarkdown('docker/cli', 'cmd/docker-trust/docs/reference', f, 'docker')),
  },
  {
    id: 'docker/compose',
    commands: () =>
      ls('docker/compose', 'docs/reference')
        .filter((f) => /^docker_compose.*\.yaml$/.test(f))
        .map((f) => fromYaml('docker/compose', 'docs/reference', f)),
  },
  {
    id: 'docker/buildx',
    commands: () =>
      ls('docker/buildx', 'docs/reference')
        .filter((f) => f.endsWith('.md'))
        .map((f) => fromMarkdown('docker/buildx', 'docs/reference', f, 'docker')),
  },
  {
    id: 'docker/scout-cli',
    commands: () =>
      ls('docker/scout-cli', 'docs')
        .filter((f) => /^docker_scout.*\.yaml$/.test(f))
        .map((f) => fromYaml('docker/scout-cli', 'docs', f)),
  },
];

// ---- the notes ----
const indexPath = join(root, 'dist/docs-index.json');
if (!existsSync(indexPath)) {
  console.error('dist/docs-index.json is missing: run `npm run notes:check` first.');
  process.exit(2);
}
const entries = JSON.parse(readFileSync(indexPath, 'utf8')).entries.filter(
  (e) => e.kind === 'cli-command',
);
const byPath = new Map();
for (const e of entries) for (const p of [e.name, ...(e.aliases ?? [])]) byPath.set(p, e);
const noteFlag = (note, f) =>
  (note.flags ?? []).find(
    (n) => n.name === f.long || (n.aliases ?? []).includes(f.long) || (f.short && n.short === f.short && !f.long),
  );

const report = [];
/** Upstream flags (with hidden ones) per note, over every page that maps to it (docker build and docker buildx build). */
const knownByNote = new Map();
const perSource = [];
for (const src of sources) {
  const r = {
    source: src.id,
    commands: 0,
    commandsCovered: 0,
    flags: 0,
    flagsCovered: 0,
    hiddenFlags: 0,
    hiddenFlagsCovered: 0,
    missingCommands: [],
    missingFlags: [],
    missingHiddenFlags: [],
    extraFlags: [],
  };
  const pages = src.commands();
  const names = new Set(pages.map((c) => c.name));
  for (const cmd of pages) {
    // every note this page's names reach knows its flags (docker build is also docker buildx build)
    for (const p of [cmd.name, ...cmd.aliases]) if (byPath.has(p)) addKnown(byPath.get(p), cmd.flags);
    // a page whose name is an alias of another page of the same reference (commit.md next to
    // container_commit.md) is counted once, under the other page
    if (cmd.aliases.some((a) => a !== cmd.name && names.has(a)) && cmd.aliases[0] !== cmd.name) {
      continue;
    }
    if (cmd.hidden) continue;
    r.commands++;
    const note = byPath.get(cmd.name) ?? cmd.aliases.map((p) => byPath.get(p)).find(Boolean);
    if (!note) {
      r.missingCommands.push(cmd.name);
      continue;
    }
    r.commandsCovered++;
    for (const f of cmd.flags) {
      const has = !!noteFlag(note, f);
      if (f.hidden) {
        r.hiddenFlags++;
        if (has) r.hiddenFlagsCovered++;
        else r.missingHiddenFlags.push(`${cmd.name} ${f.long}`);
        continue;
      }
      r.flags++;
      if (has) r.flagsCovered++;
      else r.missingFlags.push(`${cmd.name} ${f.long}${f.deprecated ? ' (deprecated)' : ''}`);
    }
    perSource.push([r, note]);
  }
  report.push(r);
}
function addKnown(note, flags) {
  const set = knownByNote.get(note) ?? new Set();
  for (const f of flags) for (const n of [f.long, f.short]) if (n) set.add(n);
  knownByNote.set(note, set);
}
const extraSeen = new Set();
for (const [r, note] of perSource) {
  if (extraSeen.has(note)) continue;
  extraSeen.add(note);
  const known = knownByNote.get(note);
  for (const n of note.flags ?? []) if (!known.has(n.name)) r.extraFlags.push(`${note.name} ${n.name}`);
}

if (asJson) {
  console.log(JSON.stringify(report, null, 2));
} else {
  const pct = (a, b) => (b ? `${((100 * a) / b).toFixed(1)}%` : '-');
  console.log('| source | commands | flags | hidden flags |');
  console.log('| --- | --- | --- | --- |');
  for (const r of report)
    console.log(
      `| ${r.source} | ${r.commandsCovered}/${r.commands} (${pct(r.commandsCovered, r.commands)}) | ${r.flagsCovered}/${r.flags} (${pct(r.flagsCovered, r.flags)}) | ${r.hiddenFlagsCovered}/${r.hiddenFlags} |`,
    );
  for (const r of report) {
    for (const [label, list] of [
      ['missing commands', r.missingCommands],
      ['missing flags', r.missingFlags],
      ['missing hidden flags', r.missingHiddenFlags],
      ['note flags the reference does not list (check: hidden, alias, or wrong)', r.extraFlags],
    ]) {
      if (list.length) console.log(`\n${r.source}: ${label} (${list.length})\n  ${list.join('\n  ')}`);
    }
  }
}
