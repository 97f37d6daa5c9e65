/**
 * The state the handlers share: the open documents, one cached parse per document version, the
 * language service (built-in notes plus the user's folders) and its settings, and `runSafe`, which
 * turns an exception into a logged error and an empty answer.
 */
import { type CancellationToken, type Connection, TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { bufferedDocuments } from '../bufferedDocument';
import { compileNotes, type NoteFile } from '../compiler/compileNotes';
import { LanguageService, type Parsed, type Settings } from '../service/languageService';
import type { DocsIndexData } from '../service/types';
import { notesFolders, serviceSettings, type ClientSettings } from './settings';

export interface RuntimeEnvironment {
  /** The built-in compiled notes. */
  builtinNotes(): DocsIndexData;
  /** Read the markdown notes of a user's folder (recursively). Errors are reported, not thrown. */
  readNotesFolder(
    folder: string,
    workspaceRoots: readonly string[],
  ): Promise<{ files: NoteFile[]; error?: string }>;
  /**
   * The text of a workspace file by URI (navigation across files: `include`, `extends`, a
   * service's Dockerfile); undefined when it cannot be read (missing, too large, not a file the
   * runtime can reach). Never throws. Absent where the server has no file access.
   */
  readFile?(uri: string): Promise<string | undefined>;
  /** The names in a folder, by URI, a folder's name ending in `/`; undefined when unknown. */
  listFolder?(uri: string): Promise<string[] | undefined>;
}

export class Session {
  /** Edits are applied when a document is next read (a burst of typing costs one text copy). */
  readonly documents = new TextDocuments(bufferedDocuments);
  /** Whether the client renders markdown (from the initialize request). */
  markdown = true;
  workspaceRoots: string[] = [];
  /** When the last hover or completion came (diagnostics wait for a pause). */
  lastRequestAt = 0;

  private readonly cache = new Map<string, { version: number; parsed: Parsed }>();
  private builtinData: DocsIndexData | undefined;
  private current: LanguageService | undefined;
  private settings: Partial<Settings> = {};
  private userFolders: string[] = [];

  constructor(
    private readonly connection: Connection,
    private readonly runtime: RuntimeEnvironment,
  ) {}

  /**
   * The language service. The notes are read and indexed after the initialize answer (see
   * onInitialized in server.ts), so that initialize is answered fast; a request before that
   * builds the service itself.
   */
  service(): LanguageService {
    if (!this.current) {
      this.current = new LanguageService({ notes: [this.builtin()], markdown: this.markdown });
      this.current.configure(this.settings, this.markdown);
    }
    return this.current;
  }

  /** The parse of this version of the document (one per version; the previous one is handed on). */
  parsedFor(doc: TextDocument): Parsed {
    const hit = this.cache.get(doc.uri);
    if (hit && hit.version === doc.version) return hit.parsed;
    // the previous version's parse goes along: its work is taken over where the edits left it valid
    const parsed = this.service().parse(doc, hit?.parsed);
    this.cache.set(doc.uri, { version: doc.version, parsed });
    return parsed;
  }

  /** The text of an open document, looked up by URI as the service writes it (any encoding). */
  openText(uri: string, normalize: (uri: string) => string): string | undefined {
    const exact = this.documents.get(uri);
    if (exact) return exact.getText();
    const key = normalize(uri);
    for (const d of this.documents.all()) if (normalize(d.uri) === key) return d.getText();
    return undefined;
  }

  /** A file's text through the runtime (undefined where it cannot read files). */
  async readFile(uri: string): Promise<string | undefined> {
    try {
      return await this.runtime.readFile?.(uri);
    } catch {
      return undefined;
    }
  }

  /** A folder's file names through the runtime (undefined where it cannot list folders). */
  async listFolder(uri: string): Promise<string[] | undefined> {
    try {
      return await this.runtime.listFolder?.(uri);
    } catch {
      return undefined;
    }
  }

  forget(uri: string): void {
    this.cache.delete(uri);
  }

  log(msg: string): void {
    try {
      this.connection.console.error(msg);
    } catch {
      /* the connection may be gone */
    }
  }

  runSafe<T>(fn: () => T, fallback: T, what: string, token?: CancellationToken): T {
    if (token?.isCancellationRequested) return fallback;
    try {
      return fn();
    } catch (e) {
      this.log(`${what}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      return fallback;
    }
  }

  setMarkdown(markdown: boolean): void {
    this.markdown = markdown;
    this.current?.configure({}, markdown);
  }

  /** Apply the client's settings; a change of the notes folders reloads the user notes. */
  applySettings(s: ClientSettings): void {
    const merged = serviceSettings(s);
    this.settings = merged;
    this.current?.configure(merged, this.markdown);
    const folders = notesFolders(s);
    if (JSON.stringify(folders) !== JSON.stringify(this.userFolders)) {
      this.userFolders = folders;
      void this.loadUserNotes(merged);
    }
  }

  private builtin(): DocsIndexData {
    this.builtinData ??= this.runtime.builtinNotes();
    return this.builtinData;
  }

  private async loadUserNotes(settings: Settings): Promise<void> {
    const sources: DocsIndexData[] = [this.builtin()];
    for (const folder of this.userFolders) {
      const { files, error } = await this.runtime.readNotesFolder(folder, this.workspaceRoots);
      if (error) this.log(`notes folder ${folder}: ${error}`);
      const { index, problems } = compileNotes(files, { user: true });
      for (const p of problems) this.log(`${p.file}:${p.line}: ${p.message}`);
      if (problems.length) {
        void this.connection.window.showWarningMessage(
          `Docker Inline Help: ${problems.length} problem(s) in your notes (${folder}); the other notes are loaded. See the output channel.`,
        );
      }
      sources.push(index);
    }
    this.current = new LanguageService({ notes: sources, markdown: this.markdown });
    this.current.configure(settings, this.markdown);
    this.cache.clear();
  }
}
