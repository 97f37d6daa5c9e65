/**
 * The `.env` files of compose projects (the compose file's folder), read for the service and kept
 * until they change: the client reports changes (`workspace/didChangeWatchedFiles`, registered
 * for `**\/.env` when the client can watch files), else the runtime watches each folder read. A
 * change drops the copy and tells the listeners (diagnostics, inlay hints).
 */
import type { EnvInput } from '../service/compose/composeVariables';
import type { RuntimeEnvironment } from './session';

/** At most this many folders are watched by the server itself. */
const MAX_WATCHED = 64;

function folderOf(uri: string): string {
  return uri.slice(0, uri.lastIndexOf('/') + 1);
}

export class EnvFiles {
  private readonly read = new Map<string, EnvInput>();
  private readonly reading = new Map<string, Promise<EnvInput>>();
  private readonly watched = new Map<string, () => void>();
  private readonly listeners: ((folder: string) => void)[] = [];
  /** The client reports changes of `.env` files: no watchers of our own. */
  clientWatches = false;

  constructor(private readonly runtime: RuntimeEnvironment) {}

  /** The `.env` next to a compose document, when it is already known (no waiting). */
  known(documentUri: string): EnvInput | undefined {
    return this.read.get(folderOf(documentUri));
  }

  /** The `.env` next to a compose document (read on first use). */
  get(documentUri: string): Promise<EnvInput> {
    const folder = folderOf(documentUri);
    const hit = this.read.get(folder);
    if (hit) return Promise.resolve(hit);
    let p = this.reading.get(folder);
    if (!p) {
      const uri = `${folder}.env`;
      p = (async (): Promise<EnvInput> => {
        let text: string | null;
        try {
          text = (await this.runtime.readTextFile?.(uri)) ?? null;
        } catch {
          text = null;
        }
        const input = { uri, text };
        if (this.reading.get(folder) === p) {
          this.read.set(folder, input);
          this.reading.delete(folder);
          this.watch(folder);
        }
        return input;
      })();
      this.reading.set(folder, p);
    }
    return p;
  }

  /** Called when a file changed (client notification or our watcher). */
  changed(uri: string): void {
    if (!uri.endsWith('/.env')) return;
    const folder = folderOf(uri);
    this.read.delete(folder);
    this.reading.delete(folder);
    for (const l of this.listeners) l(folder);
  }

  onChange(listener: (folder: string) => void): void {
    this.listeners.push(listener);
  }

  private watch(folder: string): void {
    if (this.clientWatches || this.watched.has(folder) || !this.runtime.watchFile) return;
    if (this.watched.size >= MAX_WATCHED) return;
    const uri = `${folder}.env`;
    const stop = this.runtime.watchFile(uri, () => this.changed(uri));
    if (stop) this.watched.set(folder, stop);
  }

  dispose(): void {
    for (const stop of this.watched.values()) stop();
    this.watched.clear();
  }
}
