/**
 * The state the handlers share: the open documents, one cached parse per document version, the
 * language service (built-in notes plus the user's folders) and its settings, and `runSafe`, which
 * turns an exception into a logged error and an empty answer.
 */
import {
  type CancellationToken,
  type Connection,
  type Diagnostic,
  ErrorCodes,
  ResponseError,
  TextDocuments,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { bufferedDocuments } from '../bufferedDocument';
import type { NoteFile } from '../compiler/compileNotes';
import { DocsIndex } from '../service/docs/docsIndex';
import {
  documentKind,
  LanguageService,
  type NoteAccess,
  type Parsed,
  type Settings,
} from '../service/languageService';
import type { CheckInputs } from '../service/rules/check';
import type { DocsIndexData } from '../service/types';
import { Checker, type CheckerPort, type NavigationTables } from './checker';
import { afterLongRequest, IdleTimer } from './idle';
import { LiveNotes } from './notes';
import { EnvFiles } from './envFiles';
import { notesFolders, serviceSettings, type ClientSettings } from './settings';

/** How long a read of another file (for navigation) is reused. */
const READ_TTL_MS = 2000;
/** Reads kept at most (then the cache starts over). */
const MAX_CACHED_READS = 500;

/** Quiet this long after a request (or a published check) counts as idle (RuntimeEnvironment.idle). */
const IDLE_MS = 20;

/** A read of another file (or folder listing), with its value once it is done. */
interface RecentRead<T> {
  at: number;
  value: Promise<T>;
  done?: { value: T };
}

function recentDone<T>(cache: Map<string, RecentRead<T>>, key: string): { value: T } | undefined {
  const hit = cache.get(key);
  return hit?.done && Date.now() - hit.at < READ_TTL_MS ? hit.done : undefined;
}

/**
 * What the server needs from where it runs (Node: server/src/node/runtime.ts; a browser worker:
 * server/src/browser/runtime.ts). The adapter itself touches no file.
 */
export interface RuntimeEnvironment {
  /** The built-in compiled notes. */
  builtinNotes(): DocsIndexData;
  /**
   * Read the markdown notes of a user's folder (recursively), with the folder as a URI. Errors are
   * reported, not thrown.
   */
  readNotesFolder(
    folder: string,
    workspaceRoots: readonly string[],
  ): Promise<{ files: NoteFile[]; error?: string; uri?: string }>;
  /**
   * The text of a workspace file by URI (navigation across files: `include`, `extends`, a
   * service's Dockerfile); undefined when it cannot be read (missing, too large, not a file the
   * runtime can reach). Never throws. Absent where the server has no file access.
   */
  readFile?(uri: string): Promise<string | undefined>;
  /** The names in a folder, by URI, a folder's name ending in `/`; undefined when unknown. */
  listFolder?(uri: string): Promise<string[] | undefined>;
  /** The text of one note file (by URI), undefined when it is gone. Never throws. */
  readNote(uri: string): Promise<string | undefined>;
  /**
   * Watch a notes folder (by URI) for changed, added and removed note files: the server's own
   * watcher, used when the client cannot watch files for it. Absent where the server cannot watch.
   */
  watchNotesFolder?(
    uri: string,
    onChange: (fileUri: string) => void,
    onError: (message: string) => void,
  ): { dispose(): void } | undefined;
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
  /**
   * Start a thread that checks documents (see checker.ts); undefined, or absent, where there is
   * none: then documents are checked on the main thread, in slices.
   */
  startChecker?(): CheckerPort | undefined;
  /**
   * Nothing has come for a while (IDLE_MS): housekeeping that would otherwise land inside the
   * next request may run now (Node: collect the young generation when it is filling up).
   */
  idle?(): void;
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

  /** The user's notes folders: read, watched, compiled note by note. */
  readonly notes: LiveNotes;

  private readonly cache = new Map<string, { version: number; parsed: Parsed }>();
  private builtinIndex: DocsIndex | undefined;
  private userNotes: DocsIndexData = { version: 1, entries: [] };
  private current: LanguageService | undefined;
  private settings: Partial<Settings> = {};
  private userFolders: string[] = [];
  /** How hovers reach the whole note (the client's note command), if the client has a way. */
  private noteAccess: NoteAccess | undefined;

  private readonly idleTimer: IdleTimer | undefined;

  constructor(
    private readonly connection: Connection,
    private readonly runtime: RuntimeEnvironment,
  ) {
    if (runtime.idle)
      this.idleTimer = new IdleTimer(IDLE_MS, () =>
        this.runSafe(() => runtime.idle?.(), undefined, 'idle'),
      );
    this.notes = new LiveNotes(
      connection,
      runtime,
      (index) => {
        // the next request builds a service over the same built-in index and the new user notes
        this.userNotes = index;
        this.current = undefined;
        this.checkThread?.notes(index);
        for (const f of this.checksChanged) f();
      },
      (msg) => this.log(msg),
    );
    this.envFiles = new EnvFiles(runtime);
  }

  /**
   * The language service. The notes are read and indexed after the initialize answer (see
   * onInitialized in server.ts), so that initialize is answered fast; a request before that
   * builds the service itself. The built-in notes are indexed once; user notes lie over them.
   */
  service(): LanguageService {
    if (!this.current) {
      this.builtinIndex ??= new DocsIndex(this.runtime.builtinNotes());
      this.current = new LanguageService({
        notes: [],
        docs: DocsIndex.layered(this.builtinIndex, this.userNotes),
        markdown: this.markdown,
        noteAccess: this.noteAccess,
      });
      this.current.configure(this.settings, this.markdown);
    }
    return this.current;
  }

  /**
   * The checks of large documents on the checking thread, by URI: the version and its diagnostics
   * (undefined when the check was dropped or failed). Fix all reads them (codeActions.ts).
   */
  readonly threadChecks = new Map<
    string,
    { version: number; diagnostics: Promise<Diagnostic[] | undefined> }
  >();

  private checkThread: Checker | undefined;
  private checkThreadTried = false;

  /**
   * The thread that checks documents (started on first use, given the notes and settings and
   * kept up to date with them); undefined where the runtime has none or it is gone (then
   * diagnostics.ts checks on the main thread).
   */
  checker(): Checker | undefined {
    if (!this.checkThreadTried) {
      this.checkThreadTried = true;
      let port: CheckerPort | undefined;
      try {
        port = this.runtime.startChecker?.();
      } catch (e) {
        this.log(`checking thread: ${e instanceof Error ? e.message : String(e)}`);
      }
      if (port) {
        const checker = new Checker(port, (tables) => this.adoptNavigation(tables));
        port.onExit((why) => {
          if (this.checkThread === checker)
            this.log(`checking thread gone, checking on the main thread: ${why}`);
        });
        if (this.userNotes.entries.length) checker.notes(this.userNotes);
        checker.settings(this.settings);
        this.checkThread = checker;
      }
    }
    return this.checkThread?.gone === undefined ? this.checkThread : undefined;
  }

  /**
   * The checking thread's symbol table of a document version: the main thread's parse of the
   * current version takes it over by the pieces' texts (pieces an edit since has changed are not
   * read). It costs a map entry a piece: the pieces are read when a request needs them.
   */
  private adoptNavigation(tables: NavigationTables): void {
    const doc = this.documents.get(tables.uri);
    if (!doc) return;
    this.runSafe(
      () => this.service().adoptNavigation(this.parsedFor(doc), tables.pieces),
      undefined,
      `navigation ${tables.uri}`,
    );
    this.busy();
  }

  /** Stop the checking thread (no large document is open); the next large document starts one. */
  releaseChecker(): void {
    const checker = this.checkThread;
    if (!checker) return;
    this.checkThread = undefined;
    this.checkThreadTried = false;
    checker.close();
  }

  /** Answer a request after the note changes that came before it (usually none: at once). */
  afterNoteChanges<T>(answer: () => T | Promise<T>): T | Promise<T> {
    const pending = this.notes.pendingChange();
    return pending ? pending.then(answer) : answer();
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

  /** The text of an open document, looked up by URI as the service writes it (any encoding). */
  openText(uri: string, normalize: (uri: string) => string): string | undefined {
    const exact = this.documents.get(uri);
    if (exact) return exact.getText();
    const key = normalize(uri);
    for (const d of this.documents.all()) if (normalize(d.uri) === key) return d.getText();
    return undefined;
  }

  /** A file's text through the runtime (undefined where it cannot read files). */
  async readFile(uri: string, fresh = false): Promise<string | undefined> {
    return this.recently(this.fileReads, uri, fresh, async () => {
      try {
        return await this.runtime.readFile?.(uri);
      } catch {
        return undefined;
      }
    });
  }

  /**
   * Reads of other files for navigation, kept for READ_TTL_MS: the requests of one gesture
   * (references, then highlights, then definition; a burst of them) read the disk once. A rename
   * reads afresh (`fresh`), since its edits must match the files as they are.
   */
  private readonly fileReads = new Map<string, RecentRead<string | undefined>>();
  private readonly folderReads = new Map<string, RecentRead<string[] | undefined>>();

  private recently<T>(
    cache: Map<string, RecentRead<T>>,
    key: string,
    fresh: boolean,
    read: () => Promise<T>,
  ): Promise<T> {
    const now = Date.now();
    const hit = cache.get(key);
    if (!fresh && hit && now - hit.at < READ_TTL_MS) return hit.value;
    if (cache.size >= MAX_CACHED_READS) cache.clear();
    const entry: RecentRead<T> = { at: now, value: read() };
    void entry.value.then((v) => (entry.done = { value: v }));
    cache.set(key, entry);
    return entry.value;
  }

  /** A file read a moment ago and done (`{ value }`; undefined: not at hand, read it). */
  recentFile(uri: string): { value: string | undefined } | undefined {
    return recentDone(this.fileReads, uri);
  }

  /** A folder listed a moment ago (as recentFile). */
  recentFolder(uri: string): { value: string[] | undefined } | undefined {
    return recentDone(this.folderReads, uri);
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

  /** A folder's file names through the runtime (undefined where it cannot list folders). */
  async listFolder(uri: string, fresh = false): Promise<string[] | undefined> {
    return this.recently(this.folderReads, uri, fresh, async () => {
      try {
        return await this.runtime.listFolder?.(uri);
      } catch {
        return undefined;
      }
    });
  }

  forget(uri: string): void {
    this.cache.delete(uri);
    this.threadChecks.delete(uri);
    this.checkThread?.forget(uri);
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

  /** initialize has come: until then a request gets ServerNotInitialized, as the protocol asks. */
  initializeReceived = false;

  /** The error for a request before initialize (-32002). */
  notInitialized(): ResponseError<void> {
    return new ResponseError(ErrorCodes.ServerNotInitialized, 'initialize has not been received');
  }

  /** runSafe for a request handler: ServerNotInitialized until initialize has come. */
  request<T>(
    fn: () => T,
    fallback: T,
    what: string,
    token?: CancellationToken,
  ): T | ResponseError<void> | Promise<T> {
    if (!this.initializeReceived) return this.notInitialized();
    const started = this.requestStarted();
    return afterLongRequest(started, this.runSafe(fn, fallback, what, token));
  }

  /**
   * A request is in progress: the diagnostics pass waits for a pause (see diagnostics.ts).
   * Returns the time it started (for `afterLongRequest`).
   */
  requestStarted(): number {
    this.lastRequestAt = Date.now();
    this.busy();
    return this.lastRequestAt;
  }

  /**
   * Work was done (a request, a check's answer): once nothing more has come for IDLE_MS, the
   * runtime's `idle` runs, so that a collection of the garbage the work left falls between
   * requests rather than inside the next one.
   */
  busy(): void {
    this.idleTimer?.poke();
  }

  setNoteAccess(access: NoteAccess): void {
    this.noteAccess = access;
    this.current?.configure({}, undefined, access);
  }

  setMarkdown(markdown: boolean): void {
    this.markdown = markdown;
    this.current?.configure({}, markdown);
  }

  /** Called when what the checks depend on changed (settings, notes): diagnostics run again. */
  readonly checksChanged: (() => void)[] = [];

  /** Apply the client's settings; a change of the notes folders reloads the user notes. */
  applySettings(s: ClientSettings): void {
    const merged = serviceSettings(s);
    const changed = JSON.stringify(merged) !== JSON.stringify(this.settings);
    this.settings = merged;
    this.current?.configure(merged, this.markdown);
    this.checkThread?.settings(merged);
    const folders = notesFolders(s);
    if (JSON.stringify(folders) !== JSON.stringify(this.userFolders)) {
      this.userFolders = folders;
      this.notes.setFolders(folders, this.workspaceRoots);
    } else if (changed) for (const f of this.checksChanged) f();
  }
}
