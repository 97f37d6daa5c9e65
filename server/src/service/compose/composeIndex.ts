/**
 * The symbol table of one compose document version: every name it declares and refers to (services,
 * networks, volumes, secrets, configs, models, YAML anchors), the other files it names, `build.target`
 * stages and images. Definition, references, highlights, rename and links all read it.
 *
 * A small document is one piece per YAML document, walked from the version's whole parse (the one
 * hover reads). A large one (see composeWindow.ts) is read piece by piece: each entry of a named
 * section and each other top-level block is parsed alone, only when a request needs it, and what a
 * piece yields is kept by its text, so the next version takes over every piece an edit left alone.
 * A name is looked up only in the pieces whose text holds it as a word (each piece's words are
 * kept with it): `references` to `db` parses the few pieces that say `db`, not the file.
 *
 * Anchored nodes are read where they are used too: `x-deps: &deps [db]` with `depends_on: *deps`
 * makes that `db` a service reference. An anchor's *uses* are the key paths of the aliases bound to
 * it (an alias binds to the last anchor of its name before it), and of the aliases to any anchored
 * node that holds it, and so on (bounded).
 */
import { type Document, type Node as YamlNode } from 'yaml';
import { anchorTokens, parseCompose } from './composeParse';
import { MAX_ENTRY_CHARS } from '../work';
import {
  emptyWalk,
  SECTION_KINDS,
  walk,
  type AliasUse,
  type AnchoredNode,
  type FileRef,
  type NameKind,
  type NameOcc,
  type Source,
  type StageRef,
  type WalkOut,
} from './composeWalk';
import type { ComposePiece } from './composeWindow';
import { pieceFolds, type OffsetFold } from './composeFolding';
import { rootSymbols, type OffsetSymbol } from './composeSymbols';

/** A YAML anchor: the node it marks and the offsets of its name (after `&`). */
export interface AnchorDef extends AnchoredNode {
  start: number;
  end: number;
}

/** What one piece yields, offsets relative to the piece. */
interface PieceTable extends WalkOut {
  anchors: AnchorDef[];
  /** Names, anchors and aliases as occurrences, sorted by start. */
  occs: NameOcc[];
}

/** What is kept of a piece between versions (by its text). */
interface PieceData {
  table?: PieceTable;
  /** Outline and folding of a large document's piece, worked out with its table (one parse). */
  symbols?: OffsetSymbol[];
  folds?: OffsetFold[];
  /** Other things worked out from the piece alone (outline, folding, formatting), by name. */
  memo?: Map<string, unknown>;
  /** Table, outline and folds another thread built (a PackedPiece as JSON), not read yet. */
  packed?: string;
}

/**
 * A piece's table, outline and folds as plain data, for another thread's index of the same text
 * (pieces with anchors are not handed over: their table keeps YAML nodes).
 */
export interface PieceExport {
  /** The piece's cache key (its section and text): any version with that piece takes it. */
  key: string;
  /** Its table, outline and folds as JSON: a string crosses threads at the cost of a copy, and
   * is read (JSON.parse) only when a request needs the piece. */
  data: string;
}

/** What a `PieceExport` carries. */
interface PackedPiece {
  table: PieceTable;
  symbols: OffsetSymbol[];
  folds: OffsetFold[];
}

/** Piece data by `section \0 text`, shared by the versions of one document (most recently used last). */
export type PieceCache = Map<string, PieceData>;

/**
 * Take over pieces another thread built, by their text, into a cache that this version's symbol
 * table and the next ones read (so pieces of an earlier version serve wherever an edit left them
 * alone). A piece is read (JSON.parse) only when a request needs it.
 */
export function adoptPieces(cache: PieceCache, pieces: readonly PieceExport[]): void {
  for (const x of pieces) {
    const d = cache.get(x.key);
    if (d?.table) continue;
    if (d) d.packed = x.data;
    else cache.set(x.key, { packed: x.data });
  }
}

/** At most this many pieces are kept per document beyond the current version's. */
const CACHE_SLACK = 256;
/** How deep anchors used inside anchored nodes are followed, and how many paths one anchor gets. */
const MAX_ALIAS_DEPTH = 8;
const MAX_USES = 64;
/** Nodes one walk may visit (a guard against documents built to explode through aliases). */
const WALK_BUDGET = 2_000_000;

const NAME_WORD = /^[A-Za-z0-9._-]+$/;

/** The section that declares each kind of name. */
const SECTION_OF: Partial<Record<NameKind, string>> = Object.fromEntries(
  Object.entries(SECTION_KINDS).map(([section, kind]) => [kind, section]),
);

/** [A-Za-z0-9._-]: the characters of a name. */
function isNameChar(c: number): boolean {
  return (
    (c >= 48 && c <= 57) ||
    (c >= 65 && c <= 90) ||
    (c >= 97 && c <= 122) ||
    c === 46 ||
    c === 95 ||
    c === 45
  );
}

/** An occurrence of a name in the document (absolute offsets) and the piece holding it. */
export interface Found extends NameOcc {
  piece: number;
}

interface PieceInfo {
  /** Offset of the piece in the document (its parse offsets are relative to it). */
  start: number;
  end: number;
  /** Anchors bind within one scope (one YAML document). */
  scope: number;
  /** The section when the piece is one entry of it (its parse is `name: …` under that key). */
  section?: string;
  /** Where the section's key is. */
  sectionStart?: number;
  /** Whole-parse pieces: the document node. */
  doc?: Document.Parsed;
}

export class ComposeIndex {
  private readonly pieces: PieceInfo[];
  private readonly data: (PieceData | undefined)[];
  /** Per version: a piece's occurrences including those read through aliases. */
  private readonly fullMemo = new Map<number, NameOcc[]>();
  private readonly usesMemo = new Map<string, string[][]>();
  private readonly candidatesMemo = new Map<string, number[]>();
  private escapedMemo?: number[];
  /** Per version: the anchors of each name, in document order. */
  private readonly anchorsMemo = new Map<string, Found[]>();

  /**
   * `pieces`: the pieces of a large document (composeWindow.ts), or undefined to read the whole
   * parse `whole()` (one piece per YAML document). `cache`: the piece data of earlier versions.
   */
  constructor(
    private readonly text: string,
    pieces: readonly ComposePiece[] | undefined,
    whole: () => Document.Parsed[],
    readonly cache: PieceCache = new Map(),
  ) {
    if (pieces) {
      this.pieces = pieces.map((p) => ({
        start: p.start,
        end: p.end,
        scope: 0,
        section: p.section,
        sectionStart: p.sectionStart,
      }));
    } else {
      this.pieces = whole().map((doc, i) => ({
        start: 0,
        end: doc.range[2],
        scope: i,
        doc,
      }));
      if (this.pieces.length) this.pieces[this.pieces.length - 1].end = text.length;
    }
    this.data = new Array<PieceData | undefined>(this.pieces.length);
  }

  get count(): number {
    return this.pieces.length;
  }

  /** Where piece `i` is, and the section it is an entry of (large documents). */
  piece(i: number): {
    start: number;
    end: number;
    section?: string;
    sectionStart?: number;
    whole: boolean;
  } {
    const p = this.pieces[i];
    return {
      start: p.start,
      end: p.end,
      section: p.section,
      sectionStart: p.sectionStart,
      whole: !!p.doc,
    };
  }

  /**
   * Something worked out from piece `i`'s text alone, kept with the piece: from one version to the
   * next for a large document (as long as the piece's text is the same), for this version else.
   */
  memo<T>(i: number, key: string, compute: () => T): T {
    const d = this.pieceData(i);
    d.memo ??= new Map();
    if (d.memo.has(key)) return d.memo.get(key) as T;
    const v = compute();
    d.memo.set(key, v);
    return v;
  }

  /** The absolute offset of a piece-relative one. */
  offset(piece: number, rel: number): number {
    return this.pieces[piece].start + rel;
  }

  /** The piece holding `offset` (-1 when none). */
  pieceAt(offset: number): number {
    let lo = 0;
    let hi = this.pieces.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const p = this.pieces[mid];
      const from = p.doc ? p.doc.range[0] : p.start;
      if (from <= offset) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (found >= 0 && offset > this.pieces[found].end) return -1;
    return found;
  }

  private key(i: number): string {
    const p = this.pieces[i];
    return `${p.section ?? ''}\0${this.text.slice(p.start, p.end)}`;
  }

  private pieceData(i: number): PieceData {
    let d = this.data[i];
    if (d) return d;
    if (this.pieces[i].doc) d = {};
    else {
      const key = this.key(i);
      d = this.cache.get(key);
      if (d) this.cache.delete(key);
      else {
        d = {};
        while (this.cache.size > this.pieces.length + CACHE_SLACK) {
          const first = this.cache.keys().next();
          if (first.done) break;
          this.cache.delete(first.value);
        }
      }
      // a copy of the key, so that the cache holds no slice of this version's whole text
      this.cache.set((' ' + key).slice(1), d);
    }
    this.data[i] = d;
    return d;
  }

  /**
   * The pieces that may name `name`: those holding it as a word, and those with a backslash (an
   * escape in a double-quoted scalar may spell any name). Found with the engine's substring search
   * over the text (a fraction of a millisecond on the large inputs), once per name and version.
   */
  candidates(name: string): number[] {
    let memo = this.candidatesMemo.get(name);
    if (memo) return memo;
    if (this.pieces[0]?.doc || !NAME_WORD.test(name)) memo = Array.from(this.pieces.keys());
    else {
      const hits = new Set<number>(this.escaped());
      const t = this.text;
      for (let at = t.indexOf(name); at >= 0; at = t.indexOf(name, at + 1)) {
        const before = at > 0 ? t.charCodeAt(at - 1) : 32;
        const after = at + name.length < t.length ? t.charCodeAt(at + name.length) : 32;
        if (isNameChar(before) || isNameChar(after)) continue;
        const i = this.pieceAt(at);
        if (i >= 0) hits.add(i);
      }
      memo = [...hits].sort((a, b) => a - b);
    }
    this.candidatesMemo.set(name, memo);
    return memo;
  }

  /** The pieces holding a backslash (once per version). */
  private escaped(): number[] {
    if (!this.escapedMemo) {
      const out = new Set<number>();
      const t = this.text;
      for (let at = t.indexOf('\\'); at >= 0; at = t.indexOf('\\', at + 1)) {
        const i = this.pieceAt(at);
        if (i >= 0) out.add(i);
      }
      this.escapedMemo = [...out];
    }
    return this.escapedMemo;
  }

  /**
   * The pieces of a large document, as plain data in batches of `batch`, except those whose key is
   * in `known` (handed over before) and those with anchors (their table keeps YAML nodes); returns
   * the keys of all its pieces. Build it over an empty cache: nothing is kept here.
   */
  *exportPieces(known: ReadonlySet<string>, batch: number): Generator<PieceExport[], string[]> {
    const keys: string[] = [];
    if (this.pieces[0]?.doc) return keys;
    let out: PieceExport[] = [];
    for (let i = 0; i < this.pieces.length; i++) {
      const key = this.key(i);
      keys.push(key);
      if (known.has(key)) continue;
      const d = this.pieceData(i);
      if (!d.table) this.build(i, d);
      const table = d.table as PieceTable;
      if (!table.anchors.length && d.symbols && d.folds) {
        const packed: PackedPiece = { table, symbols: d.symbols, folds: d.folds };
        out.push({ key, data: JSON.stringify(packed) });
      }
      if (out.length >= batch) {
        yield out;
        out = [];
      }
    }
    if (out.length) yield out;
    return keys;
  }

  /** What piece `i` declares and refers to (relative offsets). */
  table(i: number): PieceTable {
    const d = this.pieceData(i);
    if (!d.table) this.fill(i, d);
    return d.table as PieceTable;
  }

  /** The outline of a piece of a large document (relative offsets). */
  symbols(i: number): OffsetSymbol[] {
    const d = this.pieceData(i);
    if (!d.symbols) this.fill(i, d);
    return d.symbols ?? [];
  }

  /** The folds of a piece of a large document (relative offsets). */
  folds(i: number): OffsetFold[] {
    const d = this.pieceData(i);
    if (!d.folds) this.fill(i, d);
    return d.folds ?? [];
  }

  private wholeTokens?: { name: string; offset: number }[];

  /** The anchor tokens of the whole text (small documents: one lexing per version). */
  private wholeAnchorTokens(): { name: string; offset: number }[] {
    this.wholeTokens ??= anchorTokens(this.text);
    return this.wholeTokens;
  }

  private source(i: number): Source {
    const p = this.pieces[i];
    return { src: this.text, base: p.doc ? 0 : p.start };
  }

  /** A piece's table, outline and folds: what another thread built for it, else built here. */
  private fill(i: number, d: PieceData): void {
    const packed = d.packed;
    d.packed = undefined;
    if (packed !== undefined && !this.pieces[i].doc) {
      try {
        const p = JSON.parse(packed) as PackedPiece;
        d.table = p.table;
        d.symbols = p.symbols;
        d.folds = p.folds;
        return;
      } catch {
        // built here then
      }
    }
    this.build(i, d);
  }

  /** One parse of a piece: its table, and for a large document's piece its outline and folds. */
  private build(i: number, d: PieceData): void {
    const p = this.pieces[i];
    const out = emptyWalk();
    let root: unknown;
    let path: string[] = [];
    if (p.doc) root = p.doc.contents;
    else if (p.end - p.start > MAX_ENTRY_CHARS) {
      // an entry too long to parse for a request (see work.ts): it names nothing here
      d.symbols = [];
      d.folds = [];
    } else {
      const parsed = parseCompose(this.text.slice(p.start, p.end));
      root = parsed.docs.length === 1 ? parsed.docs[0].contents : undefined;
      if (p.section !== undefined) path = [p.section];
      d.symbols = rootSymbols(root, this.text, p.start, p.section);
      d.folds = pieceFolds(this.text, p.start, p.start, p.end, root);
    }
    walk(this.source(i), root, path, out, true, WALK_BUDGET);
    // anchors: their tokens are lexed again (only where the parse found an anchored node)
    const anchors = out.anchored.length
      ? anchorDefs(
          out.anchored,
          p.doc ? this.wholeAnchorTokens() : anchorTokens(this.text.slice(p.start, p.end)),
        )
      : [];
    const occs: NameOcc[] = [...out.names];
    for (const a of anchors)
      occs.push({ kind: 'anchor', name: a.name, start: a.start, end: a.end, decl: true });
    for (const a of out.aliases)
      occs.push({ kind: 'anchor', name: a.name, start: a.start, end: a.end, decl: false });
    occs.sort((a, b) => a.start - b.start);
    // the parse is kept only where an anchored node may be read again (at an alias's path)
    d.table = { ...out, anchored: [], anchors, occs };
  }

  /** Occurrences of piece `i`: its own, and those its anchored nodes make where they are used. */
  occurrences(i: number): NameOcc[] {
    const memo = this.fullMemo.get(i);
    if (memo) return memo;
    const t = this.table(i);
    let out = t.occs;
    if (t.anchors.length) {
      const extra = this.throughAliases(i);
      if (extra.names.length) {
        const seen = new Set(out.map((o) => `${o.start}:${o.kind}`));
        out = [...out];
        for (const o of extra.names) {
          const k = `${o.start}:${o.kind}`;
          if (!seen.has(k)) {
            seen.add(k);
            out.push(o);
          }
        }
        out.sort((a, b) => a.start - b.start);
      }
    }
    this.fullMemo.set(i, out);
    return out;
  }

  /** What piece `i`'s anchored nodes yield at the paths where aliases use them. */
  throughAliases(i: number): WalkOut {
    const t = this.table(i);
    const out = emptyWalk();
    const src = this.source(i);
    for (const a of t.anchors) {
      for (const path of this.uses(i, a)) walk(src, a.node, path, out, false, WALK_BUDGET);
    }
    return out;
  }

  /** The occurrence at `offset` (a name, an anchor or an alias), innermost first. */
  at(offset: number): Found | undefined {
    const i = this.pieceAt(offset);
    if (i < 0) return undefined;
    const rel = offset - this.pieces[i].start;
    for (const o of this.occurrences(i))
      if (o.start <= rel && rel <= o.end)
        return {
          ...o,
          piece: i,
          start: o.start + this.pieces[i].start,
          end: o.end + this.pieces[i].start,
        };
    return undefined;
  }

  /**
   * The declarations of a name: read only in the pieces that can declare it (entries of its
   * section, and top-level blocks), not in every piece that uses it.
   */
  declarations(kind: NameKind, name: string): Found[] {
    const section = SECTION_OF[kind];
    const out: Found[] = [];
    for (const i of this.candidates(name)) {
      const p = this.pieces[i];
      if (p.section !== undefined && p.section !== section) continue;
      for (const o of this.occurrences(i))
        if (o.decl && o.kind === kind && o.name === name)
          out.push({ ...o, piece: i, start: o.start + p.start, end: o.end + p.start });
    }
    return out;
  }

  /**
   * Build every piece's table ahead of requests, one piece a step (a large document; a small one
   * is walked whole when first asked). Pieces an earlier version built are taken over, so after
   * the first version a step costs a lookup.
   */
  *warm(): Generator<void> {
    if (this.pieces[0]?.doc) return;
    for (let i = 0; i < this.pieces.length; i++) {
      this.table(i);
      yield;
    }
  }

  /** Every occurrence of a compose name of this kind (anchors: see `anchorOccurrences`). */
  named(kind: NameKind, name: string): Found[] {
    const out: Found[] = [];
    for (const i of this.candidates(name)) {
      const base = this.pieces[i].start;
      for (const o of this.occurrences(i))
        if (o.kind === kind && o.name === name && !o.file)
          out.push({ ...o, piece: i, start: o.start + base, end: o.end + base });
    }
    return out;
  }

  /** The anchor an alias at `offset` (absolute) named `name` binds to: the last one before it. */
  binding(piece: number, name: string, offset: number): Found | undefined {
    const scope = this.pieces[piece].scope;
    let list = this.anchorsMemo.get(name);
    if (!list) {
      list = [];
      for (const i of this.candidates(name)) {
        const base = this.pieces[i].start;
        for (const a of this.table(i).anchors)
          if (a.name === name)
            list.push({
              kind: 'anchor',
              name,
              start: a.start + base,
              end: a.end + base,
              decl: true,
              piece: i,
            });
      }
      list.sort((a, b) => a.start - b.start);
      this.anchorsMemo.set(name, list);
    }
    let best: Found | undefined;
    for (const a of list) {
      if (a.start >= offset) break;
      if (this.pieces[a.piece].scope === scope) best = a;
    }
    return best;
  }

  /** The anchor and every alias bound to it. */
  anchorOccurrences(anchor: Found): Found[] {
    const out: Found[] = [anchor];
    for (const i of this.candidates(anchor.name)) {
      if (this.pieces[i].scope !== this.pieces[anchor.piece].scope) continue;
      const base = this.pieces[i].start;
      for (const a of this.table(i).aliases) {
        if (a.name !== anchor.name) continue;
        const b = this.binding(i, a.name, a.start + base);
        if (b && b.start === anchor.start)
          out.push({
            kind: 'anchor',
            name: a.name,
            start: a.start + base,
            end: a.end + base,
            decl: false,
            piece: i,
          });
      }
    }
    return out.sort((a, b) => a.start - b.start);
  }

  /** The other files piece `i` names (relative offsets), also through its anchored nodes. */
  filesOf(i: number): FileRef[] {
    const t = this.table(i);
    return t.anchors.length ? [...t.files, ...this.throughAliases(i).files] : t.files;
  }

  /** The other file or the `build.target` stage written at `offset`. */
  refAt(offset: number): { file?: FileRef; target?: StageRef } | undefined {
    const i = this.pieceAt(offset);
    if (i < 0) return undefined;
    const base = this.pieces[i].start;
    const rel = offset - base;
    const t = this.table(i);
    const hit = <T extends { start: number; end: number }>(list: T[]): T | undefined => {
      const r = list.find((x) => x.start <= rel && rel <= x.end);
      return r && { ...r, start: r.start + base, end: r.end + base };
    };
    let file = hit(t.files);
    let target = hit(t.targets);
    if (!file && !target && t.anchors.length) {
      const more = this.throughAliases(i);
      file = hit(more.files);
      target = hit(more.targets);
    }
    return file || target ? { file, target } : undefined;
  }

  /** Every piece's table, in order (whole-document requests: links). */
  *all(): Generator<{ piece: number; base: number; table: PieceTable; aliased: WalkOut }> {
    for (let i = 0; i < this.pieces.length; i++) {
      const table = this.table(i);
      yield {
        piece: i,
        base: this.pieces[i].start,
        table,
        aliased: table.anchors.length ? this.throughAliases(i) : emptyWalk(),
      };
    }
  }

  /**
   * The key paths where an anchored node is read besides its own place: each alias bound to it,
   * and where an alias sits inside another anchored node, that node's uses extended by the path
   * below it.
   */
  private uses(piece: number, anchor: AnchorDef, depth = 0): string[][] {
    const key = `${piece}:${anchor.start}`;
    const memo = this.usesMemo.get(key);
    if (memo) return memo;
    this.usesMemo.set(key, []); // cycles read as no use
    const out: string[][] = [];
    const seen = new Set<string>();
    const add = (p: string[]): void => {
      const k = p.join('\u0001');
      if (!seen.has(k) && out.length < MAX_USES) {
        seen.add(k);
        out.push(p);
      }
    };
    const at = anchor.start + this.pieces[piece].start;
    for (const i of this.candidates(anchor.name)) {
      if (this.pieces[i].scope !== this.pieces[piece].scope) continue;
      const t = this.table(i);
      const base = this.pieces[i].start;
      for (const u of t.aliases) {
        if (u.name !== anchor.name) continue;
        const b = this.binding(i, u.name, u.start + base);
        if (!b || b.start !== at) continue;
        add(u.path);
        if (depth >= MAX_ALIAS_DEPTH) continue;
        // the alias inside another anchored node: read where that node is used
        for (const outer of t.anchors) {
          if (outer === anchor || !contains(outer.node, u)) continue;
          for (const p of this.uses(i, outer, depth + 1))
            add([...p, ...u.path.slice(outer.path.length)]);
        }
      }
    }
    this.usesMemo.set(key, out);
    return out;
  }
}

function contains(node: YamlNode, u: AliasUse): boolean {
  const r = node.range;
  return !!r && r[0] <= u.start - 1 && u.end <= r[1];
}

/**
 * The anchors of a piece with the offsets of their names: each anchored node takes the last
 * anchor token of its name before it (tokens and nodes in the offsets of the same parse).
 */
function anchorDefs(
  anchored: AnchoredNode[],
  tokens: { name: string; offset: number }[],
): AnchorDef[] {
  const out: AnchorDef[] = [];
  for (const a of anchored) {
    const r = a.node.range;
    if (!r) continue;
    let best: { name: string; offset: number } | undefined;
    for (const t of tokens) {
      if (t.offset > r[0]) break;
      if (t.name === a.name) best = t;
    }
    if (best) out.push({ ...a, start: best.offset + 1, end: best.offset + 1 + a.name.length });
  }
  return out;
}
