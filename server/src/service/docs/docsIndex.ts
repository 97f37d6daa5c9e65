/**
 * Lookups over the compiled notes. Built once per set of notes (later sources replacing earlier
 * notes with the same key); every lookup is a map access. `DocsIndex.layered` puts the user's notes
 * over an index built before (the built-in notes), so that a change of a user note never indexes
 * the built-in notes again.
 */
import { noteKey } from '../../compiler/compileNotes';
import type { CliFlag, DocsIndexData, NoteEntry, NoteKind, SnippetData } from '../types';

const keyOf = (e: NoteEntry): string => noteKey(e.kind, e.context, e.name);

/** The maps over one set of notes. */
class Layer {
  /** key of a note's own name -> note */
  readonly canonical = new Map<string, NoteEntry>();
  /** key of an alias -> note (the first note that claims it) */
  readonly alias = new Map<string, NoteEntry>();
  readonly byKind = new Map<NoteKind, NoteEntry[]>();
  /** cli command path (name or alias) -> note */
  readonly commands = new Map<string, NoteEntry>();
  /** cli command path -> child command words */
  readonly children = new Map<string, Set<string>>();
  /** compose path -> notes of its direct children */
  readonly composeChildren = new Map<string, NoteEntry[]>();
  readonly entries: NoteEntry[];
  /** usage counts by note key (see DocsIndex.usage) */
  readonly counts = new Map<string, number>();
  readonly snippets: readonly SnippetData[];

  constructor(sources: readonly DocsIndexData[]) {
    const merged = new Map<string, NoteEntry>();
    const snippets: SnippetData[] = [];
    for (const src of sources) {
      for (const [k, n] of Object.entries(src.usage ?? {}))
        if (typeof n === 'number' && n > 0) this.counts.set(k, n);
      if (Array.isArray(src.snippets)) snippets.push(...src.snippets);
      for (const e of src.entries) {
        // a later source (user notes) replaces an earlier one with the same key
        merged.set(keyOf(e), e);
      }
    }
    this.entries = [...merged.values()];
    this.snippets = snippets;
    for (const e of this.entries) {
      this.canonical.set(keyOf(e), e);
      for (const a of e.aliases ?? []) {
        const k = noteKey(e.kind, e.context, a);
        if (!this.alias.has(k)) this.alias.set(k, e);
      }
      let list = this.byKind.get(e.kind);
      if (!list) this.byKind.set(e.kind, (list = []));
      list.push(e);
      if (e.kind === 'cli-command') {
        for (const path of [e.name, ...(e.aliases ?? [])]) this.commands.set(path, e);
      }
    }
    for (const path of this.commands.keys()) {
      const words = path.split(' ');
      for (let i = 1; i < words.length; i++) {
        const parent = words.slice(0, i).join(' ');
        let set = this.children.get(parent);
        if (!set) this.children.set(parent, (set = new Set()));
        set.add(words[i]);
      }
    }
    for (const e of this.byKind.get('compose-key') ?? []) {
      const parent = composeParent(e.name);
      let list = this.composeChildren.get(parent);
      if (!list) this.composeChildren.set(parent, (list = []));
      list.push(e);
    }
  }
}

function composeParent(path: string): string {
  const dot = path.lastIndexOf('.');
  return dot < 0 ? '' : path.slice(0, dot);
}

export class DocsIndex {
  private readonly own: Layer;
  /** The index this one lies over (its notes count unless one of `own` has the same key). */
  private base: DocsIndex | undefined;
  // merged views over base and own, made when first asked for (a layered index only)
  private mergedEntries: NoteEntry[] | undefined;
  private mergedSnippets: SnippetData[] | undefined;
  private readonly mergedKinds = new Map<NoteKind, NoteEntry[]>();
  private readonly mergedCompose = new Map<string, NoteEntry[]>();

  constructor(...sources: DocsIndexData[]) {
    this.own = new Layer(sources);
  }

  /**
   * `top`'s notes over `base`: a note of `top` replaces the note of `base` with the same key.
   * Costs the size of `top`; `base` is shared, not copied. A name is looked up in both indexes
   * before any alias is (a user's alias never hides a built-in note's own name).
   */
  static layered(base: DocsIndex, top: DocsIndexData): DocsIndex {
    if (!top.entries.length) return base;
    const index = new DocsIndex(top);
    index.base = base;
    return index;
  }

  /** The snippets of the base index, then this one's. */
  get snippets(): readonly SnippetData[] {
    if (!this.base) return this.own.snippets;
    this.mergedSnippets ??= [...this.base.snippets, ...this.own.snippets];
    return this.mergedSnippets;
  }

  /** A usage count: this index's own, else the base's. */
  private count(key: string): number | undefined {
    return this.own.counts.get(key) ?? this.base?.count(key);
  }

  /** The index this one was layered over (undefined for an index of its own). */
  get baseIndex(): DocsIndex | undefined {
    return this.base;
  }

  /** Every note, built-in notes in their order with replaced ones in place, then added ones. */
  get entries(): readonly NoteEntry[] {
    if (!this.base) return this.own.entries;
    this.mergedEntries ??= this.overlay(this.base.entries, this.own.entries);
    return this.mergedEntries;
  }

  /**
   * How often real files use a note's keyword (`value`: one of its values), from the usage counts;
   * 0 when not counted.
   */
  usage(kind: NoteKind, name: string, context?: string, value?: string): number {
    const key = noteKey(kind, context, name);
    return this.count(value === undefined ? key : `${key}=${value}`) ?? 0;
  }

  /** How often real files write a flag of a docker command (`docker run`, `--publish`). */
  flagUsage(command: string, flag: string): number {
    return this.count(`cli-flag|${command}|${flag}`) ?? 0;
  }

  /** How often real files run a docker command (`docker compose up`). */
  commandUsage(path: string): number {
    return this.count(`cli-command||${path}`) ?? 0;
  }

  /**
   * A sortText piece that puts the most used first: items with the same count keep the order of
   * what follows it in their sortText.
   */
  static rank(count: number): string {
    return String(999_999 - Math.min(count, 999_999)).padStart(6, '0');
  }

  get(kind: NoteKind, name: string, context?: string): NoteEntry | undefined {
    const k = noteKey(kind, context, name);
    return this.byName(k) ?? this.byAlias(k);
  }

  ofKind(kind: NoteKind): readonly NoteEntry[] {
    const own = this.own.byKind.get(kind) ?? [];
    if (!this.base) return own;
    let list = this.mergedKinds.get(kind);
    if (!list) this.mergedKinds.set(kind, (list = this.overlay(this.base.ofKind(kind), own)));
    return list;
  }

  /* ---- docker CLI ---- */

  command(path: string): NoteEntry | undefined {
    const hit = this.own.commands.get(path);
    if (hit || !this.base) return hit;
    const under = this.base.command(path);
    return under && !this.own.canonical.has(keyOf(under)) ? under : undefined;
  }

  /** Child command words of a command path (`docker network` -> create, ls, …). */
  subcommands(path: string): string[] {
    const words = new Set(this.own.children.get(path));
    for (const w of this.base?.subcommands(path) ?? []) words.add(w);
    return [...words].sort();
  }

  static findFlag(cmd: NoteEntry, word: string): CliFlag | undefined {
    const flags = cmd.flags;
    if (!flags) return undefined;
    // indexed: `for … of` allocates an iterator result per flag in the interpreter (--no-opt)
    for (let i = 0; i < flags.length; i++) {
      const f = flags[i];
      if (f.name === word || f.short === word || f.aliases?.includes(word)) return f;
    }
    return undefined;
  }

  /* ---- compose ---- */

  compose(path: string): NoteEntry | undefined {
    return this.get('compose-key', path);
  }

  composeChildrenOf(path: string): readonly NoteEntry[] {
    const own = this.own.composeChildren.get(path) ?? [];
    if (!this.base) return own;
    let list = this.mergedCompose.get(path);
    if (!list) {
      this.mergedCompose.set(path, (list = this.overlay(this.base.composeChildrenOf(path), own)));
    }
    return list;
  }

  /* ---- layering ---- */

  private byName(k: string): NoteEntry | undefined {
    return this.own.canonical.get(k) ?? this.base?.byName(k);
  }

  private byAlias(k: string): NoteEntry | undefined {
    const hit = this.own.alias.get(k);
    if (hit || !this.base) return hit;
    const under = this.base.byAlias(k);
    return under && !this.own.canonical.has(keyOf(under)) ? under : undefined;
  }

  /** `under` with the notes `own` replaces swapped in place, then the notes `own` adds. */
  private overlay(under: readonly NoteEntry[], own: readonly NoteEntry[]): NoteEntry[] {
    if (!own.length) return [...under];
    const replaced = new Set<string>();
    const out = under.map((e) => {
      const k = keyOf(e);
      const mine = this.own.canonical.get(k);
      if (!mine) return e;
      replaced.add(k);
      return mine;
    });
    for (const e of own) if (!replaced.has(keyOf(e))) out.push(e);
    return out;
  }
}
