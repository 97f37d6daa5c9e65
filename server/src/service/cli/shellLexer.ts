/**
 * A small shell word splitter with offsets: enough to find docker commands in scripts,
 * Makefile recipes, Markdown code blocks and Dockerfile RUN lines. It splits simple commands
 * at newlines (not after a line continuation), `;`, `&`, `&&`, `|`, `||`, `(` and `)`, and words
 * at unquoted blanks; quotes are removed from a word's text but its offsets cover the raw
 * characters. A command substitution (`$(…)` or a backtick pair, also inside double quotes) is
 * part of the word it is written in (the word's text keeps it raw), and the commands inside it
 * are commands of their own. `$((…))` and `${…}` are part of their word too. It does not
 * evaluate anything. On request it also keeps which characters of a word were quoted how (a
 * conversion must know that `'$HOME'` is the five characters `$HOME` while `"$HOME"` is the
 * shell's variable).
 *
 * (Existing shell parsers on npm either give no offsets (shell-quote) or are far heavier than this
 * need (a full bash grammar in WebAssembly); see ARCHITECTURE.md.)
 */

import { countWork } from '../work';

/** A run of a word's characters, as the shell reads them. */
export interface Segment {
  text: string;
  /** Single-quoted or backslash-escaped: a `$` here is a dollar sign, not an expansion. */
  literal: boolean;
}

export interface Word {
  /** The word with quotes and line continuations removed (substitutions kept raw). */
  text: string;
  /** Offset of the first raw character, in the coordinates the caller passed as base. */
  start: number;
  /** Offset just after the last raw character. */
  end: number;
  /** The word's characters in order (their texts joined are `text`); with `segments: true` only. */
  segments?: Segment[];
}

export interface SimpleCommand {
  words: Word[];
  start: number;
  end: number;
  /** How many command substitutions this command sits in (0: written at the top level). */
  depth: number;
}

export interface LexOptions {
  /** The line-continuation / escape character (`\` in shells, maybe a backtick in Dockerfiles). */
  escape?: string;
  /** Stop after this many characters (bounded work on huge inputs). */
  limit?: number;
  /** Keep each word's quoting as `segments`. */
  segments?: boolean;
}

export interface LexResult {
  /** Every simple command, in the order of their first word. */
  commands: SimpleCommand[];
  /**
   * The words of the innermost command still open where the text ends (the command a completion
   * at the end of the text belongs to); empty when a new command has just begun.
   */
  current: Word[];
}

const OPERATOR_CHARS = new Set([';', '&', '|', '(', ')', '\n']);
const BLANKS = new Set([' ', '\t', '\r', '\f', '\v']);
/** Substitutions nested deeper than this are read as plain text. */
const MAX_DEPTH = 16;

export function lexShell(text: string, base = 0, options: LexOptions = {}): LexResult {
  const esc = options.escape ?? '\\';
  const n = Math.min(text.length, options.limit ?? text.length);
  countWork('shell', n);
  const commands: SimpleCommand[] = [];
  let current: Word[] | undefined;
  /** Keep each word's quoting (`segments`). */
  const keep = options.segments === true;

  /** The end of `$((…))` or `${…}` starting at i (the opening is `open` characters long). */
  const skipBalanced = (i: number, open: number, opener: string, closer: string): number => {
    let depth = open === 3 ? 2 : 1;
    let j = i + open;
    while (j < n && depth > 0) {
      const c = text[j];
      if (c === opener) depth++;
      else if (c === closer) depth--;
      else if (c === '\n' && opener === '{') break;
      j++;
    }
    return j;
  };

  /**
   * Lex commands from i until `close` (`)` for `$(`, a backtick, or none at the top level); returns
   * the index after the closing character (or n).
   */
  const lexList = (from: number, close: ')' | '`' | undefined, depth: number): number => {
    let words: Word[] = [];
    let cur = '';
    let curStart = -1;
    let segs: Segment[] = [];
    /** Appends characters to the word being read (literal: quoted or escaped). */
    const add = (s: string, literal: boolean): void => {
      cur += s;
      if (!keep) return;
      const last = segs[segs.length - 1];
      if (last && last.literal === literal) last.text += s;
      else segs.push({ text: s, literal });
    };
    const word = (endAt: number): Word =>
      keep
        ? { text: cur, start: base + curStart, end: base + endAt, segments: segs }
        : { text: cur, start: base + curStart, end: base + endAt };
    let parens = 0;
    let i = from;

    /** The next word is a redirection's target (`> log`, `2>&1`): not a word of the command. */
    let redirectTarget = false;
    const flushWord = (endAt: number): void => {
      if (curStart >= 0) {
        if (redirectTarget) redirectTarget = false;
        else words.push(word(endAt));
      }
      cur = '';
      segs = [];
      curStart = -1;
    };
    const flushCommand = (): void => {
      if (words.length)
        commands.push({
          words,
          start: words[0].start,
          end: words[words.length - 1].end,
          depth,
        });
      words = [];
    };
    /** A `$(`…`)` or backtick substitution at i: lexed as commands of its own, kept raw in the word. */
    const substitution = (at: number, open: number, closer: ')' | '`'): number => {
      if (depth >= MAX_DEPTH) return at + open;
      const j = lexList(at + open, closer, depth + 1);
      add(text.slice(at, j), false);
      return j;
    };

    while (i < n) {
      const ch = text[i];
      // line continuation: escape + newline (optionally with \r)
      if (ch === esc) {
        if (text[i + 1] === '\n') {
          i += 2;
          continue;
        }
        if (text[i + 1] === '\r' && text[i + 2] === '\n') {
          i += 3;
          continue;
        }
        if (curStart < 0) curStart = i;
        if (i + 1 < n) add(text[i + 1], true);
        i += 2;
        continue;
      }
      if (close === ')' && ch === ')' && parens === 0) {
        flushWord(i);
        flushCommand();
        return i + 1;
      }
      if (close === '`' && ch === '`') {
        flushWord(i);
        flushCommand();
        return i + 1;
      }
      if (ch === "'") {
        if (curStart < 0) curStart = i;
        const closeAt = text.indexOf("'", i + 1);
        const stop = closeAt < 0 || closeAt >= n ? n : closeAt;
        add(text.slice(i + 1, stop), true);
        i = stop + 1;
        continue;
      }
      if (ch === '"') {
        if (curStart < 0) curStart = i;
        let j = i + 1;
        const had = segs.length;
        while (j < n && text[j] !== '"') {
          const c = text[j];
          if (c === '\\' && j + 1 < n) {
            const e = text[j + 1];
            if (e === '\n') {
              j += 2;
              continue;
            }
            // only these four are escaped in double quotes; before others the backslash stays
            if (e === '$' || e === '`' || e === '"' || e === '\\') add(e, true);
            else add(`\\${e}`, false);
            j += 2;
            continue;
          }
          if (c === '$' && text[j + 1] === '(' && text[j + 2] !== '(') {
            j = substitution(j, 2, ')');
            continue;
          }
          if (c === '`' && esc !== '`') {
            j = substitution(j, 1, '`');
            continue;
          }
          add(c, false);
          j++;
        }
        // an empty "" still makes a word
        if (keep && segs.length === had) segs.push({ text: '', literal: true });
        i = j + 1;
        continue;
      }
      if (BLANKS.has(ch)) {
        flushWord(i);
        i++;
        continue;
      }
      if (ch === '#' && curStart < 0) {
        // comment to the end of the line (or of the substitution)
        let j = i;
        while (j < n && text[j] !== '\n' && !(close && text[j] === close)) j++;
        i = j;
        continue;
      }
      if (ch === '$' && text[i + 1] === '(') {
        if (curStart < 0) curStart = i;
        if (text[i + 2] === '(') {
          const j = skipBalanced(i, 3, '(', ')');
          add(text.slice(i, j), false);
          i = j;
        } else i = substitution(i, 2, ')');
        continue;
      }
      if (ch === '$' && text[i + 1] === '{') {
        if (curStart < 0) curStart = i;
        const j = skipBalanced(i, 2, '{', '}');
        add(text.slice(i, j), false);
        i = j;
        continue;
      }
      if (ch === '`' && esc !== '`') {
        if (curStart < 0) curStart = i;
        i = substitution(i, 1, '`');
        continue;
      }
      if (ch === '<' && curStart < 0) {
        // a placeholder as documentation writes it (`docker exec -it <container-id> sh`): a whole
        // word `<…>` with no blank, quote or operator inside and a blank or the end after it is a
        // word, not two redirections (a script writes those `< in > out`)
        const close = placeholderEnd(text, i, n);
        if (close > 0) {
          curStart = i;
          if (keep) add(text.slice(i, close), false);
          else cur += text.slice(i, close);
          i = close;
          continue;
        }
      }
      if (ch === '>' || ch === '<') {
        // a redirection: a file descriptor written before it (`2>`) and the target after it are
        // not words of the command
        if (curStart >= 0 && /^\d+$/.test(cur)) {
          cur = '';
          segs = [];
          curStart = -1;
        }
        flushWord(i);
        i++;
        while (i < n && (text[i] === '>' || text[i] === '<' || text[i] === '&' || text[i] === '|'))
          i++;
        redirectTarget = true;
        continue;
      }
      if (OPERATOR_CHARS.has(ch)) {
        redirectTarget = false;
        if (ch === '(') parens++;
        else if (ch === ')' && parens > 0) parens--;
        flushWord(i);
        flushCommand();
        i++;
        continue;
      }
      if (curStart < 0) curStart = i;
      if (keep) add(ch, false);
      else cur += ch;
      i++;
    }
    // the text ends inside this list: the innermost open command is the one being typed
    if (!current) {
      current = [...words];
      if (curStart >= 0) current.push(word(n));
    }
    flushWord(n);
    flushCommand();
    return n;
  };

  lexList(0, undefined, 0);
  commands.sort((a, b) => a.start - b.start || a.depth - b.depth);
  return { commands, current: current ?? [] };
}

/** Characters that end a placeholder's name (blanks, operators, redirections, quotes, escapes). */
const NOT_IN_PLACEHOLDER = new Set([...BLANKS, ...OPERATOR_CHARS, '<', '>', '"', "'", '`', '\\']);

/**
 * The end (after its `>`) of a placeholder `<name>` that starts at `at`, or 0: at least one
 * character between the brackets, none of NOT_IN_PLACEHOLDER, and a blank, an operator or the
 * end of the text after the `>`.
 */
function placeholderEnd(text: string, at: number, n: number): number {
  let j = at + 1;
  while (j < n && !NOT_IN_PLACEHOLDER.has(text[j])) j++;
  if (j === at + 1 || j >= n || text[j] !== '>') return 0;
  const after = text[j + 1];
  if (after !== undefined && !BLANKS.has(after) && !OPERATOR_CHARS.has(after)) return 0;
  return j + 1;
}

export function lexCommands(text: string, base = 0, options: LexOptions = {}): SimpleCommand[] {
  return lexShell(text, base, options).commands;
}

/**
 * The simple command that holds an offset: the innermost one with a word on it, else the
 * innermost one whose span holds it, else the last one starting before it.
 */
export function commandHolding(
  commands: readonly SimpleCommand[],
  offset: number,
): SimpleCommand | undefined {
  let onWord: SimpleCommand | undefined;
  let inSpan: SimpleCommand | undefined;
  let before: SimpleCommand | undefined;
  for (const c of commands) {
    if (c.start > offset) continue;
    before = c;
    if (offset <= c.end && (!inSpan || c.depth >= inSpan.depth)) inSpan = c;
    if (
      c.words.some((w) => w.start <= offset && offset <= w.end) &&
      (!onWord || c.depth >= onWord.depth)
    )
      onWord = c;
  }
  return onWord ?? inSpan ?? before;
}

/**
 * The logical line around an offset: from the start of the first physical line to the end of the
 * last one joined to it by line continuations. Bounded: looks at most `maxLines` lines each way.
 */
export function logicalLineAt(
  text: string,
  offset: number,
  escape = '\\',
  maxLines = 200,
): { start: number; end: number } {
  const o = Math.max(0, Math.min(offset, text.length));
  let start = text.lastIndexOf('\n', o - 1) + 1;
  for (let k = 0; k < maxLines && start > 0; k++) {
    // previous line ends with the escape char?
    let p = start - 2;
    if (p >= 0 && text[p] === '\r') p--;
    if (p >= 0 && text[p] === escape) {
      start = text.lastIndexOf('\n', start - 2) + 1;
    } else {
      break;
    }
  }
  let end = text.indexOf('\n', o);
  if (end < 0) end = text.length;
  for (let k = 0; k < maxLines && end < text.length; k++) {
    let p = end - 1;
    if (p >= 0 && text[p] === '\r') p--;
    if (p >= start && text[p] === escape) {
      const next = text.indexOf('\n', end + 1);
      end = next < 0 ? text.length : next;
    } else {
      break;
    }
  }
  return { start, end };
}
