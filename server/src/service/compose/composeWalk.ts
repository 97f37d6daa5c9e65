/**
 * What a piece of a compose file names and refers to, read from its `yaml` parse: declarations and
 * references of services, networks, volumes, secrets, configs and models, the other files it names,
 * `build.target` stages, images, YAML anchors and aliases. A walk records, for every scalar it
 * reaches, what the key path makes of it (`services.*.depends_on[]` is a service, `volumes[]` a
 * volume when its source is no path, …). Offsets are those of the parse (relative to the piece).
 */
import {
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  Scalar,
  type Node as YamlNode,
  type YAMLMap,
} from 'yaml';
import { scalarText } from './composeParse';
import { parseVolumeShort } from './composeValues';

export type NameKind = 'service' | 'network' | 'volume' | 'secret' | 'config' | 'model' | 'anchor';

/** The top-level sections whose keys declare names, and the kind of name. */
export const SECTION_KINDS: Readonly<Record<string, NameKind>> = {
  services: 'service',
  networks: 'network',
  volumes: 'volume',
  secrets: 'secret',
  configs: 'config',
  models: 'model',
};

/** A name as written in the file. */
export interface NameOcc {
  kind: NameKind;
  name: string;
  /** Offsets of the name's characters (inside quotes); of the whole scalar when it is escaped. */
  start: number;
  end: number;
  decl: boolean;
  /** The name is a whole plain scalar (a new name must still read as a string there). */
  plain?: boolean;
  /**
   * The name is not written as is (escapes in a double-quoted scalar, a block scalar): a new name
   * replaces the whole scalar [start, end), written as a double-quoted string of this value with
   * the name at `at` replaced.
   */
  rewrite?: { value: string; at: number };
  /** `extends: { file, service }`: the service is one of that file (the path as written). */
  file?: string;
}

export type FileRefKind =
  | 'extends'
  | 'include'
  | 'env_file'
  | 'label_file'
  | 'context'
  | 'dockerfile'
  | 'secret'
  | 'config';

/** A path to another file (or folder) as written in the file. */
export interface FileRef {
  kind: FileRefKind;
  path: string;
  start: number;
  end: number;
  /** extends: the service named beside the file. */
  service?: string;
  /** dockerfile: the build context it is relative to (as written; '.' when not given). */
  context?: string;
  /** context: the Dockerfile named beside it. */
  dockerfile?: string;
}

/** `build.target`: a stage of the service's Dockerfile. */
export interface StageRef {
  stage: string;
  start: number;
  end: number;
  context?: string;
  dockerfile?: string;
}

export interface ImageRef {
  image: string;
  start: number;
  end: number;
}

/** `*name` (also as `<<: *name`): where the anchored node is read, as a key path. */
export interface AliasUse {
  name: string;
  /** Offsets of the name (after `*`). */
  start: number;
  end: number;
  path: string[];
}

/** A node with an anchor, and where it is. */
export interface AnchoredNode {
  name: string;
  node: YamlNode;
  path: string[];
}

/** What one walk found. */
export interface WalkOut {
  names: NameOcc[];
  files: FileRef[];
  targets: StageRef[];
  images: ImageRef[];
  aliases: AliasUse[];
  anchored: AnchoredNode[];
}

export function emptyWalk(): WalkOut {
  return { names: [], files: [], targets: [], images: [], aliases: [], anchored: [] };
}

/** Sequence items are `[]` in a key path. */
export const ITEM = '[]';

/** Namespace options that may name a service (`service:NAME`). */
const SHARED_NAMESPACES = new Set(['network_mode', 'pid', 'ipc', 'uts', 'cgroup']);
const SERVICE_PREFIX = 'service:';

/** How the walk reads the source: `src[base + offset]` is the character at a parse offset. */
export interface Source {
  src: string;
  base: number;
}

/** The scalar's text: as written for plain scalars, the value for quoted ones. */
function scalarName(s: Source, node: Scalar): string {
  const r = node.range;
  if (node.type === Scalar.PLAIN && r) return s.src.slice(s.base + r[0], s.base + r[1]);
  return scalarText(node.value);
}

/**
 * Where the character `at` of a scalar's value is in the source; undefined when the value is not
 * written as is (escapes, folding, block scalars).
 */
function spanIn(s: Source, node: Scalar, value: string, at: number): number | undefined {
  const r = node.range;
  if (!r) return undefined;
  const raw = s.src.slice(s.base + r[0], s.base + r[1]);
  switch (node.type) {
    case Scalar.PLAIN:
      return raw === value ? r[0] + at : undefined;
    case Scalar.QUOTE_DOUBLE:
    case Scalar.QUOTE_SINGLE:
      return raw.length === value.length + 2 && raw.slice(1, -1) === value
        ? r[0] + 1 + at
        : undefined;
    case Scalar.BLOCK_FOLDED:
    case Scalar.BLOCK_LITERAL:
    case undefined:
      return undefined;
  }
}

function nameOcc(
  s: Source,
  node: Scalar,
  kind: NameKind,
  at: number,
  name: string,
  decl: boolean,
): NameOcc | undefined {
  const r = node.range;
  if (!r || !name) return undefined;
  // a value with `$` is interpolated first: which name it ends up as is not known here
  if (!decl && name.includes('$')) return undefined;
  const value = scalarName(s, node);
  const start = spanIn(s, node, value, at);
  if (start !== undefined)
    return {
      kind,
      name,
      start,
      end: start + name.length,
      decl,
      plain: node.type === Scalar.PLAIN && name.length === value.length,
    };
  return { kind, name, start: r[0], end: r[1], decl, rewrite: { value, at } };
}

function fileRef(s: Source, node: Scalar, kind: FileRefKind): FileRef | undefined {
  const r = node.range;
  const path = scalarName(s, node);
  if (!r || !path.trim()) return undefined;
  const start = spanIn(s, node, path, 0);
  return start === undefined
    ? { kind, path, start: r[0], end: r[1] }
    : { kind, path, start, end: start + path.length };
}

/** The string value of a scalar beside the one being read (`file:` beside `service:`). */
function sibling(s: Source, map: YAMLMap | undefined, key: string): string | undefined {
  if (!map) return undefined;
  for (const p of map.items) {
    if (isScalar(p.key) && scalarText(p.key.value) === key && isScalar(p.value)) {
      const v = scalarName(s, p.value);
      return v === '' ? undefined : v;
    }
  }
  return undefined;
}

/** The source of a short volume (`NAME:/path[:mode]`) when it names a volume. */
function shortVolumeSource(value: string): string | undefined {
  const v = parseVolumeShort(value);
  return 'error' in v || v.bind || v.source?.includes('$') ? undefined : v.source;
}

class Walker {
  constructor(
    private readonly s: Source,
    private readonly out: WalkOut,
    /** Record anchors and aliases (the walk of a piece), or only what the key path names (a walk of an anchored node at an alias's path). */
    private readonly structural: boolean,
    private budget: number,
  ) {}

  node(node: unknown, path: string[], parent?: YAMLMap): void {
    if (--this.budget < 0 || !node) return;
    if (isAlias(node)) {
      this.alias(node, path);
      return;
    }
    const n = node as YamlNode;
    if (this.structural && n.anchor) this.out.anchored.push({ name: n.anchor, node: n, path });
    if (isMap(n)) {
      for (const pair of n.items) {
        if (!isPair(pair)) continue;
        const key = pair.key;
        if (isScalar(key)) {
          if (this.structural && key.anchor)
            this.out.anchored.push({ name: key.anchor, node: key, path });
          const k = scalarText(key.value);
          if (k === '<<' && key.type === Scalar.PLAIN) {
            // merge keys: the aliased maps' pairs are read as pairs of this map
            const v = pair.value;
            if (isAlias(v)) this.alias(v, path);
            else if (isSeq(v)) for (const it of v.items) if (isAlias(it)) this.alias(it, path);
            continue;
          }
          this.key(key, path);
          this.node(pair.value, [...path, k], n);
        } else if (key) {
          this.node(key, [...path, '?'], n);
          this.node(pair.value, [...path, '?'], n);
        }
      }
    } else if (isSeq(n)) {
      const p = [...path, ITEM];
      for (const it of n.items) this.node(it, p);
    } else if (isScalar(n)) {
      this.value(n, path, parent);
    }
  }

  private alias(
    node: { source: string; range?: [number, number, number] | null },
    path: string[],
  ): void {
    const r = node.range;
    if (!this.structural || !r || !node.source) return;
    this.out.aliases.push({
      name: node.source,
      start: r[0] + 1,
      end: r[0] + 1 + node.source.length,
      path,
    });
  }

  private name(
    node: Scalar,
    kind: NameKind,
    at: number,
    name: string,
    decl = false,
  ): NameOcc | undefined {
    const o = nameOcc(this.s, node, kind, at, name, decl);
    if (o) this.out.names.push(o);
    return o;
  }

  /** A key of the map at `path`. */
  private key(key: Scalar, path: string[]): void {
    const n = path.length;
    if (n === 1) {
      const kind = SECTION_KINDS[path[0]];
      if (kind) this.name(key, kind, 0, scalarName(this.s, key), true);
      return;
    }
    if (n === 3 && path[0] === 'services') {
      const kind =
        path[2] === 'depends_on'
          ? 'service'
          : path[2] === 'networks'
            ? 'network'
            : path[2] === 'models'
              ? 'model'
              : undefined;
      if (kind) this.name(key, kind, 0, scalarName(this.s, key));
    }
  }

  /** A scalar value at `path` (the keys down to it, `[]` for sequence items). */
  private value(node: Scalar, path: string[], parent: YAMLMap | undefined): void {
    const s = this.s;
    const v = scalarName(s, node);
    if (!v) return;
    if (path[0] === 'services' && path.length >= 3) {
      const rest = path.slice(2).join('.');
      switch (rest) {
        case 'depends_on.[]':
          this.name(node, 'service', 0, v);
          return;
        case 'links.[]': {
          const parts = v.split(':');
          if (parts.length <= 2) this.name(node, 'service', 0, parts[0]);
          return;
        }
        case 'extends':
          this.name(node, 'service', 0, v);
          return;
        case 'extends.service': {
          const o = this.name(node, 'service', 0, v);
          const file = sibling(s, parent, 'file');
          if (o && file) o.file = file;
          return;
        }
        case 'extends.file': {
          const f = this.file(node, 'extends');
          if (f) f.service = sibling(s, parent, 'service');
          return;
        }
        case 'volumes_from.[]':
          if (!v.startsWith('container:')) this.name(node, 'service', 0, v.split(':')[0]);
          return;
        case 'build':
        case 'build.context': {
          if (/^[a-z][\w+.-]*:\/\//i.test(v) || v.startsWith('git@')) return; // a URL
          const f = this.file(node, 'context');
          if (f && rest === 'build.context') f.dockerfile = sibling(s, parent, 'dockerfile');
          return;
        }
        case 'build.dockerfile': {
          const f = this.file(node, 'dockerfile');
          if (f) f.context = sibling(s, parent, 'context') ?? '.';
          return;
        }
        case 'build.target': {
          const r = node.range;
          if (!r) return;
          const start = spanIn(s, node, v, 0);
          this.out.targets.push({
            stage: v,
            start: start ?? r[0],
            end: start === undefined ? r[1] : start + v.length,
            context: sibling(s, parent, 'context'),
            dockerfile: sibling(s, parent, 'dockerfile'),
          });
          return;
        }
        case 'build.additional_contexts.[]': {
          // NAME=service:OTHER
          const eq = v.indexOf('=');
          if (eq > 0 && v.startsWith(SERVICE_PREFIX, eq + 1))
            this.name(
              node,
              'service',
              eq + 1 + SERVICE_PREFIX.length,
              v.slice(eq + 1 + SERVICE_PREFIX.length),
            );
          return;
        }
        case 'build.secrets.[]':
        case 'build.secrets.[].source':
        case 'secrets.[]':
        case 'secrets.[].source':
          this.name(node, 'secret', 0, v);
          return;
        case 'configs.[]':
        case 'configs.[].source':
          this.name(node, 'config', 0, v);
          return;
        case 'networks.[]':
          this.name(node, 'network', 0, v);
          return;
        case 'models.[]':
          this.name(node, 'model', 0, v);
          return;
        case 'volumes.[]': {
          const source = shortVolumeSource(v);
          if (source) this.name(node, 'volume', 0, source);
          return;
        }
        case 'volumes.[].source':
          if (sibling(s, parent, 'type') === 'volume') this.name(node, 'volume', 0, v);
          return;
        case 'env_file':
        case 'env_file.[]':
        case 'env_file.[].path':
          this.file(node, 'env_file');
          return;
        case 'label_file':
        case 'label_file.[]':
          this.file(node, 'label_file');
          return;
        case 'image': {
          const r = node.range;
          const start = spanIn(s, node, v, 0);
          if (r && start !== undefined)
            this.out.images.push({ image: v, start, end: start + v.length });
          return;
        }
        default:
          if (path.length === 5 && path[2] === 'build' && path[3] === 'additional_contexts') {
            if (v.startsWith(SERVICE_PREFIX))
              this.name(node, 'service', SERVICE_PREFIX.length, v.slice(SERVICE_PREFIX.length));
          } else if (path.length === 3 && SHARED_NAMESPACES.has(path[2])) {
            if (v.startsWith(SERVICE_PREFIX))
              this.name(node, 'service', SERVICE_PREFIX.length, v.slice(SERVICE_PREFIX.length));
          }
          return;
      }
    }
    if (
      (path[0] === 'secrets' || path[0] === 'configs') &&
      path.length === 3 &&
      path[2] === 'file'
    ) {
      this.file(node, path[0] === 'secrets' ? 'secret' : 'config');
      return;
    }
    if (path[0] === 'include') {
      const rest = path.slice(1).join('.');
      if (rest === '[]' || rest === '[].path' || rest === '[].path.[]') this.file(node, 'include');
      else if (rest === '[].env_file' || rest === '[].env_file.[]') this.file(node, 'env_file');
    }
  }

  private file(node: Scalar, kind: FileRefKind): FileRef | undefined {
    const f = fileRef(this.s, node, kind);
    if (f) this.out.files.push(f);
    return f;
  }
}

/** Walk `node` (found at `path`), recording into `out`; `structural`: anchors and aliases too. */
export function walk(
  s: Source,
  node: unknown,
  path: string[],
  out: WalkOut,
  structural: boolean,
  budget = 1_000_000,
): void {
  new Walker(s, out, structural, budget).node(node, path);
}
