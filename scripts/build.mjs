#!/usr/bin/env node
// Build: compile the notes into dist/docs-index.json (failing on any problem), type-check and
// compile the TypeScript projects (tsc -b: server, client, tests), and bundle the extension, the
// language server and the CLI with esbuild; and the web extension: dist/browser/extension.js and
// the server's web worker dist/browser/server.js (with the compiled notes inside).
//   --notes-only   only validate and compile the notes (npm run notes:check)
//   --watch        build once, then rebuild the bundles and the notes on every change (npm run
//                  watch; type-checking in watch mode is its own task: npx tsc -b -w)
import { build, buildSync, context } from 'esbuild';
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  watch as watchFiles,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const notesOnly = process.argv.includes('--notes-only');
const watch = process.argv.includes('--watch');
mkdirSync(dist, { recursive: true });
const t0 = Date.now();

// 1. the notes compiler, bundled so that this script can run it without tsc
buildSync({
  entryPoints: [join(root, 'server/src/compiler/compileNotes.ts')],
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  outfile: join(dist, 'compiler.js'),
  logLevel: 'error',
});
const require = createRequire(import.meta.url);
const { compileNotes, compileSnippets, compileVersions, VERSIONS_FILE } = require(
  join(dist, 'compiler.js'),
);

function walk(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...walk(p));
    else if (name.endsWith('.md') && name !== 'README.md' && name !== VERSIONS_FILE) out.push(p);
  }
  return out;
}
const notesDir = join(root, 'docs-data');
/** Compile docs-data/ into dist/docs-index.json; false (and the problems printed) when it fails. */
function buildNotes() {
  const files = walk(notesDir).map((p) => ({
    path: relative(root, p),
    text: readFileSync(p, 'utf8'),
  }));
  const { index, problems } = compileNotes(files);
  // every area (a folder of docs-data/) says which upstream versions its notes describe
  const areas = readdirSync(notesDir)
    .filter((n) => statSync(join(notesDir, n)).isDirectory())
    .sort();
  const versionFiles = areas
    .map((a) => join(notesDir, a, VERSIONS_FILE))
    .filter((p) => existsSync(p))
    .map((p) => ({ path: relative(root, p), text: readFileSync(p, 'utf8') }));
  const versions = compileVersions(versionFiles, areas);
  problems.push(...versions.problems);
  if (problems.length) {
    for (const p of problems) console.error(`${p.file}:${p.line}: ${p.message}`);
    console.error(`\n${problems.length} problem(s) in the notes; fix them and build again.`);
    return false;
  }
  // the usage counts (made by scripts/usage-counts.mjs) and the snippets go into the index too
  const usageFile = join(notesDir, 'usage.json');
  if (existsSync(usageFile)) index.usage = JSON.parse(readFileSync(usageFile, 'utf8')).counts;
  const snippets = compileSnippets(
    [
      ['compose.json', 'compose'],
      ['dockerfile.json', 'dockerfile'],
    ].map(([name, language]) => ({
      path: `snippets/${name}`,
      language,
      text: readFileSync(join(root, 'snippets', name), 'utf8'),
    })),
  );
  if (snippets.problems.length) {
    for (const p of snippets.problems) console.error(`${p.file}:${p.line}: ${p.message}`);
    return false;
  }
  index.snippets = snippets.snippets;
  writeFileSync(join(dist, 'docs-index.json'), JSON.stringify(index));
  const byKind = {};
  let flags = 0;
  for (const e of index.entries) {
    byKind[e.kind] = (byKind[e.kind] ?? 0) + 1;
    flags += e.flags?.length ?? 0;
  }
  console.log(
    `notes: ${index.entries.length} compiled (${Object.entries(byKind)
      .map(([k, n]) => `${k} ${n}`)
      .join(', ')}; cli flags ${flags})`,
  );
  console.log(
    `versions: ${versions.areas
      .map((a) => `${a.area} (${a.versions.map((v) => `${v.upstream} ${v.version}`).join(', ')})`)
      .join('; ')}`,
  );
  return true;
}
if (!buildNotes() && !watch) process.exit(1);
if (notesOnly) process.exit(0);

// 2. type-check everything and emit the test build (test/out, server/out); first drop compiled
//    tests whose source is gone, so that node --test never runs a stale file
const testOut = join(root, 'test/out');
if (existsSync(testOut)) {
  for (const name of readdirSync(testOut)) {
    const m = /^(.*)\.js(\.map)?$/.exec(name);
    if (m && !existsSync(join(root, 'test/src', `${m[1]}.ts`))) rmSync(join(testOut, name));
  }
}
try {
  execFileSync(
    process.execPath,
    [join(root, 'node_modules/typescript/bin/tsc'), '-b', join(root, 'tsconfig.json')],
    { stdio: 'inherit' },
  );
} catch {
  // tsc printed the errors; in watch mode keep going (the bundles still build)
  if (!watch) process.exit(1);
}

// 3. bundles
const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: true,
  logLevel: 'error',
  minify: process.env.MINIFY === '1',
};
const bundles = [
  { entryPoints: [join(root, 'server/src/node/main.ts')], outfile: join(dist, 'server.js') },
  // the server's checking thread (a worker thread, see server/src/adapter/checker.ts)
  {
    entryPoints: [join(root, 'server/src/node/checkWorker.ts')],
    outfile: join(dist, 'checker.js'),
  },
  { entryPoints: [join(root, 'server/src/node/cli.ts')], outfile: join(dist, 'cli.js') },
  {
    entryPoints: [join(root, 'client/src/extension.ts')],
    outfile: join(dist, 'extension.js'),
    external: ['vscode'],
  },
];
// the web extension: the browser client and the server's web worker. platform 'browser' makes any
// Node built-in an error, which keeps the shared code (adapter, service, client/common.ts) free of
// them. The worker carries the compiled notes (the module 'docker-inline-help:builtin-notes').
const builtinNotesPlugin = {
  name: 'builtin-notes',
  setup(build) {
    build.onResolve({ filter: /^docker-inline-help:builtin-notes$/ }, () => ({
      path: join(dist, 'docs-index.json'),
    }));
  },
};
const browser = {
  ...common,
  platform: 'browser',
  target: 'es2022',
  // the notes make the worker large; minified, the web build stays small in the .vsix
  minify: true,
};
bundles.push(
  {
    ...browser,
    entryPoints: [join(root, 'server/src/browser/main.ts')],
    outfile: join(dist, 'browser', 'server.js'),
    format: 'iife',
    plugins: [builtinNotesPlugin],
  },
  {
    ...browser,
    entryPoints: [join(root, 'client/src/browser/extension.ts')],
    outfile: join(dist, 'browser', 'extension.js'),
    format: 'cjs',
    external: ['vscode'],
  },
);
if (watch) {
  // the lines VS Code's background problem matcher waits for (.vscode/tasks.json)
  const announce = {
    name: 'announce',
    setup(build) {
      build.onStart(() => console.log('[watch] build started'));
      build.onEnd((r) => console.log(`[watch] build finished (${r.errors.length} errors)`));
    },
  };
  for (const b of bundles) {
    const ctx = await context({
      ...common,
      ...b,
      logLevel: 'warning',
      plugins: [...(b.plugins ?? []), announce],
    });
    await ctx.watch();
  }
  let timer;
  watchFiles(notesDir, { recursive: true }, () => {
    clearTimeout(timer);
    timer = setTimeout(buildNotes, 150);
  });
  console.log('[watch] watching the sources and docs-data/ (Ctrl+C to stop)');
} else {
  await Promise.all(bundles.map((b) => build({ ...common, ...b })));
}
// 4. the V8 code caches of the bins' bundles (a start skips most of the compiling); in watch mode
//    the bundles keep changing and the bins fall back to compiling (a stale cache is rejected)
if (!watch) {
  execFileSync(process.execPath, [join(root, 'scripts', 'code-cache.mjs')], { stdio: 'inherit' });
  console.log(`build done in ${((Date.now() - t0) / 1000).toFixed(1)}s`);
}
