/**
 * What the Node client (extension.ts) and the browser client (browser/extension.ts) share: the
 * documents the server serves, the settings it starts with, the Explain commands and the view that
 * shows a note whole (a hover's More… link). No Node import here: this module is bundled into the
 * web extension too.
 */
import * as vscode from 'vscode';
import type { BaseLanguageClient, LanguageClientOptions } from 'vscode-languageclient';

const COMPOSE_PATTERNS = [
  '**/compose.{yml,yaml}',
  '**/compose.*.{yml,yaml}',
  '**/docker-compose*.{yml,yaml}',
];

interface ExplainResult {
  kind: 'command' | 'note';
  title: string;
  markdown: string;
  text: string;
}

interface NoteRef {
  kind: string;
  name: string;
  context?: string;
}

interface KeywordItem extends NoteRef {
  label: string;
  description: string;
  summary: string;
  aliases?: string[];
}

/** The command a hover's More… and See also links run (trusted for hover markdown, nothing else). */
const SHOW_NOTE = 'dockerInlineHelp.showNote';

/** What the extension gives other extensions (and the end-to-end tests). */
export interface DockerInlineHelpApi {
  /** The title and markdown the note view shows now, if it is open. */
  shownNote(): { title: string; markdown: string } | undefined;
}

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
    // hovers lead with a card whose More… link runs SHOW_NOTE: the one command their markdown may run
    initializationOptions: { settings: currentSettings(), noteCommand: SHOW_NOTE },
    markdown: { isTrusted: { enabledCommands: [SHOW_NOTE] } },
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
      format: cfg.get('format'),
    }),
  ) as Record<string, unknown>;
}

/**
 * The Command Palette commands (Explain keyword…, Explain docker command on this line) and the
 * note command of hover links; returns the extension's API.
 */
export function registerCommands(
  context: vscode.ExtensionContext,
  client: BaseLanguageClient,
): DockerInlineHelpApi {
  const view = new NoteView();
  context.subscriptions.push(view);

  const showNote = async (ref: NoteRef): Promise<void> => {
    if (typeof ref?.kind !== 'string' || typeof ref.name !== 'string') return;
    const note = await client.sendRequest<{ title: string; markdown: string } | null>(
      'dockerInlineHelp/note',
      { kind: ref.kind, name: ref.name, context: ref.context },
    );
    if (note) await view.show(note.title, note.markdown);
  };

  context.subscriptions.push(
    vscode.commands.registerCommand(SHOW_NOTE, showNote),
    vscode.commands.registerCommand('dockerInlineHelp.explainKeyword', async () => {
      const picked = await pickKeyword(client);
      if (picked) await showNote(picked);
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
      await view.show(r.title, r.markdown);
    }),
  );
  return { shownNote: () => view.shown };
}

/**
 * The Explain keyword quick pick: every note labelled by the words that look it up, in the
 * server's order (the most common meaning of a name first, which the quick pick keeps among equal
 * labels); what the server finds for the typed text is always shown, first.
 */
async function pickKeyword(lc: BaseLanguageClient): Promise<KeywordItem | undefined> {
  type Item = vscode.QuickPickItem & { entry: KeywordItem };
  const toItem = (i: KeywordItem, alwaysShow = false): Item => ({
    label: i.label,
    description: [
      i.description !== i.label ? i.description : '',
      i.kind,
      i.aliases?.length ? `also ${i.aliases.join(', ')}` : '',
    ]
      .filter(Boolean)
      .join(' · '),
    detail: i.summary,
    alwaysShow,
    entry: i,
  });
  const all = (await lc.sendRequest<KeywordItem[]>('dockerInlineHelp/keywords')).map((i) =>
    toItem(i),
  );
  const qp = vscode.window.createQuickPick<Item>();
  qp.items = all;
  qp.matchOnDescription = true;
  qp.matchOnDetail = true;
  qp.placeholder = 'Docker keyword, compose key, docker command or concept';
  let asked = 0;
  qp.onDidChangeValue(async (value) => {
    const ask = ++asked;
    const found = value.trim()
      ? await lc.sendRequest<KeywordItem[]>('dockerInlineHelp/keywords', { query: value })
      : [];
    if (ask !== asked) return;
    const key = (i: NoteRef): string => `${i.kind}|${i.context ?? ''}|${i.name}`;
    const first = new Set(found.map(key));
    qp.items = [
      ...found.map((i) => toItem(i, true)),
      ...all.filter((i) => !first.has(key(i.entry))),
    ];
  });
  return new Promise((resolve) => {
    qp.onDidAccept(() => {
      resolve(qp.selectedItems[0]?.entry);
      qp.hide();
    });
    qp.onDidHide(() => {
      resolve(undefined);
      qp.dispose();
    });
    qp.show();
  });
}

/**
 * Where notes and explanations are shown: one webview tab, reused, titled by the keyword. It
 * creates no document (nothing to save or discard, nothing that comes back after a reload) and
 * runs no script; the markdown is rendered by VS Code's markdown extension, and its links may run
 * SHOW_NOTE only (a See also link opens that note here).
 */
class NoteView implements vscode.Disposable {
  private panel?: vscode.WebviewPanel;
  shown?: { title: string; markdown: string };

  async show(title: string, markdown: string): Promise<void> {
    const body = await renderMarkdown(markdown);
    if (!this.panel) {
      this.panel = vscode.window.createWebviewPanel(
        'dockerInlineHelp.note',
        title,
        { viewColumn: vscode.ViewColumn.Beside, preserveFocus: false },
        { enableScripts: false, enableCommandUris: [SHOW_NOTE], localResourceRoots: [] },
      );
      this.panel.onDidDispose(() => {
        this.panel = undefined;
        this.shown = undefined;
      });
    } else {
      this.panel.reveal(undefined, false);
    }
    this.panel.title = title;
    this.panel.webview.html = page(title, body);
    this.shown = { title, markdown };
  }

  dispose(): void {
    this.panel?.dispose();
  }
}

/** Markdown to HTML with VS Code's markdown extension (escaped text when it is not there). */
async function renderMarkdown(markdown: string): Promise<string> {
  try {
    const html = await vscode.commands.executeCommand<string>('markdown.api.render', markdown);
    if (typeof html === 'string') return html;
  } catch {
    /* the markdown extension is disabled: show the text as it is */
  }
  return `<pre>${escapeHtml(markdown)}</pre>`;
}

function escapeHtml(s: string): string {
  return s.replace(
    /[&<>"]/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c,
  );
}

function page(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src https: data:;">
<title>${escapeHtml(title)}</title>
<style>
  body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); line-height: 1.5; padding: 0 20px 20px; max-width: 60em; }
  code, pre { font-family: var(--vscode-editor-font-family); font-size: var(--vscode-editor-font-size); }
  pre { background: var(--vscode-textCodeBlock-background); padding: 8px 12px; overflow-x: auto; }
  :not(pre) > code { background: var(--vscode-textCodeBlock-background); padding: 1px 4px; border-radius: 3px; }
  table { border-collapse: collapse; margin: 8px 0; }
  th, td { border: 1px solid var(--vscode-editorWidget-border, #8884); padding: 4px 8px; text-align: left; vertical-align: top; }
  a { color: var(--vscode-textLink-foreground); }
  hr { border: 0; border-top: 1px solid var(--vscode-editorWidget-border, #8884); }
</style>
</head>
<body>
${body}
</body>
</html>`;
}
