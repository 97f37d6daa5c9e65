/**
 * A Dockerfile parse that follows the rules of BuildKit's Dockerfile frontend, for the checks
 * (hover and completion use dockerfile-ast): parser directives, comments kept for the instruction
 * below them, line continuations (comment lines and empty lines inside them), the instruction's
 * flags, its arguments split the way each instruction's parser splits them, and heredocs. Every
 * piece keeps its offsets in the document, so that a finding can point at its words.
 */
import { processWord, EMPTY_ENV } from './shellWord';
import { isSpaceCode } from '../goValues';

/** One part of a logical line: `len` characters from document offset `doc`. */
interface Piece {
  at: number;
  doc: number;
  len: number;
}

/** An instruction's text with its continuations joined, mapped back to the document. */
export class LogicalLine {
  constructor(
    readonly text: string,
    private readonly pieces: Piece[],
  ) {}

  /** The document offset of a position in the logical line (the end maps to the last piece's end). */
  doc(i: number): number {
    const ps = this.pieces;
    if (!ps.length) return 0;
    let lo = 0;
    let hi = ps.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (ps[mid].at <= i) lo = mid;
      else hi = mid - 1;
    }
    const p = ps[lo];
    return p.doc + Math.min(Math.max(i - p.at, 0), p.len);
  }
}

/** A word of an instruction: its text as the instruction's parser keeps it, and where it is. */
export interface BkWord {
  text: string;
  /** Document offsets of the word as written. */
  start: number;
  end: number;
}

export interface BkFlag extends BkWord {
  /** The name after `--` (before `=`). */
  name: string;
  value: string;
  hasValue: boolean;
  /** Document offset of the end of `--name`. */
  nameEnd: number;
  /** Document offset where the value starts (after `=`), when there is one. */
  valueStart: number;
}

/** ENV and LABEL pairs: `key=value` or the legacy `key value`. */
export interface BkPair {
  key: string;
  value: string;
  /** The legacy form: separated by whitespace, not `=`. */
  noDelim: boolean;
  start: number;
  end: number;
  keyEnd: number;
}

export interface BkHeredoc {
  /** Variables in the body are expanded (the closing word is not quoted). */
  expand: boolean;
  content: string;
}

export interface BkNode {
  /** The instruction word as written (`FROM`, `from`, `Copy` …). */
  keyword: string;
  keywordStart: number;
  keywordEnd: number;
  /** Document lines (0-based) of the instruction, heredoc bodies included. */
  startLine: number;
  endLine: number;
  /** Document offset of the end of the instruction's last line (heredocs excluded). */
  end: number;
  line: LogicalLine;
  flags: BkFlag[];
  /** The arguments after the flags, trimmed, and where they start in the logical line. */
  rest: string;
  restAt: number;
  /** Arguments as the instruction's parser splits them. */
  args: BkWord[];
  /** JSON (exec) form. */
  json: boolean;
  /** ENV / LABEL pairs. */
  pairs?: BkPair[];
  /** Comment lines right above the instruction (`#` and blanks removed), as BuildKit keeps them. */
  comments: string[];
  /** The first empty line inside the instruction's continuations, if any. */
  emptyContinuationLine?: number;
  heredocs: BkHeredoc[];
  /** The trigger instruction of an ONBUILD. */
  sub?: BkNode;
  /** Why the frontend's parser rejects this instruction. */
  error?: BkNodeError;
}

/** What the frontend's parser rejects in an instruction. */
export type BkNodeError =
  | { kind: 'unterminatedHeredoc' }
  /** A heredoc's closing word the shell lexer cannot read. */
  | { kind: 'heredocName' }
  /** ENV/LABEL in the legacy form with a key only. */
  | { kind: 'pairArgs' }
  /** ENV/LABEL in the KEY=value form with a word without `=`. */
  | { kind: 'noEquals'; word: string }
  /** A JSON array holding something else than strings. */
  | { kind: 'jsonStrings' };

export interface BkDirective {
  name: string;
  value: string;
  line: number;
  /** Document offsets of the directive's name and value. */
  nameStart: number;
  valueStart: number;
  valueEnd: number;
}

export interface BkParse {
  nodes: BkNode[];
  directives: BkDirective[];
  escape: string;
  /** Problems of the file as a whole: a directive given twice, an invalid escape character. */
  errors: {
    kind: 'duplicate' | 'escape';
    name: string;
    value: string;
    start: number;
    end: number;
  }[];
}

const isUnicodeSpace = (c: string): boolean => c.length > 0 && isSpaceCode(c.charCodeAt(0));
/** Index of the first character at or after `from` that is not a space (`end` when none). */
function skipSpace(s: string, from = 0, end = s.length): number {
  let i = from;
  while (i < end && isSpaceCode(s.charCodeAt(i))) i++;
  return i;
}
/** Index just after the last character before `end` that is not a space. */
function skipSpaceBack(s: string, end = s.length, from = 0): number {
  let i = end;
  while (i > from && isSpaceCode(s.charCodeAt(i - 1))) i--;
  return i;
}
/** BuildKit's reWhitespace. */
const WHITESPACE = /[\t\v\f\r ]+/;
/** BuildKit's reDirective: a `# name=value` parser directive (after the `#`). */
export const DIRECTIVE = /^([a-zA-Z][a-zA-Z0-9]*)[\t\n\f\r ]*=[\t\n\f\r ]*(.+?)[\t\n\f\r ]*$/;
const HEREDOC = /^(\d*)<<(-?)[\t\n\f\r ]*([^<]*)$/;

const trimSpace = (s: string): string => {
  const a = skipSpace(s);
  return s.slice(a, skipSpaceBack(s, s.length, a));
};

function isComment(line: string): boolean {
  const i = skipSpace(line);
  return i < line.length && line.charCodeAt(i) === 35; /* # */
}

/** How each instruction's arguments are split (BuildKit's line parsers). */
type LineParser = 'list' | 'words' | 'json' | 'nameVal' | 'spaces' | 'health' | 'string' | 'sub';
const LINE_PARSERS: Record<string, LineParser> = {
  add: 'list',
  arg: 'words',
  cmd: 'json',
  copy: 'list',
  entrypoint: 'json',
  env: 'nameVal',
  expose: 'spaces',
  from: 'spaces',
  healthcheck: 'health',
  label: 'nameVal',
  maintainer: 'string',
  onbuild: 'sub',
  run: 'json',
  shell: 'json',
  stopsignal: 'string',
  user: 'string',
  volume: 'list',
  workdir: 'string',
};
const HEREDOC_INSTRUCTIONS = new Set(['add', 'copy', 'run']);

class Directives {
  private done = false;
  private readonly seen = new Set<string>();
  escape = '\\';

  constructor(private readonly names: ReadonlySet<string>) {}

  /** Read a line as a possible parser directive (`duplicate`: given twice, which is an error). */
  read(line: string): { name: string; value: string; duplicate?: boolean } | undefined {
    if (this.done) return undefined;
    if (!line.startsWith('#')) {
      this.done = true;
      return undefined;
    }
    const m = DIRECTIVE.exec(line.slice(skipSpace(line, 1)));
    const name = m?.[1].toLowerCase();
    if (!m || !name || !this.names.has(name)) {
      this.done = true;
      return undefined;
    }
    if (this.seen.has(name)) return { name, value: m[2], duplicate: true };
    this.seen.add(name);
    return { name, value: m[2] };
  }

  /** Set the escape character; false when the value is not one. */
  setEscape(s: string): boolean {
    if (s !== '`' && s !== '\\') return false;
    this.escape = s;
    return true;
  }

  /**
   * Remove a trailing continuation character: [text, the instruction ends here]. The escape
   * character continues the line when only blanks follow it and it is not itself escaped (a
   * line holding just the escape character continues too).
   */
  trimContinuation(line: string): [string, boolean] {
    let i = line.length;
    while (i > 0 && (line.charCodeAt(i - 1) === 32 || line.charCodeAt(i - 1) === 9)) i--;
    if (i === 0 || line[i - 1] !== this.escape) return [line, true];
    if (i >= 2 && line[i - 2] === this.escape) return [line, true];
    return [line.slice(0, i - 1), false];
  }
}

/** BuildKit's parseWords: words split at whitespace, quotes and escapes kept in the text. */
function parseWords(s: string, at: number, escape: string, ll: LogicalLine): BkWord[] {
  const words: BkWord[] = [];
  let inWord = false;
  let inQuote = false;
  let quote = '';
  let blankOK = false;
  let buf = '';
  let start = 0;
  const chars = Array.from(s);
  let offset = 0; // UTF-16 offset of chars[i] in s
  const push = (end: number): void => {
    if (blankOK || buf.length)
      words.push({ text: buf, start: ll.doc(at + start), end: ll.doc(at + end) });
    buf = '';
    blankOK = false;
  };
  for (let i = 0; i <= chars.length; i++) {
    const ch = i < chars.length ? chars[i] : '';
    const here = offset;
    offset += ch.length;
    if (!inWord && !inQuote) {
      if (i === chars.length) break;
      if (isUnicodeSpace(ch)) continue;
      inWord = true;
      start = here;
    }
    if (i === chars.length) {
      push(here);
      break;
    }
    if (inWord && !inQuote) {
      if (isUnicodeSpace(ch)) {
        inWord = false;
        push(here);
        continue;
      }
      if (ch === "'" || ch === '"') {
        quote = ch;
        blankOK = true;
        inQuote = true;
      }
      if (ch === escape) {
        if (i + 1 === chars.length) continue;
        buf += ch;
        i++;
        buf += chars[i];
        offset += chars[i].length;
        continue;
      }
      buf += ch;
      continue;
    }
    // in a quote
    if (ch === quote) inQuote = false;
    if (ch === escape && quote !== "'") {
      if (i + 1 === chars.length) {
        inQuote = false;
        continue;
      }
      buf += ch;
      i++;
      buf += chars[i];
      offset += chars[i].length;
      continue;
    }
    buf += ch;
  }
  return words;
}

/** Whitespace-separated words (BuildKit's reWhitespace split). */
function splitSpaces(s: string, at: number, ll: LogicalLine): BkWord[] {
  const out: BkWord[] = [];
  const re = /[^\t\v\f\r ]+/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s))) {
    out.push({ text: m[0], start: ll.doc(at + m.index), end: ll.doc(at + m.index + m[0].length) });
  }
  // BuildKit's split keeps empty strings at the edges; the rest has been trimmed, so none here
  return out;
}

type JsonResult = { ok: true; values: string[] } | { ok: false; notStrings: boolean };

function parseJson(rest: string): JsonResult {
  if (rest.charCodeAt(skipSpace(rest)) !== 91 /* [ */) return { ok: false, notStrings: false };
  const t = rest.slice(skipSpace(rest));
  let v: unknown;
  try {
    v = JSON.parse(t);
  } catch {
    return { ok: false, notStrings: false };
  }
  if (!Array.isArray(v)) return { ok: false, notStrings: false };
  if (v.some((x) => typeof x !== 'string')) return { ok: false, notStrings: true };
  return { ok: true, values: v as string[] };
}

/** BuildKit's extractBuilderFlags: leading `--flag[=value]` words (quotes and escapes processed). */
function extractFlags(
  s: string,
  at: number,
  escape: string,
  ll: LogicalLine,
): { flags: BkFlag[]; restAt: number } {
  const flags: BkFlag[] = [];
  let inWord = false;
  let inQuote = false;
  let quote = '';
  let blankOK = false;
  let buf = '';
  let start = 0;
  let eqAt = -1; // index in s just after the first unquoted '='
  const finish = (end: number): void => {
    const eq = buf.indexOf('=');
    const name = (eq < 0 ? buf : buf.slice(0, eq)).slice(2);
    const rawEq = eqAt >= 0 ? eqAt : end;
    flags.push({
      text: buf,
      name,
      value: eq < 0 ? '' : buf.slice(eq + 1),
      hasValue: eq >= 0,
      start: ll.doc(at + start),
      end: ll.doc(at + end),
      nameEnd: ll.doc(at + (eqAt >= 0 ? eqAt - 1 : end)),
      valueStart: ll.doc(at + rawEq),
    });
  };
  for (let pos = 0; pos <= s.length; pos++) {
    const ch = pos < s.length ? s[pos] : '';
    if (!inWord && !inQuote) {
      if (pos === s.length) return { flags, restAt: at + s.length };
      if (isUnicodeSpace(ch)) continue;
      if (ch !== '-' || pos + 1 === s.length || s[pos + 1] !== '-')
        return { flags, restAt: at + pos };
      inWord = true;
      start = pos;
      buf = '';
      eqAt = -1;
      blankOK = false;
    }
    if (pos === s.length) {
      if (buf !== '--' && (blankOK || buf.length)) finish(pos);
      break;
    }
    if (!inQuote) {
      if (isUnicodeSpace(ch)) {
        inWord = false;
        if (buf === '--') return { flags, restAt: at + pos };
        if (blankOK || buf.length) finish(pos);
        continue;
      }
      if (ch === "'" || ch === '"') {
        quote = ch;
        blankOK = true;
        inQuote = true;
        continue;
      }
      let c = ch;
      if (c === escape) {
        if (pos + 1 === s.length) continue;
        pos++;
        c = s[pos];
      }
      if (c === '=' && eqAt < 0) eqAt = pos + 1;
      buf += c;
      continue;
    }
    if (ch === quote) {
      inQuote = false;
      continue;
    }
    let c = ch;
    if (c === escape) {
      if (pos + 1 === s.length) {
        inQuote = false;
        continue;
      }
      pos++;
      c = s[pos];
    }
    buf += c;
  }
  return { flags, restAt: at + s.length };
}

/** Split an instruction line into a node (BuildKit's newNodeFromLine and its line parsers). */
function nodeFromLine(
  ll: LogicalLine,
  from: number,
  escape: string,
  comments: string[],
  directives: Directives,
): BkNode {
  const text = ll.text;
  const kwAt = skipSpace(text, from);
  const body = text.slice(kwAt, skipSpaceBack(text, text.length, kwAt));
  const kw = /^[^\t\v\f\r ]+/.exec(body)?.[0] ?? '';
  const afterKw = kwAt + kw.length;
  const sep = WHITESPACE.exec(text.slice(afterKw, kwAt + body.length));
  let flags: BkFlag[] = [];
  let restAt = kwAt + body.length;
  if (sep && sep.index === 0 && afterKw + sep[0].length < kwAt + body.length) {
    const argsAt = afterKw + sep[0].length;
    const r = extractFlags(text.slice(argsAt, kwAt + body.length), argsAt, escape, ll);
    flags = r.flags;
    restAt = r.restAt;
  }
  const restEnd = kwAt + body.length;
  restAt = skipSpace(text, restAt, restEnd);
  const rest = text.slice(restAt, skipSpaceBack(text, restEnd, restAt));
  const node: BkNode = {
    keyword: kw,
    keywordStart: ll.doc(kwAt),
    keywordEnd: ll.doc(afterKw),
    startLine: 0,
    endLine: 0,
    end: 0,
    line: ll,
    flags,
    rest,
    restAt,
    args: [],
    json: false,
    comments,
    heredocs: [],
  };
  const parser = LINE_PARSERS[kw.toLowerCase()];
  switch (parser) {
    case undefined:
      break;
    case 'spaces':
      node.args = rest ? splitSpaces(rest, restAt, ll) : [];
      break;
    case 'string':
      if (rest)
        node.args = [{ text: rest, start: ll.doc(restAt), end: ll.doc(restAt + rest.length) }];
      break;
    case 'words':
      node.args = parseWords(rest, restAt, escape, ll);
      break;
    case 'json':
    case 'list': {
      if (parser === 'json' && !rest) break;
      const j = parseJson(rest);
      if (j.ok) {
        node.json = true;
        const whole = { start: ll.doc(restAt), end: ll.doc(restAt + rest.length) };
        node.args = j.values.map((v) => ({ text: v, ...whole }));
      } else if (j.notStrings) node.error = { kind: 'jsonStrings' };
      else if (parser === 'json')
        node.args = [{ text: rest, start: ll.doc(restAt), end: ll.doc(restAt + rest.length) }];
      else node.args = rest ? splitSpaces(rest, restAt, ll) : [];
      break;
    }
    case 'nameVal':
      nameVal(node, rest, restAt, escape, ll);
      break;
    case 'health': {
      const m = /^[^\s]+/.exec(rest);
      if (!m) break;
      node.args = [{ text: m[0], start: ll.doc(restAt), end: ll.doc(restAt + m[0].length) }];
      const cmdAt = restAt + m[0].length;
      const cmdText = rest.slice(m[0].length);
      const lead2 = cmdText.length - cmdText.replace(/^\s+/, '').length;
      const cmd = cmdText.slice(lead2);
      if (!cmd) break;
      const j = parseJson(cmd);
      if (j.ok) {
        node.json = true;
        const whole = { start: ll.doc(cmdAt + lead2), end: ll.doc(cmdAt + cmdText.length) };
        node.args.push(...j.values.map((v) => ({ text: v, ...whole })));
      } else if (j.notStrings) node.error = { kind: 'jsonStrings' };
      else
        node.args.push({
          text: cmd,
          start: ll.doc(cmdAt + lead2),
          end: ll.doc(cmdAt + cmdText.length),
        });
      break;
    }
    case 'sub':
      if (rest) node.sub = nodeFromLine(ll, restAt, escape, [], directives);
      break;
  }
  return node;
}

/** ENV and LABEL (BuildKit's parseNameVal). */
function nameVal(node: BkNode, rest: string, at: number, escape: string, ll: LogicalLine): void {
  const words = parseWords(rest, at, escape, ll);
  if (!words.length) return;
  if (!words[0].text.includes('=')) {
    const m = /^([^\t\v\f\r ]+)[\t\v\f\r ]+/.exec(rest);
    if (!m) {
      node.error = { kind: 'pairArgs' };
      return;
    }
    const key = m[1];
    node.pairs = [
      {
        key,
        value: rest.slice(m[0].length),
        noDelim: true,
        start: ll.doc(at),
        end: ll.doc(at + rest.length),
        keyEnd: ll.doc(at + key.length),
      },
    ];
    return;
  }
  node.pairs = [];
  for (const w of words) {
    const eq = w.text.indexOf('=');
    if (eq < 0) {
      node.error = { kind: 'noEquals', word: w.text };
      return;
    }
    node.pairs.push({
      key: w.text.slice(0, eq),
      value: w.text.slice(eq + 1),
      noDelim: false,
      start: w.start,
      end: w.end,
      keyEnd: w.start + eq,
    });
  }
}

/**
 * Heredocs an instruction line declares (BuildKit's heredocsFromLine); undefined when a closing
 * word cannot be read.
 */
function heredocsOf(line: string): { name: string; chomp: boolean; expand: boolean }[] | undefined {
  const words = processWord(line, EMPTY_ENV, {
    escape: '\\',
    rawQuotes: true,
    rawEscapes: true,
    skipUnsetEnv: true,
  }).words;
  const out: { name: string; chomp: boolean; expand: boolean }[] = [];
  for (const word of words) {
    const m = HEREDOC.exec(word);
    if (!m || !m[3]) continue;
    const plain = processWord(m[3], EMPTY_ENV, { escape: '\\', skipUnsetEnv: true });
    if (plain.error) return undefined;
    if (plain.words.length !== 1) continue;
    const raw = processWord(m[3], EMPTY_ENV, { escape: '\\', skipUnsetEnv: true, rawQuotes: true });
    if (raw.error) return undefined;
    const quotes = (s: string): number => (s.match(/['"]/g) ?? []).length;
    out.push({
      name: plain.words[0],
      chomp: m[2] === '-',
      expand: quotes(plain.words[0]) === quotes(raw.words[0] ?? ''),
    });
  }
  return out;
}

function canHoldHeredoc(node: BkNode): boolean {
  const target = node.keyword.toLowerCase() === 'onbuild' && node.sub ? node.sub : node;
  return HEREDOC_INSTRUCTIONS.has(target.keyword.toLowerCase()) && !target.json;
}

/** Lines per step of `parseDockerfileSteps`. */
const STEP_LINES = 96;

/**
 * Parse a Dockerfile as BuildKit does, in steps of about STEP_LINES lines (the caller may answer
 * requests between). `directiveNames`: the parser directives the frontend knows (from the notes:
 * syntax, escape, check).
 */
export function* parseDockerfileSteps(
  text: string,
  directiveNames: ReadonlySet<string>,
): Generator<void, BkParse> {
  // line starts; a line holds its \n (BuildKit splits at \n only)
  const starts: number[] = [];
  for (let at = 0; at < text.length;) {
    starts.push(at);
    const nl = text.indexOf('\n', at);
    if (nl < 0) break;
    at = nl + 1;
  }
  const n = starts.length;
  const lineEnd = (i: number): number => (i + 1 < n ? starts[i + 1] : text.length);
  /** End of the line's content (before \r and \n). */
  const contentEnd = (i: number): number => {
    let e = lineEnd(i);
    while (e > starts[i] && (text.charCodeAt(e - 1) === 10 || text.charCodeAt(e - 1) === 13)) e--;
    return e;
  };
  const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const lineStart = (i: number): number => (i === 0 ? bom : starts[i]);
  const commentAt = (i: number): boolean => {
    const a = skipSpace(text, lineStart(i), contentEnd(i));
    return a < contentEnd(i) && text.charCodeAt(a) === 35;
  };

  const d = new Directives(directiveNames);
  const out: BkParse = { nodes: [], directives: [], escape: '\\', errors: [] };
  let comments: string[] = [];

  /** trimNewline, maybe the leading blanks, a directive check, and comments emptied. */
  const processLine = (
    i: number,
    stripLeft: boolean,
  ): { text: string; offset: number; directive: boolean } => {
    let offset = lineStart(i);
    const end = contentEnd(i);
    if (stripLeft) offset = skipSpace(text, offset, end);
    const t = text.slice(offset, end);
    let directive = false;
    const dir = d.read(t);
    if (dir) {
      const nameAt = t.toLowerCase().indexOf(dir.name, 1);
      const valueAt = t.lastIndexOf(dir.value);
      const where = {
        start: offset + Math.max(nameAt, 0),
        end: offset + valueAt + dir.value.length,
      };
      if (dir.duplicate) {
        out.errors.push({ kind: 'duplicate', name: dir.name, value: dir.value, ...where });
      } else {
        directive = true;
        if (dir.name === 'escape' && !d.setEscape(dir.value))
          out.errors.push({ kind: 'escape', name: dir.name, value: dir.value, ...where });
        out.directives.push({
          name: dir.name,
          value: dir.value,
          line: i,
          nameStart: where.start,
          valueStart: offset + valueAt,
          valueEnd: where.end,
        });
      }
    }
    return { text: isComment(t) ? '' : t, offset, directive };
  };

  let nextYield = STEP_LINES;
  for (let i = 0; i < n; i++) {
    if (i >= nextYield) {
      nextYield = i + STEP_LINES;
      yield;
    }
    if (commentAt(i)) {
      // BuildKit drops the line's first byte (normally the '#') and trims the rest
      const c = trimSpace(text.slice(lineStart(i) + 1, contentEnd(i)));
      if (c === '') comments = [];
      else comments.push(c);
    }
    const first = processLine(i, true);
    if (first.directive) comments = comments.slice(0, -1);
    const startLine = i;
    const [firstText, firstEnds] = d.trimContinuation(first.text);
    if (firstEnds && firstText.length === 0) continue;
    const pieces: Piece[] = [{ at: 0, doc: first.offset, len: firstText.length }];
    let joined = firstText;
    let ends = firstEnds;
    let emptyLine: number | undefined;
    let end = first.offset + firstText.length;
    while (!ends && i + 1 < n) {
      i++;
      // a long instruction is read in steps too
      if (i >= nextYield) {
        nextYield = i + STEP_LINES;
        yield;
      }
      const next = processLine(i, false);
      if (commentAt(i)) continue;
      if (skipSpace(next.text) === next.text.length) {
        emptyLine ??= i;
        continue;
      }
      const [t, e] = d.trimContinuation(next.text);
      pieces.push({ at: joined.length, doc: next.offset, len: t.length });
      joined += t;
      ends = e;
      end = next.offset + t.length;
    }
    const ll = new LogicalLine(joined, pieces);
    const node = nodeFromLine(ll, 0, d.escape, comments, d);
    node.startLine = startLine;
    node.end = end;
    if (emptyLine !== undefined) node.emptyContinuationLine = emptyLine;
    if (joined.includes('<<') && canHoldHeredoc(node)) {
      const docs = heredocsOf(joined);
      if (!docs) node.error ??= { kind: 'heredocName' };
      else {
        for (const h of docs) {
          let j = i + 1;
          let terminated = false;
          const contentStart = j < n ? starts[j] : text.length;
          for (; j < n; j++) {
            if (j >= nextYield) {
              nextYield = j + STEP_LINES;
              yield;
            }
            let a = starts[j];
            const e = contentEnd(j);
            if (h.chomp) while (a < e && text.charCodeAt(a) === 9) a++;
            if (e - a === h.name.length && text.startsWith(h.name, a)) {
              terminated = true;
              break;
            }
          }
          const content = text.slice(contentStart, j < n ? starts[j] : text.length);
          i = Math.min(j, n - 1);
          if (!terminated) {
            node.error ??= { kind: 'unterminatedHeredoc' };
            break;
          }
          node.heredocs.push({ expand: h.expand, content });
        }
      }
    }
    node.endLine = i;
    out.nodes.push(node);
    comments = [];
  }
  out.escape = d.escape;
  return out;
}
