/**
 * Node-side I/O for the server and the CLI (where the built-in index lives, reading note folders,
 * the checking thread) and the server's housekeeping between requests (collectWhileIdle).
 */
import { existsSync, readFileSync, statSync, watch, type FSWatcher } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { isNoteFileName, type NoteFile } from '../compiler/compileNotes';
import { Worker } from 'node:worker_threads';
import type { CheckerPort, CheckerReply } from '../adapter/checker';
import type { RuntimeEnvironment } from '../server';
import { documentKind } from '../service/languageService';
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
): Promise<{ files: NoteFile[]; error?: string; uri?: string }> {
  const files: NoteFile[] = [];
  const folder = resolveNotesFolder(folderSetting, workspaceRoots);
  const uri = pathToFileURL(folder).href;
  try {
    const walk = async (dir: string, depth: number): Promise<void> => {
      if (depth > 8 || files.length >= MAX_NOTE_FILES) return;
      for (const ent of await readdir(dir, { withFileTypes: true })) {
        const p = join(dir, ent.name);
        if (ent.isDirectory()) await walk(p, depth + 1);
        else if (ent.isFile() && isNoteFileName(ent.name)) {
          const st = await stat(p);
          if (st.size > MAX_NOTE_BYTES) continue;
          files.push({ path: relative(folder, p) || ent.name, text: await readFile(p, 'utf8') });
        }
      }
    };
    await walk(folder, 0);
    return { files, uri };
  } catch (e) {
    return { files, uri, error: e instanceof Error ? e.message : String(e) };
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

/** A file's text by `file:` URI; undefined when missing, not a file, or over `maxBytes`. */
async function readSmallFile(uri: string, maxBytes: number): Promise<string | undefined> {
  const path = filePath(uri);
  if (!path) return undefined;
  try {
    const st = await stat(path);
    if (!st.isFile() || st.size > maxBytes) return undefined;
    return await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** A workspace file's text (file: URIs only), undefined when missing, not a file or too large. */
export function readWorkspaceFile(uri: string): Promise<string | undefined> {
  return readSmallFile(uri, MAX_WORKSPACE_FILE_BYTES);
}

/** One note file by its file: URI; undefined when it is gone, not a file, or too large. */
export function readNote(uri: string): Promise<string | undefined> {
  return readSmallFile(uri, MAX_NOTE_BYTES);
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

/** How long a burst of events on one file (an editor's save) is gathered into one change. */
const WATCH_SETTLE_MS = 50;

/**
 * The server's own watcher of a notes folder (recursive fs.watch; no process is started): reports
 * the URI of each note file (or folder) that changed, once a burst of events on it is over.
 */
export function watchNotesFolder(
  uri: string,
  onChange: (fileUri: string) => void,
  onError: (message: string) => void,
): { dispose(): void } | undefined {
  const pending = new Map<string, NodeJS.Timeout>();
  let watcher: FSWatcher;
  try {
    const dir = fileURLToPath(uri);
    watcher = watch(dir, { recursive: true, persistent: false }, (_event, name) => {
      if (!name) return;
      const file = pathToFileURL(join(dir, name.toString())).href;
      clearTimeout(pending.get(file));
      pending.set(
        file,
        setTimeout(() => {
          pending.delete(file);
          onChange(file);
        }, WATCH_SETTLE_MS),
      );
    });
    watcher.on('error', (e) => onError(e.message));
  } catch (e) {
    onError(e instanceof Error ? e.message : String(e));
    return undefined;
  }
  return {
    dispose() {
      for (const t of pending.values()) clearTimeout(t);
      pending.clear();
      watcher.close();
    },
  };
}

/** The version in the package.json next to the bundle (dist/..), or `unknown`. */
export function packageVersion(): string {
  for (const p of [
    join(__dirname, '..', 'package.json'),
    join(__dirname, '..', '..', '..', 'package.json'),
  ]) {
    try {
      const v = JSON.parse(readFileSync(p, 'utf8')) as { name?: string; version?: string };
      if (v.name === 'docker-inline-help' && v.version) return v.version;
    } catch {
      /* not there: the next candidate */
    }
  }
  return 'unknown';
}

const MAX_IGNORE_BYTES = 1024 * 1024;

/** `<Dockerfile>.dockerignore` next to the Dockerfile, else `.dockerignore` in its folder. */
export async function readDockerignore(dockerfile: string): Promise<string | undefined> {
  let path: string;
  try {
    path = dockerfile.startsWith('file:') ? fileURLToPath(dockerfile) : dockerfile;
  } catch {
    return undefined;
  }
  // another scheme (untitled:, a remote file system): nothing to read here
  if (!dockerfile.startsWith('file:') && /^[a-z][a-z0-9+.-]+:(?![\\/])/i.test(dockerfile))
    return undefined;
  const dir = dirname(path);
  for (const name of [`${basename(path)}.dockerignore`, '.dockerignore']) {
    try {
      const p = join(dir, name);
      const st = await stat(p);
      if (!st.isFile() || st.size > MAX_IGNORE_BYTES) continue;
      return await readFile(p, 'utf8');
    } catch {
      /* not there */
    }
  }
  return undefined;
}

const MAX_TEXT_FILE_BYTES = 4 * 1024 * 1024;

/** A small text file by `file:` URI (a compose file, a .env); undefined when missing or too big. */
export function readTextFile(uri: string): Promise<string | undefined> {
  return readSmallFile(uri, MAX_TEXT_FILE_BYTES);
}

/** What a request on a compose document reads from disk: the `.env` of its folder (CLI). */
export function envInputFor(doc: { uri: string; languageId: string }): {
  env?: { uri: string; text: string | null };
} {
  if (documentKind(doc.languageId, doc.uri) !== 'compose' || !doc.uri.startsWith('file:'))
    return {};
  const path = join(dirname(fileURLToPath(doc.uri)), '.env');
  let text: string | null = null;
  try {
    if (statSync(path).size <= MAX_TEXT_FILE_BYTES) text = readFileSync(path, 'utf8');
  } catch {
    text = null;
  }
  return { env: { uri: pathToFileURL(path).toString(), text } };
}

/** Watch one file through its folder (so that creating and deleting it count too). */
export function watchFile(uri: string, changed: () => void): (() => void) | undefined {
  if (!uri.startsWith('file:')) return undefined;
  let timer: NodeJS.Timeout | undefined;
  try {
    const path = fileURLToPath(uri);
    const name = basename(path);
    const watcher = watch(dirname(path), { persistent: false }, (_event, file) => {
      if (file !== null && file.toString() !== name) return;
      // editors write a file in several steps: one call after they are done
      if (timer) clearTimeout(timer);
      timer = setTimeout(changed, 30);
    });
    watcher.on('error', () => watcher.close());
    return () => {
      if (timer) clearTimeout(timer);
      watcher.close();
    };
  } catch {
    return undefined;
  }
}

/**
 * The checking thread (adapter/checker.ts): a worker thread running checkWorker.ts, bundled as
 * dist/checker.js beside dist/server.js (checkWorker.js beside this file in the tsc build);
 * undefined when neither is there or DOCKER_INLINE_HELP_CHECK_THREAD is 0. The thread does not
 * keep the process alive.
 */
export function startChecker(): CheckerPort | undefined {
  // DOCKER_INLINE_HELP_CHECK_THREAD=0: check on the main thread (tests compare the two)
  if (process.env.DOCKER_INLINE_HELP_CHECK_THREAD === '0') return undefined;
  const file = [join(__dirname, 'checker.js'), join(__dirname, 'checkWorker.js')].find((f) =>
    existsSync(f),
  );
  if (!file) return undefined;
  // the thread's stdout is not the process's: in --stdio mode that is the LSP channel
  const worker = new Worker(file, { stdout: true, stderr: true });
  worker.stdout.resume();
  worker.stderr.pipe(process.stderr);
  worker.unref();
  const replies: ((r: CheckerReply) => void)[] = [];
  const exits: ((why: string) => void)[] = [];
  let gone = false;
  const end = (why: string): void => {
    if (gone) return;
    gone = true;
    for (const f of exits) f(why);
  };
  worker.on('message', (r: CheckerReply) => {
    for (const f of replies) f(r);
  });
  worker.on('error', (e) => end(e.stack ?? e.message));
  worker.on('exit', (code) => end(`the checking thread exited (${code})`));
  return {
    post: (m) => {
      if (!gone) worker.postMessage(m);
    },
    onReply: (f) => replies.push(f),
    onExit: (f) => exits.push(f),
    close: () => {
      gone = true;
      void worker.terminate();
    },
  };
}

/** The young generation is collected at idle once it is this full (a hover allocates ~1–4%). */
const IDLE_YOUNG_FILL = 0.25;

type CollectGarbage = (options: { type: 'minor' }) => void;
let collector: CollectGarbage | undefined | null = null;

/**
 * V8's `gc` function, without making it a global of the server's own context: the flag is set now
 * and a fresh context is asked for it. Undefined where V8 refuses.
 */
function garbageCollector(): CollectGarbage | undefined {
  if (collector === null) {
    try {
      setFlagsFromString('--expose-gc');
      const gc: unknown = runInNewContext('typeof gc === "function" ? gc : undefined');
      collector = typeof gc === 'function' ? (gc as CollectGarbage) : undefined;
    } catch {
      collector = undefined;
    }
  }
  return collector;
}

/**
 * Between requests: a scavenge of the young generation when it is filling up, so that V8 does not
 * run one inside the next request (a scavenge takes 1–3 ms here, about what a hover takes).
 */
export function collectWhileIdle(): void {
  const young = getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');
  if (!young) return;
  const capacity = young.space_used_size + young.space_available_size;
  if (capacity > 0 && young.space_used_size / capacity >= IDLE_YOUNG_FILL)
    garbageCollector()?.({ type: 'minor' });
}

export const nodeRuntime: RuntimeEnvironment = {
  builtinNotes: loadBuiltinNotes,
  readNotesFolder,
  readFile: readWorkspaceFile,
  listFolder: listWorkspaceFolder,
  readNote,
  watchNotesFolder,
  readDockerignore,
  readTextFile,
  watchFile,
  startChecker,
  idle: collectWhileIdle,
};
