#!/usr/bin/env node
/**
 * The real-file measurement of the Dockerfile rules: extracts every Dockerfile (and the
 * .dockerignore next to it) from the git mirrors under /work/.mirror (fetched public
 * repositories; their files are never committed), runs `docker-inline-help check --format json`
 * over them and prints how many files and how many diagnostics per rule, with examples.
 *
 *   node bench/lint-corpus.mjs [--out DIR] [--show RULE] [--mirrors DIR]
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, dflt) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const mirrors = arg('--mirrors', '/work/.mirror');
const out = arg('--out', '/tmp/lint-corpus');
const show = arg('--show');
// reference mirrors with deliberately broken test files, not real projects
const SKIP = new Set(['moby+buildkit', 'compose-spec+compose-spec', 'compose-spec+compose-go']);
// the names `docker-inline-help check` looks for in a folder (server/src/node/check.ts)
const NOT_DOCKERFILE =
  /\.(dockerignore|template|tmpl|tpl|j2|jinja2?|erb|mustache|hbs|m4|md|markdown|txt|rst|go|py|js|ts|json|ya?ml|toml|sh|ps1|bat|cmd|patch|diff|orig|rej|bak|swp|lock|sum|mod)$/i;
const isDockerfile = (base) =>
  /^(Dockerfile|Containerfile)$/i.test(base) ||
  /\.(Dockerfile|Containerfile)$/i.test(base) ||
  (/^(Dockerfile|Containerfile)\..+/.test(base) && !NOT_DOCKERFILE.test(base));

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
let files = 0;
const perRepo = {};
for (const name of readdirSync(mirrors).sort()) {
  if (SKIP.has(name)) continue;
  const git = join(mirrors, name, 'repo');
  if (!existsSync(git)) continue;
  let list;
  try {
    // regular files only (mode 100644/100755): symbolic links point at files listed anyway
    list = execFileSync('git', ['--git-dir', git, 'ls-tree', '-r', 'HEAD'], {
      maxBuffer: 256 * 1024 * 1024,
    })
      .toString()
      .split('\n')
      .filter((l) => /^100(644|755) blob /.test(l))
      .map((l) => l.slice(l.indexOf('\t') + 1));
  } catch {
    continue;
  }
  const all = new Set(list);
  const wanted = [];
  for (const p of list) {
    const base = p.split('/').pop();
    if (!isDockerfile(base)) continue;
    wanted.push(p);
    const dir = p.includes('/') ? p.slice(0, p.lastIndexOf('/') + 1) : '';
    for (const ig of [`${p}.dockerignore`, `${dir}.dockerignore`]) if (all.has(ig)) wanted.push(ig);
  }
  for (const p of new Set(wanted)) {
    let data;
    try {
      data = execFileSync('git', ['--git-dir', git, 'show', `HEAD:${p}`], {
        maxBuffer: 64 * 1024 * 1024,
      });
    } catch {
      continue;
    }
    const dest = join(out, name, p);
    mkdirSync(dirname(dest), { recursive: true });
    writeFileSync(dest, data);
    if (isDockerfile(p.split('/').pop())) {
      files++;
      perRepo[name] = (perRepo[name] ?? 0) + 1;
    }
  }
}
let json;
try {
  json = execFileSync(
    process.execPath,
    [join(root, 'bin', 'docker-inline-help.js'), 'check', '--format', 'json', out],
    {
      cwd: out,
      maxBuffer: 256 * 1024 * 1024,
    },
  ).toString();
} catch (e) {
  json = e.stdout?.toString() ?? '[]';
}
const all = JSON.parse(json);
// generator templates named like Dockerfiles (a folder or name saying template, or a first line
// of template syntax) are not Dockerfiles: Docker rejects them; counted apart
const templates = new Set();
for (const f of new Set(all.map((x) => x.file))) {
  const first = readFileSync(join(out, f), 'utf8')
    .split('\n')
    .find((l) => l.trim() && !l.trim().startsWith('#'));
  if (/template/i.test(f) || /^\s*\{\{/.test(first ?? '')) templates.add(f);
}
const findings = all.filter((f) => !templates.has(f.file));
const byRule = {};
for (const f of findings) (byRule[f.code] ??= []).push(f);
console.log(`${files} Dockerfiles from ${Object.keys(perRepo).length} repositories`);
for (const [r, n] of Object.entries(perRepo)) console.log(`  ${r}: ${n}`);
console.log(
  `${all.length - findings.length} diagnostics on ${templates.size} generator templates named like Dockerfiles (not counted below)`,
);
console.log(`${findings.length} diagnostics on the other files`);
for (const [rule, list] of Object.entries(byRule).sort((a, b) => b[1].length - a[1].length)) {
  const filesWith = new Set(list.map((f) => f.file)).size;
  console.log(`  ${rule}: ${list.length} in ${filesWith} files`);
}
if (show) {
  for (const f of byRule[show] ?? []) console.log(`${f.file}:${f.line}:${f.column} ${f.message}`);
}
