/**
 * The thin adapter: owns the LSP connection and hands every request to the pure language service.
 * This file wires the parts together: the initialize handshake and settings here; the shared
 * state (open documents, one cached parse per document version, the service, runSafe) in
 * adapter/session.ts; one adapter/*.ts file per group of handlers. Every handler is wrapped so
 * that an exception becomes a logged error and an empty answer, never a crash.
 */
import {
  CodeActionKind,
  type Connection,
  DidChangeConfigurationNotification,
  ErrorCodes,
  ResponseError,
  DidChangeWatchedFilesNotification,
  type InitializeResult,
  TextDocumentSyncKind,
} from 'vscode-languageserver';
import { registerCodeActions } from './adapter/codeActions';
import { registerCommands, SERVER_COMMANDS } from './adapter/commands';
import { registerDiagnostics } from './adapter/diagnostics';
import { registerHelp } from './adapter/help';
import { registerInlayHints } from './adapter/inlayHints';
import { NAVIGATION_CAPABILITIES, registerNavigation } from './adapter/navigation';
import { registerRequests } from './adapter/requests';
import { Session, type RuntimeEnvironment } from './adapter/session';
import type { ClientSettings } from './adapter/settings';
import { FIX_ALL_KIND } from './service/rules/codeActions';

export type { RuntimeEnvironment } from './adapter/session';
export { EXPLAIN_REQUEST, KEYWORDS_REQUEST, NOTE_REQUEST } from './adapter/requests';

export function startServer(connection: Connection, runtime: RuntimeEnvironment): void {
  const session = new Session(connection, runtime);
  const client = registerLifecycle(connection, session);
  registerInlayHints(connection, session, () => client.inlayHintRefresh);
  registerHelp(connection, session);
  registerRequests(connection, session);
  registerNavigation(connection, session);
  registerDiagnostics(connection, session);
  registerCodeActions(connection, session);
  registerCommands(connection, session);
  session.documents.listen(connection);
  connection.listen();
}

/** initialize (capabilities, client features, initial settings), initialized, settings changes. */
function registerLifecycle(
  connection: Connection,
  session: Session,
): { inlayHintRefresh: boolean } {
  let hasConfiguration = false;
  let watchesFiles = false;
  const client = { inlayHintRefresh: false };

  async function pullSettings(): Promise<void> {
    try {
      const s = (await connection.workspace.getConfiguration('dockerInlineHelp')) as unknown;
      if (s && typeof s === 'object') session.applySettings(s);
    } catch (e) {
      session.log(`reading settings: ${String(e)}`);
    }
  }

  // methods nobody handles: ServerNotInitialized before initialize, MethodNotFound after
  connection.onRequest((method) =>
    session.initializeReceived
      ? new ResponseError(ErrorCodes.MethodNotFound, `Unhandled method ${method}`)
      : session.notInitialized(),
  );

  connection.onInitialize((params): InitializeResult => {
    session.initializeReceived = true;
    const caps = params.capabilities;
    const formats = caps.textDocument?.hover?.contentFormat;
    session.setMarkdown(!formats || formats.includes('markdown'));
    hasConfiguration = !!caps.workspace?.configuration;
    const watched = caps.workspace?.didChangeWatchedFiles;
    session.notes.setWatchSupport({
      dynamic: !!watched?.dynamicRegistration,
      relative: !!watched?.relativePatternSupport,
    });
    session.workspaceRoots = (params.workspaceFolders ?? []).map((f) => f.uri);
    const edits = caps.workspace?.workspaceEdit;
    session.createFiles =
      !!edits?.documentChanges && !!edits.resourceOperations?.includes('create');
    watchesFiles = !!caps.workspace?.didChangeWatchedFiles?.dynamicRegistration;
    session.envFiles.clientWatches = watchesFiles;
    client.inlayHintRefresh = !!caps.workspace?.inlayHint?.refreshSupport;
    if (!session.workspaceRoots.length && params.rootUri) session.workspaceRoots = [params.rootUri];
    const init = params.initializationOptions as
      { settings?: ClientSettings; noteCommand?: unknown } | undefined;
    // the client's command that opens a note: hovers lead with a card that links to the whole note
    if (typeof init?.noteCommand === 'string' && init.noteCommand)
      session.setNoteAccess({ command: init.noteCommand });
    if (init?.settings) session.applySettings(init.settings);
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        hoverProvider: true,
        completionProvider: {
          triggerCharacters: ['-', '=', '$', '{', ',', ':', ' '],
          // the documentation of an item comes when the editor shows it (adapter/help.ts)
          resolveProvider: true,
        },
        ...NAVIGATION_CAPABILITIES,
        codeActionProvider: {
          codeActionKinds: [
            CodeActionKind.QuickFix,
            CodeActionKind.SourceFixAll,
            FIX_ALL_KIND,
            CodeActionKind.RefactorRewrite,
          ],
        },
        executeCommandProvider: { commands: SERVER_COMMANDS },
        inlayHintProvider: true,
      },
      serverInfo: { name: 'docker-inline-help', version: '0.1.0' },
    };
  });

  connection.onInitialized(() => {
    session.runSafe(() => session.service(), undefined, 'loading the notes');
    session.notes.markInitialized();
    // compose projects' .env files: the client tells us when one changes
    if (watchesFiles)
      void connection.client
        .register(DidChangeWatchedFilesNotification.type, {
          watchers: [{ globPattern: '**/.env' }],
        })
        .catch(() => {
          session.envFiles.clientWatches = false;
        });
    if (hasConfiguration) {
      void connection.client
        .register(DidChangeConfigurationNotification.type, undefined)
        .catch(() => undefined);
      void pullSettings();
    }
  });

  // one handler for every watched file (the connection keeps only the last one registered): note
  // files of the notes folders, and compose projects' .env files
  connection.onDidChangeWatchedFiles((p) => {
    session.notes.filesChanged(p.changes.map((c) => c.uri));
    for (const c of p.changes) session.envFiles.changed(c.uri);
  });

  connection.onDidChangeConfiguration((change) => {
    const s = (change.settings as { dockerInlineHelp?: ClientSettings } | undefined)
      ?.dockerInlineHelp;
    if (hasConfiguration) void pullSettings();
    else if (s) session.applySettings(s);
  });
  return client;
}
