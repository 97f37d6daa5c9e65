/**
 * The notes compiler: markdown notes with YAML front matter in, a compact index out.
 * Pure: it receives file contents and returns data and problems; the build script and the
 * server's user-notes loader both call it.
 */
import { parseDocument, isMap, isScalar, LineCounter, type Node as YamlNode } from 'yaml';
import {
  NOTE_KINDS,
  COMPOSE_SHAPES,
  RULE_CONTEXTS,
  RULE_SEVERITIES,
  RULE_TAGS,
  SNIPPET_CONTEXTS,
  type SnippetContext,
  type SnippetData,
  type CliFlag,
  type DocsIndexData,
  type NoteEntry,
  type NoteKind,
  type NoteProblem,
  type NoteValue,
  type ComposeShape,
  type RuleSeverity,
  type RuleTag,
} from '../service/types';

export { compileVersions, VERSIONS_FILE, type AreaVersions } from './compileVersions';

export interface NoteFile {
  /** Path shown in messages (relative to the notes root). */
  path: string;
  text: string;
}

export interface CompileResult {
  index: DocsIndexData;
  problems: NoteProblem[];
}

const COMMON_FIELDS = [
  'kind',
  'name',
  'context',
  'summary',
  'syntax',
  'aliases',
  'values',
  'default',
  'since',
  'deprecated',
  'reference',
  'keywords',
  'see',
  'common',
];
const FIELDS_BY_KIND: Record<NoteKind, string[]> = {
  'dockerfile-instruction': ['messages'],
  'dockerfile-directive': ['fixes'],
  'dockerfile-flag': [],
  'dockerfile-mount-type': [],
  'dockerfile-mount-option': [],
  'dockerfile-arg': [],
  'dockerfile-keyword': [],
  'compose-key': ['shape', 'type', 'refers', 'docker_run', 'messages'],
  'cli-command': ['usage', 'flags'],
  concept: ['messages'],
  rule: [
    'severity',
    'message',
    'messages',
    'fixes',
    'experimental',
    'tags',
    'build_check',
    'params',
  ],
};
const CONTEXT_REQUIRED: NoteKind[] = [
  'rule',
  'dockerfile-flag',
  'dockerfile-mount-option',
  'dockerfile-keyword',
];
const FLAG_FIELDS = [
  'name',
  'short',
  'type',
  'default',
  'summary',
  'values',
  'compose',
  'no_compose',
  'details',
  'deprecated',
  'aliases',
  'hidden',
];
const REFERS = ['services', 'networks', 'volumes', 'configs', 'secrets', 'models'];
const MAX_SUMMARY = 200;
/** Front-matter fields that hold one string, checked and copied alike. */
const SCALAR_FIELDS = [
  'syntax',
  'default',
  'since',
  'deprecated',
  'reference',
  'type',
  'refers',
  'docker_run',
  'usage',
] as const;

/** Case-insensitive kinds: Dockerfile keywords are case-insensitive. */
export function isCaseInsensitiveKind(kind: NoteKind): boolean {
  return kind.startsWith('dockerfile-') && kind !== 'dockerfile-arg';
}

export function noteKey(kind: NoteKind, context: string | undefined, name: string): string {
  const ci = isCaseInsensitiveKind(kind);
  const c = context ?? '';
  return `${kind}|${ci ? c.toLowerCase() : c}|${ci ? name.toLowerCase() : name}`;
}

/**
 * Whether a file of a notes folder is a note: a markdown file other than a folder's README.md and
 * VERSIONS.md (the web client mirrors this rule in client/src/notesAccess.ts).
 */
export function isNoteFileName(name: string): boolean {
  const base = name.slice(name.lastIndexOf('/') + 1);
  return /\.md$/i.test(base) && base !== 'README.md' && base !== 'VERSIONS.md';
}

/** Split a note into its front matter and body. Returns null when there is no front matter. */
function splitFrontMatter(text: string): { fm: string; body: string; bodyLine: number } | null {
  const t = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  if (!t.startsWith('---\n')) {
    return null;
  }
  const end = t.indexOf('\n---', 3);
  if (end < 0) {
    return null;
  }
  const afterMarker = t.indexOf('\n', end + 4);
  const fm = t.slice(4, end + 1);
  const body = afterMarker < 0 ? '' : t.slice(afterMarker + 1);
  const bodyLine = fm.split('\n').length + 2;
  return { fm, body: body.trim(), bodyLine };
}

function scalarString(v: unknown): string | undefined {
  if (v === null || v === undefined) {
    return undefined;
  }
  if (typeof v === 'string') {
    return v;
  }
  if (typeof v === 'number' || typeof v === 'boolean') {
    return String(v);
  }
  return undefined;
}

export function compileNotes(
  files: readonly NoteFile[],
  options: { user?: boolean } = {},
): CompileResult {
  const problems: NoteProblem[] = [];
  const entries: NoteEntry[] = [];
  const seen = new Map<string, string>();

  for (const file of files) {
    const parts = splitFrontMatter(file.text);
    if (!parts) {
      problems.push({
        file: file.path,
        line: 1,
        message: 'missing front matter: a note must start with a line `---`, then YAML, then `---`',
      });
      continue;
    }
    const lineCounter = new LineCounter();
    const doc = parseDocument(parts.fm, { lineCounter, prettyErrors: false, uniqueKeys: true });
    const lineOf = (node: YamlNode | null | undefined): number => {
      const r = node?.range;
      return r ? lineCounter.linePos(r[0]).line + 1 : 2;
    };
    if (doc.errors.length > 0) {
      for (const e of doc.errors) {
        // positions count from the front matter, which starts on the file's second line
        const line = e.pos
          ? lineCounter.linePos(e.pos[0]).line + 1
          : e.linePos
            ? e.linePos[0].line + 1
            : 1;
        problems.push({
          file: file.path,
          line,
          message: `front matter is not valid YAML: ${e.message.split('\n')[0]}`,
        });
      }
      continue;
    }
    if (!isMap(doc.contents)) {
      problems.push({
        file: file.path,
        line: 2,
        message: 'front matter must be a YAML mapping of fields',
      });
      continue;
    }
    const fmMap = doc.contents;
    const fieldLine = (field: string): number => {
      for (const item of fmMap.items) {
        if (isScalar(item.key) && item.key.value === field) {
          return lineOf(item.key);
        }
      }
      return 2;
    };
    const raw = doc.toJS() as Record<string, unknown>;
    const problem = (field: string | null, message: string): void => {
      problems.push({ file: file.path, line: field ? fieldLine(field) : 2, message });
    };
    const before = problems.length;

    const kind = raw.kind as NoteKind;
    if (typeof raw.kind !== 'string' || !NOTE_KINDS.includes(kind)) {
      problem(
        'kind',
        `\`kind\` must be one of ${NOTE_KINDS.join(', ')} (got ${JSON.stringify(raw.kind)})`,
      );
      continue;
    }
    const allowed = new Set([...COMMON_FIELDS, ...FIELDS_BY_KIND[kind]]);
    for (const key of Object.keys(raw)) {
      if (!allowed.has(key)) {
        problem(key, `unknown field \`${key}\` for kind ${kind}`);
      }
    }
    const name = scalarString(raw.name);
    if (!name || !name.trim()) {
      problem('name', '`name` is required');
    }
    const summary = scalarString(raw.summary);
    if (!summary || !summary.trim()) {
      problem('summary', '`summary` is required');
    } else if (summary.length > MAX_SUMMARY) {
      problem(
        'summary',
        `\`summary\` is ${summary.length} characters; keep it to one line of at most ${MAX_SUMMARY}`,
      );
    }
    const context = scalarString(raw.context);
    if (CONTEXT_REQUIRED.includes(kind) && !context) {
      problem('context', `\`context\` is required for kind ${kind}`);
    }
    for (const f of SCALAR_FIELDS) {
      if (raw[f] !== undefined && raw[f] !== null && scalarString(raw[f]) === undefined) {
        problem(f, `\`${f}\` must be a single string`);
      }
    }
    const aliases = stringList(raw.aliases, 'aliases', problem);
    const keywords = stringList(raw.keywords, 'keywords', problem);
    const see = stringList(raw.see, 'see', problem);
    const common = raw.common;
    if (common !== undefined && !(Number.isInteger(common) && (common as number) >= 1)) {
      problem('common', '`common` must be a whole number from 1 (the most common)');
    }
    const values = valueList(raw.values, 'values', problem);

    let shape: ComposeShape | undefined;
    if (kind === 'compose-key') {
      shape = raw.shape as ComposeShape;
      if (!COMPOSE_SHAPES.includes(shape)) {
        problem(
          'shape',
          `\`shape\` must be one of ${COMPOSE_SHAPES.join(', ')} (got ${JSON.stringify(raw.shape)})`,
        );
      }
      if (name && !/^[A-Za-z0-9_.*-]+$/.test(name)) {
        problem(
          'name',
          `compose key path \`${name}\` may only hold letters, digits, _, -, . and *`,
        );
      }
      const refers = scalarString(raw.refers);
      if (refers && !REFERS.includes(refers)) {
        problem('refers', `\`refers\` must be one of ${REFERS.join(', ')}`);
      }
    }
    let flags: CliFlag[] | undefined;
    if (kind === 'cli-command') {
      flags = flagList(raw.flags, problem);
    }
    const fixes = templateMap(raw.fixes, 'fixes', problem);
    // a rule reads its messages with its other fields; any other kind may hold texts the code fills in
    const messages = kind === 'rule' ? undefined : templateMap(raw.messages, 'messages', problem);
    let rule: RuleFields | undefined;
    if (kind === 'rule') {
      rule = ruleFields(raw, name, context, problem);
    }
    if (problems.length > before || !name || !summary) {
      continue;
    }
    const entry: NoteEntry = {
      kind,
      name: name.trim(),
      summary: summary.trim(),
      body: parts.body,
      source: file.path,
    };
    if (context) entry.context = context;
    const copy = (f: (typeof SCALAR_FIELDS)[number]): void => {
      const v = scalarString(raw[f]);
      if (v !== undefined && v !== '') {
        entry[f] = f === 'syntax' || f === 'usage' ? v.replace(/\s+$/, '') : v;
      } else if (v === '' && f === 'default') {
        entry.default = '';
      }
    };
    SCALAR_FIELDS.forEach(copy);
    if (aliases?.length) entry.aliases = aliases;
    if (keywords?.length) entry.keywords = keywords;
    if (see?.length) entry.see = see;
    if (typeof common === 'number' && Number.isInteger(common) && common >= 1)
      entry.common = common;
    if (values?.length) entry.values = values;
    if (messages) entry.messages = messages;
    if (shape) entry.shape = shape;
    if (flags) entry.flags = flags;
    if (fixes) entry.fixes = fixes;
    if (messages) entry.messages = messages;
    if (rule) Object.assign(entry, rule);
    if (options.user) entry.user = true;

    const keys = [
      noteKey(kind, context, entry.name),
      ...(aliases ?? []).map((a) => noteKey(kind, context, a)),
    ];
    let duplicate = false;
    for (const key of keys) {
      const other = seen.get(key);
      if (other) {
        problems.push({
          file: file.path,
          line: 2,
          message: `duplicate key ${key.replace(/\|/g, ' / ')}: also defined in ${other}`,
        });
        duplicate = true;
      }
    }
    if (duplicate) {
      continue;
    }
    for (const key of keys) {
      seen.set(key, file.path);
    }
    entries.push(entry);
  }
  return { index: { version: 1, entries }, problems };
}

interface RuleFields {
  severity: RuleSeverity;
  message: string;
  messages?: Record<string, string>;
  experimental?: boolean;
  tags?: RuleTag[];
  build_check?: boolean;
  params?: Record<string, string[]>;
}

/** A message or fix-title template: text with `{name}` placeholders, braces balanced. */
function templateProblem(t: string): string | undefined {
  const rest = t.replace(/\{[A-Za-z_][A-Za-z0-9_]*\}/g, '');
  return /[{}]/.test(rest)
    ? 'placeholders are written {name} (letters, digits and _), and braces only around them'
    : undefined;
}

/** `messages:` and `fixes:`: a mapping of ids to templates. */
function templateMap(
  v: unknown,
  field: string,
  problem: (f: string, m: string) => void,
): Record<string, string> | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'object' || Array.isArray(v)) {
    problem(field, `\`${field}\` must be a mapping of ids to texts`);
    return undefined;
  }
  const out: Record<string, string> = {};
  for (const [id, t] of Object.entries(v as Record<string, unknown>)) {
    const s = scalarString(t);
    if (!/^[A-Za-z][A-Za-z0-9_-]*$/.test(id) || s === undefined || !s.trim()) {
      problem(field, `\`${field}\`: each entry is an id (letters, digits, _ and -) and a text`);
      return undefined;
    }
    const bad = templateProblem(s);
    if (bad) {
      problem(field, `\`${field}.${id}\`: ${bad}`);
      return undefined;
    }
    out[id] = s.trim();
  }
  return out;
}

function ruleFields(
  raw: Record<string, unknown>,
  name: string | undefined,
  context: string | undefined,
  problem: (f: string, m: string) => void,
): RuleFields | undefined {
  const before = { n: 0 };
  const report = (f: string, m: string): void => {
    before.n++;
    problem(f, m);
  };
  if (name && !/^[A-Za-z][A-Za-z0-9]*$/.test(name)) {
    report(
      'name',
      'a rule name (its code) is one word of letters and digits, like StageNameCasing',
    );
  }
  if (context && !(RULE_CONTEXTS as readonly string[]).includes(context)) {
    report('context', `\`context\` of a rule must be one of ${RULE_CONTEXTS.join(', ')}`);
  }
  const severity = raw.severity as RuleSeverity;
  if (!RULE_SEVERITIES.includes(severity)) {
    report('severity', `\`severity\` must be one of ${RULE_SEVERITIES.join(', ')}`);
  }
  const message = scalarString(raw.message);
  if (!message || !message.trim()) {
    report('message', '`message` is required for a rule');
  } else {
    const bad = templateProblem(message);
    if (bad) report('message', `\`message\`: ${bad}`);
  }
  const messages = templateMap(raw.messages, 'messages', report);
  for (const f of ['experimental', 'build_check']) {
    if (raw[f] !== undefined && typeof raw[f] !== 'boolean')
      report(f, `\`${f}\` must be true or false`);
  }
  const tags = stringList(raw.tags, 'tags', report);
  for (const t of tags ?? []) {
    if (!(RULE_TAGS as readonly string[]).includes(t)) {
      report('tags', `\`tags\` may only hold ${RULE_TAGS.join(', ')}`);
    }
  }
  let params: Record<string, string[]> | undefined;
  if (raw.params !== undefined && raw.params !== null) {
    const p = raw.params;
    if (typeof p !== 'object' || Array.isArray(p))
      report('params', '`params` must be a mapping of ids to lists of words');
    else {
      params = {};
      for (const [id, list] of Object.entries(p as Record<string, unknown>)) {
        const words = stringList(list, 'params', report);
        if (words) params[id] = words;
      }
    }
  }
  if (before.n > 0 || !message) return undefined;
  const out: RuleFields = { severity, message: message.trim() };
  if (messages) out.messages = messages;
  if (raw.experimental === true) out.experimental = true;
  if (raw.build_check === true) out.build_check = true;
  if (tags?.length) out.tags = tags as RuleTag[];
  if (params) out.params = params;
  return out;
}

function stringList(
  v: unknown,
  field: string,
  problem: (f: string, m: string) => void,
): string[] | undefined {
  if (v === undefined || v === null) {
    return undefined;
  }
  if (!Array.isArray(v)) {
    problem(field, `\`${field}\` must be a list of strings`);
    return undefined;
  }
  const out: string[] = [];
  for (const item of v) {
    const s = scalarString(item);
    if (s === undefined) {
      problem(field, `\`${field}\` must be a list of strings`);
      return undefined;
    }
    out.push(s);
  }
  return out;
}

function valueList(
  v: unknown,
  field: string,
  problem: (f: string, m: string) => void,
  /** Further fields an entry may hold (a flag's value may name its own `compose` key). */
  more: readonly string[] = [],
): NoteValue[] | undefined {
  if (v === undefined || v === null) {
    return undefined;
  }
  if (!Array.isArray(v)) {
    problem(field, `\`${field}\` must be a list of {value, summary} or strings`);
    return undefined;
  }
  const out: NoteValue[] = [];
  for (const item of v) {
    const s = scalarString(item);
    if (s !== undefined) {
      out.push({ value: s });
      continue;
    }
    if (item && typeof item === 'object' && !Array.isArray(item)) {
      const o = item as Record<string, unknown>;
      const value = scalarString(o.value);
      const summary = scalarString(o.summary);
      const extra = Object.keys(o).filter(
        (k) => k !== 'value' && k !== 'summary' && !more.includes(k),
      );
      const moreValues: Record<string, string> = {};
      for (const k of more) {
        if (o[k] === undefined) continue;
        const s = scalarString(o[k]);
        if (s === undefined) extra.push(k);
        else moreValues[k] = s;
      }
      if (value === undefined || extra.length > 0) {
        problem(
          field,
          `each entry of \`${field}\` needs \`value\` (and optionally \`summary\`)${extra.length ? `; unknown: ${extra.join(', ')}` : ''}`,
        );
        return undefined;
      }
      out.push({ value, ...(summary ? { summary } : {}), ...moreValues });
      continue;
    }
    problem(field, `each entry of \`${field}\` must be a string or {value, summary}`);
    return undefined;
  }
  return out;
}

function flagList(v: unknown, problem: (f: string, m: string) => void): CliFlag[] | undefined {
  if (v === undefined || v === null) {
    return [];
  }
  if (!Array.isArray(v)) {
    problem('flags', '`flags` must be a list');
    return undefined;
  }
  const out: CliFlag[] = [];
  const names = new Set<string>();
  for (const item of v) {
    if (!item || typeof item !== 'object' || Array.isArray(item)) {
      problem('flags', 'each flag must be a mapping with at least `name` and `summary`');
      return undefined;
    }
    const o = item as Record<string, unknown>;
    const extra = Object.keys(o).filter((k) => !FLAG_FIELDS.includes(k));
    const name = scalarString(o.name);
    const summary = scalarString(o.summary);
    if (!name || !/^--?[A-Za-z0-9]/.test(name) || !summary) {
      problem(
        'flags',
        `flag ${JSON.stringify(o.name)}: needs \`name\` (starting with - or --) and \`summary\``,
      );
      return undefined;
    }
    if (extra.length) {
      problem('flags', `flag ${name}: unknown field(s) ${extra.join(', ')}`);
      return undefined;
    }
    const short = scalarString(o.short);
    if (short !== undefined && !/^-[A-Za-z0-9]$/.test(short)) {
      problem('flags', `flag ${name}: \`short\` must look like -x (got ${JSON.stringify(short)})`);
      return undefined;
    }
    const rawAliases = o.aliases ?? [];
    const aliases = Array.isArray(rawAliases) ? rawAliases.map(scalarString) : [undefined];
    const badAlias = aliases.some(
      (a) => a === undefined || !/^(-[A-Za-z0-9]|--[A-Za-z0-9][\w.-]*)$/.test(a),
    );
    if (badAlias) {
      problem('flags', `flag ${name}: \`aliases\` must be a list of flag names like -x or --name`);
      return undefined;
    }
    if (o.hidden !== undefined && typeof o.hidden !== 'boolean') {
      problem('flags', `flag ${name}: \`hidden\` must be true or false`);
      return undefined;
    }
    for (const n of [name, short, ...aliases]) {
      if (n && names.has(n)) {
        problem('flags', `flag ${n} is listed twice`);
        return undefined;
      }
      if (n) names.add(n);
    }
    const flag: CliFlag = { name, summary: summary.trim() };
    if (short) flag.short = short;
    for (const f of [
      'type',
      'default',
      'compose',
      'no_compose',
      'details',
      'deprecated',
    ] as const) {
      const s = scalarString(o[f]);
      if (o[f] !== undefined && o[f] !== null && s === undefined) {
        problem('flags', `flag ${name}: \`${f}\` must be a string`);
        return undefined;
      }
      if (s !== undefined && (s !== '' || f === 'default')) {
        flag[f] = s;
      }
    }
    if (flag.compose && flag.no_compose) {
      problem('flags', `flag ${name}: \`compose\` and \`no_compose\` exclude each other`);
      return undefined;
    }
    const values = valueList(o.values, 'flags', problem, ['compose']);
    if (values?.length) flag.values = values;
    if (aliases.length) flag.aliases = aliases as string[];
    if (o.hidden === true) flag.hidden = true;
    out.push(flag);
  }
  return out;
}

/**
 * The snippet files (snippets/*.json, VS Code's snippet format plus a `context` field saying where
 * a snippet is offered) into the index's snippets. Pure, like compileNotes.
 */
export function compileSnippets(
  files: readonly { path: string; text: string; language: SnippetData['language'] }[],
): { snippets: SnippetData[]; problems: NoteProblem[] } {
  const snippets: SnippetData[] = [];
  const problems: NoteProblem[] = [];
  for (const file of files) {
    let data: unknown;
    try {
      data = JSON.parse(file.text);
    } catch (e) {
      problems.push({ file: file.path, line: 1, message: `not valid JSON: ${String(e)}` });
      continue;
    }
    if (!data || typeof data !== 'object' || Array.isArray(data)) {
      problems.push({ file: file.path, line: 1, message: 'must be an object of snippets by name' });
      continue;
    }
    for (const [name, raw] of Object.entries(data as Record<string, unknown>)) {
      const s = raw as {
        prefix?: unknown;
        body?: unknown;
        description?: unknown;
        context?: unknown;
      };
      const prefix: unknown = Array.isArray(s.prefix) ? (s.prefix as unknown[])[0] : s.prefix;
      const body: unknown = Array.isArray(s.body) ? (s.body as unknown[]).join('\n') : s.body;
      const problem = (message: string): void => {
        problems.push({ file: file.path, line: 1, message: `snippet "${name}": ${message}` });
      };
      if (typeof prefix !== 'string' || !prefix) problem('`prefix` must be a string');
      else if (typeof body !== 'string' || !body) problem('`body` must be a string or lines');
      else if (!SNIPPET_CONTEXTS.includes(s.context as SnippetContext))
        problem(`\`context\` must be one of ${SNIPPET_CONTEXTS.join(', ')}`);
      else
        snippets.push({
          language: file.language,
          name,
          prefix,
          body,
          description: typeof s.description === 'string' ? s.description : undefined,
          context: s.context as SnippetContext,
        });
    }
  }
  return { snippets, problems };
}
