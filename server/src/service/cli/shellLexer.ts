/**
 * A small shell word splitter with offsets: enough to find docker commands in scripts,
 * Makefile recipes, Markdown code blocks and Dockerfile RUN lines. It splits simple commands
 * at newlines (not after a line continuation), `;`, `&`, `&&`, `|`, `||`, `(`, `)`, `$(`
 * and backticks, and words at unquoted blanks; quotes are removed from a word's text but its
 * offsets cover the raw characters. It does not evaluate anything.
 *
 * (Existing shell parsers on npm either give no offsets (shell-quote) or are far heavier than this
 * need (a full bash grammar in WebAssembly); see ARCHITECTURE.md.)
 */

export interface Word {
  /** The word with quotes and line continuations removed. */
  text: string;
  /** Offset of the first raw character, in the coordinates the caller passed as base. */
  start: number;
  /** Offset just after the last raw character. */
  end: number;
}

export interface SimpleCommand {
  words: Word[];
  start: number;
  end: number;
}

const OPERATOR_CHARS = new Set([';', '&', '|', '(', ')', '`', '\n']);

export interface LexOptions {
  /** The line-continuation / escape character (`\` in shells, maybe a backtick in Dockerfiles). */
  escape?: string;
  /** Stop after this many characters (bounded work on huge inputs). */
  limit?: number;
}

export function lexCommands(text: string, base = 0, options: LexOptions = {}): SimpleCommand[] {
  const esc = options.escape ?? '\\';
  const n = Math.min(text.length, options.limit ?? text.length);
  const commands: SimpleCommand[] = [];
  let words: Word[] = [];
  let cur = '';
  let curStart = -1;
  let i = 0;

  const flushWord = (endAt: number): void => {
    if (curStart >= 0) {
      words.push({ text: cur, start: base + curStart, end: base + endAt });
    }
    cur = '';
    curStart = -1;
  };
  const flushCommand = (): void => {
    if (words.length) {
      commands.push({ words, start: words[0].start, end: words[words.length - 1].end });
    }
    words = [];
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
      if (i + 1 < n) cur += text[i + 1];
      i += 2;
      continue;
    }
    if (ch === "'") {
      if (curStart < 0) curStart = i;
      const close = text.indexOf("'", i + 1);
      const stop = close < 0 || close >= n ? n : close;
      cur += text.slice(i + 1, stop);
      i = stop + 1;
      continue;
    }
    if (ch === '"') {
      if (curStart < 0) curStart = i;
      let j = i + 1;
      while (j < n && text[j] !== '"') {
        if (text[j] === '\\' && j + 1 < n) {
          if (text[j + 1] === '\n') {
            j += 2;
            continue;
          }
          cur += text[j + 1];
          j += 2;
          continue;
        }
        cur += text[j];
        j++;
      }
      i = j + 1;
      continue;
    }
    if (ch === ' ' || ch === '\t' || ch === '\r' || ch === '\f' || ch === '\v') {
      flushWord(i);
      i++;
      continue;
    }
    if (ch === '#' && curStart < 0) {
      // comment to the end of the line
      const nl = text.indexOf('\n', i);
      i = nl < 0 || nl >= n ? n : nl;
      continue;
    }
    if (ch === '$' && text[i + 1] === '(' && text[i + 2] !== '(') {
      flushWord(i);
      flushCommand();
      i += 2;
      continue;
    }
    if (OPERATOR_CHARS.has(ch)) {
      flushWord(i);
      flushCommand();
      i++;
      continue;
    }
    if (curStart < 0) curStart = i;
    cur += ch;
    i++;
  }
  flushWord(n);
  flushCommand();
  return commands;
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
