/**
 * `docker-inline-help convert run "docker run …"`: the command as a compose file holding one
 * service. `docker-inline-help convert compose FILE SERVICE`: the `docker run` command of a
 * service. Exit code 0 with output, 1 when there is nothing to convert, 2 for a usage error.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { LanguageService } from '../service/languageService';

export const CONVERT_USAGE = `docker-inline-help convert run "docker run [OPTIONS] IMAGE [COMMAND]"
  docker-inline-help convert compose FILE SERVICE`;

/** A word as the shell reads it back (quoted when it holds anything but plain characters). */
export function shellWord(w: string): string {
  return /^[A-Za-z0-9_./:=@%+,-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`;
}

export function runConvert(
  service: LanguageService,
  args: readonly string[],
  out: (s: string) => void,
  err: (s: string) => void,
): number {
  const [what, ...rest] = args;
  if (what === 'run') {
    // one argument is the command line as written; several are its words, which the user's shell
    // has already unquoted: quote them again
    const line = rest.length === 1 ? rest[0] : rest.map(shellWord).join(' ');
    if (!line.trim()) {
      err(
        `docker-inline-help: convert run needs a docker run command line\nusage: ${CONVERT_USAGE}\n`,
      );
      return 2;
    }
    const text = service.composeOfRun(line);
    if (!text) {
      err('docker-inline-help: not a docker run or docker create command with an image\n');
      return 1;
    }
    out(text);
    return 0;
  }
  if (what === 'compose') {
    const [file, name] = rest;
    if (!file || !name || rest.length > 2) {
      err(`docker-inline-help: convert compose needs FILE and SERVICE\nusage: ${CONVERT_USAGE}\n`);
      return 2;
    }
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      err(
        `docker-inline-help: cannot read ${file}: ${e instanceof Error ? e.message : String(e)}\n`,
      );
      return 2;
    }
    const doc = TextDocument.create(
      pathToFileURL(resolve(file)).toString(),
      'dockercompose',
      1,
      text,
    );
    const run = service.dockerRunOf(doc, name);
    if (!run) {
      err(`docker-inline-help: no service ${name} in ${file}\n`);
      return 1;
    }
    out(run);
    return 0;
  }
  err(`docker-inline-help: convert run|compose …\nusage: ${CONVERT_USAGE}\n`);
  return 2;
}
