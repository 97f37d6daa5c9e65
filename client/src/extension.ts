/**
 * The VS Code extension: starts the language server over IPC, contributes the Explain commands.
 * Snippets and settings are contributed declaratively in package.json.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  LanguageClient,
  TransportKind,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { serverExecArgv } from './serverOptions';

let client: LanguageClient | undefined;

/** The server command behind "Copy as docker run" (its answer: `{ text, message }`). */
const COPY_RUN_COMMAND = 'dockerInlineHelp.copyAsDockerRun';

const COMPOSE_PATTERNS = [
  '**/compose.{yml,yaml}',
  '**/compose.*.{yml,yaml}',
  '**/docker-compose*.{yml,yaml}',
];

interface ExplainResult {
  kind: 'command' | 'note';
  markdown: string;
  text: string;
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  // the V8 settings of the bin, plus the inspector when DOCKER_INLINE_HELP_INSPECT=PORT is set
  // (.vscode/launch.json sets it for "Run Extension"; "Attach to Server" attaches to that port)
  const execArgv = serverExecArgv(process.env);
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc, options: { execArgv } },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { language: 'dockerfile' },
      { language: 'dockercompose' },
      ...COMPOSE_PATTERNS.map((pattern) => ({ language: 'yaml', pattern })),
      { language: 'shellscript' },
      { language: 'makefile' },
      { language: 'markdown' },
      // .dockerignore and <Dockerfile>.dockerignore, whatever language VS Code gives them
      { scheme: 'file', pattern: '**/{.dockerignore,*.dockerignore}' },
    ],
    synchronize: { configurationSection: 'dockerInlineHelp' },
    middleware: {
      // "Copy as docker run": the server answers the command line, the clipboard is the editor's
      executeCommand: async (command, args, next) => {
        const result = (await next(command, args)) as unknown;
        const copied = result as { text?: unknown; message?: unknown } | null;
        if (command === COPY_RUN_COMMAND && typeof copied?.text === 'string') {
          await vscode.env.clipboard.writeText(copied.text);
          if (typeof copied.message === 'string')
            void vscode.window.showInformationMessage(copied.message);
        }
        return result;
      },
    },
    initializationOptions: { settings: currentSettings() },
  };
  client = new LanguageClient(
    'dockerInlineHelp',
    'Docker Inline Help',
    serverOptions,
    clientOptions,
  );

  context.subscriptions.push(
    vscode.commands.registerCommand('dockerInlineHelp.explainKeyword', async () => {
      if (!client) return;
      const items = await client.sendRequest<
        { label: string; kind: string; summary: string; name: string; context?: string }[]
      >('dockerInlineHelp/keywords');
      const picked = await vscode.window.showQuickPick(
        items.map((i) => ({ label: i.label, description: i.kind, detail: i.summary, entry: i })),
        {
          matchOnDescription: true,
          matchOnDetail: true,
          placeHolder: 'Docker keyword, compose key or docker command',
        },
      );
      if (!picked) return;
      const md = await client.sendRequest<string | null>('dockerInlineHelp/note', {
        kind: picked.entry.kind,
        name: picked.entry.name,
        context: picked.entry.context,
      });
      if (md) await showMarkdown(md);
    }),
    vscode.commands.registerCommand('dockerInlineHelp.explainLine', async () => {
      const editor = vscode.window.activeTextEditor;
      if (!editor || !client) return;
      const sel = editor.selection;
      const params = sel.isEmpty
        ? {
            uri: editor.document.uri.toString(),
            position: { line: sel.active.line, character: sel.active.character },
          }
        : { text: editor.document.getText(sel) };
      const r = await client.sendRequest<ExplainResult | null>('dockerInlineHelp/explain', params);
      if (!r) {
        void vscode.window.showInformationMessage(
          'Docker Inline Help: no docker command or keyword found here.',
        );
        return;
      }
      await showMarkdown(r.markdown);
    }),
  );
  await client.start();
}

/** The extension's settings as plain data (a WorkspaceConfiguration object does not serialize). */
function currentSettings(): Record<string, unknown> {
  const cfg = vscode.workspace.getConfiguration('dockerInlineHelp');
  return {
    dockerfile: cfg.get('dockerfile'),
    compose: cfg.get('compose'),
    cli: cfg.get('cli'),
    notes: cfg.get('notes'),
    inlayHints: cfg.get('inlayHints'),
  };
}

async function showMarkdown(markdown: string): Promise<void> {
  const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: markdown });
  await vscode.commands.executeCommand('markdown.showPreview', doc.uri);
}

export function deactivate(): Thenable<void> | undefined {
  return client?.stop();
}
