/**
 * One place that turns notes into hover / documentation text (markdown or plain text).
 * Note bodies are treated as untrusted: raw HTML is escaped and command: links are disarmed.
 */
import type { CliFlag, NoteEntry, NoteValue } from '../types';

export interface RenderOptions {
  /** Render markdown (true) or plain text (false). */
  markdown: boolean;
  /** A value the cursor is on, to be pointed out in the values list. */
  value?: string;
  /** Extra lines put right under the headline (e.g. a resolved variable or a parsed port). */
  extra?: string[];
  /** Leave out the body (completion item documentation keeps it; summaries only elsewhere). */
  brief?: boolean;
  /** The flag as written, when it may be one of the flag's aliases (`--net` for `--network`). */
  written?: string;
}

const CODE_FENCE = /^(\s*)(```|~~~)/;

/** Escape HTML outside code and disarm command links. */
export function sanitizeMarkdown(md: string): string {
  const lines = md.split('\n');
  let inFence = false;
  for (let i = 0; i < lines.length; i++) {
    if (CODE_FENCE.test(lines[i])) {
      inFence = !inFence;
      continue;
    }
    if (inFence) continue;
    // split by inline code spans, escape '<' outside them
    lines[i] = lines[i]
      .split(/(`[^`]*`)/)
      .map((part) =>
        part.startsWith('`') && part.endsWith('`') && part.length > 1
          ? part
          : part.replace(/</g, '&lt;'),
      )
      .join('')
      .replace(/\]\(\s*command:/gi, '](#');
  }
  return lines.join('\n');
}

function title(e: NoteEntry): string {
  switch (e.kind) {
    case 'dockerfile-flag':
      return `${e.context} ${e.name}`;
    case 'dockerfile-mount-option':
      return e.context === '*' ? `--mount ${e.name}` : `--mount type=${e.context}: ${e.name}`;
    case 'dockerfile-mount-type':
      return `--mount type=${e.name}`;
    case 'dockerfile-keyword':
      // a variable substitution form is named by how it is written: ${VAR:-word}
      return e.context === '${}' ? e.name : `${e.context} … ${e.name}`;
    case 'dockerfile-directive':
      return `# ${e.name}=`;
    case 'dockerfile-arg':
      return `ARG ${e.name} (predefined)`;
    case 'compose-key':
      return e.name.split('.').pop() ?? e.name;
    case 'cli-command':
    case 'concept':
    case 'dockerfile-instruction':
    case 'rule':
    default:
      return e.name;
  }
}

function valuesBlock(
  values: readonly NoteValue[],
  highlight: string | undefined,
  md: boolean,
): string[] {
  const out: string[] = [];
  for (const v of values) {
    const isHit = highlight !== undefined && v.value === highlight;
    if (md) {
      const label = isHit ? `**\`${v.value}\`** ◀` : `\`${v.value}\``;
      out.push(`- ${label}${v.summary ? ` — ${v.summary}` : ''}`);
    } else {
      out.push(`  ${isHit ? '>' : '-'} ${v.value}${v.summary ? ` — ${v.summary}` : ''}`);
    }
  }
  return out;
}

function code(text: string, lang: string, md: boolean): string {
  return md
    ? `\`\`\`${lang}\n${text}\n\`\`\``
    : text
        .split('\n')
        .map((l) => `    ${l}`)
        .join('\n');
}

function facts(e: NoteEntry, md: boolean): string[] {
  const f: string[] = [];
  const b = (s: string): string => (md ? `**${s}**` : s);
  const c = (s: string): string => (md ? `\`${s}\`` : s);
  if (e.type) f.push(`${b('Type:')} ${e.type}`);
  if (e.default !== undefined)
    f.push(`${b('Default:')} ${e.default === '' ? '(empty)' : c(e.default)}`);
  if (e.since) f.push(`${b('Since:')} ${e.since}`);
  if (e.docker_run) f.push(`${b('docker run:')} ${c(e.docker_run)}`);
  if (e.severity)
    f.push(
      `${b('Severity:')} ${e.severity}${e.experimental ? ' (experimental: off unless enabled)' : ''}`,
    );
  if (e.build_check) f.push(`${b('BuildKit check:')} ${c(`# check=skip=${e.name}`)} turns it off`);
  if (e.aliases?.length && e.kind !== 'cli-command')
    f.push(`${b('Also written:')} ${e.aliases.map(c).join(', ')}`);
  return f;
}

const PLACEHOLDER: Record<string, string> = {
  services: '<service>',
  networks: '<network>',
  volumes: '<volume>',
  configs: '<config>',
  secrets: '<secret>',
  models: '<model>',
  depends_on: '<service>',
  ulimits: '<limit>',
};

/** `services.*.networks.*.aliases` -> `services.<service>.networks.<network>.aliases` */
export function displayPath(path: string): string {
  const seg = path.split('.');
  return seg.map((x, i) => (x === '*' ? (PLACEHOLDER[seg[i - 1]] ?? '<name>') : x)).join('.');
}

export function renderNote(e: NoteEntry, opts: RenderOptions): string {
  const md = opts.markdown;
  const parts: string[] = [];
  const where = e.kind === 'compose-key' && e.name.includes('.') ? displayPath(e.name) : '';
  const head = md
    ? `**${title(e)}**${where ? ` (\`${where}\`)` : ''} — ${e.summary}`
    : `${title(e)}${where ? ` (${where})` : ''} — ${e.summary}`;
  parts.push(head);
  if (e.deprecated)
    parts.push(md ? `⚠️ **Deprecated:** ${e.deprecated}` : `Deprecated: ${e.deprecated}`);
  if (opts.extra?.length) parts.push(opts.extra.join(md ? '  \n' : '\n'));
  const syntax = e.syntax ?? e.usage;
  if (syntax)
    parts.push(
      code(
        syntax,
        e.kind.startsWith('dockerfile') ? 'dockerfile' : e.kind === 'compose-key' ? 'yaml' : 'sh',
        md,
      ),
    );
  const f = facts(e, md);
  if (f.length) parts.push(f.join(md ? ' · ' : '\n'));
  if (e.values?.length) {
    parts.push(
      [md ? '**Values:**' : 'Values:', ...valuesBlock(e.values, opts.value, md)].join('\n'),
    );
  }
  if (!opts.brief && e.body) parts.push(md ? sanitizeMarkdown(e.body) : stripMarkdown(e.body));
  if (e.reference) parts.push(md ? `[Reference](${e.reference})` : `Reference: ${e.reference}`);
  if (e.user) parts.push(md ? `_From your notes: ${e.source}_` : `(from your notes: ${e.source})`);
  return parts.join('\n\n');
}

/** Render a docker CLI flag in the context of its command. */
export function renderFlag(cmd: NoteEntry, flag: CliFlag, opts: RenderOptions): string {
  const md = opts.markdown;
  const names = flag.short ? `${flag.short}, ${flag.name}` : flag.name;
  const parts: string[] = [];
  parts.push(
    md ? `**${cmd.name} ${names}** — ${flag.summary}` : `${cmd.name} ${names} — ${flag.summary}`,
  );
  const c = (s: string): string => (md ? `\`${s}\`` : s);
  if (opts.written && flag.aliases?.includes(opts.written))
    parts.push(`${c(opts.written)} is a hidden alias of ${c(flag.name)}.`);
  if (flag.hidden)
    parts.push(
      md
        ? `_Hidden flag: accepted, but not listed in \`${cmd.name} --help\`._`
        : `Hidden flag: accepted, but not listed in ${cmd.name} --help.`,
    );
  if (flag.deprecated)
    parts.push(md ? `⚠️ **Deprecated:** ${flag.deprecated}` : `Deprecated: ${flag.deprecated}`);
  if (opts.extra?.length) parts.push(opts.extra.join(md ? '  \n' : '\n'));
  const f: string[] = [];
  const b = (s: string): string => (md ? `**${s}**` : s);
  if (flag.type) f.push(`${b('Type:')} ${flag.type === 'bool' ? 'switch (no value)' : flag.type}`);
  if (flag.default !== undefined && flag.default !== '')
    f.push(`${b('Default:')} ${c(flag.default)}`);
  if (flag.compose) f.push(`${b('Compose:')} ${c(displayPath(flag.compose))}`);
  if (f.length) parts.push(f.join(md ? ' · ' : '\n'));
  if (flag.values?.length)
    parts.push(
      [md ? '**Values:**' : 'Values:', ...valuesBlock(flag.values, opts.value, md)].join('\n'),
    );
  if (flag.details && !opts.brief)
    parts.push(md ? sanitizeMarkdown(flag.details.trim()) : stripMarkdown(flag.details.trim()));
  if (!opts.brief && cmd.usage) parts.push(code(cmd.usage, 'sh', md));
  return parts.join('\n\n');
}

/** Markdown to readable plain text, for clients that do not render markdown and for the CLI. */
export function stripMarkdown(md: string): string {
  const lines = md.split('\n');
  let inFence = false;
  const out: string[] = [];
  for (const line of lines) {
    if (CODE_FENCE.test(line)) {
      inFence = !inFence;
      continue;
    }
    if (inFence) {
      out.push(`    ${line}`);
      continue;
    }
    out.push(
      line
        .replace(/^#{1,6}\s+/, '')
        .replace(/\*\*([^*]+)\*\*/g, '$1')
        .replace(/`([^`]+)`/g, '$1')
        .replace(/\[([^\]]+)\]\(([^)]+)\)/g, '$1 ($2)'),
    );
  }
  return out.join('\n');
}
