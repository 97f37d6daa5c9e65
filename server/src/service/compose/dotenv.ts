/**
 * A compose project's `.env` file, read the way Docker Compose reads it (compose-go's dotenv
 * parser): `#` comment lines, an optional `export ` before a name, `NAME=value` or `NAME: value`,
 * unquoted values ending at the line end with a ` #` comment cut off and trailing blanks trimmed,
 * single-quoted values taken literally, double-quoted values with `\n`-style escapes, both quoted
 * forms spanning lines, a bare `NAME` taking the shell's value, and `${VAR}` in unquoted and
 * double-quoted values replaced by earlier variables of the file. The shell's environment is not
 * known here: a reference to it reads as unset.
 */
import { substitute } from './interpolation';

export interface EnvVariable {
  /** The value; undefined for a bare `NAME` line (compose takes the shell's value). */
  value?: string;
  /** 0-based line where the variable is set (the last assignment wins). */
  line: number;
}

/** Why compose refuses a `.env`: the id of a `compose interpolation` message and its values. */
export type EnvProblem =
  | { id: 'env-unterminated'; vars: { name: string } }
  | { id: 'env-name-space'; vars: Record<string, never> }
  | { id: 'env-name-character'; vars: { character: string } };

export interface EnvFile {
  vars: Map<string, EnvVariable>;
  /** The first problem compose would stop at (it then reads none of the file), if any. */
  error?: { line: number } & EnvProblem;
}

const isBlank = (c: string): boolean =>
  c === ' ' ||
  c === '\t' ||
  c === '\v' ||
  c === '\f' ||
  c === '\r' ||
  c === '\u0085' ||
  c === '\u00a0';
const isSpace = (c: string): boolean => isBlank(c) || c === '\n';
const NAME_CHAR = /[\p{L}\p{N}_.\-[\]]/u;
const ESCAPE = /\\(?:[abcfnrtv$"\\]|0[0-7]{0,3})/g;
const ESCAPES: Record<string, string> = {
  a: '\x07',
  b: '\b',
  c: '\\c',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '"': '"',
  '\\': '\\',
  // `\$` is a dollar sign: written `$$` for the substitution that follows
  $: '$$',
};

function unescape(s: string): string {
  return s.replace(ESCAPE, (m) => {
    if (m[1] === '0') return String.fromCharCode(parseInt(m.slice(1), 8));
    return ESCAPES[m[1]] ?? m;
  });
}

const cache = new Map<string, EnvFile>();

/** Parse a `.env` text (results of the last few texts are kept). */
export function parseEnvFile(text: string): EnvFile {
  const hit = cache.get(text);
  if (hit) return hit;
  const result = parse(text.replace(/^\uFEFF/, ''));
  if (cache.size >= 8) cache.delete(cache.keys().next().value as string);
  cache.set(text, result);
  return result;
}

function parse(src: string): EnvFile {
  const vars = new Map<string, EnvVariable>();
  const n = src.length;
  let i = 0;
  let line = 0;
  const fail = (problem: EnvProblem): EnvFile => ({ vars: new Map(), error: { line, ...problem } });
  const lookup = (name: string): string | undefined => vars.get(name)?.value;
  for (;;) {
    // the next statement: skip blanks and comment lines
    while (i < n) {
      if (src[i] === '\n') line++;
      if (isSpace(src[i])) i++;
      else if (src[i] === '#') {
        while (i < n && src[i] !== '\n') i++;
      } else break;
    }
    if (i >= n) break;
    const m = /^export\s+/.exec(src.slice(i, i + 64));
    if (m) {
      for (const c of m[0]) if (c === '\n') line++;
      i += m[0].length;
    }
    // the name, up to `=`, `:` or the end of the line
    const start = i;
    const startLine = line;
    let end = -1;
    let inherited = false;
    for (; i < n; i++) {
      const c = src[i];
      if (isBlank(c)) continue;
      if (c === '=' || c === ':' || c === '\n') {
        end = i;
        inherited = c === '\n';
        break;
      }
      if (!NAME_CHAR.test(c)) return fail({ id: 'env-name-character', vars: { character: c } });
    }
    if (end < 0) {
      end = n;
      inherited = true;
    }
    const name = src.slice(start, end).replace(/\s+$/, '');
    i = end + 1;
    if (name.includes(' ')) return fail({ id: 'env-name-space', vars: {} });
    if (inherited) {
      vars.set(name, { line: startLine });
      line++;
      continue;
    }
    while (i < n && isBlank(src[i])) i++;
    const quote = src[i];
    if (quote !== '"' && quote !== "'") {
      let stop = src.indexOf('\n', i);
      if (stop < 0) stop = n;
      let raw = src.slice(i, stop);
      const comment = raw.indexOf(' #');
      if (comment >= 0) raw = raw.slice(0, comment);
      vars.set(name, { value: substitute(raw.replace(/\s+$/, ''), lookup).value, line: startLine });
      i = stop;
      continue;
    }
    // quoted: to the closing quote that no backslash escapes
    let value = '';
    let escaped = false;
    let j = i + 1;
    for (; j < n; j++) {
      const c = src[j];
      if (c === '\n') line++;
      if (c !== quote) {
        if (!escaped && c === '\\') {
          escaped = true;
          continue;
        }
        if (escaped) {
          escaped = false;
          value += '\\';
        }
        value += c;
        continue;
      }
      if (escaped) {
        escaped = false;
        value += c;
        continue;
      }
      break;
    }
    if (j >= n) return fail({ id: 'env-unterminated', vars: { name } });
    vars.set(name, {
      value: quote === '"' ? substitute(unescape(value), lookup).value : value,
      line: startLine,
    });
    i = j + 1;
  }
  return { vars };
}
