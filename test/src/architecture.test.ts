/** The architecture invariants of ARCHITECTURE.md, checked on the sources. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { serverExecArgv } from '../../client/out/serverOptions';
import { ROOT } from './helpers';

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const n of readdirSync(dir)) {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) out.push(...sources(p));
    else if (n.endsWith('.ts')) out.push(p);
  }
  return out;
}

// The import boundaries (the service is pure, only the adapter knows the connection, only node/
// does I/O, the client imports nothing from server/) are lint rules: eslint.config.mjs, lint.test.ts.

test('no documentation text or value lists in TypeScript: every note field the help shows comes from docs-data', () => {
  // a crude but useful guard: no source file carries a long markdown-looking string literal
  const offenders: string[] = [];
  for (const f of sources(join(ROOT, 'server', 'src'))) {
    const text = readFileSync(f, 'utf8');
    for (const m of text.matchAll(/'([^'\n]{160,})'|`([^`\n]{200,})`/g)) {
      offenders.push(`${relative(ROOT, f)}: ${(m[1] ?? m[2]).slice(0, 60)}…`);
    }
  }
  assert.deepEqual(offenders, []);
});

test('the server gets the same V8 settings from its bin and from the VS Code client', () => {
  const bin = readFileSync(join(ROOT, 'bin', 'docker-inline-help-server.js'), 'utf8');
  const fromBin = [...bin.matchAll(/setFlagsFromString\('([^']+)'\)/g)].map((m) => m[1]);
  assert.deepEqual(fromBin, ['--semi-space-growth-factor=1', '--optimize-for-size', '--no-opt']);
  assert.deepEqual(serverExecArgv({}), fromBin);
  // F5 "Run Extension" sets DOCKER_INLINE_HELP_INSPECT; the server then listens for "Attach to Server"
  assert.deepEqual(serverExecArgv({ DOCKER_INLINE_HELP_INSPECT: '6009' }), [
    ...fromBin,
    '--inspect=127.0.0.1:6009',
  ]);
  assert.deepEqual(serverExecArgv({ DOCKER_INLINE_HELP_INSPECT: 'yes' }), fromBin);
});
