/**
 * What the Node client (extension.ts) and the browser client (browser/extension.ts) share: the
 * documents the server serves, the settings it starts with, and the Explain commands. No Node
 * import here: this module is bundled into the web extension too.
 */
import * as vscode from 'vscode';
import type { BaseLanguageClient, LanguageClientOptions } from 'vscode-languageclient';

const COMPOSE_PATTERNS = [
  '**/compose.{yml,yaml}',
  '**/compose.*.{yml,yaml}',
  '**/docker-compose*.{yml,yaml}',
];

/** The client options both clients start the server with. */
export function clientOptions(): LanguageClientOptions {
  return {
    documentSelector: [
      { language: 'dockerfile' },
      { language: 'dockercompose' },
      ...COMPOSE_PATTERNS.map((pattern) => ({ language: 'yaml', pattern })),
      { language: 'shellscript' },
      { language: 'makefile' },
      { language: 'markdown' },
      // .dockerignore and <Dockerfile>.dockerignore, whatever language the editor gives them (any
      // scheme: the web extension sees vscode-vfs:, vscode-remote: … documents)
      { pattern: '**/{.dockerignore,*.dockerignore}' },
    ],
    synchronize: { configurationSection: 'dockerInlineHelp' },
    initializationOptions: { settings: currentSettings() },
  };
}

/**
 * The extension's settings as plain data: a WorkspaceConfiguration object does not serialize, and
 * the objects it hands out are proxies, which a worker's postMessage cannot clone (hence the JSON
 * round trip).
 */
function currentSettings(): Record<string, unknown> {
  const cfg = vscode.workspace.getConfiguration('dockerInlineHelp');
  return JSON.parse(
    JSON.stringify({
      dockerfile: cfg.get('dockerfile'),
      compose: cfg.get('compose'),
      cli: cfg.get('cli'),
      notes: cfg.get('notes'),
    }),
  ) as Record<string, unknown>;
}

interface ExplainResult {
  kind: 'command' | 'note';
  markdown: string;
  text: string;
}

/** The Command Palette commands: Explain keyword…, Explain docker command on this line. */
export function registerCommands(
  context: vscode.ExtensionContext,
  client: BaseLanguageClient,
): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('dockerInlineHelp.explainKeyword', async () => {
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
      if (!editor) return;
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
}

async function showMarkdown(markdown: string): Promise<void> {
  const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: markdown });
  await vscode.commands.executeCommand('markdown.showPreview', doc.uri);
}
