// Writes the V8 code caches of the two bins' bundles (dist/server.js.cache, dist/cli.js.cache):
// each bin is run once, the way it is started, with DOCKER_INLINE_HELP_WRITE_CODE_CACHE=1, and
// writes the cache of its bundle at exit (see bin/load-bundle.js), with the code its run compiled:
// the server answers a short session on the examples, the CLI one hover. Part of `npm run build`.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const env = { ...process.env, DOCKER_INLINE_HELP_WRITE_CODE_CACHE: '1' };
/** LSP messages for one short session: open the examples, a hover and a completion in each, exit. */
function session() {
  const messages = [
    { id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } },
    { method: 'initialized', params: {} },
  ];
  let id = 2;
  const files = [
    ['Dockerfile', 'dockerfile', { line: 19, character: 2 }],
    ['compose.yaml', 'dockercompose', { line: 5, character: 6 }],
    ['deploy.sh', 'shellscript', { line: 3, character: 10 }],
    ['Makefile', 'makefile', { line: 3, character: 4 }],
    ['README.md', 'markdown', { line: 5, character: 4 }],
  ];
  for (const [name, languageId, position] of files) {
    const uri = pathToFileURL(join(root, 'examples', name)).href;
    messages.push({
      method: 'textDocument/didOpen',
      params: {
        textDocument: {
          uri,
          languageId,
          version: 1,
          text: readFileSync(join(root, 'examples', name), 'utf8'),
        },
      },
    });
    messages.push({
      id: id++,
      method: 'textDocument/hover',
      params: { textDocument: { uri }, position },
    });
    messages.push({
      id: id++,
      method: 'textDocument/completion',
      params: { textDocument: { uri }, position },
    });
  }
  messages.push({ id, method: 'shutdown', params: null }, { method: 'exit', params: null });
  return messages
    .map((m) => {
      const body = JSON.stringify({ jsonrpc: '2.0', ...m });
      return `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
    })
    .join('');
}

const runs = [
  // the server: one short session over stdio, so that the cache holds the code requests run
  {
    bin: 'docker-inline-help-server.js',
    args: ['--stdio'],
    cache: 'dist/server.js.cache',
    input: session(),
  },
  // the CLI: one hover, so that the cache holds the code a request runs
  {
    bin: 'docker-inline-help.js',
    args: ['hover', join(root, 'examples', 'compose.yaml'), '6:6'],
    cache: 'dist/cli.js.cache',
    input: '',
  },
];
for (const { bin, args, cache, input } of runs) {
  rmSync(join(root, cache), { force: true });
  // the input stays open: a language server ends when its input closes, before it has read all
  const child = spawn(process.execPath, [join(root, 'bin', bin), ...args], {
    env,
    stdio: ['pipe', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  child.stdin.write(input);
  if (!input) child.stdin.end();
  const timer = setTimeout(() => child.kill(), 60_000);
  const code = await new Promise((resolve) => child.on('exit', resolve));
  clearTimeout(timer);
  if (!existsSync(join(root, cache))) {
    console.error(`code cache: ${cache} was not written (${bin} exited with ${code}): ${stderr}`);
    process.exit(1);
  }
}
