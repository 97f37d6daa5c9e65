// Writes the V8 code caches of the two bins' bundles (dist/server.js.cache, dist/cli.js.cache):
// each bin is run once, the way it is started, with DOCKER_INLINE_HELP_WRITE_CODE_CACHE=1, and
// writes the cache of its bundle at exit (see bin/load-bundle.js). Part of `npm run build`.
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const env = { ...process.env, DOCKER_INLINE_HELP_WRITE_CODE_CACHE: '1' };
const runs = [
  // the server: started over stdio, it loads and then ends when its input closes
  { bin: 'docker-inline-help-server.js', args: ['--stdio'], cache: 'dist/server.js.cache' },
  // the CLI: one hover, so that the cache holds the code a request runs
  { bin: 'docker-inline-help.js', args: ['hover', join(root, 'examples', 'compose.yaml'), '6:6'], cache: 'dist/cli.js.cache' },
];
for (const { bin, args, cache } of runs) {
  rmSync(join(root, cache), { force: true });
  const r = spawnSync(process.execPath, [join(root, 'bin', bin), ...args], { env, input: '', encoding: 'utf8' });
  if (!existsSync(join(root, cache))) {
    console.error(`code cache: ${cache} was not written (${bin} exited with ${r.status}): ${r.stderr}`);
    process.exit(1);
  }
}
