/**
 * Lazy parsing of large compose files. The `yaml` parser needs ~10-20 µs a line, so a 10,000-line
 * file costs 150-300 ms: too slow to redo on the first request after every keystroke.
 *
 * A request needs the entry under the cursor (one service, network, volume …) in full, the names
 * declared in the named sections (references: `depends_on`, `networks`, …) and the small top-level
 * keys. So a large document is read as:
 * - a *skeleton*, parsed once per version: the document with every entry of `services`, `networks`,
 *   `volumes`, `configs`, `secrets` and `models` cut down to its key line;
 * - the *entry* under the cursor, parsed alone (a few lines) and put in the skeleton in place of
 *   its cut-down value.
 * Every node range is mapped back to document offsets, so the result reads exactly like the whole
 * document for everything hover and completion look at.
 *
 * Pieces come from one cheap line scan per document version. Documents the scan cannot cut safely
 * (several YAML documents, directives, tab indentation, a top level that is not a plain mapping)
 * are parsed whole, as are small documents.
 *
 * No parse is larger than the limits in work.ts: a document is parsed whole only up to
 * MAX_COMPOSE_PIECE_CHARS, and so is a skeleton; an entry is parsed alone only up to
 * MAX_ENTRY_CHARS. Past those limits a request reads a *slice*: the lines above the cursor that
 * hold its key path (each line with less indentation than the ones below it) and the lines around
 * the cursor, within MAX_ENTRY_CHARS and each line cut to MAX_SLICE_LINE_CHARS. A slice knows only
 * the names declared in it (`partial`).
 */
import { Document, isDocument, isMap, isNode, isPair, isScalar, Pair, visit, YAMLMap } from 'yaml';
import { parseCompose, type ParsedCompose } from './composeParse';
import { commonEnds, lastStartingAtOrBefore } from '../util';
import { MAX_COMPOSE_PIECE_CHARS, MAX_ENTRY_CHARS, MAX_SLICE_LINE_CHARS } from '../work';

/**
 * A part of a compose document for the checks (`LazyCompose.parts`): parsed, or, for a chunk of
 * entries whose findings the caller already has (`reuse` said so for its key), only its key.
 * `key`: the chunk's first line and text, for a chunk whose findings depend on nothing else in
 * the document but the skeleton (no anchor, alias or merge key in it).
 */
export type ComposePart =
  | { parsed: ParsedCompose; owns: (line: number) => boolean; key?: string }
  | { reused: string; owns: (line: number) => boolean };

/** Anchors, aliases and merge keys join a part of a document to others (`&a`, `*a`, `<<`). */
const JOINS_PARTS = /[&*]|<</;

/** Documents with more lines than this are parsed in windows. */
export const COMPOSE_WINDOW_MIN_LINES = 2000;
/** Entries checked together by `parts()`. */
const CHUNK_ENTRIES = 2;
/**
 * Entries kept parsed (by their text, handed from version to version), and the characters of
 * text they may hold together.
 */
const MAX_ENTRIES = 32;
const MAX_ENTRIES_CHARS = 4 * MAX_ENTRY_CHARS;
/** Lines a slice looks up for the key path of the cursor, and takes around the cursor. */
const SLICE_SCAN_LINES = 5000;
const SLICE_AROUND_LINES = 60;
const NAMED_SECTIONS = new Set(['services', 'networks', 'volumes', 'configs', 'secrets', 'models']);

/** `key:` alone on its line (maybe with an anchor, a tag or a comment): the key of a block value. */
const BARE_KEY =
  /^ *(?:"[^"\n]*"|'[^'\n]*'|[^\s#"'?{}[\],&*!|>%@`-][^#\n]*?|-[^\s#:][^#\n]*?)[ \t]*:(?:[ \t]+(?:&\S+|!\S*))*[ \t]*(?:#.*)?\r?$/;

/** A piece of a large document, see `LazyCompose.pieces`. */
export interface ComposePiece {
  start: number;
  end: number;
  /** The named section (`services`, …) when the piece is one of its entries. */
  section?: string;
  /** Where that section's key is. */
  sectionStart?: number;
}

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
  for (let i = first; i < n;) {
    let j = i + 1;
    while (j < n && !(content[j] && indent[j] === 0)) j++;
    const block: Block = { start: i, end: j - 1 };
    blocks.push(block);
    const key = /^([A-Za-z0-9_.-]+)[ \t]*:[ \t]*(#.*)?\r?$/.exec(lines[i]);
    if (!key) {
      // the top level must be a plain block mapping
      if (
        !BARE_KEY.test(lines[i]) &&
        !/^[^\s#"'?{}[\],&*!|>%@`-][^#]*?:([ \t]|\r?$)/.test(lines[i]) &&
        !/^("[^"]*"|'[^']*')[ \t]*:([ \t]|\r?$)/.test(lines[i])
      )
        return undefined;
    } else if (NAMED_SECTIONS.has(key[1])) {
      block.entries = entriesOf(lines, content, indent, i, j - 1);
    }
    i = j;
  }
  return { lineStarts, blocks };
}

function entriesOf(
  lines: string[],
  content: boolean[],
  indent: number[],
  start: number,
  end: number,
): Entry[] | undefined {
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
  const b = lastStartingAtOrBefore(o.blocks, line);
  const entries = b >= 0 ? o.blocks[b].entries : undefined;
  if (!entries || line > o.blocks[b].end) return [b, -1];
  return [b, lastStartingAtOrBefore(entries, line)];
}

/** Index of the first value in a sorted list greater than `v`. */
function firstAbove(list: readonly number[], v: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid] <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The outline of `text` from the outline `prev` of an earlier text `prevText`, when the change
 * between the two lies inside one entry of a named section and leaves it one entry (typing in a
 * service, say); undefined otherwise (then `composeOutline` scans the whole text). The result is
 * exactly what `composeOutline(text)` gives: the fuzz suite checks it.
 */
export function composeOutlineAfterEdit(
  prevText: string,
  prev: Outline,
  text: string,
): Outline | undefined {
  if (prevText === text) return prev;
  const [a, z] = commonEnds(prevText, text);
  const oldEnd = prevText.length - z;
  const newEnd = text.length - z;
  const starts = prev.lineStarts;
  const line = firstAbove(starts, a) - 1; // the line holding offset a
  const [b, e] = locateLine(prev, line);
  const entry = b >= 0 && e >= 0 ? prev.blocks[b].entries?.[e] : undefined;
  // the change must end before the newline that ends the entry (and not touch the last line)
  if (!entry || entry.end + 1 >= starts.length - 1 || oldEnd > starts[entry.end + 1] - 1)
    return undefined;
  if (text.slice(Math.max(0, a - 1), newEnd + 1).includes('\r')) return undefined;
  // line starts: the unchanged ones before the change, the new ones inside it, the shifted rest
  const head = firstAbove(starts, a);
  const tail = firstAbove(starts, oldEnd);
  const mid: number[] = [];
  for (let i = text.indexOf('\n', a); i >= 0 && i < newEnd; i = text.indexOf('\n', i + 1))
    mid.push(i + 1);
  const delta = text.length - prevText.length;
  const lineStarts = starts.slice(0, head).concat(
    mid,
    starts.slice(tail).map((x) => x + delta),
  );
  const lineDelta = mid.length - (tail - head);
  // the entry must still be one entry: its key line at the section's indentation, every other
  // content line deeper, no tab indentation
  const entries = prev.blocks[b].entries as Entry[];
  const keyLine = text.slice(lineStarts[entry.start], lineStarts[entry.start + 1] - 1);
  const c = indentOf(keyLine);
  if (
    c !== indentOf(prevText.slice(starts[entries[0].start], starts[entries[0].start + 1])) ||
    keyLine[c] === '-' ||
    keyLine[c] === '\t'
  )
    return undefined;
  const end = entry.end + lineDelta;
  for (let k = entry.start; k <= end; k++) {
    const l = text
      .slice(lineStarts[k], k + 1 < lineStarts.length ? lineStarts[k + 1] : text.length)
      .replace(/\n$/, '');
    const blank = /^[ \t]*(#|\r?$)/.test(l);
    if (k === entry.start && blank) return undefined;
    if (blank) continue;
    const ind = indentOf(l);
    if (l[ind] === '\t') return undefined;
    if (k === entry.start ? ind !== c : ind <= c) return undefined;
  }
  const shift = (x: { start: number; end: number }, at: number): { start: number; end: number } =>
    x.start > at
      ? { start: x.start + lineDelta, end: x.end + lineDelta }
      : x.end >= at
        ? { start: x.start, end: x.end + lineDelta }
        : x;
  const blocks: Block[] = prev.blocks.map((blk, bi) => {
    const moved = shift(blk, entry.start);
    if (bi !== b)
      return blk.entries
        ? {
            ...blk,
            ...moved,
            entries: blk.entries.map((en) => ({ ...shift(en, entry.start), bare: en.bare })),
          }
        : { ...blk, ...moved };
    return {
      ...blk,
      ...moved,
      entries: entries.map((en, ei) =>
        ei === e
          ? { start: en.start, end, bare: BARE_KEY.test(keyLine) }
          : { ...shift(en, entry.start), bare: en.bare },
      ),
    };
  });
  return { lineStarts, blocks };
}

/** The text of a window: the pieces of the document it keeps (see `windowOf`). */
function windowPieces(
  text: string,
  o: Outline,
  block = -1,
  entry = -1,
): { windowText: string; pieces: Piece[] } {
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
  return { windowText, pieces };
}

/** How offsets in a window's text map to offsets in the document, for range starts and range ends. */
function windowMapping(
  textLength: number,
  windowText: string,
  pieces: Piece[],
): { start: (x: number) => number; end: (x: number) => number } {
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
    if (x >= windowText.length) return textLength;
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
  if (last && last.from + last.length < textLength) addCut(windowText.length, textLength);
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
  return { start, end };
}

/** A node range (a live array of the parse) and its offsets in the window's text. */
type SavedRange = { range: [number, number, number]; window: [number, number, number] };

/** A skeleton offered to a later version, and how its owner lets go of it. */
interface Carried {
  /** The last skeleton built, and how its owner lets go of it. */
  skeleton?: {
    parsed: ParsedCompose;
    source: { windowText: string; ranges: SavedRange[] };
    release(): void;
  };
  /** The last outline made, and the text it outlines. */
  outline?: { text: string; outline: Outline };
  /** The entries parsed alone so far. */
  entries?: ParsedEntries;
  /** The parts of entries parsed alone so far (hovers). */
  parts?: ParsedEntries;
}

/**
 * The parse of a window (every cut-down entry of the document, and the entry `block`/`entry` in
 * full), its ranges mapped to document offsets. `saved` receives the window offsets of every range
 * when given (to map them again for another version of the document, see `LazyCompose`).
 */
function windowOf(
  text: string,
  o: Outline,
  block = -1,
  entry = -1,
  saved?: { windowText: string; ranges: SavedRange[] },
): ParsedCompose {
  const { windowText, pieces } = windowPieces(text, o, block, entry);
  const parsed = parseCompose(windowText);
  if (saved) {
    saved.windowText = windowText;
    forEachRange(parsed, (range) =>
      saved.ranges.push({ range, window: [range[0], range[1], range[2]] }),
    );
  }
  const { start, end } = windowMapping(text.length, windowText, pieces);
  remapRanges(parsed, start, end);
  return parsed;
}

/**
 * Every node range of a parse, each document's range and the positions of its errors and warnings
 * (a `[start, end]` position gets a third slot so that it maps like a range).
 */
function forEachRange(parsed: ParsedCompose, fn: (r: [number, number, number]) => void): void {
  for (const d of parsed.docs) {
    if (d.range) fn(d.range);
    for (const e of [...d.errors, ...d.warnings]) {
      const pos = e.pos as unknown as number[];
      if (pos.length === 2) pos.push(pos[1]);
      fn(pos as [number, number, number]);
    }
    visit(d, (_key, node) => {
      if (!node || isDocument(node)) return;
      const r = (node as { range?: [number, number, number] | null }).range;
      if (r) fn(r);
    });
  }
}

/** Map every node range of a parse (and each document's range) through `start` / `end`. */
function remapRanges(
  parsed: ParsedCompose,
  start: (x: number) => number,
  end: (x: number) => number,
): void {
  forEachRange(parsed, (r) => {
    r[0] = start(r[0]);
    r[1] = end(r[1]);
    r[2] = end(r[2]);
  });
}

/** The value of the entry starting at `line`, parsed alone; undefined when it does not read as one entry. */
function parseEntry(text: string, o: Outline, e: Entry): Pair['value'] {
  const base = o.lineStarts[e.start];
  return parseEntryText(text.slice(base, Math.min(o.lineStarts[e.end + 1], text.length)), base);
}

/**
 * The lines of the part of an entry's body that holds `line`: the key at the body's indentation
 * above it (`ports:`) and the lines under that key, up to the next key at that indentation.
 * Undefined where a part would not read as it does in the whole entry: the line is the entry's key
 * line, blank or a comment; the body is not a plain block mapping (a sequence, a line less
 * indented than its first key, a key that is not plain or quoted); the entry has anchors, aliases
 * or merge keys (they join parts to each other).
 */
export function entryPart(
  text: string,
  lineStarts: readonly number[],
  entry: { start: number; end: number },
  line: number,
): { start: number; end: number } | undefined {
  if (line <= entry.start || line > entry.end) return undefined;
  const lineText = (k: number): string =>
    text.slice(lineStarts[k], Math.min(lineStarts[k + 1], text.length)).replace(/\r?\n$/, '');
  const entryText = text.slice(lineStarts[entry.start], lineStarts[entry.end + 1]);
  if (JOINS_PARTS.test(entryText)) return undefined;
  const content = (l: string): boolean => !/^[ \t]*(#|\r?$)/.test(l);
  if (!content(lineText(line))) return undefined;
  let c = -1;
  let start = -1;
  let end = entry.end;
  for (let k = entry.start + 1; k <= entry.end; k++) {
    const l = lineText(k);
    if (!content(l)) continue;
    const ind = indentOf(l);
    if (c < 0) c = ind;
    if (ind < c || l[ind] === '\t') return undefined;
    if (ind !== c) continue;
    // a key at the body's indentation: plain or quoted, not a sequence item or a complex key
    if (!/^(?:[^\s#"'?{}[\],&*!|>%@`-]|"[^"\n]*"[ \t]*:|'[^'\n]*'[ \t]*:)/.test(l.slice(ind)))
      return undefined;
    if (k <= line) start = k;
    else if (start >= 0) {
      end = k - 1;
      break;
    }
  }
  return start < 0 ? undefined : { start, end };
}

/**
 * The part of an entry (see entryPart) parsed alone, at `base` in the document: a mapping that
 * holds only the part's key, to stand for the entry's value. Undefined when the text does not read
 * as one key with no errors.
 */
function parsePartText(source: string, base: number): Pair['value'] {
  const parsed = parseCompose(source);
  const doc = parsed.docs.length === 1 ? parsed.docs[0] : undefined;
  const root = doc?.contents;
  if (!doc || doc.errors.length || !isMap(root) || root.items.length !== 1) return undefined;
  if (!isPair(root.items[0]) || !root.range) return undefined;
  remapRanges(
    parsed,
    (x) => x + base,
    (x) => x + base,
  );
  const map = new YAMLMap();
  map.items.push(root.items[0]);
  map.range = [root.range[0], root.range[2], root.range[2]];
  return map;
}

/** The value of an entry's text (at `base` in the document), parsed alone; see parseEntry. */
function parseEntryText(source: string, base: number): Pair['value'] {
  const parsed = parseCompose(source);
  const root = parsed.docs.length === 1 ? parsed.docs[0].contents : undefined;
  if (!isMap(root) || root.items.length !== 1 || !isPair(root.items[0])) return undefined;
  remapRanges(
    parsed,
    (x) => x + base,
    (x) => x + base,
  );
  return root.items[0].value;
}

/**
 * Entries parsed alone, by their text, the most recently used last. The cache moves from a version
 * to the next one (`LazyCompose.carry`): an entry that an edit left alone is not parsed again,
 * only its ranges are moved when the edit was above it. At most MAX_ENTRIES entries and
 * MAX_ENTRIES_CHARS characters of their text are kept.
 */
class ParsedEntries {
  private readonly byText = new Map<string, { value: Pair['value']; base: number }>();
  private chars = 0;

  /** `parse`: how a text is read (an entry's value, or a part of an entry). */
  constructor(
    private readonly parse: (source: string, base: number) => Pair['value'] = parseEntryText,
  ) {}

  get size(): number {
    return this.byText.size;
  }

  has(source: string): boolean {
    return this.byText.has(source);
  }

  /** The value of an entry with this text at `base` (null: it does not read as one entry). */
  value(source: string, base: number): Pair['value'] {
    const hit = this.byText.get(source);
    if (hit) {
      this.byText.delete(source);
      this.byText.set(source, hit);
      if (hit.base !== base && hit.value) shiftRanges(hit.value, base - hit.base);
      hit.base = base;
      return hit.value;
    }
    const value = this.parse(source, base) ?? null;
    this.byText.set(source, { value, base });
    this.chars += source.length;
    for (const [text] of this.byText) {
      if (this.byText.size <= MAX_ENTRIES && this.chars <= MAX_ENTRIES_CHARS) break;
      if (text === source) continue;
      this.byText.delete(text);
      this.chars -= text.length;
    }
    return value;
  }
}

/** Move every range of a node and of the nodes below it by `delta`. */
function shiftRanges(node: unknown, delta: number): void {
  if (!isNode(node)) return;
  visit(node, (_key, n) => {
    const r = (n as { range?: [number, number, number] | null }).range;
    if (r) {
      r[0] += delta;
      r[1] += delta;
      r[2] += delta;
    }
  });
}

/** Start offsets of the lines of a text, and the text's length at the end. */
function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  starts.push(text.length);
  return starts;
}

/**
 * The lines of a slice around `line` (see the top of this file), or undefined when the lines above
 * do not reach the top level within SLICE_SCAN_LINES (the key path is unknown).
 */
function sliceLines(
  text: string,
  starts: number[],
  line: number,
  known: readonly number[] = [],
  floor = known.length ? known[known.length - 1] : -1,
): number[] | undefined {
  const n = starts.length - 1;
  const head = (k: number): string => {
    const end = Math.min(starts[k + 1], starts[k] + MAX_SLICE_LINE_CHARS);
    return text.slice(starts[k], end).replace(/\r?\n$/, '');
  };
  const isContent = (l: string): boolean => !/^[ \t]*(#|\r?$)/.test(l);
  const indent = (l: string): number => l.length - l.replace(/^ +/, '').length;
  const own = head(line);
  let min = isContent(own) || own.trim() !== '' ? indent(own) : own.length;
  const ownIndent = min;
  // the key path: every line above with less indentation than all the lines below it, down to
  // `floor` (below it, the path is `known`: the entry's key line, the section's)
  const above: number[] = [];
  let k = line - 1;
  for (; k > floor && k >= line - SLICE_SCAN_LINES && min > 0; k--) {
    const l = head(k);
    if (!isContent(l)) continue;
    if (indent(l) < min) {
      above.push(k);
      min = indent(l);
    }
  }
  if (min > 0 && k === floor) {
    for (let i = known.length - 1; i >= 0 && min > 0; i--) {
      const ind = indent(head(known[i]));
      if (ind < min) {
        above.push(known[i]);
        min = ind;
      }
    }
  }
  if (min > 0) return undefined;
  above.reverse();
  const parentIndent = (() => {
    const p = above[above.length - 1];
    if (p === undefined) return -1;
    const l = head(p);
    return l.length - l.replace(/^ +/, '').length;
  })();
  // the lines around the cursor, within the parent's value and the budget
  let budget = MAX_ENTRY_CHARS;
  for (const k of above) budget -= Math.min(starts[k + 1] - starts[k], MAX_SLICE_LINE_CHARS + 1);
  if (budget < 0) return undefined; // a key path longer than a slice
  const take = (k: number): boolean => {
    const size = Math.min(starts[k + 1] - starts[k], MAX_SLICE_LINE_CHARS + 1);
    if (size > budget) return false;
    budget -= size;
    return true;
  };
  if (!take(line)) return [...above];
  const lo = above.length ? above[above.length - 1] + 1 : 0;
  let first = line;
  for (let k = line - 1; k >= lo && k >= line - SLICE_AROUND_LINES && take(k); k--) first = k;
  // start at a sibling of the cursor's line (not inside the value of an earlier one)
  while (first < line) {
    const l = head(first);
    if (isContent(l) && indent(l) <= ownIndent) break;
    first++;
  }
  let last = line;
  for (let k = line + 1; k < n && k <= line + SLICE_AROUND_LINES; k++) {
    const l = head(k);
    if (isContent(l) && l.length - l.replace(/^ +/, '').length <= parentIndent) break;
    if (!take(k)) break;
    last = k;
  }
  const out = [...above];
  for (let k = first; k <= last; k++) out.push(k);
  return out;
}

/** The parse of a slice around `line` (undefined when it cannot be made); its ranges are the document's. */
function sliceOf(
  text: string,
  starts: number[],
  line: number,
  known?: readonly number[],
  floor?: number,
): ParsedCompose | undefined {
  const lines = sliceLines(text, starts, line, known, floor);
  if (!lines) return undefined;
  const pieces: Piece[] = [];
  let at = 0;
  const add = (from: number, length: number): void => {
    const prev = pieces[pieces.length - 1];
    if (prev && prev.from + prev.length === from) prev.length += length;
    else pieces.push({ at, from, length });
    at += length;
  };
  for (const k of lines) {
    const size = starts[k + 1] - starts[k];
    if (size <= MAX_SLICE_LINE_CHARS + 1) add(starts[k], size);
    else {
      // a line cut short: its first characters, then its own newline
      add(starts[k], MAX_SLICE_LINE_CHARS);
      if (text[starts[k + 1] - 1] === '\n') add(starts[k + 1] - 1, 1);
    }
  }
  let windowText = '';
  for (const p of pieces) windowText += text.slice(p.from, p.from + p.length);
  const parsed = parseCompose(windowText);
  const { start, end } = windowMapping(text.length, windowText, pieces);
  remapRanges(parsed, start, end);
  parsed.partial = true;
  return parsed;
}

/** Characters of the skeleton of an outline (what `windowPieces` would put in it). */
function skeletonChars(text: string, o: Outline): number {
  let chars = 0;
  const add = (first: number, last: number): void => {
    chars += Math.min(o.lineStarts[last + 1], text.length) - o.lineStarts[first];
  };
  for (const b of o.blocks) {
    if (!b.entries) {
      add(b.start, b.end);
      continue;
    }
    if (b.entries[0].start > b.start) add(b.start, b.entries[0].start - 1);
    for (const e of b.entries) add(e.start, e.bare ? e.start : e.end);
  }
  return chars;
}

/** One document version's compose parses: whole (small documents) or skeleton + entry (large ones). */
export class LazyCompose {
  private whole?: ParsedCompose;
  private outline?: Outline | null;
  private skeleton?: ParsedCompose;
  /** The skeleton's text and the window offsets of its ranges (to hand it to the next version). */
  private skeletonSource?: { windowText: string; ranges: SavedRange[] };
  /** Skeleton pairs of the cut-down entries, by the offset of their key. */
  private cutPairs?: Map<number, { pair: Pair; value: Pair['value'] }>;
  /** Skeleton pairs of the top-level keys, by offset. */
  private sectionPairs?: Map<number, Pair>;
  private spliced?: { pair: Pair; value: Pair['value'] };
  private entries: ParsedEntries;
  private entryParts: ParsedEntries;
  private piecesMemo?: ComposePiece[] | null;
  private skeletonSize?: number;
  private starts?: number[];
  private lastSlice?: { line: number; parsed: ParsedCompose | undefined };
  private ownWindow?: { key: string; parsed: ParsedCompose };
  readonly large: boolean;

  /** The skeleton and the outline of earlier versions that this one may take over. */
  private carried?: Carried;

  /**
   * `previous`: the parse of the previous version of the same document. When the edits since the
   * last outline lie inside one entry (as in typing), this version's outline is made from that
   * one; when this version's skeleton text is the same as the last skeleton built, that skeleton
   * moves here with its ranges mapped to the new offsets instead of being parsed again. Only the
   * last of each is carried from version to version, never a chain of versions.
   */
  constructor(
    private readonly text: string,
    lineCount: number,
    previous?: LazyCompose,
  ) {
    this.large = lineCount > COMPOSE_WINDOW_MIN_LINES || text.length > MAX_COMPOSE_PIECE_CHARS;
    if (this.large && previous) this.carried = previous.carry();
    this.entries = this.carried?.entries ?? new ParsedEntries();
    this.entryParts = this.carried?.parts ?? new ParsedEntries(parsePartText);
    if (this.carried) {
      this.carried.entries = undefined;
      this.carried.parts = undefined;
    }
  }

  /** What the next version may take over: this version's skeleton and outline, or older ones. */
  private carry(): Carried | undefined {
    const older = this.carried;
    this.carried = undefined;
    const skeleton = this.skeleton;
    const source = this.skeletonSource;
    const own: Carried['skeleton'] =
      skeleton && source
        ? {
            parsed: skeleton,
            source,
            release: () => {
              if (this.skeleton !== skeleton) return;
              this.unsplice();
              this.skeleton = undefined;
              this.skeletonSource = undefined;
              this.cutPairs = undefined;
              this.sectionPairs = undefined;
            },
          }
        : older?.skeleton;
    const outline = this.outline ? { text: this.text, outline: this.outline } : older?.outline;
    // the entries move to the next version (their ranges will be moved to its offsets)
    const entries = this.entries.size ? this.entries : undefined;
    this.entries = new ParsedEntries();
    const parts = this.entryParts.size ? this.entryParts : undefined;
    this.entryParts = new ParsedEntries(parsePartText);
    return own || outline || entries || parts
      ? { skeleton: own, outline, entries, parts }
      : undefined;
  }

  /** The parse of the whole document (kept for small documents and those not cut in windows). */
  full(): ParsedCompose {
    if (this.whole) return this.whole;
    const parsed = parseCompose(this.text);
    if (!this.large || this.outline === null) this.whole = parsed;
    return parsed;
  }

  /** The document can be parsed whole within the limits (small, or not cut but short enough). */
  private wholeFits(): boolean {
    return !this.large || (this.outlined() === null && this.text.length <= MAX_COMPOSE_PIECE_CHARS);
  }

  /** The skeleton can be parsed within the limits. */
  private skeletonFits(o: Outline): boolean {
    return (this.skeletonSize ??= skeletonChars(this.text, o)) <= MAX_COMPOSE_PIECE_CHARS;
  }

  /** Where a request at `line` reads a slice: the entry, the skeleton or the document is too long. */
  private slicedAt(line: number): boolean {
    if (this.wholeFits()) return false;
    const o = this.outlined();
    if (o === null || !this.skeletonFits(o)) return true;
    const [b, e] = locateLine(o, line);
    const entry = b >= 0 && e >= 0 ? o.blocks[b].entries?.[e] : undefined;
    return !!entry && entry.bare && this.entryChars(o, entry) > MAX_ENTRY_CHARS;
  }

  private entryChars(o: Outline, e: Entry): number {
    return Math.min(o.lineStarts[e.end + 1], this.text.length) - o.lineStarts[e.start];
  }

  /** The slice around `line` (the last one is kept), or undefined when it cannot be made. */
  private slice(line: number): ParsedCompose | undefined {
    if (this.lastSlice?.line === line) return this.lastSlice.parsed;
    const o = this.outline;
    const starts = o ? o.lineStarts : (this.starts ??= lineStartsOf(this.text));
    // the section's key line and the entry's are on the key path of every line of the entry
    const known: number[] = [];
    let floor: number | undefined;
    if (o) {
      const [b, e] = locateLine(o, line);
      const block = b >= 0 ? o.blocks[b] : undefined;
      const entry = block && e >= 0 ? block.entries?.[e] : undefined;
      if (block && line > block.start) known.push(block.start);
      if (entry && line > entry.start) known.push(entry.start);
      // an entry's key line: the section's key line is its only parent
      if (entry && line === entry.start) floor = line - 1;
    }
    const parsed = sliceOf(this.text, starts, line, known, floor);
    this.lastSlice = { line, parsed };
    return parsed;
  }

  /**
   * The position is past what a request reads there: in a part of the file too long to slice, or
   * past the characters a slice keeps of a long line.
   */
  cutAt(line: number, character: number): boolean {
    if (!this.slicedAt(line)) return false;
    if (!this.slice(line)) return true;
    return character > MAX_SLICE_LINE_CHARS;
  }

  private outlined(): Outline | null {
    if (this.outline === undefined) {
      const c = this.carried?.outline;
      if (this.carried) this.carried.outline = undefined;
      this.outline =
        (c && composeOutlineAfterEdit(c.text, c.outline, this.text)) ??
        composeOutline(this.text) ??
        null;
    }
    return this.outline;
  }

  /** The skeleton of this version: taken over from an earlier version when possible, else parsed. */
  private buildSkeleton(o: Outline): ParsedCompose {
    const carried = this.carried?.skeleton;
    if (this.carried) this.carried.skeleton = undefined;
    if (carried) {
      const { windowText, pieces } = windowPieces(this.text, o);
      if (carried.source.windowText === windowText) {
        // the earlier version lets go of it (it parses its own if it is ever asked again)
        carried.release();
        const { start, end } = windowMapping(this.text.length, windowText, pieces);
        for (const { range, window } of carried.source.ranges) {
          range[0] = start(window[0]);
          range[1] = end(window[1]);
          range[2] = end(window[2]);
        }
        this.skeletonSource = carried.source;
        return carried.parsed;
      }
    }
    const source = { windowText: '', ranges: [] as SavedRange[] };
    const skeleton = windowOf(this.text, o, -1, -1, source);
    this.skeletonSource = source;
    return skeleton;
  }

  /** The skeleton, with no entry put in. */
  private bareSkeleton(o: Outline): ParsedCompose {
    if (!this.skeleton) {
      this.skeleton = this.buildSkeleton(o);
      this.cutPairs = new Map();
      this.sectionPairs = new Map();
      for (const d of this.skeleton.docs) {
        if (!isMap(d.contents)) continue;
        for (const section of d.contents.items) {
          if (isPair(section) && isScalar(section.key) && section.key.range)
            this.sectionPairs.set(section.key.range[0], section);
          if (!isPair(section) || !isMap(section.value)) continue;
          for (const p of section.value.items) {
            const r = isPair(p) && isScalar(p.key) ? p.key.range : undefined;
            if (r) this.cutPairs.set(r[0], { pair: p, value: p.value });
          }
        }
      }
    }
    this.unsplice();
    return this.skeleton;
  }

  /** Take the entry put in the skeleton by the previous call out again. */
  private unsplice(): void {
    if (this.spliced) {
      this.spliced.pair.value = this.spliced.value;
      this.spliced = undefined;
    }
  }

  /** The skeleton with the entry put in (or a window of its own when the entry does not fit in). */
  private withEntry(o: Outline, b: number, e: number, value: Pair['value']): ParsedCompose {
    const skeleton = this.bareSkeleton(o);
    const entry = o.blocks[b].entries?.[e];
    if (!entry) return skeleton;
    const keyAt =
      o.lineStarts[entry.start] +
      indentOf(this.text.slice(o.lineStarts[entry.start], o.lineStarts[entry.start + 1]));
    const cut = this.cutPairs?.get(keyAt);
    if (!cut || value === null) {
      // a window of its own (the last one is kept: the next request is often in the same entry)
      const key = `${b}:${e}`;
      if (this.ownWindow?.key !== key)
        this.ownWindow = { key, parsed: windowOf(this.text, o, b, e) };
      return this.ownWindow.parsed;
    }
    this.spliced = cut;
    cut.pair.value = value;
    return skeleton;
  }

  /** The text the skeleton was parsed from (once `parts` or a request has built it). */
  skeletonText(): string | undefined {
    return this.skeletonSource?.windowText;
  }

  /** A parse with every top-level key: the whole document, the skeleton, or a slice of its start. */
  top(): ParsedCompose {
    if (this.wholeFits()) return this.full();
    const o = this.outlined();
    if (o && this.skeletonFits(o)) return this.bareSkeleton(o);
    return this.slice(0) ?? { docs: [], indent: 2, partial: true };
  }

  /**
   * The document cut in pieces that read alone (navigation reads a large document piece by piece):
   * every entry of a named section (`section` set) and every other top-level block, in document
   * order, as offsets; a section's key line is in no piece.
   * Undefined when the document is read whole (small, or not cut in windows).
   */
  pieces(): readonly ComposePiece[] | undefined {
    if (this.piecesMemo !== undefined) return this.piecesMemo ?? undefined;
    const o = this.large ? this.outlined() : null;
    if (!o) {
      this.piecesMemo = null;
      return undefined;
    }
    const out: ComposePiece[] = [];
    const at = (line: number): number => Math.min(o.lineStarts[line], this.text.length);
    for (const b of o.blocks) {
      if (!b.entries) {
        out.push({ start: at(b.start), end: at(b.end + 1) });
        continue;
      }
      const line = this.text.slice(at(b.start), at(b.start + 1));
      const section = /^[^:]*/.exec(line)?.[0].trim() ?? '';
      // the first entry takes the comment lines between the section's key and it
      b.entries.forEach((e, k) =>
        out.push({
          start: at(k === 0 ? b.start + 1 : e.start),
          end: at(e.end + 1),
          section,
          sectionStart: at(b.start),
        }),
      );
    }
    this.piecesMemo = out;
    return out;
  }

  /**
   * A parse that is exact for the entry holding `line` and for the names every section declares.
   * Valid until the next call (the entry is put into a skeleton shared by the calls).
   */
  at(line: number): ParsedCompose {
    if (this.wholeFits()) return this.full();
    if (this.slicedAt(line)) return this.slice(line) ?? { docs: [], indent: 2, partial: true };
    const o = this.outlined();
    if (o === null) return this.full();
    const [b, e] = locateLine(o, line);
    const entry = b >= 0 && e >= 0 ? o.blocks[b].entries?.[e] : undefined;
    if (!entry || !entry.bare) return this.bareSkeleton(o);
    const base = o.lineStarts[entry.start];
    const source = this.text.slice(base, Math.min(o.lineStarts[entry.end + 1], this.text.length));
    return this.withEntry(o, b, e, this.entries.value(source, base));
  }

  /**
   * Like `at`, for a hover, which reads only the key path at the position and the names the
   * sections declare: inside the body of an entry, only the part of the entry that holds `line`
   * (the key at the body's indentation above it and what is under it, see entryPart) is parsed,
   * and put in the skeleton in place of the entry's value. An entry already parsed whole is used
   * whole. Valid until the next call, as `at`.
   */
  hoverAt(line: number): ParsedCompose {
    if (this.wholeFits() || this.slicedAt(line)) return this.at(line);
    const o = this.outlined();
    if (o === null) return this.at(line);
    const [b, e] = locateLine(o, line);
    const entry = b >= 0 && e >= 0 ? o.blocks[b].entries?.[e] : undefined;
    if (!entry || !entry.bare || line <= entry.start) return this.at(line);
    const entryEnd = Math.min(o.lineStarts[entry.end + 1], this.text.length);
    if (this.entries.has(this.text.slice(o.lineStarts[entry.start], entryEnd)))
      return this.at(line);
    const part = entryPart(this.text, o.lineStarts, entry, line);
    if (!part) return this.at(line);
    const base = o.lineStarts[part.start];
    const source = this.text.slice(base, Math.min(o.lineStarts[part.end + 1], this.text.length));
    const value = this.entryParts.value(source, base);
    return value ? this.withEntry(o, b, e, value) : this.at(line);
  }

  /**
   * The whole document in parts, for checks that look at one mapping at a time: the skeleton, then
   * each cut-down entry, each with the lines it answers for (every line is in exactly one part).
   * A part is valid until the next one is asked for. A chunk of entries with a key (see
   * ComposePart) for which `reuse` answers true is not parsed: only its key is given.
   */
  *parts(reuse?: (key: string) => boolean): Generator<ComposePart> {
    if (this.wholeFits()) {
      yield { parsed: this.full(), owns: () => true };
      return;
    }
    // past the limits without a skeleton to read the file by: no checks (they would need a parse
    // larger than the limits allow)
    const o = this.outlined();
    if (!o || !this.skeletonFits(o)) return;
    const inCutBody = (line: number): boolean => {
      const [b, e] = locateLine(o, line);
      const entry = b >= 0 && e >= 0 ? o.blocks[b].entries?.[e] : undefined;
      return !!entry && entry.bare && line > entry.start;
    };
    yield { parsed: this.bareSkeleton(o), owns: (line) => !inCutBody(line) };
    for (let b = 0; b < o.blocks.length; b++) {
      const entries = o.blocks[b].entries ?? [];
      const section = this.sectionPairs?.get(o.lineStarts[o.blocks[b].start]);
      // entries are checked a chunk at a time: `services: { <the chunk's entries> }`
      for (let first = 0; first < entries.length; first += CHUNK_ENTRIES) {
        const chunk = entries.slice(first, first + CHUNK_ENTRIES);
        const lo = chunk[0].start;
        const hi = chunk[chunk.length - 1].end;
        const owns = (line: number): boolean => line >= lo && line <= hi && inCutBody(line);
        if (!chunk.some((en) => en.bare && en.end > en.start)) continue;
        const fits = chunk.every((en) => this.entryChars(o, en) <= MAX_ENTRY_CHARS);
        const base = o.lineStarts[lo];
        const source = fits
          ? this.text.slice(base, Math.min(o.lineStarts[hi + 1], this.text.length))
          : undefined;
        const key =
          source !== undefined && !JOINS_PARTS.test(source) ? `${lo}\n${source}` : undefined;
        if (key !== undefined && reuse?.(key)) {
          yield { reused: key, owns };
          continue;
        }
        const parsed = source !== undefined ? parseCompose(source) : undefined;
        const map = parsed && parsed.docs.length === 1 ? parsed.docs[0].contents : undefined;
        if (parsed && section && isMap(map)) {
          remapRanges(
            parsed,
            (x) => x + base,
            (x) => x + base,
          );
          const root = new YAMLMap();
          root.items.push(new Pair(section.key, map));
          const doc = new Document();
          doc.contents = root;
          yield {
            parsed: { docs: [doc as unknown as Document.Parsed], indent: parsed.indent },
            owns,
            key,
          };
          continue;
        }
        // does not read as a mapping on its own: one entry at a time, in the skeleton
        for (let e = first; e < first + chunk.length; e++) {
          const entry = entries[e];
          if (!entry.bare || entry.end <= entry.start) continue;
          // an entry too long to parse whole is not checked
          if (this.entryChars(o, entry) > MAX_ENTRY_CHARS) continue;
          const value = parseEntry(this.text, o, entry);
          yield {
            parsed: this.withEntry(o, b, e, value ?? null),
            owns: (line) => line > entry.start && line <= entry.end,
          };
        }
      }
    }
    this.bareSkeleton(o);
  }
}
