/**
 * One place that turns notes into hover / documentation text (markdown or plain text).
 * Note bodies are treated as untrusted: raw HTML is escaped and command: links are disarmed.
 */
import type { CliFlag, NoteEntry, NoteValue } from '../types';
import type { MessageId } from './messages';

/** The concept note whose messages say what a flag is (hidden, an alias, a switch). */
export const COMMAND_LINES_NOTE = 'docker command lines';

export interface RenderOptions {
  /** Render markdown (true) or plain text (false). */
  markdown: boolean;
  /**
   * Lead with a short card (see `cardOf`) when the whole note is longer than a screen; only when
   * `links` can point at the full note.
   */
  card?: boolean;
  /** How a hover links to notes (the full note, `see:` concept notes); none: names only. */
  links?: NoteLinks;
  /** A value the cursor is on, to be pointed out in the values list. */
  value?: string;
  /** Extra lines put right under the headline (e.g. a resolved variable or a parsed port). */
  extra?: string[];
  /** Leave out the body (completion item documentation keeps it; summaries only elsewhere). */
  brief?: boolean;
  /** The flag as written, when it may be one of the flag's aliases (`--net` for `--network`). */
  written?: string;
  /**
   * Leave the summary out of the headline: completion items show it as their detail, which
   * editors put above the documentation (it would show twice).
   */
  noSummary?: boolean;
}

const CODE_FENCE = /^(\s*)(```|~~~)/;
const COMMAND_SCHEME = /command:/i;

/**
 * How rendered notes point at other notes. A hover that shows a card ends with a pointer to the
 * full note, and `see:` names become links to the concept notes.
 */
export interface NoteLinks {
  /** The concept note a `see:` name stands for, if there is one. */
  concept(name: string): NoteEntry | undefined;
  /** Markdown link target that opens a note (a command the client trusts), if the client has one. */
  href?(e: NoteEntry): string;
  /** A plain-text line that says how to read the full note (the CLI's explain), if any. */
  pointer?(e: NoteEntry): string;
}

/** What a caller's context adds to a note's rendering: cards (hovers) and links. */
export type NoteRenderOptions = Pick<RenderOptions, 'card' | 'links'>;

/** A card is cut from a note longer than this many (markdown) lines. */
export const CARD_MAX_LINES = 20;
/** The card's example is the note's first code block of at most this many lines. */
const CARD_EXAMPLE_LINES = 8;
/** A line of its own in a note's body that ends the card by hand (the rest is behind "More…"). */
const MORE_MARKER = /^\s*<!--\s*more\s*-->\s*$/i;

/** Escape HTML outside code and disarm command links (except those `allow` accepts). */
export function sanitizeMarkdown(md: string, allow?: (target: string) => boolean): string {
  // nothing to do without a '<' or a command link (most notes: no copy of the text)
  if (!md.includes('<') && !COMMAND_SCHEME.test(md)) return md;
  const lines = md.split('\n');
  let inFence = false;
  for (let i = 0; i < lines.length; i++) {
    if (CODE_FENCE.test(lines[i])) {
      inFence = !inFence;
      continue;
    }
    if (inFence || (!lines[i].includes('<') && !COMMAND_SCHEME.test(lines[i]))) continue;
    // split by inline code spans, escape '<' outside them
    lines[i] = lines[i]
      .split(/(`[^`]*`)/)
      .map((part) =>
        part.startsWith('`') && part.endsWith('`') && part.length > 1
          ? part
          : part.replace(/</g, '&lt;'),
      )
      .join('')
      .replace(/\]\(\s*(command:[^)\s]*)/gi, (link: string, target: string) =>
        allow?.(target) ? link : `](#${target.slice('command:'.length)}`,
      )
      // a link reference definition (`[r]: command:…`) is a link too
      .replace(/^(\s{0,3}\[[^\]]+\]:\s*<?)command:/i, '$1#');
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
    // a value written as `key=` (a filter, an option) is hit by `key=anything`
    const isHit =
      highlight !== undefined &&
      (v.value === highlight || (v.value.endsWith('=') && highlight.startsWith(v.value)));
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

/** Sections a caller adds after a note's body (a command's subcommands): whole, and in a card. */
export interface NoteSection {
  full: string;
  /** What the card shows of it (left out when undefined). */
  card?: string;
}

export function renderNote(
  e: NoteEntry,
  opts: RenderOptions & { sections?: readonly NoteSection[] },
): string {
  const body = splitBody(e.body);
  /** The note whole ('full') or as a card (with or without its example), in markdown or plain. */
  const compose = (md: boolean, shape: 'full' | 'card' | 'card+example'): string => {
    const o = { ...opts, markdown: md };
    const bodyText = (text: string): string => (md ? sanitizeMarkdown(text) : stripMarkdown(text));
    const reference = e.reference
      ? md
        ? `[Reference](${e.reference})`
        : `Reference: ${e.reference}`
      : '';
    const user = e.user
      ? md
        ? `_From your notes: ${e.source}_`
        : `(from your notes: ${e.source})`
      : '';
    const see = seeAlso(e, o);
    const sections = opts.sections ?? [];
    if (shape === 'full') {
      return [
        ...headParts(e, o),
        !opts.brief && body.full ? bodyText(body.full) : '',
        ...sections.map((s) => s.full),
        see,
        reference,
        user,
      ]
        .filter(Boolean)
        .join('\n\n');
    }
    const more = morePointer(e, o);
    const footer = md
      ? [[more, reference].filter(Boolean).join(' · '), see].filter(Boolean).join('  \n')
      : [more, see, reference].filter(Boolean).join('\n');
    return [
      ...headParts(e, o, true),
      body.lead ? bodyText(body.lead) : '',
      shape === 'card+example' ? bodyText(body.example) : '',
      ...sections.map((s) => s.card ?? ''),
      footer,
      user,
    ]
      .filter(Boolean)
      .join('\n\n');
  };
  const md = opts.markdown;
  // a card only when the client can reach the full note, and only from a note that does not fit
  // on a screen; lengths are counted in markdown lines, as an editor shows them
  if (!opts.card || opts.brief || !morePointer(e, opts)) return compose(md, 'full');
  const full = compose(true, 'full');
  if (lineCount(full) <= CARD_MAX_LINES) return md ? full : compose(false, 'full');
  if (body.example && lineCount(compose(true, 'card+example')) <= CARD_MAX_LINES)
    return compose(md, 'card+example');
  return compose(md, 'card');
}

function lineCount(text: string): number {
  return text.split('\n').length;
}

/** A card lists more values than this by name only (the one under the cursor with its summary). */
const CARD_VALUES = 6;

/** Headline, deprecation, the caller's extra lines, syntax, facts and values of a note. */
function headParts(e: NoteEntry, opts: RenderOptions, card = false): string[] {
  const md = opts.markdown;
  const parts: string[] = [];
  const where = e.kind === 'compose-key' && e.name.includes('.') ? displayPath(e.name) : '';
  const summary = opts.noSummary ? '' : ` — ${e.summary}`;
  const head = md
    ? `**${title(e)}**${where ? ` (\`${where}\`)` : ''}${summary}`
    : `${title(e)}${where ? ` (${where})` : ''}${summary}`;
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
  if (e.values?.length && card && e.values.length > CARD_VALUES) {
    const hit = e.values.filter((v) => v.value === opts.value);
    const names = e.values.map((v) => (md ? `\`${v.value}\`` : v.value)).join(', ');
    parts.push(
      [...valuesBlock(hit, opts.value, md), `${md ? '**Values:**' : 'Values:'} ${names}`].join(
        '\n',
      ),
    );
  } else if (e.values?.length) {
    parts.push(
      [md ? '**Values:**' : 'Values:', ...valuesBlock(e.values, opts.value, md)].join('\n'),
    );
  }
  return parts;
}

/**
 * A note's body as a card sees it: the lead (everything before a `<!-- more -->` line, or else the
 * first paragraph), the example (without a marker: the first code block at the left margin of at
 * most CARD_EXAMPLE_LINES lines after the lead) and the whole body without the marker.
 */
export function splitBody(body: string): { lead: string; example: string; full: string } {
  const lines = body.split('\n');
  const marker = lines.findIndex((l) => MORE_MARKER.test(l));
  if (marker >= 0) {
    return {
      lead: lines.slice(0, marker).join('\n').trim(),
      example: '',
      full: [lines.slice(0, marker), lines.slice(marker + 1)]
        .map((part) => part.join('\n').trim())
        .filter(Boolean)
        .join('\n\n'),
    };
  }
  const full = body.trim();
  // the first block: up to the first blank line outside a code fence; a block that ends with a
  // colon announces the next one (a list, a table), which belongs to the lead too
  let i = 0;
  while (i < lines.length && !lines[i].trim()) i++;
  const leadStart = i;
  for (let blocks = 0; blocks < 2 && i < lines.length; blocks++) {
    while (i < lines.length && !lines[i].trim()) i++;
    let inFence = false;
    for (; i < lines.length; i++) {
      if (CODE_FENCE.test(lines[i])) inFence = !inFence;
      else if (!inFence && !lines[i].trim()) break;
    }
    if (!lines[i - 1]?.trimEnd().endsWith(':')) break;
  }
  const lead = lines.slice(leadStart, i).join('\n').trim();
  let example = '';
  if (!lead.split('\n').some((l) => CODE_FENCE.test(l))) {
    for (let j = i; j < lines.length; j++) {
      if (!/^(```|~~~)/.test(lines[j])) continue;
      const fence = lines[j].slice(0, 3);
      const close = lines.findIndex((l, k) => k > j && l.startsWith(fence));
      if (close < 0) break;
      if (close - j - 1 <= CARD_EXAMPLE_LINES) example = lines.slice(j, close + 1).join('\n');
      break;
    }
  }
  return { lead, example, full };
}

/** The card's pointer to the full note: a link the client can open, or the CLI's command. */
function morePointer(e: NoteEntry, opts: RenderOptions): string {
  const links = opts.links;
  if (opts.markdown && links?.href) return `[More…](${links.href(e)})`;
  return links?.pointer?.(e) ?? '';
}

/** One "See also" line: the concept notes a note names in `see:`, as links where possible. */
function seeAlso(e: NoteEntry, opts: RenderOptions): string {
  if (!e.see?.length) return '';
  const md = opts.markdown;
  const names = e.see.map((name) => {
    const target = opts.links?.concept(name);
    if (!md) return name;
    return target && opts.links?.href ? `[${name}](${opts.links.href(target)})` : name;
  });
  return `${md ? '**See also:**' : 'See also:'} ${names.join(md ? ' · ' : ', ')}`;
}

/**
 * A note's message with its `{placeholders}` filled in (names and values only: the words come
 * from the note). In plain text (`markdown` false) the template's markdown marks (`` ` ``, `**`)
 * are left out, not those of the values. Undefined when the note has no such message.
 */
export function noteMessage(
  e: NoteEntry | undefined,
  id: string,
  vars: Readonly<Record<string, string | number>> = {},
  markdown = true,
): string | undefined {
  const written = e?.messages?.[id];
  if (written === undefined) return undefined;
  const template = markdown ? written : written.replace(/\*\*|`/g, '').replace(/^_(.*)_$/, '$1');
  return template.replace(/\{([a-z]+)\}/g, (all, key: string) =>
    Object.prototype.hasOwnProperty.call(vars, key) ? String(vars[key]) : all,
  );
}

const itemDocs = new WeakMap<object, Map<string, string>>();

/**
 * The documentation of a completion item for a note (or a flag of a command): rendered once per
 * note, markdown flag and value (a list asks for it on every keystroke), and without the summary,
 * which the item's detail shows.
 */
export function completionDocumentation(
  e: NoteEntry,
  markdown: boolean,
  value?: string,
  flag?: CliFlag,
  /** For a flag: where the sentences about flags come from (see renderFlag). */
  links?: NoteLinks,
): { kind: 'markdown' | 'plaintext'; value: string } {
  const owner: object = flag ?? e;
  let cache = itemDocs.get(owner);
  if (!cache) itemDocs.set(owner, (cache = new Map<string, string>()));
  const key = `${markdown ? 'm' : 'p'}|${value ?? ''}`;
  let text = cache.get(key);
  if (text === undefined) {
    const opts = { markdown, value, noSummary: true };
    text = flag ? renderFlag(e, flag, { ...opts, links }) : renderNote(e, opts);
    cache.set(key, text);
  }
  return { kind: markdown ? 'markdown' : 'plaintext', value: text };
}

/** Render a docker CLI flag in the context of its command. */
export function renderFlag(cmd: NoteEntry, flag: CliFlag, opts: RenderOptions): string {
  const md = opts.markdown;
  const names = flag.short ? `${flag.short}, ${flag.name}` : flag.name;
  const parts: string[] = [];
  const summary = opts.noSummary ? '' : ` — ${flag.summary}`;
  parts.push(md ? `**${cmd.name} ${names}**${summary}` : `${cmd.name} ${names}${summary}`);
  const c = (s: string): string => (md ? `\`${s}\`` : s);
  // the sentences about flags are messages of the `docker command lines` note
  const labels = opts.links?.concept(COMMAND_LINES_NOTE);
  const say = (
    id: MessageId<typeof COMMAND_LINES_NOTE>,
    vars: Record<string, string> = {},
  ): string | undefined => noteMessage(labels, id, vars, md);
  const alias =
    opts.written && flag.aliases?.includes(opts.written)
      ? say('hidden-alias', { written: opts.written, flag: flag.name })
      : undefined;
  if (alias) parts.push(alias);
  const hidden = flag.hidden ? say('hidden-flag', { command: cmd.name }) : undefined;
  if (hidden) parts.push(hidden);
  if (flag.deprecated)
    parts.push(md ? `⚠️ **Deprecated:** ${flag.deprecated}` : `Deprecated: ${flag.deprecated}`);
  if (opts.extra?.length) parts.push(opts.extra.join(md ? '  \n' : '\n'));
  const f: string[] = [];
  const b = (s: string): string => (md ? `**${s}**` : s);
  if (flag.type) f.push(`${b('Type:')} ${(flag.type === 'bool' && say('switch')) || flag.type}`);
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
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (CODE_FENCE.test(line)) {
      inFence = !inFence;
      continue;
    }
    if (inFence) {
      out.push(`    ${line}`);
      continue;
    }
    if (TABLE_ROW.test(line) && TABLE_RULE.test(lines[i + 1] ?? '')) {
      const rows = [splitRow(line)];
      let j = i + 2;
      for (; j < lines.length && TABLE_ROW.test(lines[j]); j++) rows.push(splitRow(lines[j]));
      out.push(...alignTable(rows.map((r) => r.map(inlinePlain))));
      i = j - 1;
      continue;
    }
    out.push(inlinePlain(line.replace(/^#{1,6}\s+/, '')));
  }
  return out.join('\n');
}

const TABLE_ROW = /^\s*\|.*\|\s*$/;
const TABLE_RULE = /^\s*\|(\s*:?-{3,}:?\s*\|)+\s*$/;

/** The cells of a markdown table row (`\|` is a pipe inside a cell). */
function splitRow(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  const inner = line.trim().slice(1, -1);
  for (let i = 0; i < inner.length; i++) {
    if (inner[i] === '\\' && inner[i + 1] === '|') {
      cell += '|';
      i++;
    } else if (inner[i] === '|') {
      cells.push(cell.trim());
      cell = '';
    } else cell += inner[i];
  }
  cells.push(cell.trim());
  return cells;
}

/** A table as aligned columns, the header underlined. */
function alignTable(rows: string[][]): string[] {
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, k) => (widths[k] = Math.max(widths[k] ?? 0, c.length)));
  const line = (r: string[]): string =>
    r
      .map((c, k) => (k === r.length - 1 ? c : c.padEnd(widths[k])))
      .join('  ')
      .trimEnd();
  return [line(rows[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)];
}

/**
 * Inline markdown to plain text: emphasis, links and code marks go; a code span that ends with
 * punctuation (or begins or ends with a space) keeps its backticks, so that it stays apart from
 * the sentence around it (`entrypoint:`. rather than entrypoint:.).
 */
function inlinePlain(text: string): string {
  return text
    .split(/(`[^`]+`)/)
    .map((part) => {
      if (part.length > 1 && part.startsWith('`') && part.endsWith('`')) {
        const inner = part.slice(1, -1);
        return /^\s|[\s:=,;.]$/.test(inner) ? part : inner;
      }
      return part
        .replace(/\*\*([^*]+)\*\*/g, '$1')
        .replace(/(^|[\s(])\*([^*\s](?:[^*]*[^*\s])?)\*(?=$|[\s).,;:])/g, '$1$2')
        .replace(/\[([^\]]+)\]\(([^)]+)\)/g, '$1 ($2)');
    })
    .join('');
}
