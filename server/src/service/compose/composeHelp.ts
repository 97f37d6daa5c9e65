import { isMap, isScalar, isSeq, type Scalar } from 'yaml';
import {
  CompletionItemKind,
  InsertTextFormat,
  InsertTextMode,
  type CompletionItem,
  type Hover,
  type Position,
} from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { DocsIndex } from '../docs/docsIndex';
import { snippetItems } from '../docs/snippets';
import {
  completionDocumentation,
  displayPath,
  renderNote,
  type NoteRenderOptions,
} from '../docs/render';
import type { NoteEntry } from '../types';
import { message, messagesOf, portText, volumeText, type Messages } from '../docs/messages';
import { parsePortMapping, parseVolumeSpec } from './composeValues';
import { variableHover, type EnvInput } from './composeVariables';
import {
  anchorBefore,
  declared,
  docAt,
  keyText,
  locate,
  mapKeys,
  notePath,
  scalarText,
  type KeyStep,
  type Location,
  type ParsedCompose,
} from './composeParse';

export interface ComposeContext {
  docs: DocsIndex;
  markdown: boolean;
  /** Cards and links for the notes shown (hovers lead with a card). */
  render?: NoteRenderOptions;
  /** The project's `.env`, when the caller read it (the value a `${VAR}` will have). */
  env?: EnvInput;
}

const RETRIGGER = { title: 'Suggest', command: 'editor.action.triggerSuggest' };
const NAMES_NOTE = 'compose names';
const SECTIONS = ['services', 'networks', 'volumes', 'configs', 'secrets', 'models'] as const;
type Section = (typeof SECTIONS)[number];
const isSection = (s: string): s is Section => (SECTIONS as readonly string[]).includes(s);

/** What one entry of a top-level section is called (`service` for `services`). */
function kindOf(docs: DocsIndex, section: string): string {
  return (isSection(section) && message(docs, NAMES_NOTE, `kind-${section}`, {})) || section;
}

function md(
  ctx: ComposeContext,
  e: NoteEntry,
  value?: string,
  /** Lines under the headline (a message the notes do not have is left out). */
  lines?: readonly (string | undefined)[],
): { kind: 'markdown' | 'plaintext'; value: string } {
  const extra = lines?.filter((l): l is string => !!l);
  return {
    kind: ctx.markdown ? 'markdown' : 'plaintext',
    value: renderNote(e, { markdown: ctx.markdown, value, extra, ...ctx.render }),
  };
}

function rangeOf(
  doc: TextDocument,
  node: { range?: [number, number, number] | null },
): { start: Position; end: Position } | undefined {
  const r = node.range;
  return r ? { start: doc.positionAt(r[0]), end: doc.positionAt(r[1]) } : undefined;
}

export function composeHover(
  ctx: ComposeContext,
  doc: TextDocument,
  parsed: ParsedCompose,
  pos: Position,
): Hover | null {
  const offset = doc.offsetAt(pos);
  const loc = locate(parsed, offset, pos.character === 0);
  // `&anchor`, `*alias`, `<<:`
  const fragment = fragmentHover(ctx, doc, pos, loc);
  if (fragment) return fragment;
  if (!loc || !loc.chain.length) return null;
  const { docs } = ctx;
  // inside an x- block that a service merges (`<<: *common`), keys are read as that service's
  const keys = resolvedKeys(doc, () => parsed, loc.chain) ?? loc.chain.map((s) => s.key);
  // Broken YAML (an unclosed quote or bracket) can swallow later lines into one scalar: when the
  // cursor is on what looks like a key on its own line, read the context from indentation instead.
  if (loc.scalar?.range && doc.positionAt(loc.scalar.range[0]).line < pos.line) {
    const line = doc
      .getText({
        start: { line: pos.line, character: 0 },
        end: { line: pos.line + 1, character: 0 },
      })
      .replace(/\r?\n$/, '');
    const m = KEY_LINE.exec(line);
    if (m) {
      const keyStart = line.indexOf(m[3], m[1].length);
      if (pos.character >= keyStart && pos.character <= keyStart + m[3].length) {
        const anchor = anchorFor(
          doc,
          () => parsed,
          { line: pos.line, character: keyStart },
          keyStart,
          -1,
        );
        const path = notePath(docs, [...anchor.keys, m[3]]);
        const note = path ? docs.compose(path) : undefined;
        if (note)
          return {
            contents: md(ctx, note),
            range: {
              start: { line: pos.line, character: keyStart },
              end: { line: pos.line, character: keyStart + m[3].length },
            },
          };
      }
    }
  }
  if (loc.onKey) {
    const last = loc.chain[loc.chain.length - 1];
    if (last.key.startsWith('x-')) return extensionHover(ctx, doc, () => parsed, loc.chain);
    const path = notePath(docs, keys);
    const range = rangeOf(doc, last.pair.key as Scalar);
    if (path === undefined) {
      // a key inside a free-form mapping (environment, labels, …): explain the mapping
      const dictPath = notePath(docs, keys.slice(0, -1));
      const dict = dictPath ? docs.compose(dictPath) : undefined;
      if (dict && dict.shape === 'dict') {
        return {
          contents: md(ctx, dict, undefined, [
            message(
              docs,
              NAMES_NOTE,
              'entry-of',
              { key: last.key, mapping: dict.name.split('.').pop() ?? dict.name },
              ctx.markdown,
            ),
          ]),
          range,
        };
      }
      return null;
    }
    const note = docs.compose(path);
    if (note) return { contents: md(ctx, note), range };
    // a user-chosen name (service, network, …): say what it is
    if (path.endsWith('.*')) {
      const parentPath = path.slice(0, -2);
      const parent = docs.compose(parentPath);
      if (parent) {
        const section = parentPath.split('.').pop() ?? parentPath;
        const say = names(ctx);
        const extra: (string | undefined)[] = [];
        const name = last.key;
        if (parent.refers) {
          const decl = declared(loc.doc, parent.refers).find((d) => d.name === name);
          const kind = kindOf(docs, parent.refers);
          if (decl?.line.range)
            extra.push(
              say('refers-to', { name, kind, line: doc.positionAt(decl.line.range[0]).line + 1 }),
            );
          else if (!parsed.partial)
            extra.push(say('undeclared', { name, kind, section: parent.refers }));
        } else if (parentPath.split('.').length === 1 && isSection(section)) {
          extra.push(say('defined-in', { name, kind: kindOf(docs, section), section: parentPath }));
        } else {
          extra.push(say('chosen-name', { name, path: parentPath.replace(/\.\*/g, '') }));
        }
        if (parentPath === 'services') {
          const v = last.pair.value;
          if (isMap(v)) {
            const image = v.get('image');
            if (typeof image === 'string') extra.push(say('image', { image }));
          }
        }
        return { contents: md(ctx, parent, undefined, extra), range };
      }
    }
    return null;
  }
  // on a value
  const scalar = loc.scalar;
  if (!scalar) return null;
  const interpolation = variableHover(ctx.docs, ctx.markdown, doc, scalar, pos, ctx.env);
  if (interpolation) return interpolation;
  const path = notePath(docs, keys);
  if (!path) return null;
  const note = docs.compose(path);
  if (!note) return null;
  const value = scalarText(scalar.value);
  const extra: (string | undefined)[] = [];
  if (note.refers) {
    // a volume entry names a volume only in `NAME:/path` form (a host path is a bind mount)
    const volume = note.refers === 'volumes' ? parseVolumeSpec(value) : undefined;
    const ref = volume
      ? volume.bind
        ? ''
        : (volume.source ?? '')
      : value.startsWith('service:')
        ? value.slice(8)
        : value.startsWith('container:')
          ? ''
          : value;
    if (ref) {
      const decl = declared(loc.doc, note.refers).find((d) => d.name === ref);
      const kind = kindOf(docs, note.refers);
      const say = names(ctx);
      if (decl && decl.line.range)
        extra.push(
          say('declared-on', {
            name: ref,
            kind,
            line: doc.positionAt(decl.line.range[0]).line + 1,
          }),
        );
      else if (!parsed.partial && !(note.values ?? []).some((v) => v.value === value))
        extra.push(say('undeclared', { name: ref, kind, section: note.refers }));
    }
  }
  if (/(^|\.)ports$/.test(path) && isSeq(loc.chain[loc.chain.length - 1].pair.value)) {
    const m = parsePortMapping(value);
    if (m) extra.push(portText(docs, 'compose', m, ctx.markdown));
  }
  if (path === 'services.*.volumes' && isSeq(loc.chain[loc.chain.length - 1].pair.value)) {
    const v = parseVolumeSpec(value);
    if (v) extra.push(volumeText(docs, 'compose', v, ctx.markdown));
  }
  const range = rangeOf(doc, scalar);
  const known = note.values?.some((v) => v.value === value);
  return { contents: md(ctx, note, known ? value : undefined, extra), range };
}

/** The `compose names` messages, in the hover's markdown or plain text. */
function names(ctx: ComposeContext): Messages<typeof NAMES_NOTE> {
  return messagesOf(ctx.docs, NAMES_NOTE, ctx.markdown);
}

interface Anchor {
  /** Raw keys of the mapping the cursor is in. */
  keys: string[];
  /** Keys already present in that mapping. */
  siblings: string[];
  /** A new sequence item is being typed (`- `). */
  newItem: boolean;
  /** The steps from the root to that mapping, when it was found in the parse. */
  chain?: KeyStep[];
}

const KEY_LINE = /^(\s*)(?:(-)\s+)?("[^"]*"|'[^']*'|[^\s#:'"][^:#]*?)\s*:(\s|$)/;

/** The raw keys of an anchor's mapping as Compose reads them (inside a used x- fragment, too). */
function keysOf(doc: TextDocument, parses: Parses, anchor: Anchor): string[] {
  return (anchor.chain && resolvedKeys(doc, parses, anchor.chain)) ?? anchor.keys;
}

/**
 * The parse that is exact at a line (`-1`: one with every top-level key): one parse for small
 * documents, for large ones the window of the line (see composeWindow.ts), so that a lookup parses
 * only the entry it reads.
 */
export type Parses = (line: number) => ParsedCompose;

/** Find the mapping that the cursor line belongs to, by indentation, using the AST for the path. */
function anchorFor(
  doc: TextDocument,
  parses: Parses,
  pos: Position,
  keyCol: number,
  dashCol: number,
): Anchor & { parsed: ParsedCompose } {
  const text = doc.getText();
  const limit = Math.max(0, pos.line - 5000);
  const want = dashCol >= 0 ? dashCol : keyCol;
  // the lines above, from the end of the previous one; a line at least as deep as `want` is
  // skipped on its indentation alone (no line has less than none: a top-level key skips the walk)
  let end = want > 0 ? doc.offsetAt({ line: pos.line, character: 0 }) - 1 : -1;
  for (let line = pos.line - 1; line >= limit && end >= 0; line--) {
    const start = text.lastIndexOf('\n', end - 1) + 1;
    const lineEnd = end;
    end = start - 1;
    let i = start;
    while (i < lineEnd && (text[i] === ' ' || text[i] === '\t')) i++;
    if (i - start >= want || i >= lineEnd || text[i] === '#' || text[i] === '\r') continue;
    const t = text.slice(start, lineEnd).replace(/\r$/, '');
    if (!t.trim() || /^---|^\.\.\./.test(t)) continue;
    const ind = t.length - t.trimStart().length;
    const m = KEY_LINE.exec(t);
    const isDash = /^\s*-(\s|$)/.test(t);
    if (!m && !isDash) continue;
    const parsed = parses(line);
    if (isDash && dashCol < 0) {
      // a `- key: v` line whose item we are inside
      const keyOffset = start + (m ? t.indexOf(m[3], ind + 1) : ind);
      const loc = locate(parsed, keyOffset);
      if (!loc) break;
      const keys = loc.chain.map((s) => s.key);
      const last = loc.chain[loc.chain.length - 1];
      return {
        keys: m ? keys.slice(0, -1) : keys,
        siblings: m && last ? mapKeys(last.map) : [],
        newItem: false,
        chain: m ? loc.chain.slice(0, -1) : loc.chain,
        parsed,
      };
    }
    if (!m) continue;
    const keyOffset = start + t.indexOf(m[3], ind);
    const loc = locate(parsed, keyOffset);
    if (!loc || !loc.onKey) break;
    const keys = loc.chain.map((s) => s.key);
    const value = loc.chain[loc.chain.length - 1].pair.value;
    return {
      keys,
      siblings: dashCol >= 0 ? [] : mapKeys(value),
      newItem: dashCol >= 0,
      chain: loc.chain,
      parsed,
    };
  }
  const parsed = parses(-1);
  const d = docAt(parsed, doc.offsetAt(pos));
  return { keys: [], siblings: d ? mapKeys(d.contents) : [], newItem: false, parsed };
}

export function composeCompletion(
  ctx: ComposeContext,
  doc: TextDocument,
  parses: Parses,
  pos: Position,
): CompletionItem[] {
  const { docs } = ctx;
  const lineText = doc.getText({ start: { line: pos.line, character: 0 }, end: pos });
  if (/^\s*#/.test(lineText)) return [];

  // value after `key: `
  const vm = /^(\s*)(?:(-)\s+)?([A-Za-z0-9_.-]+):\s+(["']?)([^\s"']*)$/.exec(lineText);
  if (vm) {
    const keyCol = vm[1].length + (vm[2] ? vm[0].indexOf(vm[3]) - vm[1].length : 0);
    const anchor = anchorFor(doc, parses, pos, keyCol, -1);
    const keys = keysOf(doc, parses, anchor);
    const path = notePath(docs, [...keys, vm[3]]);
    const note = path ? docs.compose(path) : undefined;
    if (!note) return [];
    return valueItems(ctx, doc, anchor.parsed, note, pos, vm[5], keys);
  }
  // sequence item: `- partial`
  const sm = /^(\s*)-\s+([A-Za-z0-9_.-]*)$/.exec(lineText);
  if (sm) {
    const dashCol = sm[1].length;
    const keyCol = lineText.length - sm[2].length;
    const anchor = anchorFor(doc, parses, pos, keyCol, dashCol);
    const path = notePath(docs, anchor.keys);
    const note = path !== undefined && path !== '' ? docs.compose(path) : undefined;
    const out: CompletionItem[] = [];
    if (note) out.push(...valueItems(ctx, doc, anchor.parsed, note, pos, sm[2], anchor.keys));
    if (path) out.push(...keyItems(ctx, path, [], pos, sm[2], keyCol, anchor.parsed.indent));
    return out;
  }
  // a key being typed
  const km = /^(\s*)([A-Za-z0-9_.-]*)$/.exec(lineText);
  if (km) {
    const keyCol = km[1].length;
    const anchor = anchorFor(doc, parses, pos, keyCol, -1);
    const path = notePath(docs, keysOf(doc, parses, anchor));
    if (path === undefined) return [];
    // a new service: the service snippets (a whole service, valid only here)
    if (path === 'services') return snippetItems(ctx, 'compose', ['service'], pos, km[2]);
    const parent = path ? docs.compose(path) : undefined;
    if (
      parent &&
      (parent.shape === 'named-mapping' || parent.shape === 'dict' || parent.shape === 'scalar')
    ) {
      return [];
    }
    const keys = keyItems(ctx, path, anchor.siblings, pos, km[2], keyCol, anchor.parsed.indent);
    if (path !== '' || keyCol !== 0) return keys;
    // the top level: the stack snippets, when the file has none of the top-level keys they write
    const have = new Set(anchor.siblings.filter((k) => k !== km[2]));
    return keys.concat(
      snippetItems(ctx, 'compose', ['file', 'top-level'], pos, km[2], (body) =>
        topLevelKeys(body).every((k) => !have.has(k)),
      ),
    );
  }
  return [];
}

function keyItems(
  ctx: ComposeContext,
  parentPath: string,
  present: string[],
  pos: Position,
  typed: string,
  keyCol: number,
  unit: number,
): CompletionItem[] {
  const children = ctx.docs.composeChildrenOf(parentPath);
  const have = new Set(present.filter((k) => k !== typed));
  const range = { start: { line: pos.line, character: pos.character - typed.length }, end: pos };
  const childIndent = ' '.repeat(keyCol + unit);
  const out: CompletionItem[] = [];
  for (const e of children) {
    const key = e.name.slice(parentPath ? parentPath.length + 1 : 0);
    if (key === '*' || have.has(key)) continue;
    let newText: string;
    let retrigger = false;
    switch (e.shape ?? 'scalar') {
      case 'mapping':
      case 'named-mapping':
      case 'dict':
        newText = `${key}:\n${childIndent}$0`;
        break;
      case 'sequence':
        newText = `${key}:\n${childIndent}- $0`;
        retrigger = !!(e.refers || e.values?.length);
        break;
      case 'scalar':
        newText = `${key}: $0`;
        retrigger = !!(e.refers || e.values?.length);
    }
    out.push({
      label: key,
      kind: e.shape === 'scalar' ? CompletionItemKind.Property : CompletionItemKind.Module,
      detail: e.summary,
      documentation: completionDocumentation(e, ctx.markdown),
      textEdit: { range, newText },
      insertTextFormat: InsertTextFormat.Snippet,
      insertTextMode: InsertTextMode.asIs,
      command: retrigger ? RETRIGGER : undefined,
      tags: e.deprecated ? [1] : undefined,
      // the keys people use most first (usage counts of real compose files), then by name
      sortText: `${e.deprecated ? 'z' : 'a'}${DocsIndex.rank(ctx.docs.usage('compose-key', e.name))}${key}`,
    });
  }
  return out;
}

/** The top-level keys a compose snippet writes. */
function topLevelKeys(body: string): string[] {
  return [...body.matchAll(/^([A-Za-z_][\w.-]*)[ \t]*:/gm)].map((m) => m[1]);
}

function valueItems(
  ctx: ComposeContext,
  doc: TextDocument,
  parsed: ParsedCompose,
  note: NoteEntry,
  pos: Position,
  typed: string,
  ownerKeys: string[],
): CompletionItem[] {
  const range = { start: { line: pos.line, character: pos.character - typed.length }, end: pos };
  const out: CompletionItem[] = [];
  note.values?.forEach((v, i) => {
    if (/[<{[]/.test(v.value)) return; // templates such as service:<name> are expanded below
    // YAML 1.1 readers take a bare no/yes/on/off as a boolean: insert such strings quoted
    const newText =
      /^(no|yes|on|off|y|n)$/i.test(v.value) && !typed.startsWith('"') ? `"${v.value}"` : v.value;
    out.push({
      label: v.value,
      kind: CompletionItemKind.EnumMember,
      detail: v.summary,
      documentation: completionDocumentation(note, ctx.markdown, v.value),
      textEdit: { range, newText },
      filterText: newText,
      // the values people use most first, then in the note's order
      sortText: `a${DocsIndex.rank(ctx.docs.usage('compose-key', note.name, undefined, v.value))}${String(i).padStart(3, '0')}`,
    });
  });
  if (note.refers) {
    const d = docAt(parsed, doc.offsetAt(pos));
    const self = ownerKeys[0] === 'services' ? ownerKeys[1] : undefined;
    const prefixed = note.values?.some((v) => v.value.startsWith('service:'));
    for (const decl of declared(d, note.refers)) {
      if (note.refers === 'services' && decl.name === self) continue;
      const label = prefixed ? `service:${decl.name}` : decl.name;
      out.push({
        label,
        kind: CompletionItemKind.Reference,
        detail: message(ctx.docs, NAMES_NOTE, 'declared-detail', {
          kind: kindOf(ctx.docs, note.refers),
          line: decl.line.range ? doc.positionAt(decl.line.range[0]).line + 1 : '?',
        }),
        textEdit: { range, newText: label },
        sortText: `0${decl.name}`,
      });
    }
  }
  return out;
}

export { isScalar, keyText };

/* ---- YAML fragments: anchors, aliases, merge keys and the x- extension fields that hold them ---- */

const ANCHORS_NOTE = 'YAML anchors and aliases';
const EXTENSIONS_NOTE = 'compose extension fields';

interface Token {
  sigil: '&' | '*';
  name: string;
  start: number;
  end: number;
}

/**
 * The `&anchor` and `*alias` tokens of a line (outside quotes and comments), with their columns.
 * An anchor name runs to a blank or a flow indicator.
 */
function fragmentTokens(line: string): Token[] {
  const out: Token[] = [];
  let quote = '';
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quote) {
      if (ch === quote) quote = '';
      continue;
    }
    const before = i === 0 ? ' ' : line[i - 1];
    const boundary = /[\s[{,]/.test(before);
    if ((ch === '"' || ch === "'") && boundary) quote = ch;
    else if (ch === '#' && /\s/.test(before)) break;
    // only where a node starts: at the line's start, after `key:`, `- `, `? `, `[`, `{`, `,`, or
    // after a tag or another anchor (`&&` in `command: a && b` is text)
    else if (
      (ch === '&' || ch === '*') &&
      boundary &&
      /(^|[:\-?[{,]|[!&]\S*)\s*$/.test(line.slice(0, i))
    ) {
      let j = i + 1;
      while (j < line.length && !/[\s,[\]{}]/.test(line[j])) j++;
      if (j > i + 1) out.push({ sigil: ch, name: line.slice(i + 1, j), start: i, end: j });
      i = j - 1;
    }
  }
  return out;
}

/** The line holding `offset` in a text: its start offset and its text (without the newline). */
function lineOf(text: string, offset: number): { start: number; text: string } {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  const nl = text.indexOf('\n', offset);
  return { start, text: text.slice(start, nl < 0 ? text.length : nl).replace(/\r$/, '') };
}

/** A token `&name` or `*name` of the text at this offset (checked against its line). */
function tokenAt(text: string, offset: number, sigil: '&' | '*', name: string): boolean {
  const { start, text: line } = lineOf(text, offset);
  return fragmentTokens(line).some(
    (t) => t.sigil === sigil && t.name === name && t.start === offset - start,
  );
}

interface AliasUse {
  /** Offset of the `*name` token. */
  offset: number;
  /** `<<: *name` (a merge) rather than `key: *name`. */
  merge: boolean;
  /** The raw keys of the mapping the node is merged into, or of the key whose value it is. */
  target: string[];
}

/** The first use of `*name` after `from`, with the keys it puts the labelled node under. */
function aliasUse(
  doc: TextDocument,
  parses: Parses,
  name: string,
  from: number,
): AliasUse | undefined {
  const text = doc.getText();
  let at = from;
  for (let tries = 0; tries < 1000; tries++) {
    at = text.indexOf(`*${name}`, at + 1);
    if (at < 0) return undefined;
    if (!tokenAt(text, at, '*', name)) continue;
    const { start, text: line } = lineOf(text, at);
    const head = line.slice(0, at - start);
    const pos = doc.positionAt(start);
    const merge = /^(\s*)(?:-\s+)?<<\s*:\s*(?:\[[^\]]*)?$/.exec(head);
    if (merge) {
      const keyCol = head.indexOf('<<');
      const parent = anchorFor(doc, parses, { line: pos.line, character: keyCol }, keyCol, -1);
      return { offset: at, merge: true, target: parent.keys };
    }
    const keyed = /^(\s*)(?:-\s+)?([^\s#'"&*][^:#]*?)\s*:\s*$/.exec(head);
    if (keyed) {
      const keyCol = head.indexOf(keyed[2], keyed[1].length);
      const parent = anchorFor(doc, parses, { line: pos.line, character: keyCol }, keyCol, -1);
      return { offset: at, merge: false, target: [...parent.keys, keyed[2]] };
    }
  }
  return undefined;
}

/**
 * The keys of a key path inside a top-level `x-` block as Compose reads them where the block is
 * used: `x-common.restart`, merged into `services.web` with `<<: *common`, is
 * `services.web.restart`. Undefined when the path is not inside a used fragment.
 */
function resolvedKeys(
  doc: TextDocument,
  parses: Parses,
  chain: readonly KeyStep[],
): string[] | undefined {
  if (!chain.length || !chain[0].key.startsWith('x-')) return undefined;
  for (let i = 0; i < chain.length; i++) {
    const value = chain[i].pair.value as { anchor?: string; range?: number[] | null } | null;
    const name = value?.anchor;
    if (!name || !value?.range) continue;
    const use = aliasUse(doc, parses, name, value.range[0]);
    if (use) return [...use.target, ...chain.slice(i + 1).map((s) => s.key)];
  }
  return undefined;
}

/** Hover on `&anchor`, `*alias` or a `<<` merge key: what it is and where the anchor is. */
function fragmentHover(
  ctx: ComposeContext,
  doc: TextDocument,
  pos: Position,
  loc: Location | undefined,
): Hover | null {
  const note = ctx.docs.get('concept', ANCHORS_NOTE);
  if (!note) return null;
  const text = doc.getText();
  const line = doc.getText({
    start: { line: pos.line, character: 0 },
    end: { line: pos.line + 1, character: 0 },
  });
  const token = fragmentTokens(line.replace(/\r?\n$/, '')).find(
    (t) => pos.character >= t.start && pos.character <= t.end,
  );
  const lineNo = (offset: number): number => doc.positionAt(offset).line + 1;
  const say = (message: string | undefined, start: number, end: number): Hover | null =>
    message
      ? {
          contents: md(ctx, note, undefined, [message]),
          range: {
            start: { line: pos.line, character: start },
            end: { line: pos.line, character: end },
          },
        }
      : null;
  if (token?.sigil === '&')
    return say(
      message(ctx.docs, ANCHORS_NOTE, 'anchor', { name: token.name }),
      token.start,
      token.end,
    );
  if (token?.sigil === '*') {
    const at = anchorBefore(text, token.name, doc.offsetAt(pos) - (pos.character - token.start));
    return say(
      at >= 0
        ? message(ctx.docs, ANCHORS_NOTE, 'alias', { name: token.name, line: lineNo(at) })
        : message(ctx.docs, ANCHORS_NOTE, 'alias-undefined', { name: token.name }),
      token.start,
      token.end,
    );
  }
  const last = loc?.onKey ? loc.chain[loc.chain.length - 1] : undefined;
  if (last?.key !== '<<') return null;
  const key = last.pair.key as Scalar;
  const r = key.range;
  if (!r) return null;
  const sources = [...line.slice(doc.positionAt(r[1]).character).matchAll(/\*([^\s,[\]{}#]+)/g)];
  const messages = sources.map((m) => {
    const name = m[1];
    const at = anchorBefore(text, name, r[0]);
    return at >= 0
      ? message(ctx.docs, ANCHORS_NOTE, 'merge', { name, line: lineNo(at) })
      : message(ctx.docs, ANCHORS_NOTE, 'merge-undefined', { name });
  });
  const start = doc.positionAt(r[0]).character;
  return {
    contents: md(ctx, note, undefined, messages),
    range: {
      start: { line: pos.line, character: start },
      end: { line: pos.line, character: start + 2 },
    },
  };
}

/** Hover on an `x-` key: an extension field, and where Compose reads the fragment it labels. */
function extensionHover(
  ctx: ComposeContext,
  doc: TextDocument,
  parses: Parses,
  chain: readonly KeyStep[],
): Hover | null {
  const note = ctx.docs.get('concept', EXTENSIONS_NOTE);
  const last = chain[chain.length - 1];
  if (!note || !last) return null;
  const extra: (string | undefined)[] = [];
  const value = last.pair.value as { anchor?: string; range?: number[] | null } | null;
  if (chain.length === 1 && value?.anchor && value.range) {
    const use = aliasUse(doc, parses, value.anchor, value.range[0]);
    const path = use ? notePath(ctx.docs, use.target) : undefined;
    if (use && path) {
      extra.push(
        message(ctx.docs, EXTENSIONS_NOTE, use.merge ? 'merged' : 'repeated', {
          name: value.anchor,
          target: use.target.join('.'),
          line: doc.positionAt(use.offset).line + 1,
          where: displayPath(path),
        }),
      );
    }
  }
  return {
    contents: md(ctx, note, undefined, extra),
    range: rangeOf(doc, last.pair.key as Scalar),
  };
}
