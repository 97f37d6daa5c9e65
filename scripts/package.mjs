#!/usr/bin/env node
// Package the built extension as docker-inline-help-<version>.vsix with @vscode/vsce and check
// what went in. Run through `npm run package` (which builds dist/ first).
//   --out FILE   write the .vsix there (default: ./docker-inline-help-<version>.vsix)
//   --list       also print every file in the .vsix with its size (vsce prints a tree anyway)
//   --quiet      print only the summary line
// The .vsix holds only what the installed extension uses (see .vscodeignore): the bundled client
// and server (dist/extension.js, dist/server.js with its checking thread dist/checker.js), the compiled notes with the snippets
// (dist/docs-index.json: the server offers the snippets), the web extension
// (dist/browser/extension.js and the server's worker dist/browser/server.js, which carries the
// notes), the icon, README/CHANGELOG/LICENSE and package.json. `--no-dependencies` keeps
// node_modules/ out: esbuild already bundled vscode-languageclient, the server and their deps.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const args = process.argv.slice(2);
const outArg = args.includes('--out') ? args[args.indexOf('--out') + 1] : undefined;
const quiet = args.includes('--quiet');
const listAll = args.includes('--list');
const out = resolve(outArg ?? join(root, `${pkg.name}-${pkg.version}.vsix`));
const MAX_BYTES = 2 * 1024 * 1024;
const die = (s) => {
  console.error(`package: ${s}`);
  process.exit(1);
};

// 1. inputs
for (const f of [
  'dist/extension.js',
  'dist/server.js',
  'dist/checker.js',
  'dist/docs-index.json',
  'dist/browser/extension.js',
  'dist/browser/server.js',
  'LICENSE',
  pkg.icon ?? 'images/icon.png',
]) {
  if (!existsSync(join(root, f)))
    die(
      `${f} is missing${f.startsWith('dist/') ? ' (run npm run build, or use npm run package)' : ''}`,
    );
}
for (const f of ['README.md', 'CHANGELOG.md']) {
  if (!existsSync(join(root, f)))
    console.warn(`package: warning: ${f} is missing, the extension page will lack it`);
}

// 2. vsce (3.x: 4.x needs Node 22). stdin is closed so that vsce can never wait on a y/N prompt.
const require = createRequire(import.meta.url);
let vsce;
try {
  vsce = join(dirname(require.resolve('@vscode/vsce/package.json')), 'vsce');
} catch {
  die('@vscode/vsce is not installed: run npm ci');
}
// README links such as [docs-data/](docs-data) are made absolute by vsce; it can derive the base URL
// only for GitHub/GitLab repositories, so for any other host give it one from package.json.
const vsceArgs = ['package', '--no-dependencies', '--out', out];
const repoUrl = (typeof pkg.repository === 'string' ? pkg.repository : (pkg.repository?.url ?? ''))
  .replace(/^git\+/, '')
  .replace(/\.git$/, '')
  .replace(/\/$/, '');
if (/^https?:\/\//.test(repoUrl) && !/github\.com|gitlab\.com/.test(repoUrl)) {
  vsceArgs.push(
    '--baseContentUrl',
    `${repoUrl}/blob/HEAD/`,
    '--baseImagesUrl',
    `${repoUrl}/raw/HEAD/`,
  );
}
const t0 = Date.now();
const r = spawnSync(process.execPath, [vsce, ...vsceArgs], {
  cwd: root,
  stdio: ['ignore', quiet ? 'pipe' : 'inherit', 'inherit'],
  encoding: 'utf8',
});
if (r.status !== 0) die(`vsce package failed (exit ${r.status ?? r.signal})`);

// 3. check the archive: read the zip's central directory (no unzip needed)
const entries = listZip(readFileSync(out));
const size = statSync(out).size;
const problems = [];
const names = new Set(entries.map((e) => e.name));
for (const need of [
  'extension/package.json',
  'extension/dist/extension.js',
  'extension/dist/server.js',
  'extension/dist/checker.js',
  'extension/dist/docs-index.json',
  'extension/dist/browser/extension.js',
  'extension/dist/browser/server.js',
  `extension/${pkg.icon ?? 'images/icon.png'}`,
]) {
  if (!names.has(need)) problems.push(`missing ${need}`);
}
if (![...names].some((n) => /^extension\/LICENSE(\.txt|\.md)?$/i.test(n)))
  problems.push('missing LICENSE');
for (const n of names) {
  if (n.includes('node_modules/'))
    problems.push(`unexpected ${n} (node_modules must not be packaged)`);
  if (
    n.endsWith('.map') ||
    n.endsWith('.ts') ||
    n.startsWith('extension/server/') ||
    n.startsWith('extension/client/') ||
    n.startsWith('extension/docs-data/')
  ) {
    problems.push(`unexpected ${n}`);
  }
}
if (size > MAX_BYTES) problems.push(`${size} bytes is over the 2 MB limit`);

if (listAll) {
  console.log(`\n${relative(process.cwd(), out) || out}:`);
  for (const e of entries) console.log(`  ${String(e.size).padStart(9)}  ${e.name}`);
}
const mb = (size / 1024 / 1024).toFixed(2);
if (problems.length) {
  for (const p of problems) console.error(`package: ${p}`);
  die(`${out}: ${problems.length} problem(s)`);
}
console.log(
  `packaged ${out} (${size} bytes, ${mb} MB, ${entries.length} files) in ${((Date.now() - t0) / 1000).toFixed(1)}s`,
);

/** Names and uncompressed sizes of a zip's entries, from its central directory. */
function listZip(buf) {
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 65535); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) die(`${out} is not a zip file`);
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const list = [];
  for (let k = 0; k < count; k++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) die(`${out}: bad central directory`);
    const usize = buf.readUInt32LE(p + 24);
    const nlen = buf.readUInt16LE(p + 28),
      xlen = buf.readUInt16LE(p + 30),
      clen = buf.readUInt16LE(p + 32);
    list.push({ name: buf.toString('utf8', p + 46, p + 46 + nlen), size: usize });
    p += 46 + nlen + xlen + clen;
  }
  return list;
}
