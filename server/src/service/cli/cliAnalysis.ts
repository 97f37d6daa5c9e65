/**
 * Reads one simple command (a list of words) the way the docker CLI would: the program, the
 * command path (`docker compose up`), flags with their values, and positional arguments.
 * All knowledge of commands and flags comes from the notes (DocsIndex).
 */
import { DocsIndex } from '../docs/docsIndex';
import type { CliFlag, NoteEntry } from '../types';
import type { Word } from './shellLexer';

export type PartRole = 'program' | 'command' | 'flag' | 'flag-value' | 'arg' | 'passthrough';

export interface Part {
  word: Word;
  role: PartRole;
  /** Command in whose context this word is read. */
  command?: NoteEntry;
  /** The command path up to and including this word (for role 'command' / 'program'). */
  path?: string;
  /** For flags: the flags it names (several for combined short flags like -it). */
  flags?: { flag: CliFlag | undefined; text: string; start: number; end: number }[];
  /** For flag values (separate word or after '='): the flag it belongs to. */
  valueFlag?: CliFlag;
  /** The value text, for flags written --flag=value or -pVALUE. */
  inlineValue?: { text: string; start: number };
  /** For positional args: index among positionals. */
  argIndex?: number;
}

export interface Analysis {
  parts: Part[];
  /** The deepest command reached. */
  command: NoteEntry | undefined;
  path: string;
  /** True once a positional argument was seen. */
  positional: boolean;
  /** The flag waiting for a value after the last word, if any. */
  pendingValue?: CliFlag;
}

const WRAPPERS = new Set([
  'sudo',
  'time',
  'nohup',
  'exec',
  'command',
  'env',
  'doas',
  'xargs',
  'watch',
]);
/** Shell words that may come before a command (`if docker …; then`, `! docker …`, `do docker …`). */
const RESERVED = new Set(['if', 'then', 'elif', 'else', 'while', 'until', 'do', '!', '{']);
const WRAPPER_ARG_FLAGS = new Set(['-u', '-g', '-C', '-n', '-p', '-U']);
export const PROGRAMS: Record<string, string> = {
  docker: 'docker',
  'docker-compose': 'docker compose',
  kubectl: 'kubectl',
};

function basename(word: string): string {
  const w = word.replace(/^[@+-]+/, '');
  const slash = w.lastIndexOf('/');
  return slash >= 0 ? w.slice(slash + 1) : w;
}

/** Index of the program word (docker, docker-compose, kubectl) after env assignments and wrappers. */
export function findProgram(words: readonly Word[]): { index: number; path: string } | null {
  let i = 0;
  while (i < words.length) {
    const t = words[i].text;
    if (
      t === '$' ||
      t === '#' ||
      t === '>' ||
      RESERVED.has(t) ||
      /^[A-Za-z_][A-Za-z0-9_]*=/.test(t)
    ) {
      i++;
      continue;
    }
    const base = basename(t);
    if (WRAPPERS.has(base)) {
      i++;
      while (i < words.length && words[i].text.startsWith('-')) {
        if (WRAPPER_ARG_FLAGS.has(words[i].text)) i++;
        i++;
      }
      continue;
    }
    const prog = PROGRAMS[base];
    if (prog) return { index: i, path: prog };
    return null;
  }
  return null;
}

function takesValue(flag: CliFlag | undefined): boolean {
  return !!flag && flag.type !== undefined && flag.type !== 'bool' && flag.type !== '';
}

/** True when the command's usage says everything after the first argument belongs to the container command. */
/**
 * The argument after which a command stops reading its own flags, as its usage names it (`IMAGE`
 * in `docker run [OPTIONS] IMAGE [COMMAND] [ARG...]`, `CONTAINER` for exec); undefined for a
 * command that reads flags to the end.
 */
export function passthroughAfter(cmd: NoteEntry | undefined): string | undefined {
  return /(\S+)\s+\[?COMMAND\]?\s+\[ARG\.\.\.\]/.exec(cmd?.usage ?? '')?.[1].replace(/[[\]]/g, '');
}

function stopsAtFirstArg(cmd: NoteEntry | undefined): boolean {
  return passthroughAfter(cmd) !== undefined;
}

export function analyze(docs: DocsIndex, words: readonly Word[]): Analysis | null {
  const prog = findProgram(words);
  if (!prog) return null;
  const parts: Part[] = [];
  let path = prog.path;
  let command = docs.command(path);
  parts.push({ word: words[prog.index], role: 'program', command, path });
  let positional = false;
  let argIndex = 0;
  let passthrough = false;
  let endOfFlags = false;
  let pendingValue: CliFlag | undefined;

  for (let i = prog.index + 1; i < words.length; i++) {
    const w = words[i];
    const t = w.text;
    if (passthrough) {
      parts.push({ word: w, role: 'passthrough', command });
      continue;
    }
    if (pendingValue) {
      parts.push({ word: w, role: 'flag-value', command, valueFlag: pendingValue });
      pendingValue = undefined;
      continue;
    }
    if (!endOfFlags && t === '--') {
      endOfFlags = true;
      parts.push({ word: w, role: 'arg', command });
      continue;
    }
    if (!endOfFlags && t.length > 1 && t.startsWith('-') && !/^-\d/.test(t)) {
      if (t.startsWith('--')) {
        const eq = t.indexOf('=');
        const name = eq < 0 ? t : t.slice(0, eq);
        const flag = command ? DocsIndex.findFlag(command, name) : undefined;
        const part: Part = {
          word: w,
          role: 'flag',
          command,
          flags: [{ flag, text: name, start: w.start, end: w.start + name.length }],
        };
        if (eq >= 0) {
          part.inlineValue = { text: t.slice(eq + 1), start: w.start + eq + 1 };
          part.valueFlag = flag;
        } else if (takesValue(flag)) {
          pendingValue = flag;
        }
        parts.push(part);
      } else {
        // short flags, maybe combined (-it) or with an attached value (-p8080:80)
        const flags: NonNullable<Part['flags']> = [];
        const part: Part = { word: w, role: 'flag', command, flags };
        for (let k = 1; k < t.length; k++) {
          const short = `-${t[k]}`;
          if (t[k] === '=' && flags.length) {
            part.inlineValue = { text: t.slice(k + 1), start: w.start + k + 1 };
            part.valueFlag = flags[flags.length - 1].flag;
            break;
          }
          const flag = command ? DocsIndex.findFlag(command, short) : undefined;
          flags.push({ flag, text: short, start: w.start + k, end: w.start + k + 1 });
          if (takesValue(flag)) {
            if (k + 1 < t.length) {
              const rest = t.slice(k + 1).replace(/^=/, '');
              part.inlineValue = { text: rest, start: w.start + t.length - rest.length };
              part.valueFlag = flag;
            } else {
              pendingValue = flag;
            }
            break;
          }
          if (t.length > 2 && k === 1 && !flag && command && DocsIndex.findFlag(command, t)) {
            // a single-dash long flag such as kubectl's -it is rare; keep the whole word
            break;
          }
        }
        parts.push(part);
      }
      continue;
    }
    const childPath = `${path} ${t}`;
    const child = !positional ? docs.command(childPath) : undefined;
    if (child) {
      path = childPath;
      command = child;
      parts.push({ word: w, role: 'command', command, path });
      continue;
    }
    positional = true;
    parts.push({ word: w, role: 'arg', command, argIndex: argIndex++ });
    if (stopsAtFirstArg(command)) passthrough = true;
  }
  return { parts, command, path, positional, pendingValue };
}

/** Placeholders of a usage line after the options: `docker run [OPTIONS] IMAGE [COMMAND] [ARG...]` -> IMAGE, [COMMAND], [ARG...]. */
export function usagePlaceholders(cmd: NoteEntry): string[] {
  if (!cmd.usage) return [];
  const first = cmd.usage.split('\n')[0];
  const words = first.split(/\s+/).filter(Boolean);
  const out: string[] = [];
  const cmdWords = cmd.name.split(' ').length;
  for (const w of words.slice(cmdWords)) {
    if (/^\[?(OPTIONS|FLAGS)\]?$/i.test(w)) continue;
    if (/^(--|\|)$/.test(w)) continue;
    out.push(w);
  }
  return out;
}

export function placeholderFor(cmd: NoteEntry, index: number): string | undefined {
  const ph = usagePlaceholders(cmd);
  if (!ph.length) return undefined;
  if (index < ph.length) return ph[index];
  const last = ph[ph.length - 1];
  return last.includes('...') ? last : undefined;
}
