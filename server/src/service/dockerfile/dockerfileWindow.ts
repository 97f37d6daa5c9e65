/**
 * Lazy parsing of large Dockerfiles. `dockerfile-ast` needs ~15-20 µs a line, so a 5,000-line
 * file costs ~100 ms to parse: too slow to redo on the first request after every keystroke.
 *
 * A request needs the instruction under the cursor and a little context: the parser directives,
 * the global ARGs, every FROM (stages), every `COPY/ADD --from` (who uses a stage), and the ARG/ENV
 * instructions of the stages around the cursor (variables). A *window* is the document with every
 * other line emptied (lines keep their numbers, so every range in the window's AST is the range in
 * the document). Instruction boundaries come from one cheap line scan per document version that
 * follows the parser's rules (line continuations, comments inside them, heredocs).
 *
 * Small documents are parsed whole, as before; the whole-document AST of a large one is built only
 * when asked for and not kept. An instruction longer than MAX_INSTRUCTION_CHARS is never handed
 * whole to the parser: windows hold its first MAX_INSTRUCTION_CHARS characters (and its heredoc
 * terminator lines), so a document with such an instruction is read in windows whatever its size,
 * and the positions after the cut get no help but a "too long" answer (`cutAt`).
 */
import { DockerfileParser, type Dockerfile } from 'dockerfile-ast';
import type { Position } from 'vscode-languageserver-types';
import { commonEnds, lastAtMost, lastStartingAtOrBefore } from '../util';
import { countWork, MAX_CONTEXT_CHARS, MAX_INSTRUCTION_CHARS, MAX_WHOLE_CHARS } from '../work';
import { parseMapped, type LineMap } from './mappedParse';

/** Documents with more lines than this are parsed in windows. */
export const DOCKERFILE_WINDOW_MIN_LINES = 2000;
/** Lines per part when the whole document is walked in parts (diagnostics). */
const PART_LINES = 16;
/**
 * Windows kept parsed for requests (by their lines and text, handed from version to version): at
 * most MAX_WINDOWS, holding at most MAX_KEPT_WINDOW_CHARS characters together, and always the
 * last two.
 */
const MAX_WINDOWS = 32;
const MAX_KEPT_WINDOW_CHARS = 64 * 1024;
/** Directive lines kept at the top of every window (BuildKit knows three directives). */
const MAX_DIRECTIVES = 16;

export interface Span {
  /** First and last line (inclusive). */
  start: number;
  end: number;
  keyword: string;
  /** `COPY/ADD --from=…`: kept in every window (stage users). */
  copyFrom: boolean;
  /** Characters a window holds of it (at most MAX_INSTRUCTION_CHARS). */
  chars: number;
  /**
   * An instruction longer than MAX_INSTRUCTION_CHARS: windows keep its lines up to `line`, that
   * line's first `character` characters, and after it only its heredoc terminator lines.
   */
  cut?: { line: number; character: number; terminators: Set<string> };
}

export interface Outline {
  lines: string[];
  /** The parser directives at the top (`# syntax=…`, `# escape=…`): kept in every window. */
  directives: number;
  spans: Span[];
  /** Index in `spans` of every FROM, every ARG and ENV, every `COPY/ADD --from`. */
  froms: number[];
  argEnv: number[];
  copyFroms: number[];
}

const HEREDOC_KEYWORDS = new Set(['ADD', 'COPY', 'RUN']);

/** The first character the parser would not skip on a line ('' for a blank line). */
function firstChar(line: string): string {
  let i = 0;
  while (i < line.length && (line[i] === ' ' || line[i] === '\t' || line[i] === '\r')) i++;
  return i < line.length ? line[i] : '';
}

/** The line ends with the escape character, maybe followed by blanks: the instruction goes on. */
function continues(line: string, escape: string): boolean {
  let i = line.length - 1;
  while (i >= 0 && (line[i] === ' ' || line[i] === '\t' || line[i] === '\r')) i--;
  return i >= 0 && line[i] === escape;
}

export function escapeCharacter(lines: readonly string[]): string {
  let escape = '\\';
  for (let i = 0; i < lines.length; i++) {
    const m = /^\uFEFF?[ \t]*#[ \t]*([^ \t=\r]+)[ \t]*=[ \t]*([^ \t\r]*)/.exec(lines[i]);
    if (!m) break;
    if (m[1].toLowerCase() === 'escape' && (m[2] === '`' || m[2] === '\\')) {
      escape = m[2];
      break;
    }
  }
  return escape;
}

/** Heredoc names declared by an instruction's words (`<<EOF`, `<<-"EOF"`), as the parser reads them. */
export function heredocNames(words: string[]): { names: string[]; tabbed: boolean } {
  const names: string[] = [];
  let tabbed = false;
  for (const w of words) {
    if (!w.startsWith('<<') || w.length <= 2) continue;
    let v = w.slice(2);
    if (v.startsWith('-')) {
      tabbed = true;
      v = v.slice(1);
    }
    if (v.startsWith('"')) {
      if (!v.endsWith('"') || v.length < 2) continue;
      v = v.slice(1, -1);
    }
    if (v.startsWith("'")) {
      if (!v.endsWith("'") || v.length < 2) continue;
      v = v.slice(1, -1);
    }
    if (v.startsWith('<')) continue;
    names.push(v);
  }
  return { names, tabbed };
}

export function dockerfileOutline(text: string): Outline {
  // a lone CR ends a line for the parser and for the editor: read it as a newline (same length)
  const lines = (/\r(?!\n)/.test(text) ? text.replace(/\r(?!\n)/g, '\n') : text).split('\n');
  if (lines[0].startsWith('\uFEFF')) lines[0] = ' ' + lines[0].slice(1);
  const escape = escapeCharacter(lines);
  const spans = scanSpans(lines, escape, 0);
  const prelude = spans.length ? spans[0].start : -1;
  // the directives: the leading `# key=value` lines before the first instruction
  let directives = 0;
  const end = prelude < 0 ? lines.length : prelude;
  while (
    directives < Math.min(end, MAX_DIRECTIVES) &&
    /^\uFEFF?[ \t]*#[ \t]*[^ \t=\r]+[ \t]*=/.test(lines[directives])
  )
    directives++;
  return { lines, directives, spans, ...indexSpans(spans) };
}

/** The instructions of `lines` from line `i` on (where no instruction goes on from above). */
function scanSpans(
  lines: readonly string[],
  escape: string,
  i: number,
  /** Stop at an instruction starting at a line for which this gives true (it is not scanned). */
  stop?: (line: number) => boolean,
): Span[] {
  const spans: Span[] = [];
  const n = lines.length;
  while (i < n) {
    const c = firstChar(lines[i]);
    if (c === '' || c === '#') {
      i++;
      continue;
    }
    if (stop?.(i)) break;
    const span = scanSpan(lines, escape, i);
    spans.push(span);
    i = span.end + 1;
  }
  return spans;
}

/** The instruction that starts at line `start` (its first line is neither blank nor a comment). */
function scanSpan(lines: readonly string[], escape: string, start: number): Span {
  const n = lines.length;
  const line = lines[start];
  let end = start;
  let escaped = continues(line, escape);
  const body: string[] = [line];
  while (escaped && end + 1 < n) {
    end++;
    const l = lines[end];
    const lc = firstChar(l);
    if (lc === '' || lc === '#') continue;
    body.push(l);
    escaped = continues(l, escape);
  }
  const head = /^[\s\uFEFF]*(\S*)(?:[ \t]+(\S*))?/.exec(line);
  let keyword = (head?.[1] ?? '').toUpperCase();
  const own = keyword;
  if (keyword === 'ONBUILD') keyword = (head?.[2] ?? '').toUpperCase();
  // the instruction's words are only needed when it may start heredocs
  if (HEREDOC_KEYWORDS.has(keyword) && body.some((l) => l.includes('<<'))) {
    const words = body
      .join(' ')
      .replace(/^[\s\uFEFF]+/, '')
      .split(/[ \t\r]+/);
    const { names, tabbed } = heredocNames(words.slice(own === 'ONBUILD' ? 2 : 1));
    for (const name of names) {
      let j = end + 1;
      // a terminator line must be followed by a newline, as in the parser
      while (j < n - 1) {
        let l = lines[j];
        if (l.endsWith('\r')) l = l.slice(0, -1);
        if (tabbed) l = l.replace(/^\t+/, '');
        if (l === name) break;
        j++;
      }
      if (j >= n - 1) {
        end = n - 1;
        break;
      }
      end = j;
    }
  }
  const copyFrom = (own === 'COPY' || own === 'ADD') && body.some((l) => /(^|\s)--from=/i.test(l));
  const span: Span = { start, end, keyword: own, copyFrom, chars: 0 };
  let budget = MAX_INSTRUCTION_CHARS;
  for (let k = start; k <= end; k++) {
    if (lines[k].length + 1 <= budget) {
      budget -= lines[k].length + 1;
      span.chars += lines[k].length + 1;
      continue;
    }
    span.chars += budget;
    const terminators = new Set<string>();
    if (HEREDOC_KEYWORDS.has(keyword) && k + 1 <= end) {
      const kept = lines.slice(start, k).join('\n') + lines[k].slice(0, budget);
      if (kept.includes('<<')) {
        const words = kept.replace(/^[\s\uFEFF]+/, '').split(/[ \t\r\n]+/);
        for (const name of heredocNames(words.slice(own === 'ONBUILD' ? 2 : 1)).names)
          terminators.add(name);
      }
    }
    span.cut = { line: k, character: budget, terminators };
    break;
  }
  return span;
}

/** The indexes of the FROMs, the ARG/ENVs and the `COPY/ADD --from`s among the spans. */
function indexSpans(spans: readonly Span[]): Pick<Outline, 'froms' | 'argEnv' | 'copyFroms'> {
  const froms: number[] = [];
  const argEnv: number[] = [];
  const copyFroms: number[] = [];
  for (let k = 0; k < spans.length; k++) {
    const own = spans[k].keyword;
    if (own === 'FROM') froms.push(k);
    if (own === 'ARG' || own === 'ENV') argEnv.push(k);
    if (spans[k].copyFrom) copyFroms.push(k);
  }
  return { froms, argEnv, copyFroms };
}

/** Line breaks in `text` from `from` to `to`. */
function breaks(text: string, from: number, to: number): number {
  let count = 0;
  for (let i = text.indexOf('\n', from); i >= 0 && i < to; i = text.indexOf('\n', i + 1)) count++;
  return count;
}

/**
 * The outline of `text` made from the outline of an earlier version `prevText` (the same result
 * as `dockerfileOutline(text)`, which a test checks): the lines before and after the edit are
 * taken over, and the instructions are scanned again from the one the edit begins in until an
 * instruction starts where one started before, past the edit. Undefined when the edit reaches the
 * lines before the first instruction (the directives, the escape character) or a lone CR is in
 * either text: then the whole text is scanned.
 */
export function dockerfileOutlineAfterEdit(
  prevText: string,
  prev: Outline,
  text: string,
): Outline | undefined {
  if (prev.spans.length === 0 || /\r(?!\n)/.test(text) || /\r(?!\n)/.test(prevText))
    return undefined;
  const [p, q] = commonEnds(prevText, text);
  // the first line the edit touches, and how many lines at the end it leaves as they were
  const a = breaks(prevText, 0, p);
  if (a <= prev.spans[0].start) return undefined;
  const nOld = prev.lines.length;
  const newLines = breaks(text, 0, text.length) + 1;
  const tail = Math.min(
    breaks(prevText, prevText.length - q, prevText.length),
    nOld - a - 1,
    newLines - a - 1,
  );
  // the new text of lines a … newLines - tail - 1 (a > 0: line a starts after a line break)
  let tailChars = -1;
  for (let k = nOld - tail; k < nOld; k++) tailChars += prev.lines[k].length + 1;
  const from = text.lastIndexOf('\n', p - 1) + 1;
  const to = tail > 0 ? text.length - tailChars - 1 : text.length;
  const middle = text.slice(from, to).split('\n');
  const lines = [...prev.lines.slice(0, a), ...middle, ...prev.lines.slice(nOld - tail)];
  if (lines.length !== newLines) return undefined;
  const delta = newLines - nOld;
  const lastEdited = newLines - tail - 1;
  // the spans before the first one the edit may change are kept as they are
  let k0 = 0;
  while (k0 < prev.spans.length && prev.spans[k0].end < a) k0++;
  const restart = k0 < prev.spans.length ? Math.min(a, prev.spans[k0].start) : a;
  // scan until an instruction starts past the edit where one started before (then the rest is
  // the same, moved by delta)
  let m = k0;
  let synced = -1;
  const scanned = scanSpans(lines, escapeCharacter(lines), restart, (line) => {
    if (line <= lastEdited) return false;
    while (m < prev.spans.length && prev.spans[m].start + delta < line) m++;
    if (m < prev.spans.length && prev.spans[m].start + delta === line) {
      synced = m;
      return true;
    }
    return false;
  });
  const moved =
    synced < 0
      ? []
      : prev.spans.slice(synced).map((s) => {
          if (delta === 0) return s;
          const span: Span = { ...s, start: s.start + delta, end: s.end + delta };
          if (s.cut) span.cut = { ...s.cut, line: s.cut.line + delta };
          return span;
        });
  const spans = [...prev.spans.slice(0, k0), ...scanned, ...moved];
  return { lines, directives: prev.directives, spans, ...indexSpans(spans) };
}

/** Index of the last span starting at or before `line` (-1 when none). */
function spanBefore(spans: Span[], line: number): number {
  return lastStartingAtOrBefore(spans, line);
}

/** What a hover at a line needs beyond its instruction: a stage (FROM) or the users of a stage. */
interface Needs {
  /** The FROMs that may declare this stage name (lower case). */
  stage?: string;
  /** The `COPY/ADD --from=` instructions that may use this stage name (lower case). */
  usersOf?: string;
}

/** An instruction's text (as windows hold it: a too long one up to its cut). */
function spanText(o: Outline, s: Span): string {
  if (!s.cut) return o.lines.slice(s.start, s.end + 1).join('\n');
  const out: string[] = [];
  for (let k = s.start; k <= s.end; k++) out.push(lineInWindow(o, s, k));
  return out.join('\n');
}

/** An instruction's text with its line continuations (either escape character) read as blanks. */
function joined(o: Outline, s: Span): string {
  return spanText(o, s).replace(/[\\`]\r?\n/g, ' ');
}

/**
 * Hover on a FROM needs the stage's users, on `COPY --from=x` the stage x. (Completion needs every
 * stage: it reads them from `stages()`.)
 */
function needsAt(o: Outline, line: number): Needs {
  const k = spanBefore(o.spans, line);
  const s = k >= 0 && o.spans[k].end >= line ? o.spans[k] : undefined;
  if (!s) return {};
  const t = spanText(o, s);
  const keyword =
    s.keyword === 'ONBUILD' ? (/^\s*ONBUILD\s+(\S+)/i.exec(t)?.[1] ?? '').toUpperCase() : s.keyword;
  if (keyword !== 'FROM' && keyword !== 'COPY' && keyword !== 'ADD') return {};
  if (keyword === 'FROM') {
    const m = /\sAS\s+([^\s\\`]+)/i.exec(t);
    return m ? { usersOf: m[1].toLowerCase() } : {};
  }
  const m = /--from=(["']?)([^\s"'\\`]+)/i.exec(t);
  return m ? { stage: m[2].toLowerCase() } : {};
}

/**
 * The window text for lines from..to: the instructions overlapping them, the stages they are in
 * (their FROM, ARG and ENV), the global ARGs and directives, and, when the request needs them,
 * the FROMs of a stage (or every FROM: `all`) and the `COPY/ADD --from` users of a stage. Every
 * other line is emptied, and the text ends with the last kept line. The work is proportional to
 * the kept lines, not to the document.
 */
function windowText(
  o: Outline,
  from: number,
  to: number,
  needs: Needs,
  context = true,
  all = false,
  compact?: { shift: number },
  map?: LineMap,
): { text: string; content: number } {
  // the instructions overlapping the lines always; the context while it fits in its budget
  const primary: Span[] = [];
  const extra: Span[] = [];
  const mark = (s: Span): void => {
    extra.push(s);
  };
  let first = spanBefore(o.spans, from);
  if (first < 0 || o.spans[first].end < from) first++;
  let last = first - 1;
  for (let k = Math.max(0, first); k < o.spans.length && o.spans[k].start <= to; k++) {
    primary.push(o.spans[k]);
    last = k;
  }
  if (context) {
    // the stage the lines start in
    const f = lastAtMost(o.froms, spanBefore(o.spans, from));
    const stage = f >= 0 ? o.froms[f] : -1;
    if (stage >= 0) mark(o.spans[stage]);
    // on a FROM, the stage before it too (is there a FROM above this line?)
    if (stage >= 0 && o.spans[stage].start >= from && f > 0) mark(o.spans[o.froms[f - 1]]);
    // ARG/ENV before the first FROM and in the stages the lines overlap
    const firstFrom = o.froms.length ? o.froms[0] : Infinity;
    for (const k of o.argEnv) {
      if (k >= firstFrom) break;
      mark(o.spans[k]);
    }
    for (let i = lastAtMost(o.argEnv, stage) + 1; i < o.argEnv.length && o.argEnv[i] <= last; i++)
      mark(o.spans[o.argEnv[i]]);
  }
  // the name as a whole word (a stage name may hold '.' and '-'), line continuations read as
  // blanks; a match in a comment only keeps an instruction too many, which is harmless
  const word = (name: string): string =>
    `${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\w.-])`;
  const declares = needs.stage ? new RegExp(`\\sAS\\s+${word(needs.stage)}`, 'i') : undefined;
  // (indexed loops here and below: an iterator allocates a result per step, on every request)
  if (all || declares)
    for (let i = 0; i < o.froms.length; i++) {
      const s = o.spans[o.froms[i]];
      if (all || declares?.test(joined(o, s))) mark(s);
    }
  if (needs.usersOf) {
    const uses = new RegExp(`--from=["']?${word(needs.usersOf)}`, 'i');
    for (const k of o.copyFroms) if (uses.test(joined(o, o.spans[k]))) mark(o.spans[k]);
  }
  const ranges: [number, number, Span | undefined][] = [];
  if (o.directives > 0) ranges.push([0, o.directives - 1, undefined]);
  const chosen = new Set<Span>(primary);
  for (const s of primary) ranges.push([s.start, s.end, s]);
  let budget = MAX_CONTEXT_CHARS;
  for (const s of extra) {
    if (chosen.has(s) || s.chars > budget) continue;
    chosen.add(s);
    budget -= s.chars;
    ranges.push([s.start, s.end, s]);
  }
  ranges.sort((a, b) => a[0] - b[0]);
  const out: string[] = [];
  let emptied = 0;
  let next = 0; // the first line not written yet
  let shifted = false;
  let written = 0; // lines written (a mapped window)
  for (let r = 0; r < ranges.length; r++) {
    const a = ranges[r][0];
    const b = ranges[r][1];
    const span = ranges[r][2];
    if (b < next) continue;
    let from2 = Math.max(a, next);
    // the emptied lines up to the range (in a compact window, none between the directives and
    // the first range after them: its lines move up by `shift`; in a mapped one, none at all:
    // a range that does not follow the previous one starts a segment)
    if (map) {
      if (from2 !== next || map.dStart.length === 0) {
        map.wStart.push(written);
        map.dStart.push(from2);
      }
      written += b - from2 + 1;
    } else if (compact && !shifted && next === o.directives) {
      compact.shift = from2 - next;
      shifted = true;
    } else if (from2 > next) {
      // the emptied lines: as many line breaks (`join` adds one more)
      out.push('\n'.repeat(from2 - next - 1));
      emptied += from2 - next;
    }
    for (; from2 <= b; from2++) out.push(lineInWindow(o, span, from2));
    next = b + 1;
  }
  const text = out.join('\n');
  return { text, content: text.length - emptied };
}

/** Line `k` of the document as a window holds it: whole, or cut in an instruction that is too long. */
function lineInWindow(o: Outline, span: Span | undefined, k: number): string {
  if (!span) return o.lines[k].slice(0, MAX_INSTRUCTION_CHARS); // a directive
  const cut = span.cut;
  if (!cut || k < cut.line) return o.lines[k];
  if (k === cut.line) return o.lines[k].slice(0, cut.character);
  // after the cut only the heredoc terminators, so that the heredoc still ends where it ends
  const l = o.lines[k].replace(/\r$/, '');
  return cut.terminators.has(l) || cut.terminators.has(l.replace(/^\t+/, '')) ? o.lines[k] : '';
}

/**
 * Parsed windows by their lines and text, the most recently used last. The cache moves from a
 * version to the next one (`LazyDockerfile`'s `previous`): a window whose lines an edit left alone
 * (the same text at the same lines) is not parsed again. A window holds only the lines it needs
 * (`parseMapped`), so many fit in memory: see MAX_WINDOWS.
 */
class ParsedWindows {
  private readonly byKey = new Map<string, { ast: Dockerfile; chars: number }>();
  private chars = 0;

  /** The AST of the window the lines `from`..`to` of `o` need (see `windowText`). */
  ast(o: Outline, from: number, to: number, needs: Needs, context = true, all = false): Dockerfile {
    const map: LineMap = { wStart: [], dStart: [] };
    const window = windowText(o, from, to, needs, context, all, undefined, map);
    const key = `${map.dStart.join(',')};${map.wStart.join(',')}\n${window.text}`;
    let kept = this.byKey.get(key);
    if (kept) this.byKey.delete(key);
    else {
      // (a window parsed the old way, see parseMapped, is counted again by parseWindow)
      countWork('dockerfile', window.text.length);
      const ast =
        parseMapped(window.text, map) ?? parseWindow(windowText(o, from, to, needs, context, all));
      kept = { ast, chars: window.text.length };
      this.chars += kept.chars;
      while (
        this.byKey.size >= MAX_WINDOWS ||
        (this.byKey.size >= 2 && this.chars > MAX_KEPT_WINDOW_CHARS)
      ) {
        const oldest = this.byKey.keys().next().value as string;
        this.chars -= (this.byKey.get(oldest) as { chars: number }).chars;
        this.byKey.delete(oldest);
      }
    }
    this.byKey.set(key, kept);
    return kept.ast;
  }
}

/** Parse a window, counting its content (an emptied line costs the parser next to nothing). */
function parseWindow(window: { text: string; content: number }): Dockerfile {
  countWork('dockerfile', window.content);
  return DockerfileParser.parse(window.text);
}

/** One document version's Dockerfile parses: whole (small documents) or by window (large ones). */
export class LazyDockerfile {
  private whole?: Dockerfile;
  private outline?: Outline;
  /** The last outline an earlier version made, and its text (this version's is made from it). */
  private carriedOutline?: { text: string; outline: Outline };
  private stageAst?: Dockerfile;
  /** Windows parsed for requests (taken over from the previous version, see ParsedWindows). */
  private windows: ParsedWindows;
  readonly large: boolean;

  /** `previous`: the parse of the previous version of the same document (its windows move here). */
  constructor(
    private readonly text: string,
    lineCount: number,
    previous?: LazyDockerfile,
  ) {
    this.carriedOutline = previous?.outline
      ? { text: previous.text, outline: previous.outline }
      : previous?.carriedOutline;
    if (previous) previous.carriedOutline = undefined;
    // a document with an instruction too long to parse whole is read in windows whatever its size
    this.large =
      lineCount > DOCKERFILE_WINDOW_MIN_LINES ||
      text.length > MAX_WHOLE_CHARS ||
      (text.length > MAX_INSTRUCTION_CHARS && this.outlined().spans.some((s) => s.cut));
    this.windows = (this.large && previous?.windows) || new ParsedWindows();
    if (previous) previous.windows = new ParsedWindows();
  }

  private outlined(): Outline {
    if (!this.outline) {
      const c = this.carriedOutline;
      this.carriedOutline = undefined;
      this.outline =
        (c && dockerfileOutlineAfterEdit(c.text, c.outline, this.text)) ??
        dockerfileOutline(this.text);
    }
    return this.outline;
  }

  /** The AST of the whole document (kept for small documents only). */
  full(): Dockerfile {
    if (this.whole) return this.whole;
    const ast = parseWindow({ text: this.text, content: this.text.length });
    if (!this.large) this.whole = ast;
    return ast;
  }

  /**
   * The whole document in windows, for checks that look at one instruction at a time: each window
   * comes with the lines whose instructions it answers for (every instruction is in exactly one,
   * the part of a too long instruction after its cut in none) and, as its lines are moved up to
   * follow the directives, the document line of each of its lines.
   */
  *parts(): Generator<{
    ast: Dockerfile;
    owns: (line: number) => boolean;
    line?: (windowLine: number) => number;
  }> {
    if (!this.large) {
      yield { ast: this.full(), owns: () => true };
      return;
    }
    const o = this.outlined();
    const blocks = Math.ceil(o.lines.length / PART_LINES);
    for (let b = 0; b < blocks; b++) {
      const from = b * PART_LINES;
      const to = from + PART_LINES - 1;
      const k = spanBefore(o.spans, to);
      if (k < 0 || o.spans[k].start < from) continue; // no instruction starts in this block
      // a line belongs to the instruction that starts last at or before it
      const owns = (line: number): boolean => {
        const i = spanBefore(o.spans, line);
        if (i < 0 || o.spans[i].start < from || o.spans[i].start > to) return false;
        const cut = o.spans[i].cut;
        return !cut || line <= cut.line;
      };
      // instruction checks need no variables or stages: just the instructions and the directives,
      // and the instructions right after the directives (no emptied lines for the parser to read)
      const compact = { shift: 0 };
      const ast = parseWindow(windowText(o, from, to, {}, false, false, compact));
      const { shift } = compact;
      const top = o.directives;
      yield { ast, owns, line: (w) => (w >= top ? w + shift : w) };
    }
  }

  /** The line scan of the document (once per version; shared by the windows and navigation). */
  scan(): Outline {
    return this.outlined();
  }

  /** An AST with every FROM (the build stages) of the document: parsed once per version. */
  stages(): Dockerfile {
    if (!this.large) return this.full();
    const o = this.outlined();
    return (this.stageAst ??= this.windows.ast(o, 0, -1, {}, false, true));
  }

  /**
   * The instruction a line belongs to in a large document (its keyword, upper case, and whether
   * the line is its first), from the line scan; undefined for small documents and for lines in no
   * instruction (blank lines between them, comments, the directives).
   */
  instructionOf(
    line: number,
  ): { keyword: string; first: boolean; before: () => string } | undefined {
    if (!this.large) return undefined;
    const o = this.outlined();
    const k = spanBefore(o.spans, line);
    const span = k >= 0 && o.spans[k].end >= line ? o.spans[k] : undefined;
    if (!span) return undefined;
    // the instruction's lines above this one (as windows hold them)
    const before = (): string => {
      const out: string[] = [];
      for (let l = span.start; l < line; l++) out.push(lineInWindow(o, span, l));
      return out.join('\n') + '\n';
    };
    return { keyword: span.keyword, first: span.start === line, before };
  }

  /** The position lies in the part of a too long instruction that windows leave out. */
  cutAt(pos: Position): boolean {
    if (!this.large) return false;
    const o = this.outlined();
    const k = spanBefore(o.spans, pos.line);
    const cut = k >= 0 && o.spans[k].end >= pos.line ? o.spans[k].cut : undefined;
    return (
      !!cut && (pos.line > cut.line || (pos.line === cut.line && pos.character > cut.character))
    );
  }

  /**
   * An AST that is exact for the instruction on `line` and everything hover (or completion) looks
   * at there. It holds that instruction alone, plus its stage's context (FROM, ARG, ENV, the global
   * ARGs) when the instruction uses a variable or a completion is asked for, plus what `needsAt`
   * names: a hover parses a handful of instructions, whatever the size of the document.
   */
  at(line: number, completion = false): Dockerfile {
    if (!this.large) return this.full();
    const o = this.outlined();
    const k = spanBefore(o.spans, line);
    const span = k >= 0 && o.spans[k].end >= line ? o.spans[k] : undefined;
    const needs: Needs = completion ? {} : needsAt(o, line);
    const context = completion || (span !== undefined && spanText(o, span).includes('$'));
    return this.windows.ast(o, span ? span.start : line, span ? span.end : line, needs, context);
  }
}
