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
const ls = (repo, dir) =>
  git(repo, 'ls-tree', '--name-only', `HEAD:${dir}`).split('\n').filter(Boolean);
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
      const cells = line.split(/(?<!\\)\|/);
      const def = (cells[3] ?? '').trim().replace(/^`|`$/g, '');
      if (long)
        flags.push({ long, short, def, hidden: false, deprecated: /deprecated/i.test(line) });
    }
  }
  return { name, aliases, flags, file: `${repo}:${dir}/${file}` };
}

function fromYaml(repo, dir, file) {
  const doc = YAML.parse(show(repo, `${dir}/${file}`));
  const flags = (doc.options ?? []).map((o) => ({
    long: `--${o.option}`,
    short: o.shorthand ? `-${o.shorthand}` : undefined,
    def: o.default_value === undefined ? '' : String(o.default_value),
    hidden: !!o.hidden,
    deprecated: !!o.deprecated,
  }));
  const aliases = String(doc.aliases ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s && s !== doc.command);
  return {
    name: doc.command,
    aliases,
    flags,
    hidden: !!doc.hidden,
    file: `${repo}:${dir}/${file}`,
  };
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
    id: 'docker/model-runner',
    commands: () =>
      ls('docker/model-runner', 'cmd/cli/docs/reference')
        .filter((f) => /^docker_model.*\.yaml$/.test(f))
        .map((f) => fromYaml('docker/model-runner', 'cmd/cli/docs/reference', f)),
  },
  {
    id: 'docker/scout-cli',
    commands: () =>
      ls('docker/scout-cli', 'docs')
        .filter((f) => /^docker_scout.*\.yaml$/.test(f))
        .map((f) => fromYaml('docker/scout-cli', 'docs', f)),
  },
];

/**
 * Flags the Go sources hide from the reference (MarkHidden, MarkDeprecated, Lookup(x).Hidden):
 * [file, flag]. The command is guessed from the file: cli/command/container/commit.go is
 * docker container commit; a shared file (opts.go) stands for every command of its group.
 */
function hiddenFromSource(repo, dir, prefix) {
  const out = [];
  let grep;
  try {
    grep = git(
      repo,
      'grep',
      '-n',
      '-E',
      'MarkHidden\\(|MarkDeprecated\\(|Lookup\\("[^"]+"\\)\\.Hidden',
      'HEAD',
      '--',
      dir,
    );
  } catch {
    return out;
  }
  for (const line of grep.split('\n')) {
    const m = /^HEAD:([^:]+):\d+:.*(?:MarkHidden|MarkDeprecated|Lookup)\("([^"]+)"/.exec(line);
    if (!m || /_test\.go$/.test(m[1])) continue;
    const rel = m[1]
      .slice(dir.length + 1)
      .replace(/\.go$/, '')
      .split('/');
    out.push({
      file: m[1],
      words: [prefix, ...rel].join(' ').replace(/_/g, '-'),
      flag: `--${m[2]}`,
    });
  }
  return out;
}

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
    (n) =>
      n.name === f.long ||
      (n.aliases ?? []).includes(f.long) ||
      (f.short && n.short === f.short && !f.long),
  );

/** Reference pages of commands that the sources no longer register (checked by hand). */
const GONE = {
  'docker buildx policy json-schema': 'its stub was removed; policy has eval and test only',
  'docker compose alpha dry-run': 'became the --dry-run flag (Compose 2.18)',
  'docker compose alpha watch':
    'became docker compose watch (2.22; alpha spelling dropped in 2.24)',
  'docker compose alpha scale': 'never an alpha command; docker compose scale exists',
};
/** Pages left out on purpose, with the reason (reported, not counted). */
const LEFT_OUT = {
  'docker scout help': 'the generic help command',
  'docker scout docker-cli-plugin-hooks': 'internal: the docker CLI calls it to run plugin hooks',
  'docker model compose':
    'hidden and internal: Compose calls it to provide models (also its up, down, metadata)',
  'docker model compose up': 'see docker model compose',
  'docker model compose down': 'see docker model compose',
  'docker model compose metadata': 'see docker model compose',
};

/** Defaults that mean the same: empty, false, 0, [] and map[] all say "nothing". */
function sameDefault(note, ref) {
  const norm = (v) => {
    const t = String(v ?? '')
      .trim()
      .replace(/^"|"$/g, '');
    return ['', 'false', '0', '[]', 'map[]', '0s', '<nil>'].includes(t) ? '' : t;
  };
  // the reference is generated as root on a machine without a terminal: ~ is /root, and
  // defaults computed from the terminal (compose -T) read "true"
  const home = (v) =>
    norm(v)
      .replace(/^\/root\//, '~/')
      .replace(/^\/root$/, '~');
  return home(note) === home(ref);
}

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
    gonePages: [],
    hiddenCommands: 0,
    hiddenCommandsCovered: 0,
    hiddenCommandsMissing: [],
    leftOut: [],
    missingFlags: [],
    missingHiddenFlags: [],
    extraFlags: [],
    hiddenConfirmed: 0,
    defaultMismatch: [],
    hiddenByHand: [],
  };
  const pages = src.commands();
  const names = new Set(pages.map((c) => c.name));
  for (const cmd of pages) {
    if (GONE[cmd.name]) {
      r.gonePages.push(
        `${cmd.name}: ${GONE[cmd.name]}${byPath.has(cmd.name) ? ' (a note says so)' : ''}`,
      );
      continue;
    }
    // every note this page's names reach knows its flags (docker build is also docker buildx build)
    for (const p of [cmd.name, ...cmd.aliases])
      if (byPath.has(p)) addKnown(byPath.get(p), cmd.flags);
    // a page whose name is an alias of another page of the same reference (commit.md next to
    // container_commit.md) is counted once, under the other page
    if (cmd.aliases.some((a) => a !== cmd.name && names.has(a)) && cmd.aliases[0] !== cmd.name) {
      continue;
    }
    if (LEFT_OUT[cmd.name]) {
      r.leftOut.push(`${cmd.name}: ${LEFT_OUT[cmd.name]}`);
      continue;
    }
    if (cmd.hidden) {
      r.hiddenCommands++;
      if ([cmd.name, ...cmd.aliases].some((p) => byPath.has(p))) r.hiddenCommandsCovered++;
      else r.hiddenCommandsMissing.push(cmd.name);
      continue;
    }
    r.commands++;
    const note = byPath.get(cmd.name) ?? cmd.aliases.map((p) => byPath.get(p)).find(Boolean);
    if (!note) {
      r.missingCommands.push(cmd.name);
      continue;
    }
    r.commandsCovered++;
    for (const f of cmd.flags) {
      const has = !!noteFlag(note, f);
      const nf = noteFlag(note, f);
      if (nf && !sameDefault(nf.default, f.def)) {
        r.defaultMismatch.push(
          `${cmd.name} ${f.long}: note ${JSON.stringify(nf.default ?? '')}, reference ${JSON.stringify(f.def)}`,
        );
      }
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
const sourceHidden = [
  ...hiddenFromSource('docker/cli', 'cli/command', 'docker'),
  ...hiddenFromSource('docker/buildx', 'commands', 'docker buildx'),
];
/** `note-name --flag` for every hidden flag the source scan finds, on the notes its file stands for. */
const sourceHiddenFlags = new Set();
for (const h of sourceHidden)
  for (const n of notesFor(h)) sourceHiddenFlags.add(`${n.name} ${h.flag}`);
function notesFor(h) {
  const words = h.words.split(' ');
  const group = words.slice(0, -1).join(' ');
  const exact = [...byPath.entries()].filter(([p]) => p === h.words).map(([, n]) => n);
  const inGroup = [...byPath.entries()]
    .filter(([p]) => p.startsWith(`${group} `) || p === group)
    .map(([, n]) => n);
  return exact.length ? exact : inGroup;
}
// the docker root command declares a few flags in cmd/docker itself (--version), outside the reference
{
  const root = byPath.get('docker');
  const src = (() => {
    try {
      return show('docker/cli', 'cmd/docker/docker.go');
    } catch {
      return '';
    }
  })();
  if (root)
    for (const m of src.matchAll(/\.Flags\(\)\.\w+\("([a-z][\w-]*)"/g))
      addKnown(root, [{ long: `--${m[1]}` }]);
}
const extraSeen = new Set();
for (const [r, note] of perSource) {
  if (extraSeen.has(note)) continue;
  extraSeen.add(note);
  const known = knownByNote.get(note);
  for (const n of note.flags ?? []) {
    if (known.has(n.name) || known.has(n.short ?? '')) continue;
    if (!n.hidden) r.extraFlags.push(`${note.name} ${n.name}`);
    else if (sourceHiddenFlags.has(`${note.name} ${n.name}`)) r.hiddenConfirmed++;
    else r.hiddenByHand.push(`${note.name} ${n.name}`);
  }
}

// hidden flags found in the Go sources of docker/cli and docker/buildx
const hiddenReport = {
  source: 'Go sources (docker/cli, docker/buildx)',
  found: 0,
  covered: 0,
  missing: [],
};
for (const h of sourceHidden) {
  const candidates = notesFor(h);
  hiddenReport.found++;
  if (candidates.some((n) => noteFlag(n, { long: h.flag }))) hiddenReport.covered++;
  else hiddenReport.missing.push(`${h.file}: ${h.flag}`);
}

if (asJson) {
  console.log(JSON.stringify({ report, hidden: hiddenReport }, null, 2));
} else {
  const pct = (a, b) => (b ? `${((100 * a) / b).toFixed(1)}%` : '-');
  console.log('| source | commands | flags | hidden commands | hidden flags (reference) |');
  console.log('| --- | --- | --- | --- | --- |');
  for (const r of report)
    console.log(
      `| ${r.source} | ${r.commandsCovered}/${r.commands} (${pct(r.commandsCovered, r.commands)}) | ${r.flagsCovered}/${r.flags} (${pct(r.flagsCovered, r.flags)}) | ${r.hiddenCommandsCovered}/${r.hiddenCommands} | ${r.hiddenFlagsCovered}/${r.hiddenFlags} |`,
    );
  console.log(
    `\nhidden flags in the Go sources (MarkHidden/MarkDeprecated/.Hidden): ${hiddenReport.covered}/${hiddenReport.found} in the notes`,
  );
  if (hiddenReport.missing.length) console.log(`  ${hiddenReport.missing.join('\n  ')}`);
  for (const r of report) {
    for (const [label, list] of [
      ['missing commands', r.missingCommands],
      ['missing flags', r.missingFlags],
      ['missing hidden flags', r.missingHiddenFlags],
      ['pages of commands the sources no longer have', r.gonePages],
      ['defaults that differ from the reference', r.defaultMismatch],
      ['hidden commands without a note', r.hiddenCommandsMissing],
      ['left out on purpose', r.leftOut],
      [
        'note flags the reference does not list and the note does not mark hidden (check!)',
        r.extraFlags,
      ],
      [
        'flags the notes mark hidden that no MarkHidden/MarkDeprecated shows (normalised spellings, root flags; checked by hand)',
        r.hiddenByHand,
      ],
    ]) {
      if (list.length)
        console.log(`\n${r.source}: ${label} (${list.length})\n  ${list.join('\n  ')}`);
    }
  }
}
