/**
 * `docker-inline-help check [--format text|json|sarif|github] [--strict] PATH…`: the editor's
 * rules on files and folders, for CI. Folders are searched for the files the rules know by name
 * (Dockerfiles, Compose files, shell scripts, Makefiles, Markdown). Exit code: 0 when nothing at
 * error level was found (with --strict: nothing at all), 1 otherwise, 2 for a usage error.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import {
  documentKind,
  isComposeFileName,
  languageIdForPath,
  type LanguageService,
} from '../service/languageService';
import type { NoteEntry } from '../service/types';
import { envInputFor, readDockerignore } from './runtime';

export const CHECK_USAGE =
  'docker-inline-help check [--format text|json|sarif|github] [--strict] PATH...';

const FORMATS = ['text', 'json', 'sarif', 'github'] as const;
type Format = (typeof FORMATS)[number];

/** Folders never searched. */
const SKIP_DIRS = new Set(['.git', 'node_modules', '.hg', '.svn']);
const MAX_FILE_BYTES = 8 * 1024 * 1024;

/**
 * `Dockerfile.<ext>` names that are not Dockerfiles: ignore files, templates that a generator
 * turns into Dockerfiles, documentation, code, backups.
 */
const NOT_DOCKERFILE =
  /\.(dockerignore|template|tmpl|tpl|j2|jinja2?|erb|mustache|hbs|m4|md|markdown|txt|rst|go|py|js|ts|json|ya?ml|toml|sh|ps1|bat|cmd|patch|diff|orig|rej|bak|swp|lock|sum|mod)$/i;

/** Files the rules know by their name, when a folder is searched. */
export function isCheckedName(base: string): boolean {
  const dockerfile =
    /^(Dockerfile|Containerfile)$/i.test(base) ||
    /^(Dockerfile|Containerfile)[.-].+/i.test(base) ||
    /\.(Dockerfile|Containerfile)$/i.test(base);
  if (dockerfile) return !NOT_DOCKERFILE.test(base) || /\.(Dockerfile|Containerfile)$/i.test(base);
  return (
    isComposeFileName(base) ||
    /\.(sh|bash|zsh|ksh)$/i.test(base) ||
    /^(GNUmakefile|makefile|Makefile)$/.test(base) ||
    /\.mk$/i.test(base) ||
    /\.(md|markdown)$/i.test(base)
  );
}

interface Finding {
  file: string;
  diagnostic: Diagnostic;
}

interface Options {
  format: Format;
  strict: boolean;
  paths: string[];
}

function parseCheckArgs(argv: string[]): Options | string {
  const o: Options = { format: 'text', strict: false, paths: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    let format: string | undefined;
    if (a === '--strict') o.strict = true;
    else if (a === '--format') format = argv[++i] ?? '';
    else if (a.startsWith('--format=')) format = a.slice(9);
    else if (a.startsWith('-') && a !== '-') return `unknown option ${a}`;
    else o.paths.push(a);
    if (format !== undefined) {
      if (!(FORMATS as readonly string[]).includes(format))
        return `--format must be one of ${FORMATS.join(', ')} (got ${JSON.stringify(format)})`;
      o.format = format as Format;
    }
  }
  if (!o.paths.length) return 'check needs at least one PATH (a file or a folder)';
  return o;
}

/** Every file to check under the paths, in a stable order; a path that cannot be read is a usage error. */
function collect(paths: string[]): string[] | string {
  const out: string[] = [];
  const walk = (dir: string, depth: number): void => {
    if (depth > 32) return;
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch {
      return;
    }
    for (const name of names) {
      const p = join(dir, name);
      let st;
      try {
        st = statSync(p);
      } catch {
        continue;
      }
      if (st.isDirectory()) {
        if (!SKIP_DIRS.has(name)) walk(p, depth + 1);
      } else if (st.isFile() && isCheckedName(name)) out.push(p);
    }
  };
  for (const p of paths) {
    let st;
    try {
      st = statSync(p);
    } catch {
      return `cannot read ${p}`;
    }
    if (st.isDirectory()) walk(p, 0);
    else out.push(p);
  }
  return [...new Set(out)];
}

const LEVEL: Record<number, 'error' | 'warning' | 'info' | 'hint'> = {
  [DiagnosticSeverity.Error]: 'error',
  [DiagnosticSeverity.Warning]: 'warning',
  [DiagnosticSeverity.Information]: 'info',
  [DiagnosticSeverity.Hint]: 'hint',
};
const level = (d: Diagnostic): 'error' | 'warning' | 'info' | 'hint' =>
  LEVEL[d.severity ?? DiagnosticSeverity.Warning] ?? 'warning';
const text = (d: Diagnostic): string => (typeof d.message === 'string' ? d.message : '');

/** Path as shown: relative to the working directory, with forward slashes. */
function shown(file: string): string {
  const r = relative(process.cwd(), resolve(file));
  return (r && !r.startsWith('..') ? r : resolve(file)).split(sep).join('/');
}

export async function runCheck(
  service: LanguageService,
  argv: string[],
  write: (s: string) => void,
  error: (s: string) => void,
): Promise<number> {
  const opts = parseCheckArgs(argv);
  if (typeof opts === 'string') {
    error(`docker-inline-help: ${opts}\nusage: ${CHECK_USAGE}\n`);
    return 2;
  }
  const files = collect(opts.paths);
  if (typeof files === 'string') {
    error(`docker-inline-help: ${files}\n`);
    return 2;
  }
  const findings: Finding[] = [];
  for (const file of files) {
    let content: string;
    try {
      if (statSync(file).size > MAX_FILE_BYTES) continue;
      content = readFileSync(file, 'utf8');
    } catch {
      error(`docker-inline-help: cannot read ${file}\n`);
      return 2;
    }
    const languageId = languageIdForPath(file);
    const uri = pathToFileURL(resolve(file)).toString();
    const doc = TextDocument.create(uri, languageId, 1, content);
    // the .env beside a compose file, as the editor reads it (the variable rules need it)
    const inputs: { dockerignore?: string; env?: ReturnType<typeof envInputFor>['env'] } =
      envInputFor(doc);
    if (documentKind(languageId, uri) === 'dockerfile') {
      const ignore = await readDockerignore(resolve(file));
      if (ignore !== undefined) inputs.dockerignore = ignore;
    }
    for (const d of service.doValidate(doc, service.parse(doc), inputs))
      findings.push({ file: shown(file), diagnostic: d });
  }
  switch (opts.format) {
    case 'text':
      write(findings.map(textLine).join(''));
      break;
    case 'json':
      write(`${JSON.stringify(findings.map(jsonItem), null, 2)}\n`);
      break;
    case 'sarif':
      write(`${JSON.stringify(sarif(service, findings), null, 2)}\n`);
      break;
    case 'github':
      write(findings.map(githubLine).join(''));
      break;
  }
  const failing = findings.filter((f) => opts.strict || level(f.diagnostic) === 'error');
  return failing.length ? 1 : 0;
}

function textLine(f: Finding): string {
  const d = f.diagnostic;
  const s = d.range.start;
  return `${f.file}:${s.line + 1}:${s.character + 1}: ${level(d)} ${String(d.code ?? '')}: ${text(d)}\n`;
}

function jsonItem(f: Finding): Record<string, unknown> {
  const d = f.diagnostic;
  return {
    file: f.file,
    line: d.range.start.line + 1,
    column: d.range.start.character + 1,
    endLine: d.range.end.line + 1,
    endColumn: d.range.end.character + 1,
    severity: level(d),
    code: d.code,
    message: text(d),
    ...(d.codeDescription ? { url: d.codeDescription.href } : {}),
  };
}

/** GitHub workflow commands: `::warning file=…,line=…::message`. */
function githubLine(f: Finding): string {
  const d = f.diagnostic;
  const cmd = level(d) === 'error' ? 'error' : level(d) === 'warning' ? 'warning' : 'notice';
  const prop = (s: string): string =>
    s
      .replace(/%/g, '%25')
      .replace(/\r/g, '%0D')
      .replace(/\n/g, '%0A')
      .replace(/:/g, '%3A')
      .replace(/,/g, '%2C');
  const data = (s: string): string =>
    s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
  const r = d.range;
  const props = [
    `file=${prop(f.file)}`,
    `line=${r.start.line + 1}`,
    `col=${r.start.character + 1}`,
    `endLine=${r.end.line + 1}`,
    `endColumn=${r.end.character + 1}`,
    `title=${prop(String(d.code ?? 'docker-inline-help'))}`,
  ];
  return `::${cmd} ${props.join(',')}::${data(text(d))}\n`;
}

const SARIF_LEVEL = { error: 'error', warning: 'warning', info: 'note', hint: 'note' } as const;

/** SARIF 2.1.0, for code scanning (github/codeql-action/upload-sarif). */
function sarif(service: LanguageService, findings: Finding[]): Record<string, unknown> {
  const ruleIds = [...new Set(findings.map((f) => String(f.diagnostic.code ?? '')))].sort();
  const notes = new Map<string, NoteEntry>();
  for (const e of service.docs.ofKind('rule')) if (!notes.has(e.name)) notes.set(e.name, e);
  const rules = ruleIds.map((id) => {
    const n = notes.get(id);
    return {
      id,
      name: id,
      ...(n ? { shortDescription: { text: n.summary } } : {}),
      ...(n?.reference ? { helpUri: n.reference } : {}),
      ...(n?.severity ? { defaultConfiguration: { level: SARIF_LEVEL[n.severity] } } : {}),
      ...(n?.body ? { help: { text: n.body, markdown: n.body } } : {}),
    };
  });
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'docker-inline-help', version: '0.1.0', rules } },
        columnKind: 'utf16CodeUnits',
        results: findings.map((f) => {
          const d = f.diagnostic;
          const r = d.range;
          const id = String(d.code ?? '');
          return {
            ruleId: id,
            ruleIndex: ruleIds.indexOf(id),
            level: SARIF_LEVEL[level(d)],
            message: { text: text(d) },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { uri: encodeURI(f.file) },
                  region: {
                    startLine: r.start.line + 1,
                    startColumn: r.start.character + 1,
                    endLine: r.end.line + 1,
                    endColumn: r.end.character + 1,
                  },
                },
              },
            ],
          };
        }),
      },
    ],
  };
}
