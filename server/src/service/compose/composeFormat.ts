/**
 * Safe formatting of compose files: indentation only, worked out from the `yaml` parse (no round
 * trip through a JS object, so comments, anchors, quoting, flow style and block scalars stay as
 * written).
 *
 * Each block mapping and block sequence gets its items at one indentation unit (the editor's
 * `tabSize`) deeper than the line that owns it; a sequence under a key is indented below it. The
 * characters after the indentation never change: a line that continues a scalar, a flow collection
 * or a block scalar moves with the line it belongs to (so its relative indentation, which YAML
 * reads, is kept), a comment line moves with the line after it (one deeper than that line is
 * inside the block above and moves with its nearest line not deeper than it), a blank line is
 * left alone. A
 * tidy file gets no edit, and the result is tidy (formatting twice changes nothing).
 *
 * Every result is checked before it is returned: the edited text is parsed again and must read
 * as the same nodes (values, tags, anchors and aliases as written) with no error; a document with
 * errors is not formatted. A large
 * document (composeWindow.ts) is formatted piece by piece (each entry of a named section alone,
 * one unit deep), each piece's edits kept by its text.
 */
import { isAlias, isMap, isPair, isSeq, type Node as YamlNode } from 'yaml';
import type { FormattingOptions, Range, TextEdit } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { ComposeParsed } from '../languageService';
import { parseCompose } from './composeParse';
import { MAX_ENTRY_CHARS } from '../work';

/** A line's new indentation (columns), and the last line of the item it starts. */
interface LinePlan {
  indent: number;
  /** For a line that starts an item: the item's last line (a range format takes the whole item). */
  itemEnd?: number;
}

/** An edit of one line's indentation (offsets relative to the text formatted). */
interface IndentEdit {
  line: number;
  start: number;
  end: number;
  indent: number;
}

class Planner {
  readonly plan = new Map<number, LinePlan>();
  /** Lines that move with another line (continuations): line -> owner line. */
  private readonly follows = new Map<number, number>();

  constructor(
    private readonly text: string,
    private readonly lineStarts: number[],
    private readonly unit: number,
    /**
     * Range formatting: the lines formatted. A collection with an item outside them keeps its
     * column (its items outside cannot move), and what is inside is indented relative to it.
     */
    private readonly only?: (line: number) => boolean,
  ) {}

  /** The column a collection's items get: `indent`, or their own when some item stays put. */
  private columnFor(node: { items: unknown[] }, indent: number, ownerLine: number): number {
    const only = this.only;
    if (!only || ownerLine >= 0) return indent;
    let first: number | undefined;
    for (const it of node.items) {
      const n = (isPair(it) ? (it.key ?? it.value) : it) as YamlNode | null;
      const r = n?.range;
      if (!r) continue;
      const line = this.line(r[0]);
      first ??= line;
      if (!only(line)) return first === undefined ? indent : this.indentOf(first);
    }
    return indent;
  }

  line(offset: number): number {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** Column of the first character that is not a space on a line. */
  indentOf(line: number): number {
    const s = this.lineStarts[line];
    let i = s;
    while (this.text.charCodeAt(i) === 32) i++;
    return i - s;
  }

  /** The last line holding part of a node (its range ends after its last character). */
  private lastLine(node: YamlNode): number {
    const r = node.range;
    if (!r) return 0;
    let end = r[1];
    while (end > r[0] && /\s/.test(this.text[end - 1])) end--;
    return this.line(Math.max(r[0], end - 1));
  }

  private set(line: number, indent: number, itemEnd: number): void {
    if (!this.plan.has(line)) this.plan.set(line, { indent, itemEnd });
  }

  /** Lines (after `owner`) up to `last` move with `owner`. */
  private follow(owner: number, last: number): void {
    for (let l = owner + 1; l <= last; l++) if (!this.follows.has(l)) this.follows.set(l, owner);
  }

  /** A node that is not a block collection starting on its own line: its lines after `owner` follow it. */
  private inline(node: unknown, owner: number): void {
    if (!node || isAlias(node)) return;
    const n = node as YamlNode;
    if (!n.range) return;
    this.follow(owner, this.lastLine(n));
  }

  /**
   * A value (of a key or a sequence item) on line `owner`, whose owner now sits at `ownerIndent`
   * (`shift`: how far the owner line moves).
   */
  private value(node: unknown, owner: number, ownerIndent: number, shift: number): void {
    if (isAlias(node) || !node) return;
    const n = node as YamlNode;
    const r = n.range;
    if (!r) return;
    if ((isMap(n) || isSeq(n)) && !n.flow && n.items.length) {
      const first = this.line(r[0]);
      if (first > owner) {
        this.block(n, ownerIndent + this.unit);
        return;
      }
      // a block collection starting on the owner line (`- key: v`, `- - a`): it moves with it
      this.block(n, this.columnOf(r[0]) + shift, owner);
      return;
    }
    this.inline(n, owner);
  }

  private columnOf(offset: number): number {
    return offset - this.lineStarts[this.line(offset)];
  }

  /**
   * A block collection whose items go at column `indent`; `ownerLine`: the line the collection
   * starts on when that line belongs to its owner (its first item is then not re-indented here).
   */
  block(node: unknown, indent: number, ownerLine = -1): void {
    if ((isMap(node) || isSeq(node)) && !node.flow)
      indent = this.columnFor(node, indent, ownerLine);
    if (isMap(node) && !node.flow) {
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const key = pair.key as YamlNode | null;
        const start = key?.range?.[0] ?? (pair.value as YamlNode | null)?.range?.[0];
        if (start === undefined) continue;
        const line = this.line(start);
        const end = Math.max(
          line,
          pair.value && !isAlias(pair.value) ? this.lastLine(pair.value as YamlNode) : line,
          key ? this.lastLine(key) : line,
        );
        const { at, shift } = this.item(start, line, end, indent, ownerLine);
        if (key) this.inline(key, line);
        this.value(pair.value, line, at, shift);
      }
      return;
    }
    if (isSeq(node) && !node.flow) {
      const tokens = (node.srcToken as { items?: { start?: { type: string; offset: number }[] }[] })
        ?.items;
      node.items.forEach((item, i) => {
        const valueStart = (item as YamlNode | null)?.range?.[0];
        let dash = tokens?.[i]?.start?.find((t) => t.type === 'seq-item-ind')?.offset;
        if (dash !== undefined && valueStart !== undefined && dash > valueStart) dash = undefined;
        const itemStart = dash ?? valueStart;
        if (itemStart === undefined) return;
        const line = this.line(itemStart);
        const end = Math.max(line, item && !isAlias(item) ? this.lastLine(item as YamlNode) : line);
        const { at, shift } = this.item(itemStart, line, end, indent, ownerLine);
        this.value(item, line, at, shift);
      });
    }
  }

  /**
   * An item starting at `start` on `line` (its last line `end`), of a collection at column
   * `indent`: where its value is read from, and how far its line moves. On its owner's line (`- k:
   * v`) it moves with the owner; first on its line it goes to `indent`; else it stays.
   */
  private item(
    start: number,
    line: number,
    end: number,
    indent: number,
    ownerLine: number,
  ): { at: number; shift: number } {
    if (line === ownerLine) {
      const owned = this.plan.get(line);
      return { at: indent, shift: owned ? owned.indent - this.indentOf(line) : 0 };
    }
    if (this.firstOnLine(start, line)) {
      this.set(line, indent, end);
      return { at: indent, shift: indent - this.indentOf(line) };
    }
    return { at: this.columnOf(start), shift: 0 };
  }

  /** Only spaces and node properties (`&anchor`, `!tag`, `? `) before `offset` on its line. */
  private firstOnLine(offset: number, line: number): boolean {
    const before = this.text.slice(this.lineStarts[line], offset);
    return /^ *(?:(?:[&!]\S*|\?)[ \t]+)*$/.test(before);
  }

  /**
   * The new indentation of every line that moves (structural, continuation, comment).
   * `after`: how far the line after the text moves (a piece of a larger document), for the
   * comments at its end; 'root': as far as the text's first line. `afterIndent`: that line's
   * indentation (0 at the end of the document).
   */
  edits(lineCount: number, after?: number | 'root', afterIndent = 0): IndentEdit[] {
    const out: IndentEdit[] = [];
    const delta = new Map<number, number>();
    const newIndent = (l: number): number | undefined => {
      const p = this.plan.get(l);
      if (p) return p.indent;
      const owner = this.follows.get(l);
      if (owner === undefined) return undefined;
      const d = delta.get(owner) ?? 0;
      return d === 0 ? undefined : Math.max(0, this.indentOf(l) + d);
    };
    for (let l = 0; l < lineCount; l++) {
      const p = this.plan.get(l);
      if (p) delta.set(l, p.indent - this.indentOf(l));
      else {
        const owner = this.follows.get(l);
        if (owner !== undefined) delta.set(l, delta.get(owner) ?? 0);
      }
    }
    // comment lines move with the next line that moves by plan
    let nextDelta: number | undefined;
    if (after === 'root') {
      for (let l = 0; l < lineCount && nextDelta === undefined; l++)
        if (this.plan.has(l)) nextDelta = delta.get(l);
    } else nextDelta = after;
    // … unless they sit deeper than that line: then they are inside the block above, and move
    // with its nearest line not deeper than they are (none: they stay)
    const enclosing: (number | undefined)[] = new Array<number | undefined>(lineCount);
    const open: { indent: number; delta: number }[] = [];
    for (let l = 0; l < lineCount; l++) {
      if (this.blank(l)) continue;
      const cur = this.indentOf(l);
      if (!this.follows.has(l) && this.isComment(l)) {
        let k = open.length - 1;
        while (k >= 0 && open[k].indent > cur) k--;
        enclosing[l] = k >= 0 ? open[k].delta : 0;
        continue;
      }
      while (open.length && open[open.length - 1].indent >= cur) open.pop();
      open.push({ indent: cur, delta: delta.get(l) ?? 0 });
    }
    const comment: (number | undefined)[] = new Array<number | undefined>(lineCount);
    let nextIndent = afterIndent;
    for (let l = lineCount - 1; l >= 0; l--) {
      if (this.plan.has(l)) nextDelta = delta.get(l);
      if (!this.follows.has(l) && this.isComment(l))
        comment[l] = this.indentOf(l) > nextIndent ? enclosing[l] : nextDelta;
      else if (!this.blank(l)) nextIndent = this.indentOf(l);
    }
    for (let l = 0; l < lineCount; l++) {
      const cur = this.indentOf(l);
      let want = newIndent(l);
      if (want === undefined && comment[l] !== undefined)
        want = Math.max(0, cur + (comment[l] ?? 0));
      if (want === undefined || want === cur) continue;
      if (this.blank(l)) continue;
      out.push({ line: l, start: this.lineStarts[l], end: this.lineStarts[l] + cur, indent: want });
    }
    return out;
  }

  private lineText(l: number): string {
    const end = l + 1 < this.lineStarts.length ? this.lineStarts[l + 1] : this.text.length;
    return this.text.slice(this.lineStarts[l], end).replace(/\r?\n$/, '');
  }

  private isComment(l: number): boolean {
    return /^ *#/.test(this.lineText(l));
  }

  private blank(l: number): boolean {
    return /^[ \t]*$/.test(this.lineText(l));
  }
}

function lineStartsOf(text: string): number[] {
  const out = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) out.push(i + 1);
  return out;
}

function apply(text: string, edits: readonly IndentEdit[]): string {
  let out = '';
  let at = 0;
  for (const e of edits) {
    out += text.slice(at, e.start) + ' '.repeat(e.indent);
    at = e.end;
  }
  return out + text.slice(at);
}

/**
 * What a node reads as, with its anchors and aliases as written (never expanded: a document built
 * to explode through aliases is read in linear work).
 */
function shape(node: unknown, depth = 0): unknown {
  if (depth > 500) throw new Error('too deep');
  if (isAlias(node)) return { '*': node.source };
  if (!node || typeof node !== 'object') return null;
  const n = node as YamlNode & { tag?: string };
  const props = { '&': n.anchor ?? null, '!': n.tag ?? null };
  if (isMap(n))
    return {
      ...props,
      map: n.items.map((p) =>
        isPair(p) ? [shape(p.key, depth + 1), shape(p.value, depth + 1)] : null,
      ),
    };
  if (isSeq(n)) return { ...props, seq: n.items.map((it) => shape(it, depth + 1)) };
  return { ...props, value: (n as { value?: unknown }).value ?? null };
}

/** What a text reads as, to compare (undefined when it has errors). */
function meaning(text: string): string | undefined {
  const parsed = parseCompose(text);
  if (parsed.docs.some((d) => d.errors.length)) return undefined;
  try {
    return JSON.stringify(parsed.docs.map((d) => shape(d.contents)));
  } catch {
    return undefined;
  }
}

/** The item lines a range format takes: every item starting in [from, to], whole. */
function linesIn(plan: Map<number, LinePlan>, from: number, to: number): (l: number) => boolean {
  const spans: [number, number][] = [];
  for (const [l, p] of plan) if (l >= from && l <= to) spans.push([l, Math.max(l, p.itemEnd ?? l)]);
  return (l) => (l >= from && l <= to && !plan.has(l)) || spans.some(([a, b]) => l >= a && l <= b);
}

/** How a text is formatted (a whole document, or one piece of a large one). */
interface FormatRequest {
  /** The indentation unit (columns). */
  unit: number;
  /** How deep the text's items go, in units; 'keep': they stay where they are. */
  base: number | 'keep';
  /** Range formatting: the lines (relative to the text). */
  lines?: { from: number; to: number };
  /** How far the line after the text moves (see `Planner.edits`). */
  after?: number | 'root';
}

/**
 * The indentation edits of one text, relative to it: [] when it is tidy, null when it is not
 * formatted (errors, tab indentation, or a result that would not read the same).
 */
export function formatText(text: string, req: FormatRequest): IndentEdit[] | null {
  const { unit, base, lines, after } = req;
  if (/^[ ]*\t/m.test(text)) return null; // tab indentation: not ours to touch
  const parsed = parseCompose(text, true);
  if (parsed.docs.some((d) => d.errors.length)) return null;
  const lineStarts = lineStartsOf(text);
  const plan = (only?: (line: number) => boolean): Planner => {
    const planner = new Planner(text, lineStarts, unit, only);
    for (const d of parsed.docs) {
      const root = d.contents;
      if (!(isMap(root) || isSeq(root)) || root.flow || !root.range) continue;
      // 'keep': the root stays where it is (a piece whose siblings are not formatted)
      const at = planner.indentOf(planner.line(root.range[0]));
      planner.block(root, base === 'keep' ? at : base * unit);
    }
    return planner;
  };
  // the indentation of the line after the text: the next entry's key ('root'), else column 0
  const firstRoot = parsed.docs[0]?.contents?.range?.[0];
  const probe = new Planner(text, lineStarts, unit);
  const afterIndent =
    after === 'root' && firstRoot !== undefined ? probe.indentOf(probe.line(firstRoot)) : 0;
  let edits: IndentEdit[];
  if (lines) {
    // the items starting in the range, whole, indented relative to what stays around them
    const keep = linesIn(plan().plan, lines.from, lines.to);
    edits = plan(keep)
      .edits(lineStarts.length, after, afterIndent)
      .filter((e) => keep(e.line));
  } else edits = plan().edits(lineStarts.length, after, afterIndent);
  if (!edits.length) return [];
  const before = meaning(text);
  return before !== undefined && meaning(apply(text, edits)) === before ? edits : null;
}

export function composeFormat(
  doc: TextDocument,
  parsed: ComposeParsed,
  options: FormattingOptions,
  range?: Range,
): TextEdit[] {
  const unit =
    Number.isInteger(options.tabSize) && options.tabSize > 0 ? Math.min(options.tabSize, 8) : 2;
  const lines = range ? { from: range.start.line, to: range.end.line } : undefined;
  const out: TextEdit[] = [];
  const toEdit = (base: number, e: IndentEdit): TextEdit => ({
    range: { start: doc.positionAt(base + e.start), end: doc.positionAt(base + e.end) },
    newText: ' '.repeat(e.indent),
  });
  const text = doc.getText();
  const index = parsed.index();
  if (!index.count) return out; // nothing, or a large document that cannot be cut (see work.ts)
  if (index.piece(0).whole) {
    for (const e of formatText(text, { unit, base: 0, lines }) ?? []) out.push(toEdit(0, e));
    return out;
  }
  /** Every entry of piece i's section starts within the lines. */
  const sectionIn = (i: number, l: { from: number; to: number }): boolean => {
    const at = index.piece(i).sectionStart;
    for (let j = 0; j < index.count; j++) {
      const q = index.piece(j);
      if (q.sectionStart !== at) continue;
      const line = doc.positionAt(q.start).line;
      if (line < l.from || line > l.to) return false;
    }
    return true;
  };
  // a large document: piece by piece, each piece's whole-piece edits kept with it; a piece that
  // cannot be formatted (errors …) leaves the whole document as it is, as for a small one
  for (let i = 0; i < index.count; i++) {
    const p = index.piece(i);
    const first = doc.positionAt(p.start).line;
    const last = doc.positionAt(Math.max(p.start, p.end - 1)).line;
    // an entry too long to parse for a request (see work.ts): the document is left as it is
    if (p.end - p.start > MAX_ENTRY_CHARS) return [];
    if (lines && (last < lines.from || first > lines.to)) continue;
    const depth = p.section === undefined ? 0 : 1;
    const piece = (): string => text.slice(p.start, p.end);
    // the next line is the next entry's key (it moves as this one's does), a top-level key
    // (it stays), or none
    const next = i + 1 < index.count ? index.piece(i + 1) : undefined;
    const after =
      next === undefined
        ? undefined
        : p.section !== undefined && next.sectionStart === p.sectionStart
          ? 'root'
          : 0;
    // a range that leaves out some entries of a section: the entries keep their column
    const base = lines && p.section !== undefined && !sectionIn(i, lines) ? 'keep' : depth;
    const edits = lines
      ? formatText(piece(), {
          unit,
          base,
          lines: { from: lines.from - first, to: lines.to - first },
          after,
        })
      : index.memo(i, `format:${unit}:${String(after)}`, () =>
          formatText(piece(), { unit, base: depth, after }),
        );
    if (edits === null) return [];
    for (const e of edits) out.push(toEdit(p.start, e));
  }
  return out;
}
