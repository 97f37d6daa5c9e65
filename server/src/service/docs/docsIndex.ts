/**
 * Lookups over the compiled notes. Built once per set of notes (built-in plus user notes, the
 * latter replacing built-in notes with the same key); every lookup is a map access.
 */
import { noteKey } from '../../compiler/compileNotes';
import type { CliFlag, DocsIndexData, NoteEntry, NoteKind } from '../types';

export class DocsIndex {
  private readonly byKey = new Map<string, NoteEntry>();
  private readonly byKind = new Map<NoteKind, NoteEntry[]>();
  /** cli command path (name or alias) -> note */
  private readonly commands = new Map<string, NoteEntry>();
  /** cli command path -> child command words */
  private readonly children = new Map<string, Set<string>>();
  /** compose path -> notes of its direct children */
  private readonly composeChildren = new Map<string, NoteEntry[]>();
  readonly entries: NoteEntry[];

  constructor(...sources: DocsIndexData[]) {
    const merged = new Map<string, NoteEntry>();
    for (const src of sources) {
      for (const e of src.entries) {
        // a later source (user notes) replaces an earlier one with the same key
        merged.set(noteKey(e.kind, e.context, e.name), e);
      }
    }
    this.entries = [...merged.values()];
    for (const e of this.entries) {
      this.byKey.set(noteKey(e.kind, e.context, e.name), e);
      for (const a of e.aliases ?? []) {
        const k = noteKey(e.kind, e.context, a);
        if (!this.byKey.has(k)) this.byKey.set(k, e);
      }
      let list = this.byKind.get(e.kind);
      if (!list) this.byKind.set(e.kind, (list = []));
      list.push(e);
      if (e.kind === 'cli-command') {
        for (const path of [e.name, ...(e.aliases ?? [])]) {
          this.commands.set(path, e);
        }
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
      const dot = e.name.lastIndexOf('.');
      const parent = dot < 0 ? '' : e.name.slice(0, dot);
      let list = this.composeChildren.get(parent);
      if (!list) this.composeChildren.set(parent, (list = []));
      list.push(e);
    }
  }

  get(kind: NoteKind, name: string, context?: string): NoteEntry | undefined {
    return this.byKey.get(noteKey(kind, context, name));
  }

  ofKind(kind: NoteKind): readonly NoteEntry[] {
    return this.byKind.get(kind) ?? [];
  }

  /* ---- docker CLI ---- */

  command(path: string): NoteEntry | undefined {
    return this.commands.get(path);
  }

  /** Child command words of a command path (`docker network` -> create, ls, …). */
  subcommands(path: string): string[] {
    return [...(this.children.get(path) ?? [])].sort();
  }

  static findFlag(cmd: NoteEntry, word: string): CliFlag | undefined {
    for (const f of cmd.flags ?? []) {
      if (f.name === word || f.short === word || f.aliases?.includes(word)) return f;
    }
    return undefined;
  }

  /* ---- compose ---- */

  compose(path: string): NoteEntry | undefined {
    return this.byKey.get(noteKey('compose-key', undefined, path));
  }

  composeChildrenOf(path: string): readonly NoteEntry[] {
    return this.composeChildren.get(path) ?? [];
  }
}
