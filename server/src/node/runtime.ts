/** Node-side I/O for the server and the CLI: where the built-in index lives, reading note folders. */
import { existsSync, readFileSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { NoteFile } from '../compiler/compileNotes';
import type { RuntimeEnvironment } from '../server';
import type { DocsIndexData } from '../service/types';

const MAX_NOTE_FILES = 5000;
const MAX_NOTE_BYTES = 1024 * 1024;

export function findIndexFile(): string {
  const candidates = [
    join(__dirname, 'docs-index.json'),
    join(__dirname, '..', '..', '..', 'dist', 'docs-index.json'),
    join(__dirname, '..', 'dist', 'docs-index.json'),
  ];
  for (const c of candidates) if (existsSync(c)) return c;
  throw new Error(
    `docs-index.json not found (looked in ${candidates.join(', ')}); run npm run build`,
  );
}

export function loadBuiltinNotes(): DocsIndexData {
  return JSON.parse(readFileSync(findIndexFile(), 'utf8')) as DocsIndexData;
}

/** `~/notes`, `/abs/notes` or `notes` (relative to the first workspace folder). */
export function resolveNotesFolder(folder: string, workspaceRoots: readonly string[] = []): string {
  let f = folder.trim();
  if (f === '~' || f.startsWith('~/')) f = join(homedir(), f.slice(1));
  if (isAbsolute(f)) return f;
  const root = workspaceRoots.find((r) => r.startsWith('file:'));
  return root ? resolve(fileURLToPath(root), f) : resolve(f);
}

export async function readNotesFolder(
  folderSetting: string,
  workspaceRoots: readonly string[] = [],
): Promise<{ files: NoteFile[]; error?: string }> {
  const files: NoteFile[] = [];
  const folder = resolveNotesFolder(folderSetting, workspaceRoots);
  try {
    const walk = async (dir: string, depth: number): Promise<void> => {
      if (depth > 8 || files.length >= MAX_NOTE_FILES) return;
      for (const ent of await readdir(dir, { withFileTypes: true })) {
        const p = join(dir, ent.name);
        if (ent.isDirectory()) await walk(p, depth + 1);
        else if (ent.isFile() && ent.name.endsWith('.md') && ent.name !== 'README.md') {
          const st = await stat(p);
          if (st.size > MAX_NOTE_BYTES) continue;
          files.push({ path: relative(folder, p) || ent.name, text: await readFile(p, 'utf8') });
        }
      }
    };
    await walk(folder, 0);
    return { files };
  } catch (e) {
    return { files, error: e instanceof Error ? e.message : String(e) };
  }
}

/** Files larger than this are not read for navigation. */
const MAX_WORKSPACE_FILE_BYTES = 2 * 1024 * 1024;

function filePath(uri: string): string | undefined {
  try {
    return uri.startsWith('file:') ? fileURLToPath(uri) : undefined;
  } catch {
    return undefined;
  }
}

/** A workspace file's text (file: URIs only), undefined when missing, not a file or too large. */
export async function readWorkspaceFile(uri: string): Promise<string | undefined> {
  const path = filePath(uri);
  if (!path) return undefined;
  try {
    const st = await stat(path);
    if (!st.isFile() || st.size > MAX_WORKSPACE_FILE_BYTES) return undefined;
    return await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** The names in a folder, folders ending in `/` (file: URIs only); undefined when it cannot be listed. */
export async function listWorkspaceFolder(uri: string): Promise<string[] | undefined> {
  const path = filePath(uri);
  if (!path) return undefined;
  try {
    const entries = await readdir(path, { withFileTypes: true });
    const out: string[] = [];
    for (const e of entries) {
      if (e.isFile()) out.push(e.name);
      else if (e.isDirectory()) out.push(`${e.name}/`);
    }
    return out;
  } catch {
    return undefined;
  }
}

export const nodeRuntime: RuntimeEnvironment = {
  builtinNotes: loadBuiltinNotes,
  readNotesFolder,
  readFile: readWorkspaceFile,
  listFolder: listWorkspaceFolder,
};
