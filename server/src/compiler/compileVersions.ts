/**
 * The VERSIONS.md file of each area of notes (docs-data/<area>/VERSIONS.md): which upstream
 * versions the area's notes describe. Pure: file contents in, versions and problems out. The
 * build fails when an area has no such file or when one is malformed.
 */
import { parseDocument, isMap } from 'yaml';
import type { NoteProblem } from '../service/types';
import type { NoteFile } from './compileNotes';

export const VERSIONS_FILE = 'VERSIONS.md';

export interface UpstreamVersion {
  /** What is described: `Docker Engine`, `Dockerfile syntax`, `BuildKit`, `Kubernetes` … */
  upstream: string;
  /** The version, as short as a reader needs it: `29.7`, `1.26`. */
  version: string;
  /** Optional precision: the exact tag, what it covers. */
  detail?: string;
}

export interface AreaVersions {
  area: string;
  /** The day the notes were last checked against these versions (YYYY-MM-DD). */
  checked: string;
  versions: UpstreamVersion[];
}

const FIELDS = ['area', 'checked', 'versions'];
const ENTRY_FIELDS = ['upstream', 'version', 'detail'];

/**
 * Read the VERSIONS.md files of the given areas. `files` holds one file per area that has one
 * (path `<anything>/<area>/VERSIONS.md`); an area of `areas` without a file is a problem.
 */
export function compileVersions(
  files: readonly NoteFile[],
  areas: readonly string[],
): { areas: AreaVersions[]; problems: NoteProblem[] } {
  const problems: NoteProblem[] = [];
  const out: AreaVersions[] = [];
  const byArea = new Map<string, NoteFile>();
  for (const f of files) {
    const parts = f.path.split(/[\\/]/);
    byArea.set(parts[parts.length - 2] ?? '', f);
  }
  for (const area of areas) {
    const file = byArea.get(area);
    if (!file) {
      problems.push({
        file: `docs-data/${area}/${VERSIONS_FILE}`,
        line: 1,
        message: `area \`${area}\` has no ${VERSIONS_FILE}: say which upstream versions its notes describe (see docs/notes-format.md)`,
      });
      continue;
    }
    const problem = (message: string): void => {
      problems.push({ file: file.path, line: 2, message });
    };
    const t = file.text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
    const end = t.indexOf('\n---', 3);
    if (!t.startsWith('---\n') || end < 0) {
      problems.push({ file: file.path, line: 1, message: 'missing front matter (--- … ---)' });
      continue;
    }
    const doc = parseDocument(t.slice(4, end + 1));
    if (doc.errors.length || !isMap(doc.contents)) {
      problem('front matter must be a YAML mapping');
      continue;
    }
    const raw = doc.toJS() as Record<string, unknown>;
    const before = problems.length;
    for (const k of Object.keys(raw))
      if (!FIELDS.includes(k)) problem(`unknown field \`${k}\` (fields: ${FIELDS.join(', ')})`);
    if (raw.area !== area) problem(`\`area\` must be \`${area}\`, the folder's name`);
    const checked =
      raw.checked instanceof Date ? raw.checked.toISOString().slice(0, 10) : raw.checked;
    if (typeof checked !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(checked))
      problem('`checked` must be a date, YYYY-MM-DD');
    const versions: UpstreamVersion[] = [];
    if (!Array.isArray(raw.versions) || raw.versions.length === 0) {
      problem('`versions` must be a non-empty list of {upstream, version, detail?}');
    } else {
      for (const v of raw.versions as unknown[]) {
        const o = (v && typeof v === 'object' ? v : {}) as Record<string, unknown>;
        const extra = Object.keys(o).filter((k) => !ENTRY_FIELDS.includes(k));
        // strings only: an unquoted 1.20 would be read as the number 1.2
        const str = (x: unknown): string | undefined =>
          typeof x === 'string' ? x.trim() || undefined : undefined;
        const upstream = str(o.upstream);
        const version = str(o.version);
        if (!upstream || !version || extra.length) {
          problem(
            `each entry of \`versions\` needs \`upstream\` and \`version\` as strings (quote numbers: "1.20")${extra.length ? `; unknown: ${extra.join(', ')}` : ''}`,
          );
          continue;
        }
        const detail = str(o.detail);
        versions.push(detail ? { upstream, version, detail } : { upstream, version });
      }
    }
    if (problems.length === before) out.push({ area, checked: checked as string, versions });
  }
  return { areas: out, problems };
}
