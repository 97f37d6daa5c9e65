/**
 * The state the handlers share: the open documents, one cached parse per document version, the
 * language service (built-in notes plus the user's folders) and its settings, and `runSafe`, which
 * turns an exception into a logged error and an empty answer.
 */
import { type CancellationToken, type Connection, TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { bufferedDocuments } from '../bufferedDocument';
import { compileNotes, type NoteFile } from '../compiler/compileNotes';
import {
  documentKind,
  LanguageService,
  type Parsed,
  type Settings,
} from '../service/languageService';
import type { CheckInputs } from '../service/rules/check';
import type { DocsIndexData } from '../service/types';
import { EnvFiles } from './envFiles';
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
   * The ignore file of a Dockerfile's build context, taken to be the Dockerfile's folder:
   * `<name>.dockerignore` next to it, else `.dockerignore`; undefined when there is none.
   */
  readDockerignore?(dockerfileUri: string): Promise<string | undefined>;
  /** The text of a (small) file by URI; undefined when it does not exist or cannot be read. */
  readTextFile?(uri: string): Promise<string | undefined>;
  /**
   * Call `changed` when the file (created, changed or deleted) may have changed; the answer stops
   * watching. Undefined when it cannot watch.
   */
  watchFile?(uri: string, changed: () => void): (() => void) | undefined;
}

export class Session {
  /** Edits are applied when a document is next read (a burst of typing costs one text copy). */
  readonly documents = new TextDocuments(bufferedDocuments);
  /** Whether the client renders markdown (from the initialize request). */
  markdown = true;
  workspaceRoots: string[] = [];
  /** When the last hover or completion came (diagnostics wait for a pause). */
  lastRequestAt = 0;
  /** The client applies file creations in workspace edits (documentChanges with `create`). */
  createFiles = false;
  /** The `.env` files of the compose projects of the open documents. */
  readonly envFiles: EnvFiles;

  private readonly cache = new Map<string, { version: number; parsed: Parsed }>();
  private builtinData: DocsIndexData | undefined;
  private current: LanguageService | undefined;
  private settings: Partial<Settings> = {};
  private userFolders: string[] = [];

  constructor(
    private readonly connection: Connection,
    private readonly runtime: RuntimeEnvironment,
  ) {
    this.envFiles = new EnvFiles(runtime);
  }

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

  /** What the checks of a document read besides its text (a Dockerfile's .dockerignore). */
  async checkInputs(doc: TextDocument): Promise<CheckInputs> {
    if (documentKind(doc.languageId, doc.uri) === 'compose' && this.runtime.readTextFile)
      return { env: await this.envFiles.get(doc.uri) };
    if (documentKind(doc.languageId, doc.uri) !== 'dockerfile' || !this.runtime.readDockerignore)
      return {};
    try {
      const dockerignore = await this.runtime.readDockerignore(doc.uri);
      return dockerignore === undefined ? {} : { dockerignore };
    } catch {
      return {};
    }
  }

  /**
   * The text of a file: the editor's version when it is open, else what is on disk (with
   * `version` undefined); undefined when there is no such file.
   */
  async fileText(uri: string): Promise<{ text: string; version?: number } | undefined> {
    const open = this.documents.get(uri);
    if (open) return { text: open.getText(), version: open.version };
    try {
      const text = await this.runtime.readTextFile?.(uri);
      return text === undefined ? undefined : { text };
    } catch {
      return undefined;
    }
  }

  /**
   * What hover and inlay hints read besides the document (a compose file's .env): at once when it
   * is known, else a promise.
   */
  helpInputs(doc: TextDocument): CheckInputs | Promise<CheckInputs> {
    if (documentKind(doc.languageId, doc.uri) !== 'compose' || !this.runtime.readTextFile)
      return {};
    const env = this.envFiles.known(doc.uri);
    return env ? { env } : this.envFiles.get(doc.uri).then((e) => ({ env: e }));
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
