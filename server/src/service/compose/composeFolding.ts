/**
 * Folding ranges of a compose file: every key or sequence item whose value runs over several lines
 * (block mappings and sequences, flow collections, block scalars, long quoted or plain scalars),
 * from its line to the last line of its value; and every run of two or more comment lines.
 *
 * A large document is read piece by piece (composeIndex.ts), each piece's ranges kept with it as
 * offsets; the named sections fold from their key to their last entry.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, type Node as YamlNode } from 'yaml';
import { FoldingRangeKind, type FoldingRange } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { ComposeParsed } from '../languageService';

/** A fold as offsets: from the owner's start to the value's last character. */
export interface OffsetFold {
  start: number;
  end: number;
  comment?: boolean;
}

/** Offset of the last non-blank character of a node, plus one. */
function lastChar(src: string, base: number, node: YamlNode): number {
  const r = node.range;
  if (!r) return 0;
  let end = r[1];
  while (end > r[0] && /\s/.test(src[base + end - 1])) end--;
  return end;
}

/** The folds of a node's value and of everything inside it. */
function collect(src: string, base: number, node: unknown, out: OffsetFold[], depth = 0): void {
  if (!node || isAlias(node) || depth > 200) return;
  if (isMap(node)) {
    for (const p of node.items) {
      if (!isPair(p)) continue;
      const k = p.key as YamlNode | null;
      const v = p.value as YamlNode | null;
      if (k?.range && v && !isAlias(v) && v.range)
        out.push({ start: k.range[0], end: lastChar(src, base, v) });
      collect(src, base, v, out, depth + 1);
    }
  } else if (isSeq(node)) {
    for (const it of node.items) {
      const n = it as YamlNode | null;
      if (n && !isAlias(n) && n.range && !isScalar(n))
        out.push({ start: n.range[0], end: lastChar(src, base, n) });
      collect(src, base, it, out, depth + 1);
    }
  }
}

/** Runs of two or more comment lines (outside scalars: a comment line is never inside one). */
function comments(
  src: string,
  from: number,
  to: number,
  inScalar: (offset: number) => boolean,
): OffsetFold[] {
  const out: OffsetFold[] = [];
  let runStart = -1;
  let runEnd = -1;
  let lines = 0;
  const close = (): void => {
    if (lines >= 2) out.push({ start: runStart, end: runEnd, comment: true });
    lines = 0;
  };
  for (let at = from; at < to;) {
    const nl = src.indexOf('\n', at);
    const end = nl < 0 || nl > to ? to : nl;
    const line = src.slice(at, end);
    const m = /^[ \t]*#/.exec(line);
    if (m && !inScalar(at + m[0].length - 1)) {
      if (!lines) runStart = at + m[0].length - 1;
      runEnd = end - (line.endsWith('\r') ? 1 : 0);
      lines++;
    } else close();
    at = end + 1;
  }
  close();
  return out;
}

/** The folds of a root node read from `src` at `base` (offsets relative to `base`). */
export function pieceFolds(
  src: string,
  base: number,
  from: number,
  end: number,
  root: unknown,
): OffsetFold[] {
  const out: OffsetFold[] = [];
  collect(src, base, root, out);
  const scalars: [number, number][] = [];
  const scan = (node: unknown, depth: number): void => {
    if (!node || depth > 200) return;
    if (isScalar(node) && node.range && node.range[1] > node.range[0]) {
      const text = src.slice(base + node.range[0], base + node.range[1]);
      if (text.includes('\n')) scalars.push([node.range[0], node.range[1]]);
    } else if (isMap(node)) {
      for (const p of node.items) {
        if (isPair(p)) {
          scan(p.key, depth + 1);
          scan(p.value, depth + 1);
        }
      }
    } else if (isSeq(node)) for (const it of node.items) scan(it, depth + 1);
  };
  scan(root, 0);
  const inScalar = (offset: number): boolean =>
    scalars.some(([a, b]) => offset - base >= a && offset - base < b);
  for (const c of comments(src, from, end, inScalar))
    out.push({ start: c.start - base, end: c.end - base, comment: true });
  return out;
}

function toRanges(doc: TextDocument, list: OffsetFold[], base: number, out: FoldingRange[]): void {
  for (const f of list) {
    const startLine = doc.positionAt(base + f.start).line;
    const endLine = doc.positionAt(base + f.end).line;
    if (endLine > startLine) {
      const r: FoldingRange = { startLine, endLine };
      if (f.comment) r.kind = FoldingRangeKind.Comment;
      out.push(r);
    }
  }
}

export function composeFolding(doc: TextDocument, parsed: ComposeParsed): FoldingRange[] {
  const index = parsed.index();
  const text = doc.getText();
  const out: FoldingRange[] = [];
  if (!index.count) return out;
  if (index.piece(0).whole) {
    let from = 0;
    for (const d of parsed.compose.docs) {
      const end = Math.min(d.range[2], text.length);
      toRanges(doc, pieceFolds(text, 0, from, end, d.contents), 0, out);
      from = end;
    }
  } else {
    let section: { name: string; fold: FoldingRange } | undefined;
    for (let i = 0; i < index.count; i++) {
      const p = index.piece(i);
      const list = index.folds(i);
      toRanges(doc, list, p.start, out);
      if (p.section === undefined) {
        section = undefined;
        continue;
      }
      const last = list.length
        ? Math.max(...list.filter((f) => !f.comment).map((f) => f.end), 0)
        : 0;
      const endLine = doc.positionAt(p.start + Math.max(last, 0)).line;
      if (!section || section.name !== p.section) {
        section = {
          name: p.section,
          fold: { startLine: doc.positionAt(p.sectionStart ?? p.start).line, endLine },
        };
        out.push(section.fold);
      }
      section.fold.endLine = Math.max(section.fold.endLine, endLine);
    }
  }
  return out.sort((a, b) => a.startLine - b.startLine || b.endLine - a.endLine);
}
