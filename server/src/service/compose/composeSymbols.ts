/**
 * The outline of a compose file (documentSymbol, hierarchical): each top-level key; the named
 * sections (`services`, `networks`, `volumes`, …) hold their entries, and every entry its keys
 * (mapping values hold their keys in turn). A scalar value is the symbol's detail.
 *
 * A large document is read piece by piece (composeIndex.ts): each piece's symbols are kept with it
 * as offsets, and the section symbols are put together around them.
 */
import { isMap, isPair, isScalar, isSeq, type Node as YamlNode, type Pair } from 'yaml';
import { SymbolKind, type DocumentSymbol } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { ComposeParsed } from '../languageService';
import { keyText } from './composeParse';
import { SECTION_KINDS } from './composeWalk';

/** A symbol as offsets (relative to the text it was read from). */
export interface OffsetSymbol {
  name: string;
  detail?: string;
  kind: SymbolKind;
  start: number;
  end: number;
  selStart: number;
  selEnd: number;
  children?: OffsetSymbol[];
}

/** How deep keys are listed below a top-level key. */
const MAX_DEPTH = 6;
const MAX_DETAIL = 60;

function entryKind(section: string | undefined): SymbolKind {
  if (section === 'services') return SymbolKind.Class;
  if (section && SECTION_KINDS[section]) return SymbolKind.Object;
  return SymbolKind.Property;
}

function detailOf(value: unknown, src: string, base: number): string | undefined {
  if (isScalar(value) && value.range) {
    const raw = src.slice(base + value.range[0], base + value.range[1]).replace(/\s+/g, ' ');
    return raw.length > MAX_DETAIL ? `${raw.slice(0, MAX_DETAIL - 1)}…` : raw;
  }
  if (isSeq(value)) return `[${value.items.length}]`;
  return undefined;
}

/** The symbol of one pair; `section`: the top-level key the pair is an entry of. */
function pairSymbol(
  pair: Pair,
  src: string,
  base: number,
  depth: number,
  kind: SymbolKind,
): OffsetSymbol | undefined {
  const key = pair.key as YamlNode | null;
  const name = keyText(key);
  const kr = key?.range;
  if (name === undefined || !kr) return undefined;
  const v = pair.value as YamlNode | null;
  let end = kr[1];
  if (v?.range) end = Math.max(end, v.range[1]);
  // a value's range may run to the next line: end the symbol on its last character
  while (end > kr[1] && /\s/.test(src[base + end - 1])) end--;
  const sym: OffsetSymbol = {
    name: name || '""',
    detail: detailOf(v, src, base),
    kind,
    start: kr[0],
    end,
    selStart: kr[0],
    selEnd: kr[1],
  };
  if (depth < MAX_DEPTH && isMap(v)) {
    const children: OffsetSymbol[] = [];
    for (const p of v.items) {
      if (!isPair(p)) continue;
      const c = pairSymbol(p, src, base, depth + 1, SymbolKind.Property);
      if (c) children.push(c);
    }
    if (children.length) sym.children = children;
  }
  return sym;
}

/** Symbols of the top-level pairs of a root map; `section`: the pairs are entries of it. */
export function rootSymbols(
  root: unknown,
  src: string,
  base: number,
  section: string | undefined,
): OffsetSymbol[] {
  if (!isMap(root)) return [];
  const out: OffsetSymbol[] = [];
  for (const p of root.items) {
    if (!isPair(p)) continue;
    if (section !== undefined) {
      const s = pairSymbol(p, src, base, 1, entryKind(section));
      if (s) out.push(s);
      continue;
    }
    const name = keyText(p.key);
    const s = pairSymbol(
      p,
      src,
      base,
      0,
      name !== undefined && SECTION_KINDS[name] ? SymbolKind.Module : SymbolKind.Property,
    );
    if (!s) continue;
    // entries of a named section
    if (name !== undefined && SECTION_KINDS[name] && s.children)
      for (const c of s.children) c.kind = entryKind(name);
    out.push(s);
  }
  return out;
}

function toDocument(doc: TextDocument, s: OffsetSymbol, base: number): DocumentSymbol {
  const out: DocumentSymbol = {
    name: s.name,
    kind: s.kind,
    range: { start: doc.positionAt(base + s.start), end: doc.positionAt(base + s.end) },
    selectionRange: {
      start: doc.positionAt(base + s.selStart),
      end: doc.positionAt(base + s.selEnd),
    },
  };
  if (s.detail) out.detail = s.detail;
  if (s.children) out.children = s.children.map((c) => toDocument(doc, c, base));
  return out;
}

export function composeSymbols(doc: TextDocument, parsed: ComposeParsed): DocumentSymbol[] {
  const index = parsed.index();
  const text = doc.getText();
  if (!index.count) return [];
  if (index.piece(0).whole) {
    const out: DocumentSymbol[] = [];
    for (const d of parsed.compose.docs)
      for (const s of rootSymbols(d.contents, text, 0, undefined)) out.push(toDocument(doc, s, 0));
    return out;
  }
  // a large document: the pieces' symbols, the entries of a section gathered under it
  const out: DocumentSymbol[] = [];
  let section: DocumentSymbol | undefined;
  for (let i = 0; i < index.count; i++) {
    const p = index.piece(i);
    const symbols = index.symbols(i);
    const docSymbols = symbols.map((s) => toDocument(doc, s, p.start));
    if (p.section === undefined) {
      section = undefined;
      out.push(...docSymbols);
      continue;
    }
    if (!section || section.name !== p.section) {
      const at = doc.positionAt(p.sectionStart ?? p.start);
      const header = {
        start: at,
        end: { line: at.line, character: at.character + p.section.length },
      };
      section = {
        name: p.section,
        kind: SymbolKind.Module,
        range: header,
        selectionRange: header,
        children: [],
      };
      out.push(section);
    }
    section.children?.push(...docSymbols);
    const last = docSymbols[docSymbols.length - 1];
    if (last) section.range = { start: section.range.start, end: last.range.end };
  }
  return out;
}
