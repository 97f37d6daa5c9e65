/**
 * The user's notes folders, note file by note file: each file is compiled on its own, so that a
 * saved note costs one compile. A note that no longer compiles keeps its last good version (and
 * its problems are reported); a deleted note is dropped, so the built-in note with its key answers
 * again. No connection and no file access here: the text comes in, an index and problems go out.
 */
import { compileNotes, isNoteFileName, noteKey, type NoteFile } from '../compiler/compileNotes';
import type { DocsIndexData, NoteEntry, NoteProblem } from '../service/types';

/** One notes folder as the runtime read it. */
export interface FolderContents {
  /** The folder as the user wrote it in the setting (for messages). */
  setting: string;
  /** The folder as a URI (file changes and problems are located by it); none when unresolved. */
  uri?: string;
  /** Its note files, paths relative to the folder. */
  files: NoteFile[];
}

interface FileState {
  /** The notes of the last version that compiled without a problem. */
  good: NoteEntry[];
  /** Problems of the current version (file: the path relative to the folder). */
  problems: NoteProblem[];
}

interface Folder {
  setting: string;
  uri?: string;
  files: Map<string, FileState>;
}

export class UserNotes {
  private folders: Folder[] = [];
  private assembled: { index: DocsIndexData; problems: Map<string, NoteProblem[]> } | undefined;
  /** How many note files were compiled so far (the work a change costs). */
  compiled = 0;

  /** Replace every folder (the setting changed): compiles all their notes. */
  setFolders(contents: readonly FolderContents[]): void {
    this.folders = contents.map((c) => {
      const files = new Map<string, FileState>();
      for (const f of [...c.files].sort((a, b) => compare(a.path, b.path))) {
        const path = normalizePath(f.path);
        files.set(path, this.compile(path, f.text, undefined));
      }
      return { setting: c.setting, uri: c.uri, files };
    });
    this.assembled = undefined;
  }

  /** The URIs of the folders (those that resolved). */
  folderUris(): string[] {
    return this.folders.flatMap((f) => (f.uri ? [f.uri] : []));
  }

  /** Whether a URI lies in one of the folders (a note file, or a folder holding some). */
  owns(uri: string): boolean {
    return this.locate(uri) !== undefined;
  }

  /**
   * A note file changed on disk: `text` is its new content, undefined when it is gone (a folder
   * that is gone takes its notes along). Returns whether the notes or their problems changed.
   */
  update(uri: string, text: string | undefined): boolean {
    const at = this.locate(uri);
    if (!at) return false;
    const folder = this.folders[at.folder];
    if (text === undefined) {
      let gone = false;
      for (const path of [...folder.files.keys()]) {
        if (path === at.path || path.startsWith(`${at.path}/`)) {
          folder.files.delete(path);
          gone = true;
        }
      }
      if (gone) this.assembled = undefined;
      return gone;
    }
    if (!isNoteFileName(at.path)) return false;
    const before = folder.files.get(at.path);
    folder.files.set(at.path, this.compile(at.path, text, before));
    if (!before) sortFiles(folder);
    this.assembled = undefined;
    return true;
  }

  /** The user's notes as one index: a later folder replaces an earlier folder's note with the same key. */
  index(): DocsIndexData {
    return this.assemble().index;
  }

  /** The problems of each note file, by the file's URI (files of unresolved folders by their path). */
  problems(): ReadonlyMap<string, readonly NoteProblem[]> {
    return this.assemble().problems;
  }

  /** The URI of a note file of a folder. */
  static fileUri(folderUri: string, path: string): string {
    return `${folderUri.replace(/\/+$/, '')}/${path.split('/').map(encodeURIComponent).join('/')}`;
  }

  private compile(path: string, text: string, before: FileState | undefined): FileState {
    this.compiled++;
    const { index, problems } = compileNotes([{ path, text }], { user: true });
    // a note that does not compile keeps answering with its last good version
    return problems.length
      ? { good: before?.good ?? [], problems }
      : { good: index.entries, problems: [] };
  }

  private assemble(): { index: DocsIndexData; problems: Map<string, NoteProblem[]> } {
    if (this.assembled) return this.assembled;
    const entries: NoteEntry[] = [];
    const problems = new Map<string, NoteProblem[]>();
    for (const folder of this.folders) {
      // within a folder a key belongs to the first file (by path) that claims it
      const claimed = new Map<string, string>();
      for (const [path, state] of folder.files) {
        const found = [...state.problems];
        for (const e of state.good) {
          const keys = [e.name, ...(e.aliases ?? [])].map((n) => noteKey(e.kind, e.context, n));
          const other = keys.map((k) => claimed.get(k)).find((p) => p !== undefined);
          if (other !== undefined) {
            found.push({
              file: path,
              line: 2,
              message: `duplicate key ${keys[0].replace(/\|/g, ' / ')}: also defined in ${other}`,
            });
            continue;
          }
          for (const k of keys) claimed.set(k, path);
          entries.push(e);
        }
        if (found.length) {
          problems.set(folder.uri ? UserNotes.fileUri(folder.uri, path) : path, found);
        }
      }
    }
    this.assembled = { index: { version: 1, entries }, problems };
    return this.assembled;
  }

  /** The folder and the path inside it of a URI. */
  private locate(uri: string): { folder: number; path: string } | undefined {
    const file = decode(uri);
    // the last folder that holds the file (a folder may lie inside another)
    for (let i = this.folders.length - 1; i >= 0; i--) {
      const folderUri = this.folders[i].uri;
      if (!folderUri) continue;
      const prefix = `${decode(folderUri).replace(/\/+$/, '')}/`;
      if (file.startsWith(prefix)) return { folder: i, path: file.slice(prefix.length) };
    }
    return undefined;
  }
}

function decode(uri: string): string {
  try {
    return decodeURIComponent(uri);
  } catch {
    return uri;
  }
}

/** A note file: `.md`, and not a README. */

function normalizePath(path: string): string {
  return path.replace(/\\/g, '/');
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Keep a folder's files in path order (which file claims a key first must not depend on timing). */
function sortFiles(folder: Folder): void {
  folder.files = new Map([...folder.files].sort(([a], [b]) => compare(a, b)));
}
