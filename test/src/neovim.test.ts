/**
 * Neovim, for real: Debian's Neovim (0.7.2 on Debian 12) runs headless with the README's
 * configuration for Neovim 0.7 to 0.10, copied out of README.md, so the README cannot drift from
 * what is tested. The server is found on PATH as `docker-inline-help-server`, the way a user who
 * ran `npm install -g .` has it. test/neovim/driver.lua opens the example files, asks for hover and
 * completion, edits a user note on disk, and writes what Neovim got; this test checks it.
 * Without `nvim` on PATH the test is skipped, except in CI (CI=true), where it fails: CI installs
 * Neovim with apt (.ci/run).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { ROOT } from './helpers';

const nvim = spawnSync('nvim', ['--version'], { encoding: 'utf8' });
const version = nvim.status === 0 ? nvim.stdout.split('\n')[0] : undefined;
const skip =
  !version && process.env.CI !== 'true' ? 'nvim is not installed (apt-get install neovim)' : false;

/** The README's Lua block for Neovim 0.7 to 0.10, with the notes folder line switched on. */
function readmeConfig(notes: string): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const blocks = [...readme.matchAll(/```lua\n([\s\S]*?)```/g)].map((m) => m[1]);
  const block = blocks.find((b) => b.includes('vim.lsp.start_client'));
  assert.ok(block, 'README.md has a Lua block with vim.lsp.start_client (Neovim 0.7 to 0.10)');
  const example =
    "-- init_options = { settings = { notes = { folders = { '~/docker-notes' } } } },";
  assert.ok(
    block.includes(example),
    `the README's block shows how to set a notes folder: ${example}`,
  );
  return block.replace(
    example,
    `init_options = { settings = { notes = { folders = { '${notes}' } } } },`,
  );
}

test(
  'Neovim (Debian apt) with the README configuration: hover, completion, a user note edited on disk',
  { skip },
  () => {
    assert.ok(version, 'nvim is on PATH (CI installs it: apt-get install -y neovim)');
    const dir = mkdtempSync(join(tmpdir(), 'dih-nvim-'));
    try {
      const ws = join(dir, 'ws');
      const notes = join(dir, 'notes');
      const bin = join(dir, 'bin');
      for (const d of [ws, notes, bin, join(dir, 'xdg')]) mkdirSync(d, { recursive: true });
      for (const f of ['Dockerfile', 'compose.yaml', 'deploy.sh']) {
        copyFileSync(join(ROOT, 'examples', f), join(ws, f));
      }
      // what `npm install -g .` puts on PATH
      symlinkSync(
        join(ROOT, 'bin', 'docker-inline-help-server.js'),
        join(bin, 'docker-inline-help-server'),
      );
      writeFileSync(join(dir, 'init.lua'), readmeConfig(notes));
      const out = join(dir, 'out.json');
      const run = spawnSync(
        'nvim',
        [
          '--headless',
          '-u',
          join(dir, 'init.lua'),
          '-i',
          'NONE',
          '-n',
          '-c',
          `luafile ${join(ROOT, 'test', 'neovim', 'driver.lua')}`,
        ],
        {
          cwd: ws,
          encoding: 'utf8',
          timeout: 120000,
          env: {
            ...process.env,
            PATH: `${bin}${delimiter}${process.env.PATH ?? ''}`,
            XDG_CACHE_HOME: join(dir, 'xdg'),
            XDG_STATE_HOME: join(dir, 'xdg'),
            XDG_CONFIG_HOME: join(dir, 'xdg'),
            XDG_DATA_HOME: join(dir, 'xdg'),
            DIH_WS: ws,
            DIH_NOTES: notes,
            DIH_OUT: out,
          },
        },
      );
      assert.equal(run.status, 0, `nvim exited with ${run.status ?? run.signal}: ${run.stderr}`);
      const got = JSON.parse(readFileSync(out, 'utf8')) as {
        steps: { name: string; value: unknown }[];
        error?: string;
      };
      assert.equal(got.error, undefined);
      const steps = new Map(got.steps.map((s) => [s.name, s.value]));

      // Neovim's own file types: compose.yaml is plain yaml, served because of its name
      assert.deepEqual(steps.get('filetypes'), {
        dockerfile: 'dockerfile',
        compose: 'yaml',
        shell: 'sh',
      });
      assert.equal(steps.get('client'), 'docker_inline_help');
      assert.match(
        steps.get('hover ENTRYPOINT') as string,
        /^\*\*ENTRYPOINT\*\* — Fixed executable a container runs; CMD and docker run arguments become its parameters\n/,
      );
      const labels = steps.get('complete under a service') as string[];
      assert.ok(labels.includes('networks'), `networks among ${labels.join(', ')}`);
      assert.ok(labels.includes('ports'));
      // the service already has these two
      assert.ok(!labels.includes('image') && !labels.includes('restart'));
      assert.ok(!labels.includes('services'), 'no top-level keys inside a service');
      assert.match(
        steps.get('hover -p') as string,
        /^\*\*docker run -p, --publish\*\* — Publish a container port on the host: \[HOST_IP:\]HOST_PORT:CONTAINER_PORT\[\/PROTOCOL\]\n/,
      );
      // the user note: added, edited, deleted on disk while Neovim runs (the server's own watcher)
      assert.equal(
        steps.get('note v1'),
        '**WORKDIR** — Team rule v1\n\nOur own words.\n\n_From your notes: workdir.md_',
      );
      assert.equal(
        steps.get('note v2'),
        '**WORKDIR** — Team rule v2\n\nOur own words.\n\n_From your notes: workdir.md_',
      );
      assert.match(
        steps.get('note deleted') as string,
        /^\*\*WORKDIR\*\* — Set the working directory for later instructions and for the container\n/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
);
