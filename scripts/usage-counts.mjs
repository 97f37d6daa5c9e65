#!/usr/bin/env node
// How often real files use each compose key, Dockerfile instruction, flag and mount option, docker
// CLI flag and enumerated value: counted in the public repositories listed in SOURCES, read from
// their bare git mirrors (brought to /work/.mirror by the session's `fetch` tool; nothing of them
// is committed). Writes docs-data/usage.json: the counts, and for each repository the commit read
// and how many files of each sort it gave. The build puts the counts into dist/docs-index.json;
// completion ranks its items by them (the most used first; see DocsIndex.usage).
//
//   npm run build && node scripts/usage-counts.mjs [--mirrors DIR] [--dry-run]
//
// A key is counted once per place it is written (a service's `image` once per service), values
// once per value written. Compose key paths are note paths (`services.*.ports`), Dockerfile keys
// are note keys (`dockerfile-flag|run|--mount`), docker CLI flags `cli-flag|docker run|--publish`.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const MIRRORS = opt('--mirrors', '/work/.mirror');
const OUT = join(root, 'docs-data', 'usage.json');

/** Where the counts come from: repositories with many hand-written compose files and Dockerfiles. */
const SOURCES = [
  'docker/awesome-compose',
  'dockersamples/example-voting-app',
  'dockersamples/atsea-sample-shop-app',
  'dockersamples/docker-swarm-visualizer',
  'getsentry/self-hosted',
  'netbox-community/netbox-docker',
  'mailcow/mailcow-dockerized',
  'paperless-ngx/paperless-ngx',
  'jitsi/docker-jitsi-meet',
  'frappe/frappe_docker',
  'plausible/community-edition',
  'n8n-io/n8n-hosting',
  'getredash/redash',
  'nextcloud/docker',
  'penpot/penpot',
  'mattermost/docker',
  'docker-mailserver/docker-mailserver',
  'pi-hole/docker-pi-hole',
  'makeplane/plane',
  'docker-library/postgres',
  'docker-library/python',
  'docker-library/mysql',
  'docker-library/redis',
  'docker-library/php',
  'docker-library/golang',
  'docker-library/wordpress',
  'docker-library/ruby',
  'nodejs/docker-node',
  'nginxinc/docker-nginx',
  'moby/buildkit',
];

const COMPOSE_FILE = /(^|\/)(docker-)?compose[^/]*\.ya?ml$/i;
const DOCKERFILE = /(^|\/)(Dockerfile|Containerfile)([.-][^/]*)?$|\.dockerfile$/i;
const SHELL_FILE = /\.(sh|bash)$|(^|\/)(Makefile|GNUmakefile)$|\.mk$/;
const MARKDOWN = /\.md$/i;
/** Templates of generated files (docker-library's jq templates) are not Dockerfiles. */
const TEMPLATE = /\.template$|\.tmpl$|\.j2$|\.jinja2?$/i;
const MAX_FILE_BYTES = 512 * 1024;

const { DocsIndex } = require(join(root, 'server/out/service/docs/docsIndex.js'));
const { notePath } = require(join(root, 'server/out/service/compose/composeParse.js'));
const { noteKey } = require(join(root, 'server/out/compiler/compileNotes.js'));
const { lexCommands } = require(join(root, 'server/out/service/cli/shellLexer.js'));
const { analyze } = require(join(root, 'server/out/service/cli/cliAnalysis.js'));
const { markdownShellBlocks } = require(join(root, 'server/out/service/embedded.js'));
const { DockerfileParser } = require('dockerfile-ast');
const yaml = require('yaml');

const index = JSON.parse(readFileSync(join(root, 'dist', 'docs-index.json'), 'utf8'));
const docs = new DocsIndex(index);

const counts = new Map();
const add = (key) => counts.set(key, (counts.get(key) ?? 0) + 1);

/* ---------------------------------------------------------------- compose */

function countCompose(text) {
  let all;
  try {
    all = yaml.parseAllDocuments(text, { uniqueKeys: false, strict: false });
  } catch {
    return false;
  }
  if (!Array.isArray(all) || !all.length) return false;
  const walk = (node, keys, depth) => {
    if (!node || depth > 40) return;
    if (yaml.isMap(node)) {
      for (const pair of node.items) {
        const k = yaml.isScalar(pair.key) ? String(pair.key.value) : undefined;
        if (k === undefined || k === '<<') continue;
        const path = notePath(docs, [...keys, k]);
        if (path === undefined) continue;
        const note = docs.compose(path);
        if (note) {
          add(noteKey('compose-key', undefined, path));
          countValues(note, path, pair.value);
        }
        walk(pair.value, [...keys, k], depth + 1);
      }
    } else if (yaml.isSeq(node)) {
      for (const item of node.items) walk(item, keys, depth + 1);
    }
  };
  for (const d of all) walk(d.contents, [], 0);
  return true;
}

/** Values written for a key with enumerated values (a scalar, or the scalars of a sequence). */
function countValues(note, path, value) {
  if (!note.values?.length) return;
  const known = new Set(note.values.map((v) => v.value));
  const one = (v) => {
    if (!yaml.isScalar(v) || v.value === null || v.value === undefined) return;
    const s = typeof v.value === 'boolean' ? String(v.value) : String(v.value);
    // YAML 1.1 readers turn a bare `no` into false: count it as the value written
    const written = v.value === false && v.source === undefined ? 'no' : s;
    if (known.has(written)) add(`${noteKey('compose-key', undefined, path)}=${written}`);
  };
  if (yaml.isSeq(value)) value.items.forEach(one);
  else one(value);
}

/* ---------------------------------------------------------------- Dockerfiles */

function countDockerfile(text) {
  let ast;
  try {
    ast = DockerfileParser.parse(text);
  } catch {
    return false;
  }
  for (const d of ast.getDirectives()) add(noteKey('dockerfile-directive', undefined, d.getName()));
  for (const instr of ast.getInstructions()) {
    const keyword = instr.getKeyword().toUpperCase();
    if (!docs.get('dockerfile-instruction', keyword)) continue;
    add(noteKey('dockerfile-instruction', undefined, keyword));
    const flags = typeof instr.getFlags === 'function' ? instr.getFlags() : [];
    for (const f of flags) {
      const name = `--${f.getName()}`;
      const note = docs.get('dockerfile-flag', name, keyword);
      if (!note) continue;
      add(noteKey('dockerfile-flag', keyword, name));
      const value = f.getValue();
      if (value && note.values?.some((v) => v.value === value))
        add(`${noteKey('dockerfile-flag', keyword, name)}=${value}`);
      if (f.getName().toLowerCase() === 'mount' && keyword === 'RUN') {
        const type = (f.getOption('type')?.getValue() ?? 'bind').toLowerCase();
        if (!docs.get('dockerfile-mount-type', type, 'RUN --mount')) continue;
        add(noteKey('dockerfile-mount-type', 'RUN --mount', type));
        for (const o of f.getOptions()) {
          const n = o.getName().toLowerCase();
          if (n !== 'type' && docs.get('dockerfile-mount-option', n, type))
            add(noteKey('dockerfile-mount-option', type, n));
        }
      }
    }
    for (const v of instr.getVariables?.() ?? []) {
      if (docs.get('dockerfile-arg', v.getName()))
        add(noteKey('dockerfile-arg', undefined, v.getName()));
    }
    if (keyword === 'RUN') {
      const r = instr.getArgumentsRange();
      if (r)
        countShell(
          ast.getEscapeCharacter ? text.slice(offsetOf(text, r.start), offsetOf(text, r.end)) : '',
        );
    }
  }
  return true;
}

function offsetOf(text, pos) {
  let off = 0;
  for (let l = 0; l < pos.line; l++) {
    const nl = text.indexOf('\n', off);
    if (nl < 0) return text.length;
    off = nl + 1;
  }
  return off + pos.character;
}

/* ---------------------------------------------------------------- docker commands */

function countShell(text) {
  let found = false;
  for (const cmd of lexCommands(text, 0, { limit: 64 * 1024 })) {
    const a = analyze(docs, cmd.words);
    if (!a) continue;
    found = true;
    for (const p of a.parts) {
      if ((p.role === 'program' || p.role === 'command') && p.path) add(`cli-command||${p.path}`);
      if (p.role === 'flag' && p.command)
        for (const f of p.flags ?? []) if (f.flag) add(`cli-flag|${p.command.name}|${f.flag.name}`);
    }
  }
  return found;
}

/* ---------------------------------------------------------------- main */

function git(dir, ...a) {
  return execFileSync('git', ['--git-dir', dir, ...a], {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
}

const sources = [];
for (const repo of SOURCES) {
  const dir = join(MIRRORS, repo.replace('/', '+'), 'repo');
  if (!existsSync(dir)) {
    console.error(`usage-counts: no mirror of ${repo} in ${MIRRORS} (fetch it first); left out`);
    continue;
  }
  const commit = git(dir, 'rev-parse', 'HEAD').trim();
  const kindOf = (path) =>
    TEMPLATE.test(path)
      ? undefined
      : COMPOSE_FILE.test(path)
        ? 'compose'
        : DOCKERFILE.test(path)
          ? 'dockerfiles'
          : SHELL_FILE.test(path) || MARKDOWN.test(path)
            ? 'scripts'
            : undefined;
  const files = git(dir, 'ls-tree', '-r', '-l', 'HEAD')
    .split('\n')
    .map((l) => /^\d+ blob (\S+)\s+(\d+)\t(.*)$/.exec(l))
    .filter((m) => m && Number(m[2]) <= MAX_FILE_BYTES && kindOf(m[3]))
    .map((m) => ({ id: m[1], path: m[3], kind: kindOf(m[3]) }));
  // every blob in one `git cat-file --batch` (one process per repository)
  const batch = execFileSync('git', ['--git-dir', dir, 'cat-file', '--batch'], {
    input: files.map((f) => f.id).join('\n') + '\n',
    maxBuffer: 1024 * 1024 * 1024,
  });
  const texts = [];
  for (let at = 0; at < batch.length && texts.length < files.length;) {
    const nl = batch.indexOf(10, at);
    const size = Number(/ (\d+)$/.exec(batch.subarray(at, nl).toString())?.[1] ?? 0);
    texts.push(batch.subarray(nl + 1, nl + 1 + size).toString('utf8'));
    at = nl + 1 + size + 1;
  }
  const got = { repo, commit, compose: 0, dockerfiles: 0, scripts: 0 };
  for (const [i, { path, kind }] of files.entries()) {
    const text = texts[i] ?? '';
    const counted =
      kind === 'compose'
        ? countCompose(text)
        : kind === 'dockerfiles'
          ? countDockerfile(text)
          : MARKDOWN.test(path)
            ? markdownShellBlocks(text).some((b) => countShell(b.text))
            : countShell(text.replace(/^\t[@+-]+/gm, '\t').replace(/\$\$/g, '$'));
    if (counted) got[kind]++;
  }
  sources.push(got);
  console.log(
    `${repo.padEnd(40)} ${commit.slice(0, 10)}  ${got.compose} compose files, ${got.dockerfiles} Dockerfiles, ${got.scripts} scripts/READMEs with docker commands`,
  );
}

const sorted = Object.fromEntries([...counts].sort((a, b) => (a[0] < b[0] ? -1 : 1)));
const out = {
  about:
    'How often real files write each key, instruction, flag, mount option and value: counted by scripts/usage-counts.mjs in the repositories below (their files at the commit given). Completion lists the most used items first. Recompute with: npm run build && node scripts/usage-counts.mjs',
  sources,
  counts: sorted,
};
const total = sources.reduce(
  (t, s) => ({
    compose: t.compose + s.compose,
    dockerfiles: t.dockerfiles + s.dockerfiles,
    scripts: t.scripts + s.scripts,
  }),
  { compose: 0, dockerfiles: 0, scripts: 0 },
);
console.log(
  `usage-counts: ${Object.keys(sorted).length} keys from ${total.compose} compose files, ${total.dockerfiles} Dockerfiles, ${total.scripts} scripts/READMEs in ${sources.length} repositories`,
);
if (!args.includes('--dry-run')) {
  writeFileSync(OUT, JSON.stringify(out, null, 1) + '\n');
  console.log(`written to ${OUT}`);
}
