/**
 * The other files a compose file works with, read through the caller's `WorkspaceFiles` (nothing
 * here touches a disk): the files it names (`include`, `extends.file`, `env_file`, build contexts
 * and Dockerfiles, secret and config files), the files that share its names (compose files that
 * `include` it, and the files those include) and the files whose services `extends` it.
 *
 * Files that `include` or `extends` a file are looked for among the compose files (compose.yaml,
 * docker-compose.yml, …) of its folder, of the two folders above it and of the folders right below
 * those: that is where the parts of a project usually live. Every walk is bounded (files,
 * folders, depth, size); a file that cannot be read here is left out.
 */
import { MAX_WHOLE_CHARS } from '../work';
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
const MAX_FILE_LENGTH = MAX_WHOLE_CHARS;
/** At most this many other files per request. */
const MAX_FILES = 32;
/** Folders above a file searched for the compose files that include it. */
const FOLDERS_UP = 2;
const MAX_INCLUDE_DEPTH = 4;
/** At most this many folders are listed per request. */
const MAX_FOLDERS = 48;
/** Folders never searched for compose files. */
const SKIPPED_FOLDERS = new Set(['node_modules/', 'vendor/', 'target/', 'dist/', 'build/']);

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
          const parsed = parseCompose(text);
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

  /**
   * The compose files near `uri`: in its folder and the folders above it, and in the folders
   * right below those (a project's parts sit side by side: `app/`, `db/`, `common/`).
   */
  private nearby(uri: string): string[] {
    const out: string[] = [];
    let folders = MAX_FOLDERS;
    const composeFiles = (folder: string, names: readonly string[]): void => {
      for (const name of names)
        if (!name.endsWith('/') && isComposeFileName(name)) out.push(childUri(folder, name));
    };
    let folder = folderOf(uri);
    let below: string | undefined;
    for (let up = 0; folder && up <= FOLDERS_UP && folders > 0; up++) {
      const names = this.files.list(folder) ?? [];
      folders--;
      composeFiles(folder, names);
      for (const name of names) {
        if (!name.endsWith('/') || name.startsWith('.') || SKIPPED_FOLDERS.has(name)) continue;
        const sub = childUri(folder, name.slice(0, -1));
        if (sub === below || folders <= 0) continue;
        folders--;
        composeFiles(sub, this.files.list(sub) ?? []);
      }
      below = folder;
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
   * The file that declares a name used here: this one, or the first of the files it includes
   * (depth first, as compose copies an included file's resources into the including one), with
   * the files on the way to it.
   */
  private declaring(kind: NameKind, name: string): Loaded[] | undefined {
    const seen = new Set<string>();
    const search = (f: Loaded, depth: number): Loaded[] | undefined => {
      const k = normalizeUri(f.uri);
      if (seen.has(k)) return undefined;
      seen.add(k);
      if (f.index.declarations(kind, name).length) return [f];
      if (depth >= MAX_INCLUDE_DEPTH) return undefined;
      for (const uri of this.includes(f)) {
        const g = this.load(uri);
        const path = g ? search(g, depth + 1) : undefined;
        if (path) return [f, ...path];
      }
      return undefined;
    };
    return search(this.self, 0);
  }

  /** The files that include `f`, and those that include them (bounded). */
  private includersUp(f: Loaded, into: Map<string, Loaded>, depth = 0): void {
    if (depth >= MAX_INCLUDE_DEPTH) return;
    for (const g of this.includers(f)) {
      const k = normalizeUri(g.uri);
      if (into.has(k)) continue;
      into.set(k, g);
      this.includersUp(g, into, depth + 1);
    }
  }

  /**
   * The other files where a name used here means the same thing: the file declaring it (this one
   * or one it includes) and the files on the way, and every file that includes one of those (an
   * included file's resources are copied into the file including it, never into its siblings).
   */
  private sharing(kind: NameKind, name: string): { files: Loaded[]; declaring: Loaded } {
    const chain = this.declaring(kind, name) ?? [this.self];
    const files = new Map<string, Loaded>();
    for (const f of chain) files.set(normalizeUri(f.uri), f);
    for (const f of chain) this.includersUp(f, files);
    files.delete(normalizeUri(this.self.uri));
    return { files: [...files.values()], declaring: chain[chain.length - 1] };
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

  /** The occurrences of a name used here in the other files where it means the same thing. */
  elsewhere(kind: NameKind, name: string): Occurrence[] {
    const out: Occurrence[] = [];
    const { files, declaring } = this.sharing(kind, name);
    for (const f of files)
      for (const o of f.index.named(kind, name)) out.push(this.occurrence(f, o));
    // `extends: { file, service }` naming the declaring file's service (never a name of `named`)
    if (kind === 'service') out.push(...this.extenders(declaring, name));
    return out;
  }

  /**
   * The uses of service `name` of file `f` through `extends: { file, service }` in this file,
   * the files it includes and the compose files near `f`.
   */
  private extenders(f: Loaded, name: string): Occurrence[] {
    const target = normalizeUri(f.uri);
    const out: Occurrence[] = [];
    const seen = new Set<string>();
    const included: Loaded[] = [];
    for (const uri of this.includes(this.self)) {
      const g = this.load(uri);
      if (g) included.push(g);
    }
    const candidates = [this.self, ...included, ...this.nearbyLoaded(f.uri)];
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
      const decl = f?.index.declarations('service', ref.service)[0];
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
