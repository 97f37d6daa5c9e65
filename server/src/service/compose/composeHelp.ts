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
import type { DocsIndex } from '../docs/docsIndex';
import { renderNote } from '../docs/render';
import type { NoteEntry } from '../types';
import { parsePortMapping, parseVolumeSpec } from '../util';
import { variableHover, type EnvInput } from './composeVariables';
import {
  declared,
  docAt,
  keyText,
  locate,
  mapKeys,
  notePath,
  scalarText,
  type ParsedCompose,
} from './composeParse';

export interface ComposeContext {
  docs: DocsIndex;
  markdown: boolean;
  /** The project's `.env`, when the caller read it (the value a `${VAR}` will have). */
  env?: EnvInput;
}

const RETRIGGER = { title: 'Suggest', command: 'editor.action.triggerSuggest' };
const SECTION_LABEL: Record<string, string> = {
  services: 'service',
  networks: 'network',
  volumes: 'volume',
  configs: 'config',
  secrets: 'secret',
  models: 'model',
};

function md(
  ctx: ComposeContext,
  e: NoteEntry,
  value?: string,
  extra?: string[],
): { kind: 'markdown' | 'plaintext'; value: string } {
  return {
    kind: ctx.markdown ? 'markdown' : 'plaintext',
    value: renderNote(e, { markdown: ctx.markdown, value, extra }),
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
  const loc = locate(parsed, offset);
  if (!loc || !loc.chain.length) return null;
  const keys = loc.chain.map((s) => s.key);
  const { docs } = ctx;
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
          parsed,
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
    const path = notePath(docs, keys);
    const range = rangeOf(doc, last.pair.key as Scalar);
    if (path === undefined) {
      // a key inside a free-form mapping (environment, labels, …): explain the mapping
      const dictPath = notePath(docs, keys.slice(0, -1));
      const dict = dictPath ? docs.compose(dictPath) : undefined;
      if (dict && dict.shape === 'dict') {
        return {
          contents: md(ctx, dict, undefined, [
            ctx.markdown
              ? `\`${last.key}\` is an entry of \`${dict.name.split('.').pop()}\`.`
              : `${last.key} is an entry of ${dict.name.split('.').pop()}.`,
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
        const c = (x: string): string => (ctx.markdown ? `\`${x}\`` : x);
        const extra: string[] = [];
        if (parent.refers) {
          const decl = declared(loc.doc, parent.refers).find((d) => d.name === last.key);
          const label = SECTION_LABEL[parent.refers] ?? parent.refers;
          extra.push(
            decl?.line.range
              ? `${c(last.key)} refers to the ${label} declared on line ${doc.positionAt(decl.line.range[0]).line + 1}.`
              : `No ${label} named ${c(last.key)} is declared under top-level ${c(parent.refers)} in this file.`,
          );
        } else if (parentPath.split('.').length === 1 && SECTION_LABEL[section]) {
          extra.push(`${c(last.key)} is a ${SECTION_LABEL[section]} defined in ${c(parentPath)}.`);
        } else {
          extra.push(
            `${c(last.key)} is a name of your choosing under ${c(parentPath.replace(/\.\*/g, ''))}.`,
          );
        }
        if (parentPath === 'services') {
          const v = last.pair.value;
          if (isMap(v)) {
            const image = v.get('image');
            if (typeof image === 'string')
              extra.push(ctx.markdown ? `Image: \`${image}\`` : `Image: ${image}`);
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
  const extra: string[] = [];
  const c = (s: string): string => (ctx.markdown ? `\`${s}\`` : s);
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
      const label = SECTION_LABEL[note.refers] ?? note.refers;
      if (decl && decl.line.range)
        extra.push(
          `${c(ref)} is the ${label} declared on line ${doc.positionAt(decl.line.range[0]).line + 1}.`,
        );
      else if (!(note.values ?? []).some((v) => v.value === value))
        extra.push(
          `No ${label} named ${c(ref)} is declared under top-level ${c(note.refers)} in this file.`,
        );
    }
  }
  if (/(^|\.)ports$/.test(path) && isSeq(loc.chain[loc.chain.length - 1].pair.value)) {
    const m = parsePortMapping(value);
    if (m) {
      extra.push(
        m.host
          ? `Host port ${c(m.host)} (left)${m.ip ? ` on ${c(m.ip)}` : ''} forwards to container port ${c(m.container)} (right), ${m.protocol}.`
          : `Container port ${c(m.container)} is published on a random free host port.`,
      );
    }
  }
  if (path === 'services.*.volumes' && isSeq(loc.chain[loc.chain.length - 1].pair.value)) {
    const v = parseVolumeSpec(value);
    if (v?.source) {
      const what = v.bind ? `Bind mount: host path ${c(v.source)}` : `Named volume ${c(v.source)}`;
      extra.push(
        `${what} is mounted at ${c(v.target)} in the container${v.mode ? `, options ${c(v.mode)}` : ''}.`,
      );
    } else if (v) {
      extra.push(`Anonymous volume mounted at ${c(v.target)} in the container.`);
    }
  }
  const range = rangeOf(doc, scalar);
  const known = note.values?.some((v) => v.value === value);
  return { contents: md(ctx, note, known ? value : undefined, extra), range };
}

interface Anchor {
  /** Raw keys of the mapping the cursor is in. */
  keys: string[];
  /** Keys already present in that mapping. */
  siblings: string[];
  /** A new sequence item is being typed (`- `). */
  newItem: boolean;
}

function lineAt(text: string, lineStarts: (line: number) => number, line: number): string {
  const s = lineStarts(line);
  const e = text.indexOf('\n', s);
  return text.slice(s, e < 0 ? text.length : e).replace(/\r$/, '');
}

const KEY_LINE = /^(\s*)(?:(-)\s+)?("[^"]*"|'[^']*'|[^\s#:'"][^:#]*?)\s*:(\s|$)/;

/** Find the mapping that the cursor line belongs to, by indentation, using the AST for the path. */
function anchorFor(
  doc: TextDocument,
  parsed: ParsedCompose,
  pos: Position,
  keyCol: number,
  dashCol: number,
): Anchor {
  const text = doc.getText();
  const ls = (line: number): number => doc.offsetAt({ line, character: 0 });
  const limit = Math.max(0, pos.line - 5000);
  const want = dashCol >= 0 ? dashCol : keyCol;
  for (let line = pos.line - 1; line >= limit; line--) {
    const t = lineAt(text, ls, line);
    if (!t.trim() || /^\s*#/.test(t) || /^---|^\.\.\./.test(t)) continue;
    const ind = t.length - t.trimStart().length;
    const m = KEY_LINE.exec(t);
    const isDash = /^\s*-(\s|$)/.test(t);
    if (ind >= want && !(isDash && dashCol < 0 && ind < keyCol)) continue;
    if (!m && !isDash) continue;
    if (isDash && dashCol < 0) {
      // a `- key: v` line whose item we are inside
      const keyOffset = ls(line) + (m ? t.indexOf(m[3], ind + 1) : ind);
      const loc = locate(parsed, keyOffset);
      if (!loc) break;
      const keys = loc.chain.map((s) => s.key);
      const last = loc.chain[loc.chain.length - 1];
      return {
        keys: m ? keys.slice(0, -1) : keys,
        siblings: m && last ? mapKeys(last.map) : [],
        newItem: false,
      };
    }
    if (!m) continue;
    const keyOffset = ls(line) + t.indexOf(m[3], ind);
    const loc = locate(parsed, keyOffset);
    if (!loc || !loc.onKey) break;
    const keys = loc.chain.map((s) => s.key);
    const value = loc.chain[loc.chain.length - 1].pair.value;
    return { keys, siblings: dashCol >= 0 ? [] : mapKeys(value), newItem: dashCol >= 0 };
  }
  const d = docAt(parsed, doc.offsetAt(pos));
  return { keys: [], siblings: d ? mapKeys(d.contents) : [], newItem: false };
}

export function composeCompletion(
  ctx: ComposeContext,
  doc: TextDocument,
  parsed: ParsedCompose,
  pos: Position,
): CompletionItem[] {
  const { docs } = ctx;
  const lineText = doc.getText({ start: { line: pos.line, character: 0 }, end: pos });
  if (/^\s*#/.test(lineText)) return [];
  const unit = parsed.indent;

  // value after `key: `
  const vm = /^(\s*)(?:(-)\s+)?([A-Za-z0-9_.-]+):\s+(["']?)([^\s"']*)$/.exec(lineText);
  if (vm) {
    const keyCol = vm[1].length + (vm[2] ? vm[0].indexOf(vm[3]) - vm[1].length : 0);
    const anchor = anchorFor(doc, parsed, pos, keyCol, -1);
    const path = notePath(docs, [...anchor.keys, vm[3]]);
    const note = path ? docs.compose(path) : undefined;
    if (!note) return [];
    return valueItems(ctx, doc, parsed, note, pos, vm[5], anchor.keys);
  }
  // sequence item: `- partial`
  const sm = /^(\s*)-\s+([A-Za-z0-9_.-]*)$/.exec(lineText);
  if (sm) {
    const dashCol = sm[1].length;
    const keyCol = lineText.length - sm[2].length;
    const anchor = anchorFor(doc, parsed, pos, keyCol, dashCol);
    const path = notePath(docs, anchor.keys);
    const note = path !== undefined && path !== '' ? docs.compose(path) : undefined;
    const out: CompletionItem[] = [];
    if (note) out.push(...valueItems(ctx, doc, parsed, note, pos, sm[2], anchor.keys));
    if (path) out.push(...keyItems(ctx, path, [], pos, sm[2], keyCol, unit));
    return out;
  }
  // a key being typed
  const km = /^(\s*)([A-Za-z0-9_.-]*)$/.exec(lineText);
  if (km) {
    const keyCol = km[1].length;
    const anchor = anchorFor(doc, parsed, pos, keyCol, -1);
    const path = notePath(docs, anchor.keys);
    if (path === undefined) return [];
    const parent = path ? docs.compose(path) : undefined;
    if (
      parent &&
      (parent.shape === 'named-mapping' || parent.shape === 'dict' || parent.shape === 'scalar')
    ) {
      return [];
    }
    return keyItems(ctx, path, anchor.siblings, pos, km[2], keyCol, unit);
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
      documentation: md(ctx, e),
      textEdit: { range, newText },
      insertTextFormat: InsertTextFormat.Snippet,
      insertTextMode: InsertTextMode.asIs,
      command: retrigger ? RETRIGGER : undefined,
      tags: e.deprecated ? [1] : undefined,
      sortText: `${e.deprecated ? 'z' : 'a'}${key}`,
    });
  }
  return out;
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
      documentation: md(ctx, note, v.value),
      textEdit: { range, newText },
      filterText: newText,
      sortText: `a${String(i).padStart(3, '0')}`,
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
        detail: `${SECTION_LABEL[note.refers] ?? note.refers} declared on line ${decl.line.range ? doc.positionAt(decl.line.range[0]).line + 1 : '?'}`,
        textEdit: { range, newText: label },
        sortText: `0${decl.name}`,
      });
    }
  }
  return out;
}

export { isScalar, keyText };
