/**
 * Variable expansion and word splitting of Dockerfile words, with the semantics of BuildKit's
 * Dockerfile frontend (its `shell` lexer): quotes, the escape character, `$NAME`, `${NAME}` and
 * the `${NAME:-word}`, `:+`, `:?`, `#`, `%`, `/` forms. Besides the result it reports which
 * variables were found and which were not (the undefined-variable checks read that).
 */

import { isSpaceCode } from '../goValues';

export interface Env {
  get(name: string): string | undefined;
  keys(): readonly string[];
}

export const EMPTY_ENV: Env = { get: () => undefined, keys: () => [] };

export function mapEnv(map: ReadonlyMap<string, string>): Env {
  return { get: (k) => map.get(k), keys: () => [...map.keys()] };
}

export interface LexOptions {
  /** The escape character (`\` unless the `escape` directive says `` ` ``). */
  escape: string;
  /** Keep quote characters in the result. */
  rawQuotes?: boolean;
  /** Keep escape characters in the result. */
  rawEscapes?: boolean;
  /** Leave `$NAME` as written when NAME is not set. */
  skipUnsetEnv?: boolean;
  /** Quotes are ordinary characters. */
  skipProcessQuotes?: boolean;
}

export interface WordResult {
  result: string;
  words: string[];
  matched: ReadonlySet<string>;
  unmatched: ReadonlySet<string>;
  /** Set when the frontend would reject the word (bad substitution, unclosed quote …). */
  error?: string;
}

class LexError extends Error {}

const SPECIAL_PARAMS = new Set(['@', '*', '#', '?', '-', '$', '!', '0']);
/** Go's unicode.IsSpace. */
const isSpace = (ch: string): boolean => isSpaceCode(ch.charCodeAt(0));
const isDigit = (ch: string): boolean => {
  const c = ch.charCodeAt(0);
  return (c >= 48 && c <= 57) || (c > 127 && /^\p{Nd}$/u.test(ch));
};
const isNameChar = (ch: string): boolean => {
  const c = ch.charCodeAt(0);
  return (
    (c >= 48 && c <= 57) ||
    (c >= 65 && c <= 90) ||
    (c >= 97 && c <= 122) ||
    c === 95 ||
    (c > 127 && /^[\p{L}\p{Nd}]$/u.test(ch))
  );
};

class Words {
  private buf = '';
  private inWord = false;
  readonly words: string[] = [];
  addChar(ch: string): void {
    if (isSpace(ch)) {
      if (this.inWord && this.buf.length) {
        this.words.push(this.buf);
        this.buf = '';
        this.inWord = false;
      }
    } else this.addRaw(ch);
  }
  addRaw(s: string): void {
    this.buf += s;
    this.inWord = true;
  }
  addString(s: string): void {
    for (const ch of s) this.addChar(ch);
  }
  done(): string[] {
    if (this.buf.length) {
      this.words.push(this.buf);
      this.buf = '';
      this.inWord = false;
    }
    return this.words;
  }
}

const EOF = '';

class Lexer {
  private readonly chars: string[];
  private pos = 0;
  readonly matched = new Set<string>();
  readonly unmatched = new Set<string>();
  private rawEscapes: boolean;

  constructor(
    word: string,
    private readonly env: Env,
    private readonly opts: LexOptions,
  ) {
    this.chars = Array.from(word);
    this.rawEscapes = !!opts.rawEscapes;
  }

  private peek(): string {
    return this.pos < this.chars.length ? this.chars[this.pos] : EOF;
  }
  private next(): string {
    return this.pos < this.chars.length ? this.chars[this.pos++] : EOF;
  }

  private getEnv(name: string): string | undefined {
    const v = this.env.get(name);
    if (v !== undefined) this.matched.add(name);
    else this.unmatched.add(name);
    return v;
  }

  /** Read up to `stop` (EOF: the end); returns the text and its words. */
  stopOn(stop: string, rawEscapes: boolean): { text: string; words: string[] } {
    const saved = this.rawEscapes;
    this.rawEscapes = rawEscapes;
    try {
      let result = '';
      const words = new Words();
      while (this.peek() !== EOF) {
        const ch = this.peek();
        if (stop !== EOF && ch === stop) {
          this.next();
          return { text: result, words: words.done() };
        }
        let special: (() => string) | undefined;
        if (ch === '$') special = () => this.dollar();
        else if (ch === '<') special = () => this.possibleHeredoc();
        else if (!this.opts.skipProcessQuotes && ch === "'") special = () => this.singleQuote();
        else if (!this.opts.skipProcessQuotes && ch === '"') special = () => this.doubleQuote();
        if (special) {
          const tmp = special();
          result += tmp;
          if (ch === '$') words.addString(tmp);
          else words.addRaw(tmp);
          continue;
        }
        let c = this.next();
        if (c === this.opts.escape) {
          if (this.rawEscapes) {
            words.addRaw(c);
            result += c;
          }
          c = this.next();
          if (c === EOF) break;
          words.addRaw(c);
        } else words.addChar(c);
        result += c;
      }
      if (stop !== EOF)
        throw new LexError(`unexpected end of statement while looking for matching ${stop}`);
      return { text: result, words: words.done() };
    } finally {
      this.rawEscapes = saved;
    }
  }

  /** `stopOn`, with `missing` as the error when the text ends before `stop`. */
  private until(stop: string, raw: boolean, missing: string): string {
    try {
      return this.stopOn(stop, raw).text;
    } catch (e) {
      if (this.peek() === EOF) throw new LexError(missing);
      throw e;
    }
  }

  private singleQuote(): string {
    let result = '';
    let ch = this.next();
    if (this.opts.rawQuotes) result += ch;
    for (;;) {
      ch = this.next();
      if (ch === EOF)
        throw new LexError('unexpected end of statement while looking for matching single-quote');
      if (ch === "'") {
        if (this.opts.rawQuotes) result += ch;
        return result;
      }
      result += ch;
    }
  }

  private doubleQuote(): string {
    let result = '';
    const open = this.next();
    if (this.opts.rawQuotes) result += open;
    for (;;) {
      const p = this.peek();
      if (p === EOF)
        throw new LexError('unexpected end of statement while looking for matching double-quote');
      if (p === '"') {
        const c = this.next();
        if (this.opts.rawQuotes) result += c;
        return result;
      }
      if (p === '$') {
        result += this.dollar();
        continue;
      }
      let c = this.next();
      if (c === this.opts.escape) {
        if (this.rawEscapes) result += c;
        const q = this.peek();
        if (q === EOF) continue;
        if (q === '"' || q === '$' || q === this.opts.escape) c = this.next();
      }
      result += c;
    }
  }

  private name(): string {
    let name = '';
    while (this.peek() !== EOF) {
      const ch = this.peek();
      if (!name && isDigit(ch)) {
        while (this.peek() !== EOF && isDigit(this.peek())) name += this.next();
        return name;
      }
      if (!name && SPECIAL_PARAMS.has(ch)) return this.next();
      if (!isNameChar(ch)) break;
      name += this.next();
    }
    return name;
  }

  private dollar(): string {
    this.next();
    if (this.peek() !== '{') {
      const name = this.name();
      if (!name) return '$';
      const v = this.getEnv(name);
      if (v === undefined && this.opts.skipUnsetEnv) return `$${name}`;
      return v ?? '';
    }
    this.next();
    const first = this.peek();
    if (first === EOF) throw new LexError("syntax error: missing '}'");
    if (first === '{' || first === '}' || first === ':')
      throw new LexError('syntax error: bad substitution');
    const name = this.name();
    let ch = this.next();
    let chs = ch;
    let nullIsUnset = false;
    switch (ch) {
      case '}': {
        const v = this.getEnv(name);
        if (v === undefined && this.opts.skipUnsetEnv) return `\${${name}}`;
        return v ?? '';
      }
      case ':':
      case '+':
      case '-':
      case '?':
      case '#':
      case '%': {
        if (ch === ':') {
          nullIsUnset = true;
          ch = this.next();
          chs += ch;
          if (!['+', '-', '?', '#', '%'].includes(ch))
            throw new LexError(`unsupported modifier (${chs}) in substitution`);
        }
        const raw = ch === '#' || ch === '%';
        if (nullIsUnset && raw) throw new LexError(`unsupported modifier (${chs}) in substitution`);
        const word = this.until('}', raw, "syntax error: missing '}'");
        const value = this.getEnv(name);
        const set = value !== undefined;
        if (this.opts.skipUnsetEnv && !set) return `\${${name}${chs}${word}}`;
        const v = value ?? '';
        switch (ch) {
          case '-':
            return !set || (nullIsUnset && v === '') ? word : v;
          case '+':
            return !set || (nullIsUnset && v === '') ? '' : word;
          case '?':
            if (!set) throw new LexError(`${name}: ${word || 'is not allowed to be unset'}`);
            if (nullIsUnset && v === '')
              throw new LexError(`${name}: ${word || 'is not allowed to be empty'}`);
            return v;
          default: {
            let w = word;
            const greedy = w.length > 0 && w[0] === ch;
            if (greedy) w = w.slice(1);
            return ch === '%' ? trimSuffix(w, v, greedy) : trimPrefix(w, v, greedy);
          }
        }
      }
      case '/': {
        const all = this.peek() === '/';
        if (all) this.next();
        const pattern = this.until('/', true, "syntax error: missing '/' in ${}");
        const replacement = this.until('}', true, "syntax error: missing '}'");
        const value = this.getEnv(name);
        if (this.opts.skipUnsetEnv && value === undefined)
          return `\${${name}/${pattern}/${replacement}}`;
        const re = shellPattern(pattern, true, false, all);
        const v = value ?? '';
        if (all) return v.replace(re, () => replacement);
        const m = re.exec(v);
        return m ? v.slice(0, m.index) + replacement + v.slice(m.index + m[0].length) : v;
      }
      default:
        throw new LexError(`unsupported modifier (${chs}) in substitution`);
    }
  }

  private possibleHeredoc(): string {
    this.next();
    if (this.peek() !== '<') return '<';
    this.next();
    let space = '';
    while (this.peek() === ' ' || this.peek() === '\t' || this.peek() === '\r')
      space += this.next();
    return `<<${space}`;
  }
}

/** A shell wildcard pattern (`*`, `?`, escapes) as a regular expression. */
function shellPattern(pattern: string, greedy: boolean, anchored: boolean, global = false): RegExp {
  let out = anchored ? '^' : '';
  const chars = Array.from(pattern);
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i];
    if (c === '*') out += greedy ? '.*' : '.*?';
    else if (c === '?') out += '.';
    else if (c === '\\') {
      const n = chars[i + 1];
      if (n === '}' || n === '/') continue;
      if (n !== '*' && n !== '?' && n !== '\\') throw new LexError(`invalid pattern (${pattern})`);
      out += `\\${n}`;
      i++;
    } else out += c.replace(/[[\]{}.+()|^$]/g, '\\$&');
  }
  return new RegExp(out, global ? 'gu' : 'u');
}

function trimPrefix(pattern: string, value: string, greedy: boolean): string {
  const m = shellPattern(pattern, greedy, true).exec(value);
  return m ? value.slice(m[0].length) : value;
}

function reversePattern(pattern: string): string {
  const chars = Array.from(pattern);
  const out: string[] = new Array<string>(chars.length);
  const last = chars.length - 1;
  for (let i = 0; i <= last;) {
    if (chars[i] === '\\' && i !== last) {
      out[last - i - 1] = chars[i];
      out[last - i] = chars[i + 1];
      i += 2;
    } else {
      out[last - i] = chars[i];
      i++;
    }
  }
  return out.join('');
}

function trimSuffix(pattern: string, value: string, greedy: boolean): string {
  const rev = (s: string): string => Array.from(s).reverse().join('');
  return rev(trimPrefix(reversePattern(pattern), rev(value), greedy));
}

const NONE: ReadonlySet<string> = new Set<string>();

/**
 * The words of a word with nothing in it the lexer treats specially (no `$`, `<`, escape
 * character or, unless they are ordinary characters, quotes): it stands for itself, split at
 * white space. Undefined when the word has such a character (the lexer reads it).
 */
function plainWords(word: string, opts: LexOptions): string[] | undefined {
  const escape = opts.escape.charCodeAt(0);
  const quotes = !opts.skipProcessQuotes;
  const words: string[] = [];
  let start = -1;
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    if (c === 36 || c === 60 || c === escape || (quotes && (c === 39 || c === 34)))
      return undefined;
    if (isSpaceCode(c)) {
      if (start >= 0) words.push(word.slice(start, i));
      start = -1;
    } else if (start < 0) start = i;
  }
  if (start >= 0) words.push(start === 0 ? word : word.slice(start));
  return words;
}

/** Expand one word (BuildKit's ProcessWord / ProcessWords). */
export function processWord(word: string, env: Env, opts: LexOptions): WordResult {
  // most words of a Dockerfile have nothing to expand: no lexer, no sets
  const plain = plainWords(word, opts);
  if (plain) return { result: word, words: plain, matched: NONE, unmatched: NONE };
  const lx = new Lexer(word, env, opts);
  try {
    const { text, words } = lx.stopOn(EOF, !!opts.rawEscapes);
    return { result: text, words, matched: lx.matched, unmatched: lx.unmatched };
  } catch (e) {
    if (!(e instanceof LexError)) throw e;
    return {
      result: '',
      words: [],
      matched: lx.matched,
      unmatched: lx.unmatched,
      error: `failed to process "${word}": ${e.message}`,
    };
  }
}
