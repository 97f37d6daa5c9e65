/**
 * Other files of the workspace, as the service sees them: a reader the caller hands in (the
 * adapter reads open documents and, where the runtime can, the disk), and the pure URI arithmetic
 * that turns a path written in a file (`./db/compose.yaml`, `../.env`) into the URI of that file.
 */

/** What the caller can read for the service. Never throws. */
export interface WorkspaceFiles {
  /**
   * The text of the file at `uri` (an open document's current text when it is open); undefined
   * when it cannot be read here: missing, too large, outside the workspace, or no file access
   * where the server runs.
   */
  read(uri: string): string | undefined;
  /**
   * The names in the folder `folderUri`, a folder's name ending in `/`; undefined when unknown
   * (or outside the folders the caller lets the service look at).
   */
  list(folderUri: string): readonly string[] | undefined;
}

/** A reader that knows no file (the service alone, a browser without file access). */
export const NO_FILES: WorkspaceFiles = { read: () => undefined, list: () => undefined };

const URI = /^([a-zA-Z][\w+.-]*):(\/\/[^/?#]*)?([^?#]*)/;

/** Percent-encoding of one path segment the way editors write file URIs (`:` too). */
function encodeSegment(s: string): string {
  return encodeURIComponent(s).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

function decodeSegment(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** scheme://authority and the decoded path segments of a hierarchical URI; undefined otherwise. */
function split(uri: string): { root: string; segments: string[] } | undefined {
  const m = URI.exec(uri);
  if (!m || m[2] === undefined || !m[3].startsWith('/')) return undefined;
  return { root: `${m[1]}:${m[2]}`, segments: m[3].split('/').slice(1).map(decodeSegment) };
}

function join(root: string, segments: readonly string[]): string {
  return `${root}/${segments.map(encodeSegment).join('/')}`;
}

/** The folder holding the file `uri` (as a URI, no trailing slash); undefined for other URIs. */
export function folderOf(uri: string): string | undefined {
  const u = split(uri);
  return u && u.segments.length ? join(u.root, u.segments.slice(0, -1)) : undefined;
}

/** The URI of the file `name` in the folder `folderUri`. */
export function childUri(folderUri: string, name: string): string {
  return `${folderUri}/${encodeSegment(name)}`;
}

/** The last segment of a URI's path, decoded. */
export function baseName(uri: string): string {
  const u = split(uri);
  return u?.segments[u.segments.length - 1] ?? '';
}

/** A URI in one spelling (scheme and authority in lower case, the path encoded the same way). */
export function normalizeUri(uri: string): string {
  const u = split(uri);
  return u ? join(u.root.toLowerCase(), u.segments) : uri;
}

/**
 * The URI of `path` as written in a file of the folder `folderUri`: relative (`./a`, `a/b`,
 * `../c`), absolute (`/srv/a`) or a Windows drive path (`C:\a`). Undefined when the path is not
 * one the service can place: empty, a variable (`${DIR}/a`), a home path (`~/a`), or a URL.
 */
export function resolvePath(folderUri: string, path: string): string | undefined {
  const p = path.trim().replace(/\\/g, '/');
  if (!p || p.includes('$') || p.startsWith('~') || /^[a-zA-Z][\w+.-]+:/.test(p)) return undefined;
  const base = split(folderUri);
  if (!base) return undefined;
  let segments: string[];
  const drive = /^([a-zA-Z]):(\/|$)/.exec(p);
  if (drive) {
    segments = [`${drive[1].toLowerCase()}:`];
    p.slice(2)
      .split('/')
      .forEach((s) => segments.push(s));
  } else if (p.startsWith('/')) segments = p.split('/');
  else segments = [...base.segments, ...p.split('/')];
  const out: string[] = [];
  for (const s of segments) {
    if (s === '' || s === '.') continue;
    if (s === '..') {
      if (out.length > (drive ? 1 : 0)) out.pop();
      continue;
    }
    out.push(s);
  }
  return join(base.root, out);
}
