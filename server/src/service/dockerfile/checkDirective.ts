/**
 * BuildKit's `check` configuration of a Dockerfile, read the way the frontend reads it: the
 * `# check=` parser directive at the top of the file applies to the whole file; a `check=` line
 * among the comments right above an instruction adds to it for the checks of that instruction.
 * (A build can also set it with the BUILDKIT_DOCKERFILE_CHECK build argument, which replaces the
 * directive; the editor cannot see build arguments.)
 */
import type { TextEdit } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { NO_CHECK_CONFIG, type CheckConfig } from '../rules/rules';
import { parseGoBool } from '../goValues';
import { DIRECTIVE } from './bkParse';

const SPACE = /^[\s\uFEFF]+|[\s\uFEFF]+$/g;

export type ParsedCheck = { ok: true; config: CheckConfig } | { ok: false; error: string };

/** The value of a `check` directive (its first word), as BuildKit's ParseLintOptions reads it. */
export function parseCheckOptions(value: string): ParsedCheck {
  const v = value.replace(SPACE, '');
  if (!v) return { ok: true, config: NO_CHECK_CONFIG };
  // at most three parts: a fourth `;` stays inside the third part's value
  const parts: string[] = [];
  let rest = v;
  while (parts.length < 2 && rest.includes(';')) {
    const i = rest.indexOf(';');
    parts.push(rest.slice(0, i));
    rest = rest.slice(i + 1);
  }
  parts.push(rest);
  let skipAll = false;
  let experimentalAll = false;
  let error = false;
  let skip = new Set<string>();
  let experimental = new Set<string>();
  for (const p of parts) {
    const eq = p.indexOf('=');
    if (eq < 0) return { ok: false, error: `invalid check option "${p}"` };
    const key = p.slice(0, eq).replace(SPACE, '');
    const val = p.slice(eq + 1).replace(SPACE, '');
    const list = (): Set<string> => new Set(val.split(',').map((r) => r.replace(SPACE, '')));
    if (key === 'skip') {
      if (val === 'all') skipAll = true;
      else skip = list();
    } else if (key === 'experimental') {
      if (val === 'all') experimentalAll = true;
      else experimental = list();
    } else if (key === 'error') {
      const b = parseGoBool(val);
      if (b === undefined)
        return { ok: false, error: `failed to parse check option "${p}": invalid syntax` };
      error = b;
    } else return { ok: false, error: `invalid check option "${key}"` };
  }
  return { ok: true, config: { skipAll, skip, experimentalAll, experimental, error } };
}

export interface FileCheckDirective {
  /** Document offsets of the whole line and of the value's first word. */
  lineStart: number;
  lineEnd: number;
  valueStart: number;
  valueEnd: number;
  value: string;
  parsed: ParsedCheck;
}

/**
 * The file's `# check=` directive, found as BuildKit finds it: a byte-order mark and a `#!` first
 * line are skipped, then directives (`#name=value`, no leading blanks) are read from the top until
 * the first line that is not one. `directiveNames`: the parser directives the frontend knows.
 */
export function fileCheckDirective(
  text: string,
  directiveNames: ReadonlySet<string>,
): FileCheckDirective | undefined {
  let at = text.startsWith('\uFEFF') ? 1 : 0;
  const firstEnd = text.indexOf('\n', at);
  if (text.startsWith('#!', at)) {
    if (firstEnd < 0) return undefined;
    at = firstEnd + 1;
  }
  const seen = new Set<string>();
  while (at < text.length) {
    const nl = text.indexOf('\n', at);
    const end = nl < 0 ? text.length : nl;
    const line = text.slice(at, end);
    if (!line.startsWith('#')) return undefined;
    const lead = /^#[\t\n\v\f\r \u0085\u00A0]*/.exec(line)?.[0].length ?? 1;
    const m = DIRECTIVE.exec(line.slice(lead));
    const name = m?.[1].toLowerCase();
    if (!m || !name || !directiveNames.has(name) || seen.has(name)) return undefined;
    seen.add(name);
    if (name === 'check') {
      const valueAt = at + lead + m[0].lastIndexOf(m[2]);
      const first = m[2].split(' ')[0];
      return {
        lineStart: at,
        lineEnd: end,
        valueStart: valueAt,
        valueEnd: valueAt + first.length,
        value: first,
        parsed: parseCheckOptions(first),
      };
    }
    if (nl < 0) return undefined;
    at = nl + 1;
  }
  return undefined;
}

/** The configuration a `check=` comment above an instruction adds (BuildKit reads the first). */
export function commentCheckConfig(
  comments: readonly string[],
  directiveNames: ReadonlySet<string>,
): CheckConfig | undefined {
  for (const c of comments) {
    const m = DIRECTIVE.exec(c.replace(/^[\t\n\v\f\r ]+/, ''));
    if (!m || !directiveNames.has(m[1].toLowerCase()) || m[1].toLowerCase() !== 'check') continue;
    const parsed = parseCheckOptions(m[2].split(' ')[0]);
    return parsed.ok ? parsed.config : undefined;
  }
  return undefined;
}

/** Two configurations together (BuildKit's WithMergedConfig: `error` stays the file's). */
export function mergeCheckConfig(base: CheckConfig, more: CheckConfig | undefined): CheckConfig {
  if (!more) return base;
  return {
    skipAll: base.skipAll || more.skipAll,
    skip: more.skip.size ? new Set([...base.skip, ...more.skip]) : base.skip,
    experimentalAll: base.experimentalAll || more.experimentalAll,
    experimental: more.experimental.size
      ? new Set([...base.experimental, ...more.experimental])
      : base.experimental,
    error: base.error,
  };
}

/**
 * The edit that adds a rule to the file's `# check=skip=` list, creating the directive at the top
 * (after a `#!` line) when there is none. Undefined when the rule is already skipped.
 */
export function skipRuleEdit(
  document: TextDocument,
  rule: string,
  directiveNames: ReadonlySet<string>,
): TextEdit | undefined {
  const text = document.getText();
  const d = fileCheckDirective(text, directiveNames);
  if (d && d.parsed.ok) {
    if (d.parsed.config.skipAll || d.parsed.config.skip.has(rule)) return undefined;
    const parts = d.value.split(';');
    let offset = d.valueStart;
    for (const p of parts) {
      const eq = p.indexOf('=');
      if (eq >= 0 && p.slice(0, eq).trim() === 'skip') {
        const at = document.positionAt(offset + p.length);
        const list = p.slice(eq + 1).trim();
        return { range: { start: at, end: at }, newText: list ? `,${rule}` : rule };
      }
      offset += p.length + 1;
    }
    if (parts.length < 3) {
      const at = document.positionAt(d.valueEnd);
      return { range: { start: at, end: at }, newText: `;skip=${rule}` };
    }
    return undefined;
  }
  if (d) return undefined; // an invalid directive: fix it first
  let at = text.startsWith('\uFEFF') ? 1 : 0;
  if (text.startsWith('#!', at)) {
    const nl = text.indexOf('\n', at);
    if (nl < 0) {
      const end = document.positionAt(text.length);
      return { range: { start: end, end }, newText: `\n# check=skip=${rule}\n` };
    }
    at = nl + 1;
  }
  const pos = document.positionAt(at);
  return { range: { start: pos, end: pos }, newText: `# check=skip=${rule}\n` };
}
