/**
 * One Dockerfile instruction read the way BuildKit reads it, with document positions: its text
 * with the line continuations joined (comment and blank lines inside them skipped), its words and
 * flags, its heredoc bodies, and where variables are written and who expands each of them (Docker
 * at build time, the shell at run time, or nobody). Pure string work over the lines of one
 * instruction: navigation reads every instruction once per document version through this, hover
 * reads only the instruction under the cursor.
 */
import type { Position, Range } from 'vscode-languageserver-types';
import { heredocNames } from './dockerfileWindow';

/** Characters of the joined text that start on a new document line (`at` is an offset in `text`). */
export interface Segment {
  at: number;
  line: number;
  character: number;
}

export interface Heredoc {
  name: string;
  /** Docker expands variables in the body (COPY/ADD, delimiter not quoted). */
  expand: boolean;
  /** First line of the body and the terminator's line (end of file when unterminated). */
  bodyStart: number;
  terminator: number;
}

export interface Word {
  /** Offsets in the joined text (end exclusive). */
  start: number;
  end: number;
  /** As written (quotes kept). */
  raw: string;
}

/** Who expands a `$NAME` (the values of the note "build variables"). */
export type Expansion = 'build' | 'run' | 'container' | 'script' | 'exec' | 'literal' | 'onbuild';

export interface VarRef {
  name: string;
  /** The name's offsets in the joined text (end exclusive). */
  start: number;
  end: number;
  how: Expansion;
}

export class LexedInstruction {
  /** First and last line of the instruction's own text (before any heredoc body). */
  readonly start: number;
  readonly textEnd: number;
  /** Last line, heredoc bodies included. */
  end: number;
  /** The text from the keyword on, continuations joined as BuildKit joins them. */
  readonly text: string;
  readonly heredocs: Heredoc[] = [];
  /** Where each document line's part starts in the joined text (in order). */
  readonly segments: readonly Segment[];

  constructor(start: number, textEnd: number, text: string, segments: Segment[]) {
    this.start = start;
    this.textEnd = textEnd;
    this.end = textEnd;
    this.text = text;
    this.segments = segments;
  }

  /** The document position of an offset of the joined text. */
  pos(offset: number): Position {
    const s = this.segments;
    let lo = 0;
    let hi = s.length - 1;
    let k = 0;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (s[mid].at <= offset) {
        k = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return { line: s[k].line, character: s[k].character + (offset - s[k].at) };
  }

  /** The offset of a document position in the joined text, or -1 when the text does not hold it. */
  offsetOf(p: Position): number {
    for (let k = 0; k < this.segments.length; k++) {
      const s = this.segments[k];
      if (s.line !== p.line || p.character < s.character) continue;
      const next = k + 1 < this.segments.length ? this.segments[k + 1].at : this.text.length;
      const off = s.at + (p.character - s.character);
      return off <= next ? off : -1;
    }
    return -1;
  }

  /** Whether a span of the joined text lies on one document line, unbroken (a name to rename). */
  contiguous(start: number, end: number): boolean {
    const a = this.pos(start);
    const b = this.pos(end);
    return a.line === b.line && b.character - a.character === end - start;
  }
}

const BLANK = /^[ \t]*$/;

function stripCR(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}

/** The line goes on with the next one: the escape character, maybe followed by blanks. */
function continuationAt(line: string, escape: string): number {
  let i = line.length - 1;
  while (i >= 0 && (line[i] === ' ' || line[i] === '\t')) i--;
  return i >= 0 && line[i] === escape ? i : -1;
}

/**
 * Lex the instruction whose first line is `start` and whose last line (heredocs included, as the
 * outline found it) is `end`. `lines` are the document's lines (a trailing CR is ignored).
 */
export function lexInstruction(
  lines: readonly string[],
  start: number,
  end: number,
  escape: string,
): LexedInstruction {
  const segments: Segment[] = [];
  let text = '';
  let line = stripCR(lines[start]);
  let first = 0;
  while (
    first < line.length &&
    (line[first] === ' ' || line[first] === '\t' || line[first] === '\uFEFF')
  )
    first++;
  let i = start;
  let from = first;
  let textEnd: number;
  for (;;) {
    const cut = continuationAt(line, escape);
    segments.push({ at: text.length, line: i, character: from });
    text += cut >= 0 ? line.slice(from, cut) : line.slice(from);
    textEnd = i;
    if (cut < 0) break;
    // the next line that is neither blank nor a comment goes on
    let j = i + 1;
    while (j <= end) {
      const l = stripCR(lines[j]);
      if (!BLANK.test(l) && !/^[ \t]*#/.test(l)) break;
      j++;
    }
    if (j > end) break;
    i = j;
    line = stripCR(lines[i]);
    from = 0;
  }
  const lexed = new LexedInstruction(start, textEnd, text, segments);
  if (end > textEnd && text.includes('<<')) readHeredocs(lexed, lines, end);
  else lexed.end = Math.max(textEnd, end);
  return lexed;
}

function readHeredocs(lexed: LexedInstruction, lines: readonly string[], end: number): void {
  const words = lexed.text.split(/[ \t]+/);
  const own = words[0].toUpperCase();
  const { names, tabbed } = heredocNames(words.slice(own === 'ONBUILD' ? 2 : 1));
  const keyword = own === 'ONBUILD' ? (words[1] ?? '').toUpperCase() : own;
  // the word that declares each name tells a quoted delimiter (the body is not expanded)
  const raw = words.filter((w) => w.startsWith('<<') && w.length > 2);
  const declaring = (name: string): string =>
    raw.find((w) => w.replace(/^<<-?/, '').replace(/^(["'])(.*)\1$/, '$2') === name) ?? '';
  let j = lexed.textEnd + 1;
  names.forEach((name) => {
    const bodyStart = j;
    while (j <= end) {
      let l = stripCR(lines[j]);
      if (tabbed) l = l.replace(/^\t+/, '');
      if (l === name) break;
      j++;
    }
    const quoted = /["']/.test(declaring(name));
    lexed.heredocs.push({
      name,
      expand: !quoted && (keyword === 'COPY' || keyword === 'ADD'),
      bodyStart,
      terminator: Math.min(j, end),
    });
    j++;
  });
  lexed.end = end;
}

/* ------------------------------------------------------------------ words */

/**
 * Words of `text` from `from` to `to`, split at blanks outside quotes (escape escapes); with
 * `flagsOnly`, the leading `--flag` words and the first word after them.
 */
export function splitWords(
  text: string,
  from: number,
  to: number,
  escape: string,
  flagsOnly = false,
): Word[] {
  const out: Word[] = [];
  let i = from;
  while (i < to) {
    if (flagsOnly && out.length && !out[out.length - 1].raw.startsWith('--')) break;
    while (i < to && (text[i] === ' ' || text[i] === '\t')) i++;
    if (i >= to) break;
    const start = i;
    let quote = '';
    while (i < to) {
      const c = text[i];
      if (quote) {
        if (c === escape && quote === '"' && i + 1 < to) i++;
        else if (c === quote) quote = '';
      } else if (c === ' ' || c === '\t') break;
      else if (c === escape && i + 1 < to) i++;
      else if (c === '"' || c === "'") quote = c;
      i++;
    }
    out.push({ start, end: i, raw: text.slice(start, i) });
  }
  return out;
}

/** A `--name=value` flag word: the name (lower case) and the value's offsets (quotes kept). */
export function flagOf(w: Word): { name: string; valueStart: number } | undefined {
  const m = /^--([A-Za-z][\w-]*)(=?)/.exec(w.raw);
  if (!m) return undefined;
  return { name: m[1].toLowerCase(), valueStart: w.start + m[0].length };
}

/** A value with the quotes around it taken off: the offsets of the inside. */
export function unquoted(text: string, start: number, end: number): [number, number] {
  const c = text[start];
  if (end - start >= 2 && (c === '"' || c === "'") && text[end - 1] === c)
    return [start + 1, end - 1];
  return [start, end];
}

/* ------------------------------------------------------------------ variables */

const NAME_CHAR = /[\p{L}\p{N}_]/u;

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

/** A letter, digit or underscore (ASCII first: the common case is cheap). */
function isNameChar(c: string): boolean {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c === '_')
    return true;
  return c.charCodeAt(0) > 127 && NAME_CHAR.test(c);
}
const SPECIAL = new Set(['@', '*', '#', '?', '-', '$', '!', '0']);

type Mode = 'docker' | 'raw' | 'shell';

/**
 * Scans text the way a variable expander reads it and collects every `$NAME`, `${NAME}` and
 * `${NAME<modifier>word}` (the word is read too, it may hold variables):
 * - `docker`: BuildKit's expansion of instruction arguments (quotes processed, the file's escape
 *   character escapes);
 * - `raw`: a COPY/ADD heredoc body (quotes are ordinary characters, `\` escapes);
 * - `shell`: a POSIX shell (single quotes literal, `\` escapes).
 * A variable inside single quotes is collected with `literal: true`.
 */
class VarScanner {
  readonly refs: { name: string; start: number; end: number; literal: boolean }[] = [];
  constructor(
    private readonly text: string,
    private readonly mode: Mode,
    private readonly escape: string,
  ) {}

  /** Scan from i until `stop` (returns the index after it) or `to`. */
  scan(i: number, to: number, stop = ''): number {
    const t = this.text;
    const quotes = this.mode !== 'raw';
    while (i < to) {
      const c = t[i];
      if (stop && c === stop) return i + 1;
      if (c === '$') i = this.dollar(i, to);
      else if (c === "'" && quotes) i = this.single(i + 1, to);
      else if (c === '"' && quotes) i = this.double(i + 1, to);
      else if (c === this.escape) i += 2;
      else i++;
    }
    return to;
  }

  private single(i: number, to: number): number {
    const t = this.text;
    while (i < to && t[i] !== "'") {
      // what would be a variable outside the quotes, for the hover to say that nothing expands it
      if (t[i] === '$') {
        const n = this.nameAt(i + (t[i + 1] === '{' ? 2 : 1), to);
        if (n > 0) {
          const s = i + (t[i + 1] === '{' ? 2 : 1);
          this.refs.push({ name: t.slice(s, s + n), start: s, end: s + n, literal: true });
        }
      }
      i++;
    }
    return i + 1;
  }

  private double(i: number, to: number): number {
    const t = this.text;
    while (i < to && t[i] !== '"') {
      if (t[i] === '$') i = this.dollar(i, to);
      else if (t[i] === this.escape && i + 1 < to && '"$`\\'.includes(t[i + 1])) i += 2;
      else i++;
    }
    return i + 1;
  }

  /** Length of the name at i (letters, digits, _; digits alone; one special character). */
  private nameAt(i: number, to: number): number {
    const t = this.text;
    if (i >= to) return 0;
    if (isDigit(t[i])) {
      let j = i;
      while (j < to && isDigit(t[j])) j++;
      return j - i;
    }
    if (SPECIAL.has(t[i])) return 1;
    let j = i;
    while (j < to && isNameChar(t[j])) j++;
    return j - i;
  }

  private dollar(i: number, to: number): number {
    const t = this.text;
    if (t[i + 1] !== '{') {
      const n = this.nameAt(i + 1, to);
      if (n > 0 && !SPECIAL.has(t[i + 1]) && !isDigit(t[i + 1]))
        this.refs.push({
          name: t.slice(i + 1, i + 1 + n),
          start: i + 1,
          end: i + 1 + n,
          literal: false,
        });
      return i + 1 + n;
    }
    const s = i + 2;
    const n = this.nameAt(s, to);
    if (n === 0) return s;
    if (!SPECIAL.has(t[s]) && !isDigit(t[s]))
      this.refs.push({ name: t.slice(s, s + n), start: s, end: s + n, literal: false });
    let j = s + n;
    if (t[j] === '}') return j + 1;
    if (t[j] === '/') {
      j = this.scan(j + (t[j + 1] === '/' ? 2 : 1), to, '/');
      return this.scan(j, to, '}');
    }
    if (t[j] === ':') j++;
    if (j < to && '+-?#%='.includes(t[j])) return this.scan(j + 1, to, '}');
    // not a substitution Docker knows: read on to the closing brace
    return this.scan(j, to, '}');
  }
}

/** The variables written in text[from, to) read in a mode; `how` for the ones not in single quotes. */
export function scanVariables(
  text: string,
  from: number,
  to: number,
  mode: Mode,
  escape: string,
  how: Expansion,
): VarRef[] {
  const s = new VarScanner(text, mode, mode === 'docker' ? escape : '\\');
  s.scan(from, to);
  return s.refs.map((r) => ({
    name: r.name,
    start: r.start,
    end: r.end,
    how: r.literal ? 'literal' : how,
  }));
}

/* ------------------------------------------------------------------ one instruction's names */

export interface NamedRange {
  name: string;
  range: Range;
}

export interface VarUse extends NamedRange {
  how: Expansion;
  /** ARG: how many of this instruction's declarations are in effect for the use (ENV: none). */
  after: number;
}

export interface StageRef extends NamedRange {
  /** `FROM name`, `COPY/ADD --from=name`, `RUN --mount=…,from=name` (ONBUILD forms included). */
  kind: 'from' | 'copy' | 'mount';
}

export interface Declaration extends NamedRange {
  kind: 'ARG' | 'ENV';
  /** ARG with `=default` (ENV always has a value). */
  hasValue: boolean;
  /** The default or value as written. */
  value: string;
}

/** What an instruction names: variables it declares and uses, stages it refers to. */
export interface InstructionNames {
  /** The instruction's keyword in upper case (for ONBUILD: ONBUILD; see `trigger`). */
  keyword: string;
  keywordRange: Range;
  /** ONBUILD's instruction keyword in upper case. */
  trigger?: string;
  triggerRange?: Range;
  uses: VarUse[];
  stageRefs: StageRef[];
  declarations: Declaration[];
  /** FROM: the image word (as written) and the stage name after AS. */
  image?: NamedRange;
  stageName?: NamedRange;
  /** The arguments are a JSON array (exec form). */
  json: boolean;
}

/** The arguments of CMD, ENTRYPOINT, RUN, SHELL… in JSON form: a JSON array of strings. */
export function isJsonForm(s: string): boolean {
  const t = s.trim();
  if (!t.startsWith('[') || !t.endsWith(']')) return false;
  try {
    const v: unknown = JSON.parse(t);
    return Array.isArray(v) && v.every((x) => typeof x === 'string');
  } catch {
    return false;
  }
}

/** Builds the names of one lexed instruction (positions in the document). */
class NamesReader {
  readonly out: InstructionNames;
  private readonly t: string;

  constructor(
    private readonly lx: LexedInstruction,
    private readonly lines: readonly string[],
    private readonly escape: string,
  ) {
    this.t = lx.text;
    const head = /^\S*/.exec(this.t)?.[0] ?? '';
    this.out = {
      keyword: head.toUpperCase(),
      keywordRange: this.range(0, head.length),
      uses: [],
      stageRefs: [],
      declarations: [],
      json: false,
    };
  }

  range(start: number, end: number): Range {
    return { start: this.lx.pos(start), end: this.lx.pos(end) };
  }

  private vars(from: number, to: number, mode: Mode, how: Expansion, after = 0): void {
    for (const v of scanVariables(this.t, from, to, mode, this.escape, how)) {
      if (!this.lx.contiguous(v.start, v.end)) continue;
      this.out.uses.push({ name: v.name, range: this.range(v.start, v.end), how: v.how, after });
    }
  }

  private stageRef(start: number, end: number, kind: StageRef['kind']): void {
    [start, end] = unquoted(this.t, start, end);
    if (end <= start || !this.lx.contiguous(start, end)) return;
    const name = this.t.slice(start, end);
    // a variable is not expanded in --from (BuildKit refuses it): no stage
    if (name.includes('$')) return;
    this.out.stageRefs.push({ name, range: this.range(start, end), kind });
  }

  read(): InstructionNames {
    const t = this.t;
    let at = this.out.keyword.length;
    let keyword = this.out.keyword;
    let onbuild = false;
    if (keyword === 'ONBUILD') {
      const m = /^[ \t]+(\S+)/.exec(t.slice(at));
      if (!m) return this.out;
      const s = at + m[0].length - m[1].length;
      keyword = m[1].toUpperCase();
      this.out.trigger = keyword;
      this.out.triggerRange = this.range(s, s + m[1].length);
      at = s + m[1].length;
      onbuild = true;
    }
    // the words after the flags matter to FROM, ARG, ENV and HEALTHCHECK only
    const all =
      keyword === 'FROM' || keyword === 'ARG' || keyword === 'ENV' || keyword === 'HEALTHCHECK';
    const words = splitWords(t, at, t.length, this.escape, !all);
    // flags come first
    let k = 0;
    const flags: { name: string; w: Word; valueStart: number }[] = [];
    while (k < words.length) {
      const f = flagOf(words[k]);
      if (!f) break;
      flags.push({ name: f.name, w: words[k], valueStart: f.valueStart });
      k++;
    }
    const args = words.slice(k);
    const argsStart = args.length ? args[0].start : t.length;
    this.out.json = isJsonForm(t.slice(argsStart));
    // ONBUILD: Docker expands the variables when a later build runs the instruction
    const build: Expansion = onbuild ? 'onbuild' : 'build';
    const flagVars = (names: string[]): void => {
      for (const f of flags) {
        const how = names.includes(f.name) ? build : 'literal';
        this.vars(f.valueStart, f.w.end, 'docker', how);
      }
    };
    switch (keyword) {
      case 'FROM': {
        flagVars(['platform']);
        if (args[0]) {
          const img = args[0];
          this.out.image = { name: img.raw, range: this.range(img.start, img.end) };
          this.vars(img.start, img.end, 'docker', build);
          if (!img.raw.includes('$') && !onbuild) this.stageRef(img.start, img.end, 'from');
        }
        if (args.length >= 3 && args[1].raw.toUpperCase() === 'AS') {
          const n = args[2];
          if (this.lx.contiguous(n.start, n.end))
            this.out.stageName = { name: n.raw, range: this.range(n.start, n.end) };
        }
        break;
      }
      case 'ARG':
        args.forEach((w, i) => {
          const eq = w.raw.indexOf('=');
          const nameEnd = eq < 0 ? w.end : w.start + eq;
          if (eq >= 0) this.vars(nameEnd + 1, w.end, 'docker', build, i);
          if (!onbuild && nameEnd > w.start && this.lx.contiguous(w.start, nameEnd))
            this.out.declarations.push({
              name: t.slice(w.start, nameEnd),
              range: this.range(w.start, nameEnd),
              kind: 'ARG',
              hasValue: eq >= 0,
              value: eq >= 0 ? t.slice(nameEnd + 1, w.end) : '',
            });
        });
        break;
      case 'ENV': {
        const legacy = args.length > 0 && !args[0].raw.includes('=');
        const pairs = legacy ? [args[0]] : args;
        for (const w of pairs) {
          const eq = legacy ? w.end - w.start : w.raw.indexOf('=');
          if (eq < 0) continue;
          const nameEnd = w.start + eq;
          const valueStart = legacy ? (args[1]?.start ?? t.length) : nameEnd + 1;
          const valueEnd = legacy ? t.length : w.end;
          this.vars(valueStart, valueEnd, 'docker', build);
          if (!onbuild && nameEnd > w.start && this.lx.contiguous(w.start, nameEnd))
            this.out.declarations.push({
              name: t.slice(w.start, nameEnd),
              range: this.range(w.start, nameEnd),
              kind: 'ENV',
              hasValue: true,
              value: t.slice(valueStart, valueEnd),
            });
        }
        break;
      }
      case 'COPY':
      case 'ADD':
        for (const f of flags) if (f.name === 'from') this.stageRef(f.valueStart, f.w.end, 'copy');
        flagVars(['chown', 'chmod', 'checksum']);
        this.vars(argsStart, t.length, 'docker', build);
        this.heredocVars(build);
        break;
      case 'RUN':
        for (const f of flags) {
          if (f.name !== 'mount') {
            this.vars(f.valueStart, f.w.end, 'docker', 'literal');
            continue;
          }
          this.mount(f.valueStart, f.w.end, build);
        }
        this.vars(
          argsStart,
          t.length,
          'shell',
          this.out.json ? 'exec' : onbuild ? 'onbuild' : 'run',
        );
        this.heredocVars(onbuild ? 'onbuild' : 'script');
        break;
      case 'CMD':
      case 'ENTRYPOINT':
        this.vars(argsStart, t.length, 'shell', this.out.json ? 'exec' : 'container');
        break;
      case 'HEALTHCHECK': {
        flagVars([]);
        const sub = args[0];
        if (sub && sub.raw.toUpperCase() === 'CMD') {
          const rest = args[1]?.start ?? t.length;
          const json = isJsonForm(t.slice(rest));
          this.vars(rest, t.length, 'shell', json ? 'exec' : 'container');
        }
        break;
      }
      case 'LABEL':
      case 'WORKDIR':
      case 'USER':
      case 'VOLUME':
      case 'STOPSIGNAL':
      case 'EXPOSE':
        flagVars([]);
        this.vars(argsStart, t.length, 'docker', build);
        break;
      case 'SHELL':
        this.vars(argsStart, t.length, 'shell', 'exec');
        break;
      default:
        // MAINTAINER and anything Docker does not know: nothing is expanded
        this.vars(at, t.length, 'docker', 'literal');
        break;
    }
    return this.out;
  }

  /** `--mount=type=…,from=NAME,target=$DIR`: the stage and the expanded options. */
  private mount(from: number, to: number, build: Expansion): void {
    [from, to] = unquoted(this.t, from, to);
    let i = from;
    while (i <= to) {
      let j = i;
      let quote = false;
      while (j < to && (quote || this.t[j] !== ',')) {
        if (this.t[j] === '"') quote = !quote;
        j++;
      }
      const field = this.t.slice(i, j);
      const eq = field.indexOf('=');
      if (eq > 0 && field.slice(0, eq).toLowerCase() === 'from')
        this.stageRef(i + eq + 1, j, 'mount');
      else if (eq > 0) this.vars(i + eq + 1, j, 'docker', build);
      i = j + 1;
    }
  }

  /** Variables in heredoc bodies, line by line. */
  private heredocVars(how: Expansion): void {
    for (const h of this.lx.heredocs) {
      for (let line = h.bodyStart; line < h.terminator; line++) {
        const text = stripCR(this.lines[line]);
        if (!text.includes('$')) continue;
        const mode: Mode = how === 'script' || how === 'onbuild' ? 'shell' : 'raw';
        const kind: Expansion = how === 'build' ? (h.expand ? 'build' : 'literal') : how;
        for (const v of scanVariables(text, 0, text.length, mode, '\\', kind))
          this.out.uses.push({
            name: v.name,
            range: {
              start: { line, character: v.start },
              end: { line, character: v.end },
            },
            how: v.how,
            after: 0,
          });
      }
    }
  }
}

/** The names of a lexed instruction. `lines` are the document's lines. */
export function instructionNames(
  lx: LexedInstruction,
  lines: readonly string[],
  escape: string,
): InstructionNames {
  return new NamesReader(lx, lines, escape).read();
}
