/**
 * The user's notes, kept live: the folders of `dockerInlineHelp.notes.folders` are read through
 * the runtime, watched (by the client through a dynamically registered
 * workspace/didChangeWatchedFiles when it can, else by the runtime's own watcher), and a changed
 * note is read and compiled alone. Problems of a note are published as diagnostics of its file
 * (the Problems list), and the last good version of the note keeps answering.
 */
import {
  type Connection,
  type Diagnostic,
  DiagnosticSeverity,
  DidChangeWatchedFilesNotification,
  type Disposable,
  type FileSystemWatcher,
} from 'vscode-languageserver';
import type { DocsIndexData, NoteProblem } from '../service/types';
import { type FolderContents, UserNotes } from './userNotes';
import type { RuntimeEnvironment } from './session';

/** What the client can do for us (from its capabilities). */
export interface WatchSupport {
  /** The client registers file watchers on request (workspace.didChangeWatchedFiles.dynamicRegistration). */
  dynamic: boolean;
  /** It understands a pattern relative to a base folder (relativePatternSupport). */
  relative: boolean;
}

const NOTE_GLOB = '**/*.md';

export class LiveNotes {
  readonly state = new UserNotes();
  private support: WatchSupport = { dynamic: false, relative: false };
  private watching: Disposable[] = [];
  private published = new Set<string>();
  private work: Promise<void> = Promise.resolve();
  /** Changed note files being read and compiled (requests wait for them, see pendingChange). */
  private changing = 0;
  private generation = 0;
  private initialized!: () => void;
  private readonly ready = new Promise<void>((resolve) => (this.initialized = resolve));

  constructor(
    private readonly connection: Connection,
    private readonly runtime: RuntimeEnvironment,
    /** The user notes changed: their index, to lay over the built-in notes. */
    private readonly changed: (index: DocsIndexData) => void,
    private readonly log: (message: string) => void,
  ) {}

  /** From the initialize request. */
  setWatchSupport(support: WatchSupport): void {
    this.support = support;
  }

  /** The client said `initialized`: registrations may be sent from now on. */
  markInitialized(): void {
    this.initialized();
  }

  /** The folders setting changed: read every folder again and watch the new ones. */
  setFolders(folders: readonly string[], workspaceRoots: readonly string[]): void {
    const generation = ++this.generation;
    this.enqueue(async () => {
      // the client answers requests (a browser runtime asks it for the files) once initialized
      await this.ready;
      const contents: FolderContents[] = [];
      for (const folder of folders) {
        const read = await this.runtime.readNotesFolder(folder, workspaceRoots);
        if (read.error) this.log(`notes folder ${folder}: ${read.error}`);
        contents.push({ setting: folder, uri: read.uri, files: read.files });
      }
      if (generation !== this.generation) return; // a newer setting is on its way
      this.state.setFolders(contents);
      const problems = this.state.problems();
      let count = 0;
      for (const list of problems.values()) {
        for (const p of list) this.log(`${p.file}:${p.line}: ${p.message}`);
        count += list.length;
      }
      if (count) {
        this.connection.window.showWarningMessage(
          `Docker Inline Help: ${count} problem(s) in your notes (${folders.join(', ')}); the other notes are loaded. See the Problems list.`,
        );
      }
      this.publish();
      this.changed(this.state.index());
      await this.watch(generation);
    });
  }

  /** Files changed on disk (from the client's watcher or the runtime's): read and compile them. */
  filesChanged(uris: readonly string[]): void {
    const mine = [...new Set(uris)].filter((u) => this.state.owns(u));
    if (!mine.length) return;
    this.changing++;
    this.enqueue(async () => {
      try {
        let changed = false;
        for (const uri of mine) {
          const text = await this.runtime.readNote(uri);
          if (this.state.update(uri, text)) changed = true;
        }
        if (!changed) return;
        for (const uri of mine) {
          for (const p of this.state.problems().get(uri) ?? []) {
            this.log(`${p.file}:${p.line}: ${p.message}`);
          }
        }
        this.publish();
        this.changed(this.state.index());
      } finally {
        this.changing--;
      }
    });
  }

  /**
   * While changed note files are being read and compiled: the promise of that work, so that the
   * next request answers with the changed notes. Undefined (nearly always) when there is none.
   */
  pendingChange(): Promise<void> | undefined {
    return this.changing ? this.work : undefined;
  }

  /** The problems of a note file, as diagnostics (also when the file is open in the editor). */
  diagnosticsFor(uri: string): Diagnostic[] {
    return (this.state.problems().get(uri) ?? []).map(toDiagnostic);
  }

  dispose(): void {
    for (const w of this.watching) w.dispose();
    this.watching = [];
  }

  private enqueue(job: () => Promise<void>): void {
    this.work = this.work.then(job).catch((e: unknown) => {
      this.log(`user notes: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    });
  }

  /** Diagnostics for the note files with problems, and empty ones for the files that have none now. */
  private publish(): void {
    const now = this.state.problems();
    const send = (uri: string, diagnostics: Diagnostic[]): void => {
      void this.connection.sendDiagnostics({ uri, diagnostics }).catch(() => undefined);
    };
    for (const uri of this.published) if (!now.has(uri)) send(uri, []);
    for (const [uri, list] of now) send(uri, list.map(toDiagnostic));
    this.published = new Set(now.keys());
  }

  private async watch(generation: number): Promise<void> {
    this.dispose();
    const uris = this.state.folderUris();
    if (!uris.length) return;
    if (this.support.dynamic) {
      await this.ready;
      if (generation !== this.generation) return;
      const watchers: FileSystemWatcher[] = [];
      for (const uri of uris) {
        if (this.support.relative) {
          watchers.push({ globPattern: { baseUri: uri, pattern: NOTE_GLOB } });
        } else if (uri.startsWith('file://')) {
          // a plain glob: the folder's path, then the pattern
          watchers.push({
            globPattern: `${decodeURIComponent(uri.slice('file://'.length))}/${NOTE_GLOB}`,
          });
        }
      }
      try {
        const registration = await this.connection.client.register(
          DidChangeWatchedFilesNotification.type,
          { watchers },
        );
        if (generation !== this.generation) registration.dispose();
        else this.watching.push(registration);
      } catch (e) {
        this.log(`watching the notes folders: ${String(e)}`);
      }
      return;
    }
    if (!this.runtime.watchNotesFolder) return;
    for (const uri of uris) {
      const watcher = this.runtime.watchNotesFolder(
        uri,
        (file) => this.filesChanged([file]),
        (message) => this.log(`watching ${uri}: ${message}`),
      );
      if (watcher) this.watching.push(watcher);
    }
  }
}

function toDiagnostic(p: NoteProblem): Diagnostic {
  const line = Math.max(0, p.line - 1);
  return {
    range: { start: { line, character: 0 }, end: { line: line + 1, character: 0 } },
    severity: DiagnosticSeverity.Error,
    source: 'docker-inline-help',
    message: p.message,
  };
}
