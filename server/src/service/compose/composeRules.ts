/**
 * The compose rules (docs/rules.md): YAML syntax, unknown keys, types and values read from the
 * key notes (shape, type, values), references to services, networks, volumes, secrets, configs
 * and models, conflicts between services, and legacy forms. A large file is checked part by part
 * (composeWindow.ts): each part reports the findings on the lines it owns; what needs the whole
 * file (references, conflicts) is collected on the way and compared at the end.
 */
import {
  type Alias,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  visit,
  type Document,
  type Node as YamlNode,
  type Pair,
  type Scalar,
  type YAMLMap,
} from 'yaml';
import type { Range, TextEdit } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { DocsIndex } from '../docs/docsIndex';
import { displayPath } from '../docs/render';
import type { NoteEntry } from '../types';
import type { Finding, FixProposal } from '../rules/rules';
import { levenshtein, suggest } from '../dockerfile/bkValues';
import { anchorCount, findAnchorBefore, scalarText, type ParsedCompose } from './composeParse';
import {
  isByteSize,
  isDuration,
  isInterpolated,
  matchesTemplate,
  parsePortSpec,
  parseVolumeShort,
} from './composeValues';

const MAX_FINDINGS = 500;
const MAX_DEPTH = 64;

/** Top-level sections whose entries other keys refer to. */
const SECTIONS = ['services', 'networks', 'volumes', 'secrets', 'configs', 'models'] as const;
type Section = (typeof SECTIONS)[number];

const UNDEFINED_RULE: Record<Section, string> = {
  services: 'UndefinedService',
  networks: 'UndefinedNetwork',
  volumes: 'UndefinedVolume',
  secrets: 'UndefinedSecret',
  configs: 'UndefinedConfig',
  models: 'UndefinedModel',
};

interface Reference {
  section: Section;
  name: string;
  range: Range;
  /** The key that refers (`depends_on`, `networks` …), for the message. */
  key: string;
}

interface Published {
  service: string;
  ip: string;
  protocol: string;
  start: number;
  end: number;
  range: Range;
}

/** What the whole-file checks collect over the parts. */
export class ComposeFileState {
  readonly findings: Finding[] = [];
  readonly declared = new Map<Section, Set<string>>();
  /** Sections whose names cannot all be known (an alias, a merge from elsewhere). */
  readonly unknownSections = new Set<Section>();
  readonly refs: Reference[] = [];
  readonly ports: Published[] = [];
  readonly containerNames: { name: string; service: string; range: Range }[] = [];
  /** Each service's profiles; undefined when they cannot be known (unresolved merge, extends). */
  readonly profiles = new Map<string, string[] | undefined>();
  /** Reference checks stand down: `include`, `extends.file`, YAML errors. */
  standDown = false;
  v1 = false;

  constructor(
    readonly docs: DocsIndex,
    readonly document: TextDocument,
  ) {}

  /**
   * An anchor `&name` stands before `offset` in the whole text, or may (the search gave up): for
   * aliases a part cannot resolve.
   */
  anchorBefore(name: string, offset: number): boolean {
    return findAnchorBefore(this.document.getText(), name, offset) !== -1;
  }

  private known = new Map<string, Set<string>>();
  /** Anchored nodes of the first part (the top level of a large file), by name. */
  private anchorNodes = new Map<string, unknown>();

  /**
   * A state for one chunk of entries, checked apart (its findings kept for the next versions, see
   * composeValidate.ts) and then added to this one with `merge`: what the chunk's checks read of
   * this state (the notes' keys, the top level's anchors, v1) is shared.
   */
  forChunk(): ComposeFileState {
    const s = new ComposeFileState(this.docs, this.document);
    s.known = this.known;
    s.anchorNodes = this.anchorNodes;
    s.v1 = this.v1;
    return s;
  }

  /** Add what a chunk's state (`forChunk`) collected, as if its checks had run on this one. */
  merge(chunk: ComposeFileState): void {
    for (const f of chunk.findings) this.push(f);
    for (const [section, names] of chunk.declared) {
      const set = this.declared.get(section) ?? new Set<string>();
      this.declared.set(section, set);
      for (const n of names) set.add(n);
    }
    for (const s of chunk.unknownSections) this.unknownSections.add(s);
    this.refs.push(...chunk.refs);
    this.ports.push(...chunk.ports);
    this.containerNames.push(...chunk.containerNames);
    for (const [name, profiles] of chunk.profiles) this.profiles.set(name, profiles);
    if (chunk.standDown) this.standDown = true;
  }

  keepAnchors(doc: Document.Parsed): void {
    visit(doc, (_k, node) => {
      const anchor = (node as { anchor?: string } | null)?.anchor;
      if (anchor) this.anchorNodes.set(anchor, node);
    });
  }

  /** The node of an anchor defined once in the file and kept from the first part. */
  anchorNode(name: string): unknown {
    return anchorCount(this.document.getText(), name) === 1
      ? this.anchorNodes.get(name)
      : undefined;
  }

  /** The keys the notes know under a note path (cached: every service asks for the same ones). */
  knownKeys(path: string): Set<string> {
    let set = this.known.get(path);
    if (!set) {
      set = new Set(
        this.docs.composeChildrenOf(path).map((e) => e.name.slice(path ? path.length + 1 : 0)),
      );
      this.known.set(path, set);
    }
    return set;
  }

  range(start: number, end: number): Range {
    return { start: this.document.positionAt(start), end: this.document.positionAt(end) };
  }

  push(f: Finding): void {
    if (this.findings.length < MAX_FINDINGS) this.findings.push(f);
  }
}

function nodeRange(state: ComposeFileState, node: unknown): Range | undefined {
  const r = (node as YamlNode | null)?.range;
  return r ? state.range(r[0], r[1]) : undefined;
}

/**
 * The pairs of a mapping with the ones its merge keys (`<<: *a`, `<<: [*a, *b]`) bring, own keys
 * first. `complete` is false when a merge cannot be resolved in this parse.
 */
export function effectivePairs(
  map: YAMLMap,
  resolve: Resolve,
  depth = 0,
): { pairs: Pair[]; complete: boolean } {
  const own: Pair[] = [];
  const merged: Pair[] = [];
  let complete = true;
  for (const p of map.items) {
    if (!isPair(p)) continue;
    if (isScalar(p.key) && p.key.value === '<<') {
      const sources = isSeq(p.value) ? p.value.items : [p.value];
      for (const s of sources) {
        const target = isAlias(s) ? resolve(s) : s;
        if (isMap(target) && depth < 8) {
          const inner = effectivePairs(target, resolve, depth + 1);
          merged.push(...inner.pairs);
          if (!inner.complete) complete = false;
        } else complete = false;
      }
      continue;
    }
    own.push(p);
  }
  const seen = new Set(own.map((p) => keyOf(p)));
  for (const p of merged) {
    const k = keyOf(p);
    if (!seen.has(k)) {
      seen.add(k);
      own.push(p);
    }
  }
  return { pairs: own, complete };
}

function keyOf(p: Pair): string {
  return isScalar(p.key) ? scalarText(p.key.value) : '';
}

/** The node an alias stands for, when it can be found. */
export type Resolve = (alias: Alias) => unknown;

/** The value, through an alias when it can be resolved. */
function deref(node: unknown, resolve: Resolve): unknown {
  return isAlias(node) ? resolve(node) : node;
}

function scalarString(node: unknown): string | undefined {
  if (!isScalar(node)) return undefined;
  const v = node.value;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

function tagOf(node: unknown): string | undefined {
  return (node as { tag?: string } | null)?.tag;
}

/** The note's type read as the YAML node kinds it allows. */
function allowedKinds(note: NoteEntry): Set<'scalar' | 'seq' | 'map'> {
  const out = new Set<'scalar' | 'seq' | 'map'>();
  if (note.shape === 'sequence') out.add('seq');
  if (note.shape === 'mapping' || note.shape === 'named-mapping' || note.shape === 'dict')
    out.add('map');
  if (note.shape === 'scalar') out.add('scalar');
  for (const alt of (note.type ?? '').split(/\s+or\s+/)) {
    const w = alt.trim();
    if (/^(list|sequence)\b/.test(w)) out.add('seq');
    else if (/^(mapping|\{)/.test(w) || /^mappings\b/.test(w)) out.add('map');
    else if (w) out.add('scalar');
  }
  // a named mapping written as a list of names (depends_on, networks, models of a service)
  if (note.shape === 'named-mapping' && /\blist\b/.test(note.type ?? '')) out.add('seq');
  return out;
}

function kindOf(node: unknown): 'scalar' | 'seq' | 'map' | undefined {
  if (isMap(node)) return 'map';
  if (isSeq(node)) return 'seq';
  if (isScalar(node)) return node.value === null ? undefined : 'scalar';
  return undefined;
}

/* ------------------------------------------------------------------ the walk of one part */

interface PartContext {
  state: ComposeFileState;
  doc: Document.Parsed;
  /** Aliases: in this parse, else an anchor of the first part (a large file's top level). */
  resolve: Resolve;
  owns: (line: number) => boolean;
  /** The first part (the whole file, or the skeleton of a large one): top-level checks. */
  first: boolean;
  /** The `closed` key paths of InvalidComposeValue (the notes whose values are the whole set). */
  closed: ReadonlySet<string>;
  /** Key paths whose list's first item must be one of the note's values. */
  firstItem: ReadonlySet<string>;
}

function owned(ctx: PartContext, range: Range | undefined): range is Range {
  return !!range && ctx.owns(range.start.line);
}

function report(ctx: PartContext, f: Finding): void {
  if (owned(ctx, f.range)) ctx.state.push(f);
}

/** YAML syntax: the parser's errors, duplicate keys, aliases without an anchor. True when clean. */
function yamlFindings(ctx: PartContext): boolean {
  const { state, doc } = ctx;
  let clean = true;
  for (const e of doc.errors) {
    clean = false;
    const range = state.range(e.pos[0], Math.max(e.pos[1], e.pos[0]));
    report(ctx, {
      rule: 'YamlSyntax',
      range,
      args: { detail: e.message.split('\n')[0].replace(/\s*at line \d+, column \d+:?$/, '') },
      variant: e.code,
    });
  }
  visit(doc, {
    Map(_k, map) {
      const seen = new Map<string, YamlNode>();
      for (const p of map.items) {
        if (!isPair(p) || !isScalar(p.key)) continue;
        const key = scalarText(p.key.value);
        if (key === '<<') continue;
        const first = seen.get(key);
        if (first) {
          const range = nodeRange(state, p.key);
          const firstRange = nodeRange(state, first);
          if (range)
            report(ctx, {
              rule: 'YamlDuplicateKey',
              range,
              args: { key, line: String((firstRange?.start.line ?? 0) + 1) },
            });
        } else seen.set(key, p.key);
      }
    },
    Alias(_k, alias) {
      if (alias.resolve(doc)) return;
      const r = alias.range;
      if (r && state.anchorBefore(alias.source, r[0])) return;
      const range = nodeRange(state, alias);
      state.standDown = true;
      if (range) report(ctx, { rule: 'YamlUndefinedAlias', range, args: { name: alias.source } });
    },
  });
  return clean;
}

function keyRangeOf(ctx: PartContext, pair: Pair): Range | undefined {
  return nodeRange(ctx.state, pair.key);
}

/** A did-you-mean fix replacing a node's text. */
function replaceFix(
  ctx: PartContext,
  node: unknown,
  suggestion: string,
  quote = false,
): FixProposal[] {
  const r = (node as YamlNode).range;
  if (!r) return [];
  const type = (node as Scalar).type;
  const text =
    type === 'QUOTE_DOUBLE'
      ? `"${suggestion}"`
      : type === 'QUOTE_SINGLE'
        ? `'${suggestion}'`
        : quote && /^(no|yes|on|off|y|n|true|false)$/i.test(suggestion)
          ? `"${suggestion}"`
          : suggestion;
  return [
    {
      id: 'suggest',
      args: { suggest: suggestion },
      edits: [{ range: ctx.state.range(r[0], r[1]), newText: text }],
      preferred: true,
      fixAll: true,
    },
  ];
}

/** Check one value against its key's note: its kind, closed values, durations, byte sizes. */
function checkValue(ctx: PartContext, path: string, pair: Pair, note: NoteEntry): void {
  const { state } = ctx;
  const value = pair.value;
  if (value === null || isAlias(value) || tagOf(value) === '!reset') return;
  const kind = kindOf(value);
  if (!kind) return;
  const key = keyOf(pair);
  const text = scalarString(value);
  if (text !== undefined && isInterpolated(text)) return;
  const allowed = allowedKinds(note);
  if (allowed.size && !allowed.has(kind)) {
    const range = nodeRange(state, value);
    if (range)
      report(ctx, {
        rule: 'InvalidComposeType',
        range,
        args: { key, type: note.type ?? note.shape ?? '' },
        variant: kind === 'scalar' ? undefined : kind,
      });
    return;
  }
  if (kind !== 'scalar' || text === undefined) {
    if (kind === 'seq' && ctx.firstItem.has(path) && isSeq(value)) {
      const item = value.items[0];
      const t = scalarString(item);
      if (t !== undefined && !isInterpolated(t)) checkEnum(ctx, key, item, t, note);
    }
    return;
  }
  if (ctx.closed.has(path)) {
    checkEnum(ctx, key, value, text, note);
    return;
  }
  const type = note.type ?? '';
  const range = (): Range | undefined => nodeRange(state, value);
  if (type === 'duration' || type === 'string (duration)') {
    const bad = typeof (value as Scalar).value === 'number' ? text !== '0' : !isDuration(text);
    const r = range();
    if (bad && r) report(ctx, { rule: 'InvalidDuration', range: r, args: { key, value: text } });
  } else if (/\bor duration$/.test(type)) {
    const r = range();
    if (typeof (value as Scalar).value === 'string' && !/^-?\d+$/.test(text) && !isDuration(text))
      if (r) report(ctx, { rule: 'InvalidDuration', range: r, args: { key, value: text } });
  } else if (/^byte size|byte string/.test(type) || /\bbyte size\b/.test(type)) {
    const r = range();
    if (typeof (value as Scalar).value === 'string' && !isByteSize(text.trim()) && r)
      report(ctx, { rule: 'InvalidByteSize', range: r, args: { key, value: text } });
  }
}

function checkEnum(
  ctx: PartContext,
  key: string,
  node: unknown,
  text: string,
  note: NoteEntry,
): void {
  const values = note.values ?? [];
  if (!values.length || values.some((v) => matchesTemplate(text, v.value))) return;
  const range = nodeRange(ctx.state, node);
  if (!range) return;
  const plain = values.map((v) => v.value).filter((v) => !/[<[]/.test(v));
  const suggestion = suggest(text, plain, true);
  report(ctx, {
    rule: 'InvalidComposeValue',
    range,
    args: {
      key,
      value: text,
      values: values.map((v) => v.value).join(', '),
      ...(suggestion ? { suggest: suggestion } : {}),
    },
    variant: suggestion ? 'suggest' : undefined,
    fixes: suggestion ? replaceFix(ctx, node, suggestion, true) : undefined,
  });
}

/** Walk a mapping whose keys the notes know (`path` is its note path, '' for the top level). */
function walkMap(ctx: PartContext, map: YAMLMap, path: string, depth: number): void {
  const { docs } = ctx.state;
  if (depth > MAX_DEPTH) return;
  const parent = path ? docs.compose(path) : undefined;
  if (path && !parent && docs.composeChildrenOf(path).length === 0) return;
  if (parent?.shape === 'dict') return;
  if (parent?.shape === 'scalar' && docs.composeChildrenOf(path).length === 0) return;
  const named = parent?.shape === 'named-mapping';
  const known = named ? undefined : ctx.state.knownKeys(path);
  for (const pair of map.items) {
    if (!isPair(pair) || !isScalar(pair.key)) continue;
    const key = scalarText(pair.key.value);
    if (key === '<<' || key.startsWith('x-')) continue;
    if (path === '' && ctx.state.v1) continue;
    const childPath = named ? `${path}.*` : path ? `${path}.${key}` : key;
    if (known && known.size > 0 && !known.has(key)) {
      const range = keyRangeOf(ctx, pair);
      if (!range) continue;
      const suggestion = suggest(key, known, true);
      report(ctx, {
        rule: 'UnknownComposeKey',
        range,
        args: {
          key,
          path: displayPath(path),
          ...(suggestion ? { suggest: suggestion } : {}),
        },
        variant: path ? (suggestion ? 'suggest' : undefined) : suggestion ? 'topSuggest' : 'top',
        fixes: suggestion ? replaceFix(ctx, pair.key, suggestion) : undefined,
      });
      continue;
    }
    const note = named ? undefined : docs.compose(childPath);
    if (note) {
      checkValue(ctx, childPath, pair, note);
      if (note.deprecated && childPath !== 'version') {
        const range = keyRangeOf(ctx, pair);
        if (range)
          report(ctx, {
            rule: 'DeprecatedComposeKey',
            range,
            args: { key: childPath.replace(/^.*\*\./, ''), detail: note.deprecated },
          });
      }
    }
    walkValue(ctx, pair.value, childPath, depth + 1);
  }
}

function walkValue(ctx: PartContext, node: unknown, path: string, depth: number): void {
  if (!node || isAlias(node) || depth > MAX_DEPTH) return;
  if (isSeq(node)) {
    for (const item of node.items) if (isMap(item)) walkMap(ctx, item, path, depth + 1);
    return;
  }
  if (isMap(node)) walkMap(ctx, node, path, depth);
}

/* ------------------------------------------------------------------ services */

function addRef(
  ctx: PartContext,
  section: Section,
  name: string,
  node: unknown,
  key: string,
  offset = 0,
  length?: number,
): void {
  if (!name || isInterpolated(name)) return;
  const r = (node as YamlNode | null)?.range;
  if (!r) return;
  const raw = ctx.state.document.getText(ctx.state.range(r[0], r[1]));
  const quoted = /^["']/.test(raw) ? 1 : 0;
  const start = r[0] + quoted + offset;
  const range = ctx.state.range(start, start + (length ?? name.length));
  if (owned(ctx, range)) ctx.state.refs.push({ section, name, range, key });
}

/** Names a list of names or a mapping by name refers to (`depends_on`, `networks`, `models`). */
function namesOf(node: unknown): { name: string; node: unknown }[] {
  if (isSeq(node))
    return node.items
      .map((i) => ({ name: scalarString(i) ?? '', node: i }))
      .filter((x) => x.name !== '');
  if (isMap(node))
    return node.items
      .filter(isPair)
      .map((p) => ({ name: keyOf(p), node: p.key }))
      .filter((x) => x.name !== '' && x.name !== '<<');
  return [];
}

function checkService(ctx: PartContext, name: string, node: unknown): void {
  const { state } = ctx;
  const svc = deref(node, ctx.resolve);
  if (!isMap(svc)) return;
  const { pairs, complete } = effectivePairs(svc, ctx.resolve);
  const get = (k: string): Pair | undefined => pairs.find((p) => keyOf(p) === k);
  const own = (k: string): Pair | undefined =>
    svc.items.find((p): p is Pair => isPair(p) && keyOf(p) === k);

  const extendsPair = get('extends');
  const ext = extendsPair ? deref(extendsPair.value, ctx.resolve) : undefined;
  if (isMap(ext) && ext.items.some((p) => isPair(p) && keyOf(p) === 'file')) state.standDown = true;

  // references, from this service's own keys (merged ones live in x- blocks, checked as written)
  const dependsOn = own('depends_on');
  if (dependsOn)
    for (const n of namesOf(dependsOn.value)) addRef(ctx, 'services', n.name, n.node, 'depends_on');
  const links = own('links');
  if (links && isSeq(links.value))
    for (const item of links.value.items) {
      const t = scalarString(item);
      if (t) addRef(ctx, 'services', t.split(':')[0], item, 'links');
    }
  if (ext && !isMap(ext)) {
    const t = scalarString(ext);
    if (t && extendsPair) addRef(ctx, 'services', t, ext, 'extends');
  } else if (isMap(ext) && !ext.items.some((p) => isPair(p) && keyOf(p) === 'file')) {
    const s = ext.items.find((p): p is Pair => isPair(p) && keyOf(p) === 'service');
    const t = s ? scalarString(s.value) : undefined;
    if (s && t) addRef(ctx, 'services', t, s.value, 'extends.service');
  }
  for (const k of ['network_mode', 'pid', 'ipc', 'uts']) {
    const p = own(k);
    const t = p ? scalarString(p.value) : undefined;
    if (p && t?.startsWith('service:')) addRef(ctx, 'services', t.slice(8), p.value, k, 8);
  }
  const volumesFrom = own('volumes_from');
  if (volumesFrom && isSeq(volumesFrom.value))
    for (const item of volumesFrom.value.items) {
      const t = scalarString(item);
      if (!t || t.startsWith('container:')) continue;
      addRef(ctx, 'services', t.split(':')[0], item, 'volumes_from');
    }
  const networks = own('networks');
  if (networks)
    for (const n of namesOf(networks.value))
      if (n.name !== 'default') addRef(ctx, 'networks', n.name, n.node, 'networks');
  const models = own('models');
  if (models)
    for (const n of namesOf(models.value)) addRef(ctx, 'models', n.name, n.node, 'models');
  for (const [k, section] of [
    ['secrets', 'secrets'],
    ['configs', 'configs'],
  ] as const) {
    const p = own(k);
    if (p && isSeq(p.value)) sourceRefs(ctx, p.value.items, section, k);
  }
  const build = own('build');
  if (build && isMap(build.value)) {
    const bs = build.value.items.find((p): p is Pair => isPair(p) && keyOf(p) === 'secrets');
    if (bs && isSeq(bs.value)) sourceRefs(ctx, bs.value.items, 'secrets', 'build.secrets');
  }
  const volumes = own('volumes');
  if (volumes && isSeq(volumes.value)) {
    for (const item of volumes.value.items) {
      const t = scalarString(item);
      if (t !== undefined) {
        if (isInterpolated(t)) continue;
        const v = parseVolumeShort(t);
        const range = nodeRange(state, item);
        if ('error' in v) {
          if (range)
            report(ctx, {
              rule: 'InvalidVolumeSpec',
              range,
              args: { value: t },
              variant: v.error,
            });
          continue;
        }
        if (v.source && !v.bind) addRef(ctx, 'volumes', v.source, item, 'volumes');
      } else if (isMap(item)) {
        const type = item.items.find((p): p is Pair => isPair(p) && keyOf(p) === 'type');
        const source = item.items.find((p): p is Pair => isPair(p) && keyOf(p) === 'source');
        const typeText = type ? scalarString(type.value) : undefined;
        const s = source ? scalarString(source.value) : undefined;
        if (typeText === 'volume' && s && source)
          addRef(ctx, 'volumes', s, source.value, 'volumes');
      }
    }
  }

  // ports and container names for the conflict checks
  const cn = own('container_name');
  const cnText = cn ? scalarString(cn.value) : undefined;
  const cnRange = cn ? nodeRange(state, cn.value) : undefined;
  if (cnText && !isInterpolated(cnText) && owned(ctx, cnRange))
    state.containerNames.push({ name: cnText, service: name, range: cnRange });
  const profilesPair = get('profiles');
  const profiles =
    !complete || extendsPair
      ? undefined
      : profilesPair && isSeq(profilesPair.value)
        ? profilesPair.value.items.map((i) => scalarString(i) ?? '')
        : profilesPair
          ? undefined
          : [];
  state.profiles.set(name, profiles);
  // a service with neither image nor build (nor extends, provider): a partial file, merged with
  // another one (an override): names may be declared there
  if (!complete || !pairs.some((p) => /^(image|build|extends|provider)$/.test(keyOf(p))))
    state.standDown = true;
  const ports = own('ports');
  const networkMode = get('network_mode');
  const scaled = get('scale') || get('deploy');
  if (ports && isSeq(ports.value)) {
    for (const item of ports.value.items) {
      const t = isScalar(item) ? scalarString(item) : undefined;
      if (t === undefined || isInterpolated(t)) continue;
      const spec = parsePortSpec(t);
      const range = nodeRange(state, item);
      if ('error' in spec) {
        if (range)
          report(ctx, { rule: 'InvalidPortSpec', range, args: { value: t }, variant: spec.error });
        continue;
      }
      if (!spec.host || !range || !owned(ctx, range) || networkMode || scaled) continue;
      state.ports.push({
        service: name,
        ip: spec.ip === '0.0.0.0' ? '' : spec.ip,
        protocol: spec.protocol,
        start: spec.host[0],
        end: spec.host[1],
        range,
      });
    }
  }
}

function sourceRefs(ctx: PartContext, items: unknown[], section: Section, key: string): void {
  for (const item of items) {
    const t = scalarString(item);
    if (t !== undefined) {
      addRef(ctx, section, t, item, key);
      continue;
    }
    if (isMap(item)) {
      const s = item.items.find((p): p is Pair => isPair(p) && keyOf(p) === 'source');
      const st = s ? scalarString(s.value) : undefined;
      if (s && st) addRef(ctx, section, st, s.value, key);
    }
  }
}

/* ------------------------------------------------------------------ top level */

/** A v1 file: no `services`, and top-level entries that read as services (image or build). */
function isV1(docs: DocsIndex, root: YAMLMap): boolean {
  let serviceLike = 0;
  for (const p of root.items) {
    if (!isPair(p)) continue;
    const k = keyOf(p);
    if (k === 'services') return false;
    if (k.startsWith('x-')) continue;
    if (docs.compose(k)) return false;
    if (isMap(p.value) && p.value.items.some((q) => isPair(q) && /^(image|build)$/.test(keyOf(q))))
      serviceLike++;
  }
  return serviceLike > 0;
}

function lineEdit(state: ComposeFileState, line: number): TextEdit {
  const { document } = state;
  const start = { line, character: 0 };
  const end = line + 1 < document.lineCount ? { line: line + 1, character: 0 } : undefined;
  return {
    range: { start, end: end ?? document.positionAt(document.getText().length) },
    newText: '',
  };
}

function topLevel(ctx: PartContext, root: YAMLMap, indent: number): void {
  const { state } = ctx;
  for (const p of root.items) {
    if (!isPair(p)) continue;
    const k = keyOf(p);
    if (k === 'include') state.standDown = true;
    if (k === 'version') {
      const range = keyRangeOf(ctx, p);
      if (range && (p.value === null || isScalar(p.value)))
        report(ctx, {
          rule: 'ObsoleteVersion',
          range: { start: range.start, end: nodeRange(state, p.value)?.end ?? range.end },
          fixes: [{ id: 'remove', edits: [lineEdit(state, range.start.line)], fixAll: true }],
        });
    }
  }
  if (isV1(state.docs, root)) {
    state.v1 = true;
    const first = root.items.find(isPair);
    const range = first ? keyRangeOf(ctx, first) : undefined;
    if (range) {
      report(ctx, { rule: 'ComposeV1File', range, fixes: [convertV1(state, indent)] });
    }
  }
}

/** Indent every line under a new `services:` key. */
function convertV1(state: ComposeFileState, indent: number): FixProposal {
  const { document } = state;
  const pad = ' '.repeat(indent);
  const edits: TextEdit[] = [];
  const text = document.getText();
  let firstContent = -1;
  for (let line = 0; line < document.lineCount; line++) {
    const start = document.offsetAt({ line, character: 0 });
    const end =
      line + 1 < document.lineCount
        ? document.offsetAt({ line: line + 1, character: 0 })
        : text.length;
    const l = text.slice(start, end).replace(/\r?\n$/, '');
    if (firstContent < 0 && /^[^\s#]/.test(l)) firstContent = line;
    if (firstContent < 0 || l.trim() === '') continue;
    edits.push({
      range: { start: { line, character: 0 }, end: { line, character: 0 } },
      newText: pad,
    });
  }
  if (firstContent >= 0)
    edits[0] = {
      range: {
        start: { line: firstContent, character: 0 },
        end: { line: firstContent, character: 0 },
      },
      newText: `services:\n${pad}`,
    };
  return { id: 'convert', edits };
}

function collectDeclared(ctx: PartContext, root: YAMLMap): void {
  const { state } = ctx;
  for (const p of root.items) {
    if (!isPair(p)) continue;
    const k = keyOf(p) as Section;
    if (!(SECTIONS as readonly string[]).includes(k)) continue;
    const set = state.declared.get(k) ?? new Set<string>();
    state.declared.set(k, set);
    const value = deref(p.value, ctx.resolve);
    if (value === null || value === undefined || (isScalar(value) && value.value === null))
      continue;
    if (!isMap(value)) {
      state.unknownSections.add(k);
      continue;
    }
    const { pairs, complete } = effectivePairs(value, ctx.resolve);
    if (!complete) state.unknownSections.add(k);
    for (const q of pairs) {
      const name = keyOf(q);
      if (name) set.add(name);
    }
  }
}

/** Check one part of the file (one YAML parse and the lines it answers for). */
export function checkComposePart(
  state: ComposeFileState,
  parsed: ParsedCompose,
  owns: (line: number) => boolean,
  first: boolean,
  closed: ReadonlySet<string>,
  firstItem: ReadonlySet<string>,
): void {
  for (const doc of parsed.docs) {
    const resolve: Resolve = (a) => a.resolve(doc) ?? state.anchorNode(a.source);
    const ctx: PartContext = { state, doc, resolve, owns, first, closed, firstItem };
    if (first) state.keepAnchors(doc);
    if (!yamlFindings(ctx)) {
      state.standDown = true;
      continue;
    }
    const root = doc.contents;
    if (!isMap(root)) continue;
    if (first) topLevel(ctx, root, parsed.indent);
    collectDeclared(ctx, root);
    walkMap(ctx, root, '', 0);
    const services = root.items.find((p) => isPair(p) && keyOf(p) === 'services');
    const svcMap = services ? deref(services.value, ctx.resolve) : undefined;
    if (isMap(svcMap))
      for (const p of svcMap.items)
        if (isPair(p) && keyOf(p) !== '<<') checkService(ctx, keyOf(p), p.value);
  }
}

/* ------------------------------------------------------------------ whole-file checks */

/** Where a new entry of a top-level section goes: after its last line, or a new section at the end. */
function declareEdit(
  state: ComposeFileState,
  section: Section,
  name: string,
  indent: number,
): TextEdit {
  const { document } = state;
  const text = document.getText();
  const lines = document.lineCount;
  const body = (line: string): string =>
    section === 'secrets' || section === 'configs'
      ? `${line}:\n${' '.repeat(indent * 2)}file: ./${name}\n`
      : `${line}:\n`;
  let sectionLine = -1;
  const lineText = (l: number): string =>
    document
      .getText({ start: { line: l, character: 0 }, end: { line: l + 1, character: 0 } })
      .replace(/\r?\n$/, '');
  for (let l = 0; l < lines; l++) {
    if (new RegExp(`^${section}[ \\t]*:[ \\t]*(#.*)?$`).test(lineText(l))) {
      sectionLine = l;
      break;
    }
  }
  if (sectionLine < 0) {
    const sep = text.length && !text.endsWith('\n') ? '\n' : '';
    const end = document.positionAt(text.length);
    return {
      range: { start: end, end },
      newText: `${sep}${section}:\n${body(' '.repeat(indent) + name)}`,
    };
  }
  let last = sectionLine;
  let entryIndent = -1;
  for (let l = sectionLine + 1; l < lines; l++) {
    const t = lineText(l);
    if (/^\s*(#.*)?$/.test(t)) continue;
    const ind = /^ */.exec(t)?.[0].length ?? 0;
    if (ind === 0) break;
    if (entryIndent < 0) entryIndent = ind;
    last = l;
  }
  const pad = ' '.repeat(entryIndent > 0 ? entryIndent : indent);
  const at = last + 1 < lines ? { line: last + 1, character: 0 } : document.positionAt(text.length);
  const sep = last + 1 >= lines && !text.endsWith('\n') ? '\n' : '';
  const bodyText = body(pad + name).replace(
    `\n${' '.repeat(indent * 2)}file`,
    `\n${pad}${pad}file`,
  );
  return { range: { start: at, end: at }, newText: sep + bodyText };
}

/**
 * Can two services run in the same `up`? Not when both have profiles and share none; unknown
 * profiles (an unresolved merge, extends) count as "not together" (no conflict is claimed).
 */
function runTogether(state: ComposeFileState, a: string, b: string): boolean {
  const pa = state.profiles.get(a);
  const pb = state.profiles.get(b);
  if (!pa || !pb) return false;
  return !pa.length || !pb.length || pa.some((x) => pb.includes(x));
}

/** Compare what the parts collected: undefined references and conflicts. */
export function finishCompose(state: ComposeFileState, indent: number): void {
  if (!state.standDown && !state.v1) {
    for (const ref of state.refs) {
      if (state.unknownSections.has(ref.section)) continue;
      const declared = state.declared.get(ref.section);
      if (declared?.has(ref.name)) continue;
      const fixes: FixProposal[] = [];
      // a name of the file's own choosing: a near miss only when most of it is kept or its letters
      // are swapped (`bd` for `db`; but `db` is no misspelling of `web`)
      const near = suggest(ref.name, declared ?? [], true);
      const swapped = (a: string, b: string): boolean =>
        a.length === b.length && [...a].sort().join('') === [...b].sort().join('');
      const suggestion =
        near &&
        (levenshtein(ref.name, near) <= Math.ceil(ref.name.length / 2) || swapped(ref.name, near))
          ? near
          : undefined;
      if (suggestion)
        fixes.push({
          id: 'suggest',
          args: { suggest: suggestion },
          edits: [{ range: ref.range, newText: suggestion }],
          preferred: true,
        });
      if (ref.section !== 'services' && ref.section !== 'models')
        fixes.push({
          id: 'declare',
          args: { name: ref.name },
          edits: [declareEdit(state, ref.section, ref.name, indent)],
        });
      state.push({
        rule: UNDEFINED_RULE[ref.section],
        range: ref.range,
        args: { name: ref.name, key: ref.key, ...(suggestion ? { suggest: suggestion } : {}) },
        variant: suggestion ? 'suggest' : undefined,
        fixes,
      });
    }
  }
  // the same host port, IP and protocol published by two services that run together
  const byKey = new Map<string, Published[]>();
  for (const p of state.ports) {
    const list = byKey.get(`${p.ip}/${p.protocol}`) ?? [];
    list.push(p);
    byKey.set(`${p.ip}/${p.protocol}`, list);
  }
  for (const list of byKey.values()) {
    for (let i = 0; i < list.length; i++) {
      for (let j = 0; j < i; j++) {
        const a = list[j];
        const b = list[i];
        if (a.service === b.service || a.start > b.end || b.start > a.end) continue;
        if (!runTogether(state, a.service, b.service)) continue;
        const port = String(Math.max(a.start, b.start));
        state.push({
          rule: 'PortConflict',
          range: b.range,
          args: { port, service: a.service, line: String(a.range.start.line + 1) },
        });
        break;
      }
    }
  }
  const names = new Map<string, { service: string; range: Range }[]>();
  for (const c of state.containerNames) {
    const earlier = names.get(c.name) ?? [];
    const first = earlier.find(
      (e) => e.service !== c.service && runTogether(state, e.service, c.service),
    );
    if (first)
      state.push({
        rule: 'DuplicateContainerName',
        range: c.range,
        args: { name: c.name, line: String(first.range.start.line + 1) },
      });
    earlier.push(c);
    names.set(c.name, earlier);
  }
}
