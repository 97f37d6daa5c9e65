/**
 * How the client starts the language server process. No `vscode` import here, so that tests can
 * check these values against the server's bin.
 */

/**
 * V8 settings of the server process, the same as bin/docker-inline-help-server.js sets: a young
 * generation that does not grow (low memory) and no optimizing compiler (steady answers); measured
 * in bench/README.md.
 */
export const SERVER_EXEC_ARGV: readonly string[] = [
  '--semi-space-growth-factor=1',
  '--optimize-for-size',
  '--no-opt',
];

/** Environment variable that starts the server with the inspector on that port (F5: "Attach to Server"). */
export const INSPECT_ENV = 'DOCKER_INLINE_HELP_INSPECT';

/**
 * The server's execArgv: the V8 settings, plus `--inspect=127.0.0.1:PORT` when
 * DOCKER_INLINE_HELP_INSPECT=PORT is set (a port from 1024 to 65535; anything else is ignored).
 */
export function serverExecArgv(env: Record<string, string | undefined>): string[] {
  const args = [...SERVER_EXEC_ARGV];
  const port = Number(env[INSPECT_ENV]);
  if (Number.isInteger(port) && port >= 1024 && port <= 65535) {
    args.push(`--inspect=127.0.0.1:${port}`);
  }
  return args;
}
