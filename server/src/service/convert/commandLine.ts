/**
 * Reads a shell command line for conversion, keeping what the help's word splitter
 * (cli/shellLexer.ts) drops: which characters were quoted how. A conversion must know that `'$HOME'`
 * is the five characters `$HOME` while `"$HOME"` is the shell's variable, and it must keep
 * `$(pwd)` and backticks inside the word they belong to (`-v $(pwd):/app`). Evaluates nothing.
 */
import type { Word } from '../cli/shellLexer';

/** A run of a word's characters, as the shell reads them. */
export interface Segment {
  text: string;
  /** Single-quoted or backslash-escaped: a `$` here is a dollar sign, not an expansion. */
  literal: boolean;
}

export interface RawWord extends Word {
  /** The word's characters in order (their texts joined are `text`). */
  segments: Segment[];
}

export interface RawCommand {
  words: RawWord[];
  start: number;
  end: number;
}

/** Characters that end a simple command (outside quotes and substitutions). */
const SEPARATORS = new Set([';', '&', '|', '(', ')', '\n']);
const BLANKS = new Set([' ', '\t', '\r', '\f', '\v']);

/**
 * The end of a `$(…)` or `` `…` `` starting at `i` (the index just past it); bounded by `n`.
 * Parentheses nest; quotes inside are skipped whole.
 */
function skipSubstitution(text: string, i: number, n: number): number {
  if (text[i] === '`') {
    let j = i + 1;
    while (j < n && text[j] !== '`') j += text[j] === '\\' ? 2 : 1;
    return Math.min(n, j + 1);
  }
  // `$(` (i is at the parenthesis): count parentheses
  let depth = 0;
  let j = i;
  while (j < n) {
    const c = text[j];
    if (c === '\\') j += 2;
    else if (c === "'") {
      const close = text.indexOf("'", j + 1);
      j = close < 0 || close >= n ? n : close + 1;
    } else if (c === '"') {
      j++;
      while (j < n && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      j++;
    } else {
      if (c === '(') depth++;
      else if (c === ')' && --depth === 0) return j + 1;
      j++;
    }
  }
  return n;
}

/** The end of `${…}` whose brace is at `i` (braces nest). */
function skipBraces(text: string, i: number, n: number): number {
  let depth = 0;
  for (let j = i; j < n; j++) {
    if (text[j] === '{') depth++;
    else if (text[j] === '}' && --depth === 0) return j + 1;
  }
  return n;
}

/**
 * The simple commands of a piece of shell text (a logical line, usually), with quote-aware words.
 * `base` is the offset of `text` in the document; `escape` the line-continuation character.
 */
export function readCommands(text: string, base = 0, escape = '\\'): RawCommand[] {
  const n = text.length;
  const commands: RawCommand[] = [];
  let words: RawWord[] = [];
  let segments: Segment[] = [];
  let start = -1;
  let redirected = false;
  let i = 0;

  const add = (s: string, literal: boolean): void => {
    const last = segments[segments.length - 1];
    if (last && last.literal === literal) last.text += s;
    else segments.push({ text: s, literal });
  };
  const endWord = (at: number): void => {
    if (start >= 0 && !redirected) {
      words.push({
        text: segments.map((s) => s.text).join(''),
        start: base + start,
        end: base + at,
        segments,
      });
    }
    segments = [];
    start = -1;
  };
  const endCommand = (): void => {
    if (words.length)
      commands.push({ words, start: words[0].start, end: words[words.length - 1].end });
    words = [];
    redirected = false;
  };

  while (i < n) {
    const c = text[i];
    if (c === escape) {
      if (text[i + 1] === '\n') {
        i += 2;
        continue;
      }
      if (text[i + 1] === '\r' && text[i + 2] === '\n') {
        i += 3;
        continue;
      }
      if (start < 0) start = i;
      if (i + 1 < n) add(text[i + 1], true);
      i += 2;
      continue;
    }
    if (c === "'") {
      if (start < 0) start = i;
      const close = text.indexOf("'", i + 1);
      const stop = close < 0 ? n : close;
      add(text.slice(i + 1, stop), true);
      // an empty '' still makes a word
      if (stop === i + 1 && !segments.length) segments.push({ text: '', literal: true });
      i = stop + 1;
      continue;
    }
    if (c === '"') {
      if (start < 0) start = i;
      let j = i + 1;
      let run = '';
      const flush = (): void => {
        if (run) add(run, false);
        run = '';
      };
      while (j < n && text[j] !== '"') {
        const d = text[j];
        if (d === '\\' && j + 1 < n) {
          const e = text[j + 1];
          if (e === '\n') {
            j += 2;
            continue;
          }
          if (e === '$' || e === '`' || e === '"' || e === '\\') {
            flush();
            add(e, true);
          } else run += `\\${e}`;
          j += 2;
          continue;
        }
        if ((d === '$' && text[j + 1] === '(') || d === '`') {
          const end = skipSubstitution(text, d === '`' ? j : j + 1, n);
          run += text.slice(j, end);
          j = end;
          continue;
        }
        run += d;
        j++;
      }
      flush();
      if (!segments.length) segments.push({ text: '', literal: true });
      i = j + 1;
      continue;
    }
    if (BLANKS.has(c)) {
      endWord(i);
      i++;
      continue;
    }
    if (c === '#' && start < 0) {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? n : nl;
      continue;
    }
    if ((c === '$' && text[i + 1] === '(') || c === '`') {
      if (start < 0) start = i;
      const end = skipSubstitution(text, c === '`' ? i : i + 1, n);
      add(text.slice(i, end), false);
      i = end;
      continue;
    }
    if (c === '$' && text[i + 1] === '{') {
      if (start < 0) start = i;
      const end = skipBraces(text, i + 1, n);
      add(text.slice(i, end), false);
      i = end;
      continue;
    }
    if (c === '>' || c === '<') {
      // a redirection: the words after it are not the command's (`2>&1`, `> log`)
      if (start >= 0 && /^\d+$/.test(segments.map((s) => s.text).join(''))) {
        segments = [];
        start = -1;
      }
      endWord(i);
      redirected = true;
      i++;
      if (text[i] === '&') i++;
      continue;
    }
    if (SEPARATORS.has(c)) {
      endWord(i);
      endCommand();
      i++;
      continue;
    }
    if (start < 0) start = i;
    add(c, false);
    i++;
  }
  endWord(n);
  endCommand();
  return commands;
}

/**
 * A Makefile recipe's command as the shell will get it, for conversion: make's `$$` is a `$`;
 * `$(CURDIR)` and `$(shell pwd)` are the folder (`$PWD`); `$(shell CMD)` is the shell's `$(CMD)`;
 * a make variable `$(NAME)` or `${NAME}` becomes `${NAME}` (make takes unset ones from the
 * environment, as compose does). Anything else is left as written.
 */
export function makeRecipeText(raw: string): string {
  return raw.replace(
    /\$\$|\$\((?:shell\s+([^()]*)|([A-Za-z_][A-Za-z0-9_]*))\)|\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g,
    (all, shell: string | undefined, paren: string | undefined, brace: string | undefined) => {
      if (all === '$$') return '$';
      if (shell !== undefined) return shell.trim() === 'pwd' ? '$PWD' : `$(${shell.trim()})`;
      const name = paren ?? brace ?? '';
      return name === 'CURDIR' ? '$PWD' : `\${${name}}`;
    },
  );
}
