/**
 * The user's notes folders read for a server that has no file system (the web extension's worker):
 * the server asks, the client reads through `vscode.workspace.fs`, which reaches whatever the
 * editor can open (the workspace of vscode.dev or github.dev, the disk behind code-server). The
 * same limits as the Node server: 5,000 files, 1 MB a file, 8 folders deep, `.md` but no README.
 */
import * as vscode from 'vscode';
import type { BaseLanguageClient } from 'vscode-languageclient';

const READ_NOTES_FOLDER_REQUEST = 'dockerInlineHelp/readNotesFolder';
const READ_NOTE_REQUEST = 'dockerInlineHelp/readNote';
const MAX_NOTE_FILES = 5000;
const MAX_NOTE_BYTES = 1024 * 1024;
const MAX_DEPTH = 8;

export function registerNotesAccess(client: BaseLanguageClient): void {
  client.onRequest(READ_NOTES_FOLDER_REQUEST, (params: { folder?: unknown }) =>
    readNotesFolder(typeof params?.folder === 'string' ? params.folder : ''),
  );
  client.onRequest(READ_NOTE_REQUEST, async (params: { uri?: unknown }) => {
    if (typeof params?.uri !== 'string') return {};
    const text = await readNote(vscode.Uri.parse(params.uri));
    return text === undefined ? {} : { text };
  });
}

/**
 * Where a notes folder setting points: a path relative to the first workspace folder, an absolute
 * path on the workspace's file system, or a URI. `~` has no meaning in a browser: undefined.
 */
export function resolveNotesFolder(folder: string): vscode.Uri | undefined {
  const f = folder.trim();
  const root = vscode.workspace.workspaceFolders?.[0]?.uri;
  if (!f || f === '~' || f.startsWith('~/')) return undefined;
  if (/^[a-z][\w+.-]+:\/\//i.test(f)) return vscode.Uri.parse(f);
  if (f.startsWith('/')) return root ? root.with({ path: f }) : vscode.Uri.file(f);
  return root ? vscode.Uri.joinPath(root, f) : undefined;
}

async function readNotesFolder(
  folder: string,
): Promise<{ files: { path: string; text: string }[]; uri?: string; error?: string }> {
  const base = resolveNotesFolder(folder);
  if (!base) {
    return {
      files: [],
      error: folder.trim().startsWith('~')
        ? 'a folder in the home directory cannot be read by the web extension'
        : 'no workspace folder to resolve it against',
    };
  }
  const files: { path: string; text: string }[] = [];
  const walk = async (dir: vscode.Uri, prefix: string, depth: number): Promise<void> => {
    if (depth > MAX_DEPTH || files.length >= MAX_NOTE_FILES) return;
    const entries = await vscode.workspace.fs.readDirectory(dir);
    for (const [name, type] of entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      if (files.length >= MAX_NOTE_FILES) return;
      const uri = vscode.Uri.joinPath(dir, name);
      if (type & vscode.FileType.Directory) await walk(uri, `${prefix}${name}/`, depth + 1);
      // a note: as isNoteFileName in server/src/compiler/compileNotes.ts
      else if (/\.md$/i.test(name) && name !== 'README.md' && name !== 'VERSIONS.md') {
        const text = await readNote(uri);
        if (text !== undefined) files.push({ path: `${prefix}${name}`, text });
      }
    }
  };
  try {
    await walk(base, '', 0);
    return { files, uri: base.toString() };
  } catch (e) {
    return { files, uri: base.toString(), error: e instanceof Error ? e.message : String(e) };
  }
}

async function readNote(uri: vscode.Uri): Promise<string | undefined> {
  try {
    const st = await vscode.workspace.fs.stat(uri);
    if (!(st.type & vscode.FileType.File) || st.size > MAX_NOTE_BYTES) return undefined;
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    return undefined;
  }
}
