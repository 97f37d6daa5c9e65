/**
 * Other files for one request (definition, references, rename across files). The service is pure
 * and synchronous, so it reads files through a `WorkspaceFiles` that answers from what is at hand:
 * the open documents (their current text) and what this request has fetched. What it was asked for
 * and did not have is fetched through the runtime (asynchronously) and the request is asked again,
 * a few rounds at most (a file can name another file: `include` of an `include`). Folders are
 * listed only inside the workspace folders (or, with none, the document's folder).
 */
import type { CancellationToken, ResponseError } from 'vscode-languageserver';
import { folderOf, normalizeUri, type WorkspaceFiles } from '../service/workspaceFiles';
import { afterLongRequest } from './idle';
import type { Session } from './session';

/** Rounds of fetching and asking again (each round follows the files the previous one named). */
const MAX_ROUNDS = 6;

class RequestFiles implements WorkspaceFiles {
  private readonly texts = new Map<string, string | null>();
  private readonly lists = new Map<string, string[] | null>();
  private readonly wantedTexts = new Map<string, string>();
  private readonly wantedLists = new Map<string, string>();

  /** Folders may be listed inside these (the workspace folders, or the document's folder). */
  private readonly scopes: string[];

  constructor(
    private readonly session: Session,
    documentUri: string,
    /** Read the disk afresh (a rename), not what a request a moment ago read. */
    private readonly fresh: boolean,
  ) {
    const roots = session.workspaceRoots.length
      ? session.workspaceRoots
      : [folderOf(documentUri) ?? documentUri];
    this.scopes = roots.map((r) => normalizeUri(r).replace(/\/$/, ''));
  }

  read(uri: string): string | undefined {
    const open = this.session.openText(uri, normalizeUri);
    if (open !== undefined) return open;
    const key = normalizeUri(uri);
    const known = this.texts.get(key);
    if (known !== undefined) return known ?? undefined;
    // read a moment ago by another request (not for a rename: it reads afresh)
    const recent = this.fresh ? undefined : this.session.recentFile(uri);
    if (recent) {
      this.texts.set(key, recent.value ?? null);
      return recent.value;
    }
    this.wantedTexts.set(key, uri);
    return undefined;
  }

  list(folderUri: string): readonly string[] | undefined {
    const key = normalizeUri(folderUri);
    if (!this.scopes.some((s) => key === s || key.startsWith(`${s}/`))) return undefined;
    const known = this.lists.get(key);
    if (known !== undefined) return known ?? undefined;
    const recent = this.fresh ? undefined : this.session.recentFolder(folderUri);
    if (recent) {
      this.lists.set(key, recent.value ?? null);
      return recent.value;
    }
    this.wantedLists.set(key, folderUri);
    return undefined;
  }

  get wanting(): boolean {
    return this.wantedTexts.size + this.wantedLists.size > 0;
  }

  /** Fetch what was asked for and not at hand (what cannot be read is remembered as such). */
  async fetch(): Promise<void> {
    const texts = [...this.wantedTexts];
    const lists = [...this.wantedLists];
    this.wantedTexts.clear();
    this.wantedLists.clear();
    await Promise.all([
      ...texts.map(async ([key, uri]) => {
        this.texts.set(key, (await this.session.readFile(uri, this.fresh)) ?? null);
      }),
      ...lists.map(async ([key, uri]) => {
        this.lists.set(key, (await this.session.listFolder(uri, this.fresh)) ?? null);
      }),
    ]);
  }
}

/**
 * Answer a request that may read other files: ask, fetch what it wanted, ask again. An exception
 * is logged and answered with `fallback`, as `Session.runSafe` does.
 */
export async function withFiles<T>(
  session: Session,
  documentUri: string,
  ask: (files: WorkspaceFiles) => T,
  fallback: T,
  what: string,
  token?: CancellationToken,
  fresh = false,
): Promise<T | ResponseError<void>> {
  if (!session.initializeReceived) return session.notInitialized();
  const started = session.requestStarted();
  const files = new RequestFiles(session, documentUri, fresh);
  let result = session.runSafe(() => ask(files), fallback, what, token);
  for (let round = 0; round < MAX_ROUNDS && files.wanting; round++) {
    await files.fetch();
    if (token?.isCancellationRequested) return fallback;
    result = session.runSafe(() => ask(files), fallback, what, token);
  }
  return afterLongRequest(started, result);
}
