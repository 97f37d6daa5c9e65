/**
 * Value syntaxes the Dockerfile frontend checks, written after the rules it applies: image
 * references, platforms, octal modes, the `.dockerignore` patterns, and the "did you mean" search of
 * its error messages (durations, booleans and byte sizes: ../goValues.ts).
 */

/* ---- did you mean ---- */

export function levenshtein(a: string, b: string): number {
  const x = Array.from(a);
  const y = Array.from(b);
  let prev = Array.from({ length: y.length + 1 }, (_, i) => i);
  for (let i = 1; i <= x.length; i++) {
    const cur = [i];
    for (let j = 1; j <= y.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x[i - 1] === y[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[y.length];
}

/**
 * The option closest to `value` (edit distance under 3), as BuildKit's suggestions pick it; the
 * case of the answer follows the value's case when the search ignores case. Undefined when the
 * value is itself an option or nothing is close.
 */
export function suggest(
  value: string,
  options: Iterable<string>,
  caseSensitive: boolean,
): string | undefined {
  const v = caseSensitive ? value : value.toLowerCase();
  let best: string | undefined;
  let min = 3;
  for (const o of [...options].sort()) {
    const opt = caseSensitive ? o : o.toLowerCase();
    if (opt === v) return undefined;
    const d = levenshtein(v, opt);
    if (d < min) {
      min = d;
      best = caseSensitive ? opt : matchCase(opt, value);
    }
  }
  return best;
}

function matchCase(option: string, original: string): string {
  if (original === original.toLowerCase()) return option.toLowerCase();
  if (original === original.toUpperCase()) return option.toUpperCase();
  return option;
}

/* ---- image references (distribution/reference, ParseNormalizedNamed) ---- */

const ALNUM = '[a-z0-9]+';
const SEPARATOR = '(?:[._]|__|[-]+)';
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[(?:[a-fA-F0-9:]+)\\])(?::[0-9]+)?`;
const PATH_COMPONENT = `${ALNUM}(?:${SEPARATOR}${ALNUM})*`;
const REMOTE = `${PATH_COMPONENT}(?:/${PATH_COMPONENT})*`;
const NAME = `(?:${DOMAIN}/)?${REMOTE}`;
const TAG = '[\\w][\\w.-]{0,127}';
const DIGEST = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][0-9a-fA-F]{32,}';
const REFERENCE = new RegExp(`^(${NAME})(?::(${TAG}))?(?:@(${DIGEST}))?$`);
const ANCHORED_NAME = new RegExp(`^(?:(${DOMAIN})/)?(${REMOTE})$`);
const IDENTIFIER = /^[a-f0-9]{64}$/;

/** Would `FROM <ref>` accept this image name (after variables are expanded)? */
export function isValidImageRef(s: string): boolean {
  if (!s || IDENTIFIER.test(s)) return false;
  const slash = s.indexOf('/');
  let domain = 'docker.io';
  let remainder = s;
  if (slash >= 0) {
    const first = s.slice(0, slash);
    if (
      first === 'localhost' ||
      first === 'index.docker.io' ||
      /[.:]/.test(first) ||
      first.toLowerCase() !== first
    ) {
      domain = first === 'index.docker.io' ? 'docker.io' : first;
      remainder = s.slice(slash + 1);
    }
  }
  if (domain === 'docker.io' && !remainder.includes('/')) remainder = `library/${remainder}`;
  const colon = remainder.indexOf(':');
  const remote = colon >= 0 ? remainder.slice(0, colon) : remainder;
  if (remote.toLowerCase() !== remote) return false;
  const full = `${domain}/${remainder}`;
  const m = REFERENCE.exec(full);
  if (!m) return false;
  const name = ANCHORED_NAME.exec(m[1]);
  const path = name ? name[2] : m[1];
  return path.length <= 255;
}

/* ---- platforms (containerd/platforms Parse, without its lists of known names) ---- */

const OS_PART = /^([A-Za-z0-9_-]+)(?:\(([A-Za-z0-9_.%-]*)((?:\+[A-Za-z0-9_.%-]+)*)\))?$/;
const PART = /^[A-Za-z0-9_.-]+$/;

export interface Platform {
  os: string;
  arch: string;
}

/** A platform specifier as `FROM --platform` parses it; a string says why it is rejected. */
export function parsePlatform(spec: string): Platform | string {
  if (spec.includes('*')) return `"${spec}": wildcards not yet supported`;
  const parts = spec.split('/');
  if (parts.length > 3) return `"${spec}": cannot parse platform specifier`;
  const os = OS_PART.exec(parts[0]);
  if (!os) return `"${parts[0]}" is an invalid OS component of "${spec}"`;
  for (const p of parts.slice(1))
    if (!PART.test(p)) return `"${p}" is an invalid component of "${spec}"`;
  const arch = parts.length > 1 ? normalizeArch(parts[1]) : normalizeArch(parts[0]);
  return { os: normalizeOs(os[1]), arch };
}

function normalizeOs(os: string): string {
  const o = os.toLowerCase();
  return o === 'macos' ? 'darwin' : o;
}

function normalizeArch(arch: string): string {
  const a = arch.toLowerCase();
  if (a === 'i386') return '386';
  if (a === 'x86_64' || a === 'x86-64') return 'amd64';
  if (a === 'aarch64') return 'arm64';
  if (a === 'armhf' || a === 'armel') return 'arm';
  return a;
}

/* ---- numbers ---- */

/** Go's strconv.ParseUint(s, base, 32). */
export function parseUint32(s: string, base: 8 | 10): number | undefined {
  const re = base === 8 ? /^[0-7]+$/ : /^[0-9]+$/;
  const t = s.replace(/_/g, '');
  if (!re.test(t) || t !== s) return undefined;
  const n = parseInt(t, base);
  return n <= 0xffffffff ? n : undefined;
}

/** A mode for COPY/ADD --chmod: octal up to 7777, or symbolic (`u+x`, `a=rX,go-w`). */
export function isChmod(s: string): boolean {
  if (/^[0-7]+$/.test(s)) return parseInt(s, 8) <= 0o7777;
  return /^[ugoa]*(?:[-+=](?:[rwxXst]*|[ugo]))+(?:,[ugoa]*(?:[-+=](?:[rwxXst]*|[ugo]))+)*$/.test(s);
}

/* ---- paths ---- */

/** Go's path.Clean. */
export function cleanPath(p: string): string {
  if (p === '') return '.';
  const rooted = p.startsWith('/');
  const out: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (out.length && out[out.length - 1] !== '..') out.pop();
      else if (!rooted) out.push('..');
      continue;
    }
    out.push(seg);
  }
  const s = (rooted ? '/' : '') + out.join('/');
  return s || (rooted ? '/' : '.');
}

/* ---- .dockerignore (moby/patternmatcher) ---- */

interface IgnorePattern {
  pattern: string;
  exclusion: boolean;
  dirs: number;
  match: (path: string) => boolean;
}

function compilePattern(pattern: string): (path: string) => boolean {
  let re = '^';
  type Kind = 'exact' | 'prefix' | 'suffix' | 'regexp';
  let kind: Kind = 'exact';
  const chars = Array.from(pattern);
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i];
    const tokenStart = i;
    if (ch === '*') {
      if (chars[i + 1] === '*') {
        i++;
        if (chars[i + 1] === '/') i++;
        if (i + 1 >= chars.length) {
          if (kind === 'exact') kind = 'prefix';
          else {
            re += '.*';
            kind = 'regexp';
          }
        } else {
          re += '(.*/)?';
          kind = 'regexp';
        }
        if (tokenStart === 0) kind = 'suffix';
      } else {
        re += '[^/]*';
        kind = 'regexp';
      }
    } else if (ch === '?') {
      re += '[^/]';
      kind = 'regexp';
    } else if ('.+()|{}$'.includes(ch)) re += `\\${ch}`;
    else if (ch === '\\') {
      if (i + 1 < chars.length) {
        i++;
        re += `\\${chars[i]}`;
        kind = 'regexp';
      } else re += '\\\\';
    } else if (ch === '[' || ch === ']') {
      re += ch;
      kind = 'regexp';
    } else re += ch;
  }
  switch (kind) {
    case 'exact':
      return (p) => p === pattern;
    case 'prefix': {
      const prefix = pattern.slice(0, -2);
      return (p) => p.startsWith(prefix);
    }
    case 'suffix': {
      const suffix = pattern.slice(2);
      return (p) => p.endsWith(suffix) || (suffix.startsWith('/') && p === suffix.slice(1));
    }
    case 'regexp': {
      let r: RegExp;
      try {
        r = new RegExp(`${re}$`, 'u');
      } catch {
        return () => false;
      }
      return (p) => r.test(p);
    }
  }
}

export interface IgnoreMatcher {
  /** Some pattern starts with `!` (BuildKit then does not check COPY sources at all). */
  exclusions: boolean;
  /** A pattern that excludes every entry of the context root (`*`, `**`, `**\/*`). */
  rootIgnored: boolean;
  matchesOrParentMatches(path: string): boolean;
}

/** Read a `.dockerignore` as the builder does (comments, `!`, cleaned, leading `/` dropped). */
export function ignoreMatcher(text: string): IgnoreMatcher {
  const patterns: IgnorePattern[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  for (const line of lines) {
    if (line.startsWith('#')) continue;
    let p = line.trim();
    if (!p) continue;
    const exclusion = p.startsWith('!');
    if (exclusion) p = p.slice(1).trim();
    if (p) {
      p = cleanPath(p);
      if (p.length > 1 && p.startsWith('/')) p = p.slice(1);
    }
    if (!p) continue;
    patterns.push({ pattern: p, exclusion, dirs: p.split('/').length, match: compilePattern(p) });
  }
  return {
    exclusions: patterns.some((p) => p.exclusion),
    rootIgnored: patterns.some(
      (p) => !p.exclusion && (p.pattern === '*' || p.pattern === '**' || p.pattern === '**/*'),
    ),
    matchesOrParentMatches(file: string): boolean {
      let matched = false;
      const slash = file.lastIndexOf('/');
      const parent = slash < 0 ? '.' : slash === 0 ? '/' : file.slice(0, slash);
      const parentDirs = parent.split('/');
      for (const p of patterns) {
        if (p.exclusion !== matched) continue;
        let m = p.match(file);
        if (!m && parent !== '.') {
          for (let i = 0; i < parentDirs.length && !m; i++)
            m = p.match(parentDirs.slice(0, i + 1).join('/'));
        }
        if (m) matched = !p.exclusion;
      }
      return matched;
    },
  };
}
