/**
 * Compose documents are parsed with `yaml` (ranges kept); this module finds the key path at an
 * offset and maps raw key paths to note paths (`services.web.ports` -> `services.*.ports`).
 */
import {
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  parseAllDocuments,
  type Document,
  type Node as YamlNode,
  type Pair,
  type Scalar,
  type YAMLMap,
  type ScalarTag,
  type CollectionTag,
  YAMLSeq,
  YAMLMap as YAMLMapClass,
  CST,
  Lexer,
} from 'yaml';
import type { DocsIndex } from '../docs/docsIndex';
import { countWork } from '../work';

export interface ParsedCompose {
  docs: Document.Parsed[];
  /** Indentation unit seen in the file (2 when unknown). */
  indent: number;
  /**
   * Only a slice of the document around the cursor was read (a part too long to read whole, see
   * work.ts): names declared elsewhere in the file are not known.
   */
  partial?: boolean;
}

// Compose's merge tags: accepted as plain values so they produce no errors.
function tags(): (ScalarTag | CollectionTag)[] {
  const out: (ScalarTag | CollectionTag)[] = [];
  for (const tag of ['!reset', '!override']) {
    out.push({ tag, resolve: (v: string) => v });
    out.push({ tag, collection: 'map', nodeClass: YAMLMapClass } as unknown as CollectionTag);
    out.push({ tag, collection: 'seq', nodeClass: YAMLSeq } as unknown as CollectionTag);
  }
  return out;
}
const CUSTOM_TAGS = tags();

/**
 * `keepSourceTokens`: every collection keeps its CST token (`srcToken`), with the offsets of its
 * indicators (the formatter reads them; it triples the memory of the parse, so only there).
 */
export function parseCompose(text: string, keepSourceTokens = false): ParsedCompose {
  countWork('yaml', text.length);
  let docs: Document.Parsed[];
  try {
    const all = parseAllDocuments(text, {
      customTags: CUSTOM_TAGS,
      uniqueKeys: false,
      strict: false,
      prettyErrors: false,
      keepSourceTokens,
    });
    docs = Array.isArray(all) ? all : [];
  } catch {
    docs = [];
  }
  return { docs, indent: detectIndent(text) };
}

function detectIndent(text: string): number {
  let best = 0;
  const limit = Math.min(text.length, 20000);
  let i = 0;
  while (i < limit) {
    const nl = text.indexOf('\n', i);
    const end = nl < 0 ? limit : nl;
    let n = 0;
    while (i + n < end && text[i + n] === ' ') n++;
    if (n > 0 && i + n < end && text[i + n] !== '#' && (best === 0 || n < best)) best = n;
    if (best === 2) break;
    i = end + 1;
  }
  return best > 0 && best <= 8 ? best : 2;
}

export interface KeyStep {
  key: string;
  pair: Pair;
  map: YAMLMap;
}

export interface Location {
  /** Keys from the root down to the innermost pair the offset is in. */
  chain: KeyStep[];
  /** The offset is on the key of the last step. */
  onKey: boolean;
  /** The scalar value under the offset (when not on a key). */
  scalar?: Scalar;
  /** The offset is on an item of a sequence that is the value of the last step. */
  inSequence: boolean;
  doc: Document.Parsed;
}

export function docAt(parsed: ParsedCompose, offset: number): Document.Parsed | undefined {
  for (const d of parsed.docs) {
    const r = d.range;
    if (offset >= r[0] && offset <= r[2]) return d;
  }
  return parsed.docs[parsed.docs.length - 1];
}

function keyText(node: unknown): string | undefined {
  if (isScalar(node)) {
    return scalarText(node.value);
  }
  return undefined;
}

function within(node: YamlNode | null | undefined, offset: number): boolean {
  const r = node?.range;
  return !!r && offset >= r[0] && offset <= r[1];
}

/**
 * Walk from the root to the innermost node holding the offset. Cost: depth x siblings scanned.
 * `lineStart`: the offset is the first column of a line, which belongs to that line, not to the
 * end of a value above it (a block value's range ends where the next line starts).
 */
export function locate(
  parsed: ParsedCompose,
  offset: number,
  lineStart = false,
): Location | undefined {
  const inside = (r: readonly number[] | null | undefined): boolean =>
    !!r && offset >= r[0] && (offset < r[1] || (offset === r[1] && !(lineStart && r[1] > r[0])));
  const doc = docAt(parsed, offset);
  if (!doc) return undefined;
  const chain: KeyStep[] = [];
  let node: unknown = doc.contents;
  let inSequence = false;
  for (let depth = 0; depth < 200 && node; depth++) {
    if (isMap(node)) {
      let next: unknown = undefined;
      // a key first: the value before it ends where the key's line starts (`networks:` after the
      // `services:` block), and the first column of that line is the key's
      // indexed loops: a large file's skeleton has a pair per service, and an iterator would
      // allocate a result per pair
      const items = node.items;
      for (let i = 0; i < items.length; i++) {
        const pair = items[i];
        if (!isPair(pair)) continue;
        const k = pair.key as YamlNode | null;
        if (!k || !within(k, offset)) continue;
        const key = keyText(k);
        if (key !== undefined) {
          chain.push({ key, pair, map: node });
          return { chain, onKey: true, inSequence: false, doc };
        }
      }
      for (let i = 0; i < items.length; i++) {
        const pair = items[i];
        if (!isPair(pair)) continue;
        const v = pair.value as YamlNode | null;
        if (!v || isAlias(v) || !inside(v.range)) continue;
        const key = keyText(pair.key);
        if (key !== undefined) {
          chain.push({ key, pair, map: node });
          inSequence = false;
          next = v;
          break;
        }
      }
      if (next === undefined)
        return chain.length
          ? { chain, onKey: false, inSequence, doc }
          : { chain, onKey: false, inSequence, doc };
      node = next;
      continue;
    }
    if (isSeq(node)) {
      let next: unknown = undefined;
      for (const item of node.items) {
        const it = item as YamlNode;
        if (it && !isAlias(it) && inside(it.range)) {
          next = it;
          break;
        }
      }
      inSequence = true;
      if (next === undefined) return { chain, onKey: false, inSequence, doc };
      node = next;
      continue;
    }
    if (isScalar(node)) {
      return { chain, onKey: false, scalar: node, inSequence, doc };
    }
    break;
  }
  return { chain, onKey: false, inSequence, doc };
}

/**
 * Map raw keys to a note path: below a `named-mapping` note the key is a user-chosen name and
 * becomes `*`. Returns undefined for extension keys (`x-…`) and merge keys.
 */
export function notePath(docs: DocsIndex, keys: readonly string[]): string | undefined {
  let path = '';
  for (const key of keys) {
    if (key === '<<') return undefined;
    if (path === '' && key.startsWith('x-')) return undefined;
    const parent = path ? docs.compose(path) : undefined;
    if (parent && parent.shape === 'named-mapping') {
      path = `${path}.*`;
    } else if (parent && parent.shape === 'dict') {
      return undefined;
    } else {
      path = path ? `${path}.${key}` : key;
    }
  }
  return path;
}

/** Names declared under a top-level section (services, networks, volumes, …) with their key nodes. */
export function declared(
  doc: Document.Parsed | undefined,
  section: string,
): { name: string; line: Scalar }[] {
  if (!doc || !isMap(doc.contents)) return [];
  const sec = doc.contents.items.find((p) => isPair(p) && keyText(p.key) === section);
  if (!sec || !isMap(sec.value)) return [];
  const out: { name: string; line: Scalar }[] = [];
  for (const p of sec.value.items) {
    const k = keyText(p.key);
    if (k !== undefined && k !== '' && isScalar(p.key)) out.push({ name: k, line: p.key });
  }
  return out;
}

export function mapKeys(map: unknown): string[] {
  if (!isMap(map)) return [];
  return map.items.map((p) => keyText(p.key)).filter((k): k is string => k !== undefined);
}

export { keyText };

/** The text of a YAML scalar's value (strings, numbers, booleans); '' for null and anything else. */
export function scalarText(v: unknown): string {
  switch (typeof v) {
    case 'string':
      return v;
    case 'number':
    case 'boolean':
    case 'bigint':
      return String(v);
    case 'undefined':
    case 'object':
    case 'function':
    case 'symbol':
      return '';
  }
}

/** The anchor tokens of a text, with their offsets (the `yaml` lexer, counted as its parser does). */
export function anchorTokens(text: string): { name: string; offset: number }[] {
  const out: { name: string; offset: number }[] = [];
  let offset = 0;
  let atScalar = false;
  for (const tok of new Lexer().lex(text)) {
    if (atScalar) {
      atScalar = false;
      offset += tok.length;
      continue;
    }
    const type = CST.tokenType(tok);
    if (type === 'scalar') {
      atScalar = true;
      continue;
    }
    if (type === 'doc-mode' || type === 'flow-error-end') continue;
    if (type === 'anchor') out.push({ name: tok.slice(1), offset });
    offset += tok.length;
  }
  return out;
}

/** How many `&name` texts a search looks at before it gives up (bounded work on huge files). */
const MAX_ANCHOR_TRIES = 1000;

/**
 * Is the `&name` text at `at` an anchor token? Its line is read with the yaml lexer (a `&name`
 * in a comment or a quoted or plain scalar is none); bounded: one line.
 */
function isAnchorAt(text: string, name: string, at: number): boolean {
  const start = text.lastIndexOf('\n', at - 1) + 1;
  const nl = text.indexOf('\n', at);
  const line = text.slice(start, nl < 0 ? text.length : nl);
  return anchorTokens(line).some((t) => t.name === name && t.offset === at - start);
}

/**
 * The offset of the `&name` that an alias at `offset` repeats (the last anchor of that name before
 * it; `&name` in a comment or a scalar is none): -1 when there is none, undefined when the search
 * gave up (more than MAX_ANCHOR_TRIES `&name` texts that are no anchor). Reads the lines of the
 * `&name` texts before `offset`, from the nearest, not the whole text.
 */
export function findAnchorBefore(text: string, name: string, offset: number): number | undefined {
  let at = offset;
  for (let tries = 0; tries < MAX_ANCHOR_TRIES; tries++) {
    at = text.lastIndexOf(`&${name}`, at - 1);
    if (at < 0) return -1;
    if (isAnchorAt(text, name, at)) return at;
  }
  return undefined;
}

/** {@link findAnchorBefore}, -1 also when the search gave up. */
export function anchorBefore(text: string, name: string, offset: number): number {
  return findAnchorBefore(text, name, offset) ?? -1;
}

/** How many anchors named `name` the text holds (read as anchorBefore reads them); undefined when the search gave up. */
export function anchorCount(text: string, name: string): number | undefined {
  let n = 0;
  let at = -1;
  for (let tries = 0; tries < MAX_ANCHOR_TRIES; tries++) {
    at = text.indexOf(`&${name}`, at + 1);
    if (at < 0) return n;
    if (isAnchorAt(text, name, at)) n++;
  }
  return undefined;
}
