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
 * when asked for (diagnostics) and not kept.
 */
import { DockerfileParser, type Dockerfile } from 'dockerfile-ast';

/** Documents with more lines than this are parsed in windows. */
export const DOCKERFILE_WINDOW_MIN_LINES = 2000;
/** Lines per window (a window holds every instruction overlapping its block of lines). */
const BLOCK_LINES = 128;
/** Windows kept per document version. */
const MAX_WINDOWS = 8;

interface Span {
  /** First and last line (inclusive). */
  start: number;
  end: number;
  keyword: string;
  /** `COPY/ADD --from=…`: kept in every window (stage users). */
  copyFrom: boolean;
}

interface Outline {
  lines: string[];
  /** Lines before the first instruction (directives, comments): kept verbatim. */
  prelude: number;
  spans: Span[];
  /** Index in `spans` of every FROM. */
  froms: number[];
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

function escapeCharacter(lines: string[]): string {
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
function heredocNames(words: string[]): { names: string[]; tabbed: boolean } {
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
  const lines = text.split('\n');
  if (lines[0].startsWith('\uFEFF')) lines[0] = ' ' + lines[0].slice(1);
  const escape = escapeCharacter(lines);
  const spans: Span[] = [];
  const froms: number[] = [];
  let prelude = -1;
  let i = 0;
  const n = lines.length;
  while (i < n) {
    const line = lines[i];
    const c = firstChar(line);
    if (c === '' || c === '#') {
      i++;
      continue;
    }
    if (prelude < 0) prelude = i;
    const start = i;
    let end = i;
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
    const words = body.join(' ').replace(/^[\s\uFEFF]+/, '').split(/[ \t\r]+/);
    let keyword = (words[0] ?? '').toUpperCase();
    const own = keyword;
    if (keyword === 'ONBUILD') keyword = (words[1] ?? '').toUpperCase();
    if (HEREDOC_KEYWORDS.has(keyword)) {
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
    if (own === 'FROM') froms.push(spans.length);
    spans.push({ start, end, keyword: own, copyFrom: (own === 'COPY' || own === 'ADD') && /(^|\s)--from=/i.test(body.join(' ')) });
    i = end + 1;
  }
  return { lines, prelude: prelude < 0 ? n : prelude, spans, froms };
}

/** Index of the last span starting at or before `line` (-1 when none). */
function spanBefore(spans: Span[], line: number): number {
  let lo = 0;
  let hi = spans.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (spans[mid].start <= line) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** The window text for block `block`: every line outside the kept instructions emptied. */
function windowText(o: Outline, block: number): string {
  const keep = new Uint8Array(o.lines.length);
  for (let l = 0; l < o.prelude; l++) keep[l] = 1;
  const mark = (s: Span): void => {
    for (let l = s.start; l <= s.end; l++) keep[l] = 1;
  };
  const from = block * BLOCK_LINES;
  const to = from + BLOCK_LINES - 1;
  // instructions overlapping the block
  let first = spanBefore(o.spans, from);
  if (first < 0 || o.spans[first].end < from) first++;
  let last = first;
  for (let k = Math.max(0, first); k < o.spans.length && o.spans[k].start <= to; k++) {
    mark(o.spans[k]);
    last = k;
  }
  // stages, stage users, global ARGs
  for (const s of o.spans) {
    if (s.keyword === 'FROM' || s.copyFrom) mark(s);
  }
  const firstFrom = o.froms.length ? o.spans[o.froms[0]].start : Infinity;
  // ARG/ENV before the first FROM and in the stages the block overlaps
  const stageStart = (() => {
    const f = spanBefore(o.spans, from);
    for (let k = f; k >= 0; k--) if (o.spans[k].keyword === 'FROM') return k;
    return 0;
  })();
  for (let k = 0; k < o.spans.length; k++) {
    const s = o.spans[k];
    if (s.keyword !== 'ARG' && s.keyword !== 'ENV') continue;
    if (s.start < firstFrom || (k >= stageStart && k <= last)) mark(s);
    if (k > last) break;
  }
  const out = new Array<string>(o.lines.length);
  for (let l = 0; l < o.lines.length; l++) out[l] = keep[l] ? o.lines[l] : '';
  return out.join('\n');
}

/** One document version's Dockerfile parses: whole (small documents) or by window (large ones). */
export class LazyDockerfile {
  private whole?: Dockerfile;
  private outline?: Outline;
  private readonly windows = new Map<number, Dockerfile>();
  readonly large: boolean;

  constructor(private readonly text: string, lineCount: number) {
    // a lone CR is a line break for the parser but not for the line scan: such files are parsed whole
    this.large = lineCount > DOCKERFILE_WINDOW_MIN_LINES && !/\r(?!\n)/.test(text);
  }

  /** The AST of the whole document (kept for small documents only). */
  full(): Dockerfile {
    if (this.whole) return this.whole;
    const ast = DockerfileParser.parse(this.text);
    if (!this.large) this.whole = ast;
    return ast;
  }

  /** An AST that is exact for the instruction on `line` and everything hover/completion look at. */
  at(line: number): Dockerfile {
    if (!this.large) return this.full();
    this.outline ??= dockerfileOutline(this.text);
    const block = Math.max(0, Math.floor(line / BLOCK_LINES));
    let ast = this.windows.get(block);
    if (ast) {
      // most recently used last
      this.windows.delete(block);
    } else {
      ast = DockerfileParser.parse(windowText(this.outline, block));
      if (this.windows.size >= MAX_WINDOWS) this.windows.delete(this.windows.keys().next().value as number);
    }
    this.windows.set(block, ast);
    return ast;
  }
}
