/**
 * The runtime of the server in a browser worker: no file system. The built-in notes are bundled;
 * the user's notes folders are read by the client (through `vscode.workspace.fs`, so any folder
 * the editor can open: the workspace of vscode.dev, a code-server's disk) and sent over two
 * requests; the client watches them too (workspace/didChangeWatchedFiles), so there is no
 * watcher here.
 */
import type { Connection } from 'vscode-languageserver';
import builtin from 'docker-inline-help:builtin-notes';
import type { RuntimeEnvironment } from '../adapter/session';
import type { NoteFile } from '../compiler/compileNotes';
import type { DocsIndexData } from '../service/types';

/** Client request: read a notes folder -> `{ files, uri?, error? }`. */
export const READ_NOTES_FOLDER_REQUEST = 'dockerInlineHelp/readNotesFolder';
/** Client request: read one note file -> `{ text? }` (no text: the file is gone). */
export const READ_NOTE_REQUEST = 'dockerInlineHelp/readNote';

export function browserRuntime(connection: Connection): RuntimeEnvironment {
  return {
    builtinNotes: () => builtin as DocsIndexData,

    async readNotesFolder(folder, workspaceRoots) {
      try {
        const r = await connection.sendRequest<{
          files?: NoteFile[];
          uri?: string;
          error?: string;
        } | null>(READ_NOTES_FOLDER_REQUEST, { folder, workspaceRoots });
        const files = (r?.files ?? []).filter(
          (f): f is NoteFile => typeof f?.path === 'string' && typeof f.text === 'string',
        );
        return { files, uri: r?.uri, error: r?.error };
      } catch (e) {
        return { files: [], error: `the editor did not read it (${String(e)})` };
      }
    },

    async readNote(uri) {
      try {
        const r = await connection.sendRequest<{ text?: string } | null>(READ_NOTE_REQUEST, {
          uri,
        });
        return typeof r?.text === 'string' ? r.text : undefined;
      } catch {
        return undefined;
      }
    },
  };
}
