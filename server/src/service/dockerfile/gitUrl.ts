/**
 * Where the parts of a Git URL (an ADD source or a build context) lie: the repository, the
 * `?key=value` query and the `#ref:subdir` fragment. Only what the hover needs to say which part
 * the cursor is on; the builder's own rules decide what each part means (see the notes).
 */

export interface GitUrlQueryPart {
  key: string;
  /** Offsets of `key[=value]` in the URL text. */
  start: number;
  end: number;
}

export interface GitUrlParts {
  query: GitUrlQueryPart[];
}

/**
 * A source is a Git repository for the builder when it is an http(s) URL whose path ends in
 * `.git`, an scp-like `user@host:path` address, or a `git://` / `ssh://` URL.
 */
const GIT_URL =
  /^(?:https?:\/\/[^\s?#]+\.git(?=[?#]|$)|git:\/\/\S+|ssh:\/\/\S+|[\w.-]+@[\w.-]+:\S+)/;

export function parseGitUrl(text: string): GitUrlParts | undefined {
  if (!GIT_URL.test(text)) return undefined;
  const hash = text.indexOf('#');
  const beforeFragment = hash < 0 ? text : text.slice(0, hash);
  const q = beforeFragment.indexOf('?');
  const query: GitUrlQueryPart[] = [];
  if (q >= 0) {
    let start = q + 1;
    for (const part of beforeFragment.slice(q + 1).split('&')) {
      const eq = part.indexOf('=');
      query.push({ key: eq < 0 ? part : part.slice(0, eq), start, end: start + part.length });
      start += part.length + 1;
    }
  }
  return { query };
}
