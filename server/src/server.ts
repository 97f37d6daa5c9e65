/**
 * The thin adapter: owns the LSP connection and the open documents, caches one parse per
 * document version, and hands every request to the pure language service. Every handler is
 * wrapped so that an exception becomes a logged error and an empty answer, never a crash.
 */
import {
  type CancellationToken,
  DidChangeConfigurationNotification,
  TextDocumentSyncKind,
  TextDocuments,
  type CompletionList,
  type Connection,
  type Hover,
  type InitializeResult,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { bufferedDocuments } from './bufferedDocument';
import { compileNotes, type NoteFile } from './compiler/compileNotes';
import {
  DEFAULT_SETTINGS,
  LanguageService,
  type Parsed,
  type Settings,
} from './service/languageService';
import type { DocsIndexData } from './service/types';
import { renderNote } from './service/docs/render';

export interface RuntimeEnvironment {
  /** The built-in compiled notes. */
  builtinNotes(): DocsIndexData;
  /** Read the markdown notes of a user's folder (recursively). Errors are reported, not thrown. */
  readNotesFolder(
    folder: string,
    workspaceRoots: readonly string[],
  ): Promise<{ files: NoteFile[]; error?: string }>;
}

export const EXPLAIN_REQUEST = 'dockerInlineHelp/explain';
export const KEYWORDS_REQUEST = 'dockerInlineHelp/keywords';
export const NOTE_REQUEST = 'dockerInlineHelp/note';

interface ClientSettings {
  dockerfile?: Partial<Settings['dockerfile']>;
  compose?: Partial<Settings['compose']>;
  cli?: Partial<Settings['cli']>;
  notes?: { folders?: string[] };
}

export function startServer(connection: Connection, runtime: RuntimeEnvironment): void {
  // edits are applied when a document is next read (a burst of typing costs one text copy)
  const documents = new TextDocuments(bufferedDocuments);
  const cache = new Map<string, { version: number; parsed: Parsed }>();
  // The notes are read and indexed after the initialize answer (see onInitialized), so that the
  // server answers initialize fast; a request before that builds the service itself.
  let builtinData: DocsIndexData | undefined;
  const builtin = (): DocsIndexData => (builtinData ??= runtime.builtinNotes());
  let current: LanguageService | undefined;
  let currentSettings: Partial<Settings> = {};
  /** When the last hover or completion came (diagnostics wait for a pause). */
  let lastRequestAt = 0;
  const service = (): LanguageService => {
    if (!current) {
      current = new LanguageService({ notes: [builtin()], markdown });
      current.configure(currentSettings, markdown);
    }
    return current;
  };
  let markdown = true;
  let hasConfiguration = false;
  let userFolders: string[] = [];
  let workspaceRoots: string[] = [];

  const log = (msg: string): void => {
    try {
      connection.console.error(msg);
    } catch {
      /* the connection may be gone */
    }
  };

  function runSafe<T>(fn: () => T, fallback: T, what: string, token?: CancellationToken): T {
    if (token?.isCancellationRequested) return fallback;
    try {
      return fn();
    } catch (e) {
      log(`${what}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      return fallback;
    }
  }

  function parsedFor(doc: TextDocument): Parsed {
    const hit = cache.get(doc.uri);
    if (hit && hit.version === doc.version) return hit.parsed;
    // the previous version's parse goes along: its work is taken over where the edits left it valid
    const parsed = service().parse(doc, hit?.parsed);
    cache.set(doc.uri, { version: doc.version, parsed });
    return parsed;
  }

  connection.onInitialize((params): InitializeResult => {
    const caps = params.capabilities;
    const formats = caps.textDocument?.hover?.contentFormat;
    markdown = !formats || formats.includes('markdown');
    hasConfiguration = !!caps.workspace?.configuration;
    workspaceRoots = (params.workspaceFolders ?? []).map((f) => f.uri);
    if (!workspaceRoots.length && params.rootUri) workspaceRoots = [params.rootUri];
    const init = params.initializationOptions as { settings?: ClientSettings } | undefined;
    if (init?.settings) applySettings(init.settings);
    current?.configure({}, markdown);
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        hoverProvider: true,
        completionProvider: {
          triggerCharacters: ['-', '=', '$', '{', ',', ':', ' '],
          resolveProvider: false,
        },
      },
      serverInfo: { name: 'docker-inline-help', version: '0.1.0' },
    };
  });

  connection.onInitialized(() => {
    runSafe(() => service(), undefined, 'loading the notes');
    if (hasConfiguration) {
      void connection.client
        .register(DidChangeConfigurationNotification.type, undefined)
        .catch(() => undefined);
      void pullSettings();
    }
  });

  connection.onDidChangeConfiguration((change) => {
    const s = (change.settings as { dockerInlineHelp?: ClientSettings } | undefined)
      ?.dockerInlineHelp;
    if (hasConfiguration) void pullSettings();
    else if (s) applySettings(s);
  });

  async function pullSettings(): Promise<void> {
    try {
      const s = (await connection.workspace.getConfiguration(
        'dockerInlineHelp',
      )) as ClientSettings | null;
      if (s) applySettings(s);
    } catch (e) {
      log(`reading settings: ${String(e)}`);
    }
  }

  function applySettings(s: ClientSettings): void {
    const merged: Settings = {
      dockerfile: { ...DEFAULT_SETTINGS.dockerfile, ...(s.dockerfile ?? {}) },
      compose: { ...DEFAULT_SETTINGS.compose, ...(s.compose ?? {}) },
      cli: { ...DEFAULT_SETTINGS.cli, ...(s.cli ?? {}) },
    };
    currentSettings = merged;
    current?.configure(merged, markdown);
    const folders = Array.isArray(s.notes?.folders)
      ? s.notes.folders.filter((f): f is string => typeof f === 'string')
      : [];
    if (JSON.stringify(folders) !== JSON.stringify(userFolders)) {
      userFolders = folders;
      void loadUserNotes(merged);
    }
  }

  async function loadUserNotes(settings: Settings): Promise<void> {
    const sources: DocsIndexData[] = [builtin()];
    for (const folder of userFolders) {
      const { files, error } = await runtime.readNotesFolder(folder, workspaceRoots);
      if (error) log(`notes folder ${folder}: ${error}`);
      const { index, problems } = compileNotes(files, { user: true });
      for (const p of problems) log(`${p.file}:${p.line}: ${p.message}`);
      if (problems.length) {
        void connection.window.showWarningMessage(
          `Docker Inline Help: ${problems.length} problem(s) in your notes (${folder}); the other notes are loaded. See the output channel.`,
        );
      }
      sources.push(index);
    }
    current = new LanguageService({ notes: sources, markdown });
    current.configure(settings, markdown);
    cache.clear();
  }

  connection.onHover((params, token): Hover | null =>
    runSafe(
      () => {
        lastRequestAt = Date.now();
        const doc = documents.get(params.textDocument.uri);
        if (!doc) return null;
        return service().doHover(doc, params.position, parsedFor(doc));
      },
      null,
      `hover ${params.textDocument.uri}`,
      token,
    ),
  );

  connection.onCompletion((params, token): CompletionList =>
    runSafe(
      () => {
        lastRequestAt = Date.now();
        const doc = documents.get(params.textDocument.uri);
        if (!doc) return { isIncomplete: false, items: [] };
        return service().doComplete(doc, params.position, parsedFor(doc));
      },
      { isIncomplete: false, items: [] },
      `completion ${params.textDocument.uri}`,
      token,
    ),
  );

  connection.onRequest(
    EXPLAIN_REQUEST,
    (params: { text?: string; uri?: string; position?: { line: number; character: number } }) =>
      runSafe(
        () => {
          if (typeof params?.text === 'string') return service().explain(params.text);
          const doc = params?.uri ? documents.get(params.uri) : undefined;
          if (!doc || !params.position) return null;
          return service().explainAt(doc, params.position, parsedFor(doc));
        },
        null,
        'explain',
      ),
  );

  connection.onRequest(KEYWORDS_REQUEST, () =>
    runSafe(
      () =>
        service().docs.entries.map((e) => ({
          label:
            e.kind === 'dockerfile-flag'
              ? `${e.context} ${e.name}`
              : e.kind === 'dockerfile-mount-option'
                ? `--mount ${e.context === '*' ? '' : `type=${e.context} `}${e.name}`
                : e.name,
          kind: e.kind,
          summary: e.summary,
          context: e.context,
          name: e.name,
        })),
      [],
      'keywords',
    ),
  );

  connection.onRequest(NOTE_REQUEST, (params: { kind?: string; name?: string; context?: string }) =>
    runSafe(
      () => {
        const e = service().docs.entries.find(
          (x) =>
            x.kind === params?.kind &&
            x.name === params?.name &&
            (x.context ?? '') === (params?.context ?? ''),
        );
        return e ? renderNote(e, { markdown: true }) : null;
      },
      null,
      'note',
    ),
  );

  // diagnostics: debounced per document, off the request path
  const pending = new Map<string, NodeJS.Timeout>();
  const VALIDATE_DELAY_MS = 300;
  const VALIDATE_STEP_MS = 1;
  // hover and completion come first: checking waits for a pause in them (but not forever)
  const VALIDATE_QUIET_MS = 50;
  const VALIDATE_MAX_WAIT_MS = 2000;
  function scheduleValidation(doc: TextDocument): void {
    const old = pending.get(doc.uri);
    if (old) clearTimeout(old);
    pending.set(
      doc.uri,
      setTimeout(() => {
        pending.delete(doc.uri);
        const current = documents.get(doc.uri);
        if (!current) return;
        // in steps of a few ms (a large document is checked part by part), answering requests in
        // between; a newer version of the document drops the run (it has one of its own)
        const version = current.version;
        const steps = runSafe(
          () => service().validateSteps(current, parsedFor(current)),
          undefined,
          `validate ${doc.uri}`,
        );
        const since = Date.now();
        const run = (): void => {
          if (!steps || documents.get(doc.uri)?.version !== version) return;
          const start = Date.now();
          if (start - lastRequestAt < VALIDATE_QUIET_MS && start - since < VALIDATE_MAX_WAIT_MS) {
            setTimeout(run, VALIDATE_QUIET_MS);
            return;
          }
          const sliceStart = performance.now();
          for (;;) {
            const step = runSafe(
              () => steps.next(),
              { done: true as const, value: [] },
              `validate ${doc.uri}`,
            );
            if (step.done) {
              void connection
                .sendDiagnostics({ uri: current.uri, version, diagnostics: step.value })
                .catch(() => undefined);
              return;
            }
            if (performance.now() - sliceStart >= VALIDATE_STEP_MS) {
              // a timer, not setImmediate: the JSON-RPC layer hands a message it has read to its
              // handler with setImmediate, and a request that came in during this slice must be
              // answered before the next slice
              setTimeout(run, 0);
              return;
            }
          }
        };
        run();
      }, VALIDATE_DELAY_MS),
    );
  }
  documents.onDidChangeContent((e) => scheduleValidation(e.document));
  documents.onDidClose((e) => {
    cache.delete(e.document.uri);
    const t = pending.get(e.document.uri);
    if (t) clearTimeout(t);
    pending.delete(e.document.uri);
    void connection
      .sendDiagnostics({ uri: e.document.uri, diagnostics: [] })
      .catch(() => undefined);
  });
  documents.listen(connection);
  connection.listen();
}
