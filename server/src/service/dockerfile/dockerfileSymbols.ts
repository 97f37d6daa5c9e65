/**
 * The outline (hierarchical documentSymbol): the parser directives and the global ARGs at the top,
 * then one symbol per build stage (named by its stage name, or by its image when it has none)
 * holding its instructions; ARG and ENV instructions show the variables they declare.
 */
import { SymbolKind, type DocumentSymbol, type Range } from 'vscode-languageserver-types';
import type { DocsIndex } from '../docs/docsIndex';
import { message } from '../docs/messages';
import type { DockerfileModel, ModelInstruction } from './dockerfileModel';

/** At most this many characters of an instruction's arguments in its detail. */
const DETAIL_MAX = 60;

function lineRange(m: DockerfileModel, start: number, end: number): Range {
  const last = m.lines[end] ?? '';
  return {
    start: { line: start, character: 0 },
    end: { line: end, character: last.endsWith('\r') ? last.length - 1 : last.length },
  };
}

/** The arguments of the instruction's first line, shortened. */
function detailOf(m: DockerfileModel, ins: ModelInstruction): string {
  const first = (m.lines[ins.start] ?? '').replace(/\r$/, '').trim();
  let rest = first.slice(ins.keyword.length).trim();
  if (rest.endsWith(m.escape)) rest = rest.slice(0, -1).trimEnd();
  if (ins.end > ins.start) rest += ' …';
  return rest.length > DETAIL_MAX ? `${rest.slice(0, DETAIL_MAX - 1)}…` : rest;
}

function instructionSymbols(m: DockerfileModel, k: number): DocumentSymbol[] {
  const ins = m.instructions[k];
  const range = lineRange(m, ins.start, ins.end);
  const names = m.names.get(k);
  if (names && (ins.keyword === 'ARG' || ins.keyword === 'ENV') && names.declarations.length)
    return names.declarations.map((d) => ({
      name: d.name,
      detail: d.hasValue ? `${ins.keyword} = ${d.value}` : ins.keyword,
      kind: SymbolKind.Variable,
      range,
      selectionRange: d.range,
    }));
  const lead = /^[\s\uFEFF]*/.exec(m.lines[ins.start] ?? '')?.[0].length ?? 0;
  const selection = names?.keywordRange ?? {
    start: { line: ins.start, character: lead },
    end: { line: ins.start, character: lead + ins.keyword.length },
  };
  return [
    {
      name: ins.keyword || '?',
      detail: detailOf(m, ins),
      kind: SymbolKind.Function,
      range,
      selectionRange: selection,
    },
  ];
}

/** The outline of a Dockerfile (once per version and set of notes, which name unnamed stages). */
export function dockerfileSymbols(m: DockerfileModel, docs: DocsIndex): DocumentSymbol[] {
  const byNotes = m.memo('symbols', () => new WeakMap<DocsIndex, DocumentSymbol[]>());
  let out = byNotes.get(docs);
  if (!out) byNotes.set(docs, (out = outline(m, docs)));
  return out;
}

function outline(m: DockerfileModel, docs: DocsIndex): DocumentSymbol[] {
  const out: DocumentSymbol[] = [];
  for (const d of m.directives)
    out.push({
      name: d.name,
      detail: d.value,
      kind: SymbolKind.Property,
      range: lineRange(m, d.line, d.line),
      selectionRange: d.nameRange,
    });
  let k = 0;
  for (; k < m.instructions.length && m.instructions[k].stage < 0; k++)
    out.push(...instructionSymbols(m, k));
  for (const s of m.stages) {
    const from = m.instructions[s.from];
    const children: DocumentSymbol[] = [];
    for (k = s.from + 1; k < m.instructions.length && m.instructions[k].stage === s.index; k++)
      children.push(...instructionSymbols(m, k));
    const image = s.image?.name ?? '';
    out.push({
      name: s.name?.name ?? (image || 'FROM'),
      detail: s.name ? image : (message(docs, 'build stages', 'outline', { index: s.index }) ?? ''),
      kind: SymbolKind.Class,
      range: lineRange(m, s.start, s.end),
      selectionRange: s.name?.range ?? s.image?.range ?? lineRange(m, from.start, from.start),
      children,
    });
  }
  return out;
}
