/**
 * Lazy parsing of large compose files. The `yaml` parser needs ~10-20 µs a line, so a 10,000-line
 * file costs 150-300 ms: too slow to redo on the first request after every keystroke.
 *
 * A request needs the entry under the cursor (one service, network, volume …) in full, the names
 * declared in the named sections (references: `depends_on`, `networks`, …) and the small top-level
 * keys. A *window* is a short YAML text made of those pieces of the document: every other entry of
 * `services`, `networks`, `volumes`, `configs`, `secrets` and `models` is cut down to its key line.
 * After parsing, every node range is mapped back to document offsets, so the window reads exactly
 * like the whole document for everything hover and completion look at.
 *
 * Pieces come from one cheap line scan per document version. Documents the scan cannot cut safely
 * (several YAML documents, directives, tab indentation, a top level that is not a plain mapping)
 * are parsed whole, as are small documents.
 */
import { isDocument, visit, type Document } from 'yaml';
import { parseCompose, type ParsedCompose } from './composeParse';

/** Documents with more lines than this are parsed in windows. */
export const COMPOSE_WINDOW_MIN_LINES = 2000;
/** Windows kept per document version. */
const MAX_WINDOWS = 8;
const NAMED_SECTIONS = new Set(['services', 'networks', 'volumes', 'configs', 'secrets', 'models']);

/** `key:` alone on its line (maybe with an anchor, a tag or a comment): the key of a block value. */
const BARE_KEY = /^ *(?:"[^"\n]*"|'[^'\n]*'|[^\s#"'?{}[\],&*!|>%@`-][^#\n]*?|-[^\s#:][^#\n]*?)[ \t]*:(?:[ \t]+(?:&\S+|!\S*))*[ \t]*(?:#.*)?\r?$/;

interface Entry {
  start: number;
  end: number;
  /** The entry can be cut down to its key line. */
  bare: boolean;
}

interface Block {
  start: number;
  end: number;
  /** Entries when this is a named section whose entries can be cut; otherwise kept whole. */
  entries?: Entry[];
}

interface Outline {
  lineStarts: number[];
  blocks: Block[];
}

function indentOf(line: string): number {
  let i = 0;
  while (i < line.length && line[i] === ' ') i++;
  return i;
}

/** One line scan: top-level blocks and the entries of named sections. Undefined: parse whole. */
export function composeOutline(text: string): Outline | undefined {
  if (/\r(?!\n)/.test(text)) return undefined;
  const lines = text.split('\n');
  const n = lines.length;
  const lineStarts = new Array<number>(n + 1);
  let off = 0;
  for (let i = 0; i < n; i++) {
    lineStarts[i] = off;
    off += lines[i].length + 1;
  }
  lineStarts[n] = text.length;
  const content: boolean[] = new Array<boolean>(n);
  const indent: number[] = new Array<number>(n);
  let first = -1;
  for (let i = 0; i < n; i++) {
    const l = i === 0 && lines[0].startsWith('\uFEFF') ? lines[0].slice(1) : lines[i];
    if (/^[ \t]*(#|\r?$)/.test(l)) {
      content[i] = false;
      continue;
    }
    const ind = indentOf(l);
    if (l[ind] === '\t') return undefined; // tab indentation
    if (ind === 0 && (/^(---|\.\.\.)([ \t]|\r?$)/.test(l) || l.startsWith('%'))) return undefined; // several documents, directives
    content[i] = true;
    indent[i] = ind;
    if (first < 0) first = i;
  }
  if (first < 0 || indent[first] !== 0) return undefined;
  const blocks: Block[] = [];
  for (let i = first; i < n; ) {
    let j = i + 1;
    while (j < n && !(content[j] && indent[j] === 0)) j++;
    const block: Block = { start: i, end: j - 1 };
    blocks.push(block);
    const key = /^([A-Za-z0-9_.-]+)[ \t]*:[ \t]*(#.*)?\r?$/.exec(lines[i]);
    if (!key) {
      // the top level must be a plain block mapping
      if (!BARE_KEY.test(lines[i]) && !/^[^\s#"'?{}[\],&*!|>%@`-][^#]*?:([ \t]|\r?$)/.test(lines[i]) && !/^("[^"]*"|'[^']*')[ \t]*:([ \t]|\r?$)/.test(lines[i])) return undefined;
    } else if (NAMED_SECTIONS.has(key[1])) {
      block.entries = entriesOf(lines, content, indent, i, j - 1);
    }
    i = j;
  }
  return { lineStarts, blocks };
}

function entriesOf(lines: string[], content: boolean[], indent: number[], start: number, end: number): Entry[] | undefined {
  let c = -1;
  for (let k = start + 1; k <= end; k++) {
    if (!content[k]) continue;
    if (c < 0) {
      c = indent[k];
      if (lines[k][c] === '-') return undefined; // a sequence, not a mapping
    }
    if (indent[k] < c) return undefined;
  }
  if (c <= 0) return undefined;
  const entries: Entry[] = [];
  for (let k = start + 1; k <= end; k++) {
    if (!content[k] || indent[k] !== c) continue;
    const prev = entries[entries.length - 1];
    if (prev) prev.end = k - 1;
    entries.push({ start: k, end, bare: BARE_KEY.test(lines[k]) });
  }
  return entries.length ? entries : undefined;
}

interface Piece {
  /** Offset in the window text. */
  at: number;
  /** Offset in the document. */
  from: number;
  length: number;
}

/** Where the line is: [block index, entry index] (-1 when not inside an entry). */
function locateLine(o: Outline, line: number): [number, number] {
  const blocks = o.blocks;
  let lo = 0;
  let hi = blocks.length - 1;
  let b = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (blocks[mid].start <= line) {
      b = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  const entries = b >= 0 ? blocks[b].entries : undefined;
  if (!entries || line > blocks[b].end) return [b, -1];
  lo = 0;
  hi = entries.length - 1;
  let e = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (entries[mid].start <= line) {
      e = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return [b, e];
}

function windowOf(text: string, o: Outline, block: number, entry: number): ParsedCompose {
  const pieces: Piece[] = [];
  let at = 0;
  const add = (first: number, last: number): void => {
    const from = o.lineStarts[first];
    const to = Math.min(o.lineStarts[last + 1], text.length);
    const prev = pieces[pieces.length - 1];
    if (prev && prev.from + prev.length === from) prev.length += to - from;
    else pieces.push({ at, from, length: to - from });
    at += to - from;
  };
  o.blocks.forEach((b, bi) => {
    if (!b.entries) {
      add(b.start, b.end);
      return;
    }
    if (b.entries[0].start > b.start) add(b.start, b.entries[0].start - 1);
    b.entries.forEach((e, ei) => {
      if ((bi === block && ei === entry) || !e.bare) add(e.start, e.end);
      else add(e.start, e.start);
    });
  });
  let windowText = '';
  for (const p of pieces) windowText += text.slice(p.from, p.from + p.length);
  const parsed = parseCompose(windowText);
  const piece = (o2: number): Piece => {
    let lo = 0;
    let hi = pieces.length - 1;
    let found = pieces[0];
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (pieces[mid].at <= o2) {
        found = pieces[mid];
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  };
  const start = (x: number): number => {
    if (x >= windowText.length) return text.length;
    const p = piece(x);
    return p.from + (x - p.at);
  };
  // Every cut follows a key line whose entry was cut down. A node ending on the rest of that line
  // (the key's empty value, the section mapping) ends after the cut part in the whole document.
  const cuts: { zone: number; at: number; to: number }[] = [];
  const addCut = (at: number, to: number): void => {
    let zone = at;
    while (zone > 0 && /[ \t\r\n]/.test(windowText[zone - 1])) zone--;
    cuts.push({ zone, at, to });
  };
  for (let k = 1; k < pieces.length; k++) addCut(pieces[k].at, pieces[k].from);
  const last = pieces[pieces.length - 1];
  if (last && last.from + last.length < text.length) addCut(windowText.length, text.length);
  const end = (x: number): number => {
    let lo = 0;
    let hi = cuts.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (cuts[mid].at < x) lo = mid + 1;
      else hi = mid - 1;
    }
    const c = cuts[lo]; // the first cut at or after x
    if (c && x >= c.zone) return c.to;
    if (x <= 0) return start(x);
    const p = piece(x - 1);
    return p.from + (x - p.at);
  };
  const remap = (r: [number, number, number] | null | undefined): void => {
    if (!r) return;
    r[0] = start(r[0]);
    r[1] = end(r[1]);
    r[2] = end(r[2]);
  };
  for (const d of parsed.docs) {
    remap(d.range as [number, number, number]);
    visit(d as Document, (_key, node) => {
      if (isDocument(node)) return;
      const n = node as { range?: [number, number, number] | null };
      remap(n.range);
    });
  }
  return parsed;
}

/** One document version's compose parses: whole (small documents) or by window (large ones). */
export class LazyCompose {
  private whole?: ParsedCompose;
  private outline?: Outline | null;
  private readonly windows = new Map<string, ParsedCompose>();
  readonly large: boolean;

  constructor(private readonly text: string, lineCount: number) {
    this.large = lineCount > COMPOSE_WINDOW_MIN_LINES;
  }

  /** The parse of the whole document (kept for small documents and those not cut in windows). */
  full(): ParsedCompose {
    if (this.whole) return this.whole;
    const parsed = parseCompose(this.text);
    if (!this.large || this.outline === null) this.whole = parsed;
    return parsed;
  }

  /** A parse that is exact for the entry holding `line` and for the names every section declares. */
  at(line: number): ParsedCompose {
    if (!this.large) return this.full();
    if (this.outline === undefined) this.outline = composeOutline(this.text) ?? null;
    if (this.outline === null) return this.full();
    const [block, entry] = locateLine(this.outline, line);
    const key = `${block}:${entry}`;
    let parsed = this.windows.get(key);
    if (parsed) {
      this.windows.delete(key);
    } else {
      parsed = windowOf(this.text, this.outline, block, entry);
      if (this.windows.size >= MAX_WINDOWS) this.windows.delete(this.windows.keys().next().value as string);
    }
    this.windows.set(key, parsed);
    return parsed;
  }
}
