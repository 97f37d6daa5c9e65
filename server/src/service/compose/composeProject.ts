/**
 * The other files a compose file works with, read through the caller's `WorkspaceFiles` (nothing
 * here touches a disk): the files it names (`include`, `extends.file`, `env_file`, build contexts
 * and Dockerfiles, secret and config files), the files that share its names (compose files that
 * `include` it, and the files those include) and the files whose services `extends` it.
 *
 * Files that `include` a file are looked for among the compose files (compose.yaml,
 * docker-compose.yml, …) of its folder and of the two folders above it: that is where a project
 * that includes a part usually lives. Every walk is bounded (files, depth, size); a file that
 * cannot be read here is left out.
 */
import { DockerfileParser } from 'dockerfile-ast';
import type { Location, Range } from 'vscode-languageserver-types';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { isComposeFileName } from '../languageService';
import {
  childUri,
  folderOf,
  normalizeUri,
  resolvePath,
  type WorkspaceFiles,
} from '../workspaceFiles';
import { ComposeIndex } from './composeIndex';
import { parseCompose } from './composeParse';
import { fileRefTarget } from './composeLinks';
import type { FileRef, NameKind, NameOcc, StageRef } from './composeWalk';

/** A name in some file. */
export interface Occurrence extends NameOcc {
  uri: string;
  range: Range;
}

/** Files larger than this are not read for navigation. */
const MAX_FILE_LENGTH = 2 * 1024 * 1024;
/** At most this many other files per request. */
const MAX_FILES = 32;
/** Folders above a file searched for the compose files that include it. */
const FOLDERS_UP = 2;
const MAX_INCLUDE_DEPTH = 4;

interface Loaded {
  uri: string;
  text: string;
  doc: TextDocument;
  index: ComposeIndex;
}

/** Parses of other files, by URI, kept while their text is the same (most recently used last). */
const loadedCache = new Map<string, Loaded>();
const LOADED_CACHE_SIZE = 16;

const START: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

export class ComposeProject {
  private readonly self: Loaded;
  private readonly budget = { files: MAX_FILES };
  private readonly loaded = new Map<string, Loaded | null>();

  constructor(
    doc: TextDocument,
    index: ComposeIndex,
    private readonly files: WorkspaceFiles,
  ) {
    this.self = { uri: doc.uri, text: '', doc, index };
    this.loaded.set(normalizeUri(doc.uri), this.self);
  }

  /** A file as a compose file (parsed once per text), or null when it cannot be read. */
  private load(uri: string): Loaded | null {
    const key = normalizeUri(uri);
    const known = this.loaded.get(key);
    if (known !== undefined) return known;
    let out: Loaded | null = null;
    if (this.budget.files-- > 0) {
      const text = this.files.read(uri);
      if (text !== undefined && text.length <= MAX_FILE_LENGTH) {
        const cached = loadedCache.get(key);
        if (cached && cached.text === text) {
          loadedCache.delete(key);
          out = cached;
        } else {
          const parsed = parseCompose(text, true);
          out = {
            uri,
            text,
            doc: TextDocument.create(uri, 'dockercompose', 0, text),
            index: new ComposeIndex(text, undefined, () => parsed.docs),
          };
        }
        loadedCache.set(key, out);
        while (loadedCache.size > LOADED_CACHE_SIZE) {
          const first = loadedCache.keys().next();
          if (first.done) break;
          loadedCache.delete(first.value);
        }
      }
    }
    this.loaded.set(key, out);
    return out;
  }

  /** The files a file includes (`include`), as URIs. */
  private includes(f: Loaded): string[] {
    const folder = folderOf(f.uri);
    if (!folder) return [];
    const out: string[] = [];
    // only the pieces that say `include` (the top-level key) are read
    for (const i of f.index.candidates('include'))
      for (const r of f.index.filesOf(i)) {
        if (r.kind !== 'include') continue;
        const uri = resolvePath(folder, r.path);
        if (uri) out.push(uri);
      }
    return out;
  }

  /** The compose files near `uri` (its folder and the folders above it). */
  private nearby(uri: string): string[] {
    const out: string[] = [];
    let folder = folderOf(uri);
    for (let up = 0; folder && up <= FOLDERS_UP; up++) {
      for (const name of this.files.list(folder) ?? [])
        if (isComposeFileName(name)) out.push(childUri(folder, name));
      const parent = folderOf(folder);
      if (!parent || parent === folder) break;
      folder = parent;
    }
    return out;
  }

  /** The compose files near `f` that include it. */
  private includers(f: Loaded): Loaded[] {
    const target = normalizeUri(f.uri);
    const out: Loaded[] = [];
    for (const uri of this.nearby(f.uri)) {
      if (normalizeUri(uri) === target) continue;
      const g = this.load(uri);
      if (g && this.includes(g).some((u) => normalizeUri(u) === target)) out.push(g);
    }
    return out;
  }

  /**
   * The files that share this file's names: the files that include it (and those that include
   * them), and every file those include, this one left out.
   */
  private namespace(): Loaded[] {
    const roots: Loaded[] = [];
    const up = new Set<string>([normalizeUri(this.self.uri)]);
    const climb = (f: Loaded, depth: number): void => {
      const above = depth < MAX_INCLUDE_DEPTH ? this.includers(f) : [];
      if (!above.length) roots.push(f);
      for (const g of above) {
        const k = normalizeUri(g.uri);
        if (up.has(k)) continue;
        up.add(k);
        climb(g, depth + 1);
      }
    };
    climb(this.self, 0);
    const seen = new Set<string>();
    const out: Loaded[] = [];
    const down = (f: Loaded, depth: number): void => {
      const k = normalizeUri(f.uri);
      if (seen.has(k)) return;
      seen.add(k);
      out.push(f);
      if (depth >= MAX_INCLUDE_DEPTH) return;
      for (const uri of this.includes(f)) {
        const g = this.load(uri);
        if (g) down(g, depth + 1);
      }
    };
    for (const r of roots) down(r, 0);
    return out.filter((f) => f !== this.self);
  }

  private occurrence(f: Loaded, o: NameOcc, base = 0): Occurrence {
    const start = o.start + base;
    const end = o.end + base;
    return {
      ...o,
      start,
      end,
      uri: f.uri,
      range: { start: f.doc.positionAt(start), end: f.doc.positionAt(end) },
    };
  }

  /** The occurrences of a name in the files that share this one's names. */
  elsewhere(kind: NameKind, name: string): Occurrence[] {
    const out: Occurrence[] = [];
    for (const f of this.namespace())
      for (const o of f.index.named(kind, name)) out.push(this.occurrence(f, o));
    if (kind === 'service') out.push(...this.extenders(this.self, name));
    return out;
  }

  /**
   * The uses of service `name` of file `f` through `extends: { file, service }` in the files
   * near it and in the files of this one's namespace (this file included).
   */
  private extenders(f: Loaded, name: string): Occurrence[] {
    const target = normalizeUri(f.uri);
    const out: Occurrence[] = [];
    const seen = new Set<string>();
    const candidates = [this.self, ...this.namespace(), ...this.nearbyLoaded(f.uri)];
    for (const g of candidates) {
      const k = normalizeUri(g.uri);
      if (seen.has(k)) continue;
      seen.add(k);
      const folder = folderOf(g.uri);
      if (!folder) continue;
      for (const i of g.index.candidates(name))
        for (const o of g.index.occurrences(i)) {
          if (o.kind !== 'service' || o.name !== name || !o.file) continue;
          const uri = resolvePath(folder, o.file);
          if (uri && normalizeUri(uri) === target)
            out.push(this.occurrence(g, o, g.index.offset(i, 0)));
        }
    }
    return out;
  }

  private nearbyLoaded(uri: string): Loaded[] {
    const out: Loaded[] = [];
    for (const u of this.nearby(uri)) {
      const g = this.load(u);
      if (g) out.push(g);
    }
    return out;
  }

  /** Service `name` of the file at `path` (an `extends.file`): its declaration, uses and extenders. */
  extendedService(path: string, name: string): Occurrence[] {
    const folder = folderOf(this.self.uri);
    const uri = folder && resolvePath(folder, path);
    const f = uri ? this.load(uri) : null;
    if (!f) return [];
    const out = f.index.named('service', name).map((o) => this.occurrence(f, o));
    return [...out, ...this.extenders(f, name)];
  }

  /** Where a path written in the file leads (the service in it, for `extends`). */
  fileTarget(ref: FileRef): Location[] {
    const folder = folderOf(this.self.uri);
    const uri = folder && fileRefTarget(folder, ref);
    if (!uri) return [];
    if (ref.kind === 'extends' && ref.service) {
      const f = this.load(uri);
      const decl = f?.index.named('service', ref.service).find((o) => o.decl);
      if (f && decl) return [{ uri: f.uri, range: this.occurrence(f, decl).range }];
    }
    return [{ uri, range: START }];
  }

  /** `build.target`: the stage of that name in the service's Dockerfile. */
  stageTarget(ref: StageRef): Location[] {
    const folder = folderOf(this.self.uri);
    const uri =
      folder &&
      fileRefTarget(folder, {
        kind: 'context',
        path: ref.context ?? '.',
        dockerfile: ref.dockerfile,
        start: 0,
        end: 0,
      });
    const text = uri ? this.files.read(uri) : undefined;
    if (!uri || text === undefined || text.length > MAX_FILE_LENGTH) return [];
    const wanted = ref.stage.toLowerCase();
    for (const from of DockerfileParser.parse(text).getFROMs()) {
      const r = from.getBuildStageRange();
      if (r && from.getBuildStage()?.toLowerCase() === wanted) return [{ uri, range: r }];
    }
    return [];
  }
}
