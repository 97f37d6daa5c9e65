/**
 * Where a converted service goes in an existing compose file: at the end of the `services:` block
 * under a name no other service has, with the named volumes and networks it needs added to the
 * top-level sections (an entry the file already has is left as it is). Text edits on the file as it
 * is; nothing else in it moves.
 */
import { isMap, isPair, isScalar, parseDocument, type Pair } from 'yaml';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextEdit } from 'vscode-languageserver-types';
import type { DocsIndex } from '../docs/docsIndex';
import { composeFileText, serviceLines, type RunConversion } from './runToCompose';
import { writeEntries } from './yamlOut';

export interface ComposeInsertion {
  /** The service's name in the file (the proposed one, or the first free `name-2`, `name-3` …). */
  name: string;
  edits: TextEdit[];
  /** The line of the service's key once the edits are applied. */
  line: number;
  /** The whole text after the edits. */
  text: string;
}

/** A free service name: `base`, else `base-2`, `base-3` … */
export function freeName(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base}-${i}`)) return `${base}-${i}`;
}

interface Block {
  pair: Pair;
  /** Offset just after the last line of the block (its content, without trailing blank lines). */
  end: number;
  /** Column of the block's first entry (undefined when it has none). */
  column?: number;
  /** The value is empty (`services:` alone, or `services: {}`): where the `{}` is, to be removed. */
  empty?: [number, number];
  /** A blank line comes before one of its entries after the first (entries kept apart). */
  spaced?: boolean;
}

function lineEnd(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  return nl < 0 ? text.length : nl + 1;
}

/** The extent of a top-level key's block: its line and every indented or blank line after it. */
function block(text: string, pair: Pair): Block | undefined {
  const keyRange = isScalar(pair.key) ? pair.key.range : undefined;
  if (!keyRange) return undefined;
  let end = lineEnd(text, keyRange[0]);
  let i = end;
  let column: number | undefined;
  let blank = false;
  let spaced = false;
  while (i < text.length) {
    const next = lineEnd(text, i);
    const line = text.slice(i, next).replace(/\r?\n$/, '');
    if (line.trim() === '') {
      blank = true;
      i = next;
      continue;
    }
    if (!/^\s/.test(line)) break;
    const indent = line.length - line.trimStart().length;
    if (column === undefined && !line.trim().startsWith('#')) column = indent;
    else if (blank && indent === column) spaced = true;
    blank = false;
    end = next;
    i = next;
  }
  const value = pair.value;
  let empty: [number, number] | undefined;
  if (value === null || (isScalar(value) && (value.value === null || value.value === '')))
    empty = [end, end];
  else if (isMap(value) && value.flow) {
    if (value.items.length || !value.range) return undefined; // a flow mapping with entries: not ours to rewrite
    let from = value.range[0];
    while (from > 0 && (text[from - 1] === ' ' || text[from - 1] === '\t')) from--;
    empty = [from, value.range[1]];
  } else if (!isMap(value)) return undefined;
  return { pair, end, column, empty, spaced };
}

/**
 * The edits that add a converted service to a compose file's text (`undefined` text: the file does
 * not exist yet, and the edit is its whole content). Undefined when the file cannot take it (not
 * a mapping, or `services` written as a flow mapping with entries).
 */
export function insertService(
  docs: DocsIndex,
  conv: RunConversion,
  uri: string,
  text: string | undefined,
): ComposeInsertion | undefined {
  if (text === undefined || text.trim() === '') {
    const whole = composeFileText(docs, conv);
    const old = text ?? '';
    const doc = TextDocument.create(uri, 'dockercompose', 0, old);
    const line = whole.split('\n').findIndex((l) => l === `  ${conv.name}:`);
    return {
      name: conv.name,
      edits: [
        {
          range: { start: { line: 0, character: 0 }, end: doc.positionAt(old.length) },
          newText: whole,
        },
      ],
      line,
      text: whole,
    };
  }
  let parsed;
  try {
    parsed = parseDocument(text, { strict: false, uniqueKeys: false });
  } catch {
    return undefined;
  }
  const root = parsed.contents;
  if (!isMap(root) || root.flow) return undefined;
  const top = new Map<string, Pair>();
  for (const p of root.items) if (isPair(p) && isScalar(p.key)) top.set(String(p.key.value), p);
  const doc = TextDocument.create(uri, 'dockercompose', 0, text);
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const inserts = new Map<number, string[]>();
  const removals: [number, number][] = [];
  const insert = (offset: number, lines: string[]): void => {
    const list = inserts.get(offset) ?? [];
    list.push(...lines);
    inserts.set(offset, list);
  };

  const servicesPair = top.get('services');
  const services = servicesPair ? block(text, servicesPair) : undefined;
  if (servicesPair && !services) return undefined;
  const taken = new Set<string>();
  if (services && isMap(services.pair.value))
    for (const p of services.pair.value.items) if (isScalar(p.key)) taken.add(String(p.key.value));
  const name = freeName(conv.name, taken);
  const unit = services?.column ?? detectUnit(text);
  const lines = serviceLines(docs, conv, name, unit);
  let serviceOffset: number;
  if (services) {
    if (services.empty && services.empty[0] !== services.empty[1]) removals.push(services.empty);
    serviceOffset = services.end;
    insert(serviceOffset, services.spaced ? ['', ...lines] : lines);
  } else {
    serviceOffset = text.length;
    insert(serviceOffset, ['services:', ...lines]);
  }
  for (const [section, map] of [
    ['volumes', conv.volumes],
    ['networks', conv.networks],
  ] as const) {
    const pair = top.get(section);
    const b = pair ? block(text, pair) : undefined;
    const existing = new Set<string>();
    if (b && isMap(b.pair.value))
      for (const p of b.pair.value.items) if (isScalar(p.key)) existing.add(String(p.key.value));
    const missing = new Map([...map.entries].filter(([k]) => !existing.has(k)));
    if (!missing.size || (pair && !b)) continue;
    const entries = writeEntries({ kind: 'map', entries: missing }, 1, b?.column ?? unit);
    if (b) {
      if (b.empty && b.empty[0] !== b.empty[1]) removals.push(b.empty);
      insert(b.end, entries);
    } else insert(text.length, [`${section}:`, ...entries]);
  }

  const edits: TextEdit[] = [];
  for (const [s, e] of removals)
    edits.push({ range: { start: doc.positionAt(s), end: doc.positionAt(e) }, newText: '' });
  for (const [offset, added] of [...inserts].sort((a, b) => a[0] - b[0])) {
    // at the end of a file without a final newline, start a line first
    const lead = offset === text.length && text.length && !text.endsWith('\n') ? eol : '';
    edits.push({
      range: { start: doc.positionAt(offset), end: doc.positionAt(offset) },
      newText: `${lead}${added.join(eol)}${eol}`,
    });
  }
  const after = TextDocument.applyEdits(doc, edits);
  // the service key's line: where its lines went in, after its comment
  const key = `${' '.repeat(unit)}${name}:`;
  const afterLines = after.split(/\r?\n/);
  const line = afterLines.indexOf(key, Math.max(0, doc.positionAt(serviceOffset).line - 1));
  return { name, edits, line, text: after };
}

/** The indentation unit of a compose file (the smallest indentation of a key), 2 when none. */
function detectUnit(text: string): number {
  const m = /^( +)[^\s#-]/m.exec(text);
  return m ? Math.min(8, m[1].length) : 2;
}
