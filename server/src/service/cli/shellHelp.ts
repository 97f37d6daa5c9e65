/**
 * Hover, completion and explain for docker commands written in shell text (scripts, Makefiles,
 * Markdown code blocks, Dockerfile RUN lines). Works on the logical line around the cursor only,
 * so a request never rescans the whole file.
 */
import type { CompletionItem, Hover, MarkupContent, Range } from 'vscode-languageserver-types';
import { CompletionItemKind, InsertTextFormat } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { DocsIndex } from '../docs/docsIndex';
import {
  COMMAND_LINES_NOTE,
  completionDocumentation,
  renderFlag,
  renderNote,
  stripMarkdown,
  type NoteLinks,
  type NoteRenderOptions,
} from '../docs/render';
import type { CliFlag, NoteEntry } from '../types';
import {
  analyze,
  findProgram,
  passthroughAfter,
  placeholderFor,
  type Analysis,
  type Part,
} from './cliAnalysis';
import {
  commandHolding,
  lexCommands,
  lexShell,
  logicalLineAt,
  type SimpleCommand,
} from './shellLexer';
import { parsePortMapping, parseVolumeSpec } from '../compose/composeValues';
import { LONG_LINES_NOTE, MAX_SHELL_LINE_CHARS, tooLongText } from '../work';
import { message, portText, volumeText, type MessageId, type MessageVars } from '../docs/messages';

export interface ExplainRow {
  text: string;
  role: string;
  explanation: string;
}

const MAX_EXPLAIN_CHARS = 64 * 1024;
const MAX_EXPLAIN_ROWS = 500;

/** A breakdown as aligned plain-text columns and as a markdown table. */
export function renderRows(rows: readonly ExplainRow[]): { text: string; markdown: string } {
  // (a reduce, not Math.max(...rows): a command line with ~100k words would overflow the stack)
  const width = Math.min(
    40,
    rows.reduce((w, r) => Math.max(w, r.text.length), 0),
  );
  const text = rows.map((r) => `${r.text.padEnd(width)}  ${r.explanation}`).join('\n');
  const markdown = [
    '| part | meaning |',
    '| --- | --- |',
    ...rows.map(
      (r) => `| \`${r.text.replace(/\|/g, '\\|')}\` | ${r.explanation.replace(/\|/g, '\\|')} |`,
    ),
  ].join('\n');
  return { text, markdown };
}

export class ShellHelp {
  constructor(
    private readonly docs: DocsIndex,
    private readonly markdown: () => boolean,
    /** Cards and links for the notes a hover shows. */
    private readonly hoverRender: () => NoteRenderOptions = () => ({}),
  ) {}

  /**
   * The logical line around `rel` (an offset in `text`), cut to MAX_SHELL_LINE_CHARS: `cut` when
   * `rel` lies past what is read.
   */
  private lineAt(
    text: string,
    rel: number,
    escape: string,
  ): { start: number; end: number; cut: boolean } {
    const { start, end } = logicalLineAt(text, rel, escape);
    if (end - start <= MAX_SHELL_LINE_CHARS) return { start, end, cut: false };
    return { start, end: start + MAX_SHELL_LINE_CHARS, cut: rel > start + MAX_SHELL_LINE_CHARS };
  }

  /** The simple command holding the offset, lexing only the logical line around it. */
  commandAt(text: string, base: number, offset: number, escape = '\\'): SimpleCommand | undefined {
    const rel = offset - base;
    if (rel < 0 || rel > text.length) return undefined;
    const { start, end, cut } = this.lineAt(text, rel, escape);
    if (cut) return undefined;
    return commandHolding(lexCommands(text.slice(start, end), base + start, { escape }), offset);
  }

  hover(
    doc: TextDocument,
    text: string,
    base: number,
    offset: number,
    escape = '\\',
  ): Hover | null {
    const rel = offset - base;
    if (rel < 0 || rel > text.length) return null;
    const { start, end, cut } = this.lineAt(text, rel, escape);
    if (cut) {
      const md = this.markdown();
      const value = tooLongText(
        this.docs.get('concept', LONG_LINES_NOTE),
        'command-line',
        MAX_SHELL_LINE_CHARS,
        md,
      );
      return value ? { contents: { kind: md ? 'markdown' : 'plaintext', value } } : null;
    }
    const cmds = lexCommands(text.slice(start, end), base + start, { escape });
    // the innermost command with a word on the offset first: `$(pwd)` in `-v $(pwd):/app` is not a
    // docker command, so the hover falls back to the word of the outer one (the value of -v)
    const holding = cmds
      .filter((c) => c.words.some((w) => w.start <= offset && offset <= w.end))
      .sort((a, b) => b.depth - a.depth);
    for (const cmd of holding) {
      const found = this.hoverIn(doc, cmd, offset);
      if (found) return found;
    }
    return null;
  }

  private hoverIn(doc: TextDocument, cmd: SimpleCommand, offset: number): Hover | null {
    const word = cmd.words.find((w) => w.start <= offset && offset <= w.end);
    if (!word) return null;
    const analysis = analyze(this.docs, cmd.words);
    if (!analysis) return null;
    const part = analysis.parts.find((p) => p.word === word);
    if (!part) return null;
    const value = this.describePart(part, offset);
    if (!value) return null;
    const md = this.markdown();
    const contents: MarkupContent = { kind: md ? 'markdown' : 'plaintext', value: value.text };
    return {
      contents,
      range: { start: doc.positionAt(value.start), end: doc.positionAt(value.end) },
    };
  }

  /** Hover text for one part of a docker command, and the span it describes. */
  private describePart(
    part: Part,
    offset: number,
  ): { text: string; start: number; end: number } | null {
    const md = this.markdown();
    const w = part.word;
    switch (part.role) {
      case 'program':
      case 'command': {
        const note = part.path ? this.docs.command(part.path) : undefined;
        if (!note) return null;
        return { text: this.renderCommand(note), start: w.start, end: w.end };
      }
      case 'flag': {
        const cmd = part.command;
        if (!cmd || !part.flags) return null;
        if (part.inlineValue && offset >= part.inlineValue.start && part.valueFlag) {
          const written = part.flags[part.flags.length - 1]?.text;
          return {
            text: this.renderFlagWithValue(cmd, part.valueFlag, part.inlineValue.text, written),
            start: part.inlineValue.start,
            end: w.end,
          };
        }
        const known = part.flags.filter((f) => f.flag);
        if (!known.length) {
          const t = part.flags.map((f) => f.text).join(' ');
          const text = this.say('unknown-flag', { flags: t, command: cmd.name }, md);
          return text ? { text, start: w.start, end: w.end } : null;
        }
        if (part.flags.length > 1) {
          // combined short flags: explain each
          const lines = part.flags.map((f) =>
            f.flag
              ? md
                ? `- \`${f.text}\` (\`${f.flag.name}\`) — ${f.flag.summary}`
                : `  ${f.text} (${f.flag.name}) — ${f.flag.summary}`
              : `${md ? '- ' : '  '}${this.say('unknown-flag-part', { flag: f.text, command: cmd.name }, md) || f.text}`,
          );
          const head = this.say(
            'combined-flags',
            { command: cmd.name, word: w.text, count: part.flags.length },
            md,
          );
          const extra =
            part.inlineValue && part.valueFlag
              ? [this.interpretValue(part.valueFlag, part.inlineValue.text)].filter(Boolean)
              : [];
          return {
            text: [head, lines.join('\n'), ...extra].filter(Boolean).join('\n\n'),
            start: w.start,
            end: w.end,
          };
        }
        const f = known[0].flag as CliFlag;
        const written = known[0].text;
        const valueText = part.inlineValue?.text;
        return {
          text:
            valueText !== undefined
              ? this.renderFlagWithValue(cmd, f, valueText, written)
              : renderFlag(cmd, f, { markdown: md, written, links: this.flagLinks() }),
          start: w.start,
          end: w.end,
        };
      }
      case 'flag-value': {
        if (!part.command || !part.valueFlag) return null;
        return {
          text: this.renderFlagWithValue(part.command, part.valueFlag, w.text),
          start: w.start,
          end: w.end,
        };
      }
      case 'arg': {
        const cmd = part.command;
        if (!cmd) return null;
        const ph = part.argIndex !== undefined ? placeholderFor(cmd, part.argIndex) : undefined;
        const head = ph
          ? this.say('argument-named', { word: w.text, argument: ph, command: cmd.name }, md)
          : this.say('argument', { word: w.text, command: cmd.name }, md);
        const usage = cmd.usage ? (md ? `\`\`\`sh\n${cmd.usage}\n\`\`\`` : cmd.usage) : '';
        return {
          text: [
            head,
            md ? `**${cmd.name}** — ${cmd.summary}` : `${cmd.name} — ${cmd.summary}`,
            usage,
          ]
            .filter(Boolean)
            .join('\n\n'),
          start: w.start,
          end: w.end,
        };
      }
      case 'passthrough': {
        const cmd = part.command;
        const after = passthroughAfter(cmd)?.toLowerCase();
        const text =
          cmd && after && this.say('passthrough', { word: w.text, command: cmd.name, after }, md);
        return text ? { text, start: w.start, end: w.end } : null;
      }
    }
  }

  /** A command's note with its list of subcommands (a card lists their names only). */
  renderCommandText(note: NoteEntry, md: boolean, render: NoteRenderOptions = {}): string {
    const subs = this.docs.subcommands(note.name);
    if (!subs.length) return renderNote(note, { markdown: md, ...render });
    const list = subs
      .map((s) => {
        const child = this.docs.command(`${note.name} ${s}`);
        return md
          ? `\`${s}\`${child ? ` — ${child.summary}` : ''}`
          : `${s}${child ? ` — ${child.summary}` : ''}`;
      })
      .join(md ? '  \n' : '\n');
    const heading = md ? '**Subcommands:**' : 'Subcommands:';
    const names = subs.map((s) => (md ? `\`${s}\`` : s)).join(', ');
    return renderNote(note, {
      markdown: md,
      ...render,
      sections: [{ full: `${heading}\n\n${list}`, card: `${heading} ${names}` }],
    });
  }

  private renderCommand(note: NoteEntry): string {
    return this.renderCommandText(note, this.markdown(), this.hoverRender());
  }

  private renderFlagWithValue(
    cmd: NoteEntry,
    flag: CliFlag,
    value: string,
    written?: string,
  ): string {
    const md = this.markdown();
    const extra = this.interpretValue(flag, value);
    return renderFlag(cmd, flag, {
      markdown: md,
      links: this.flagLinks(),
      value,
      extra: extra ? [extra] : undefined,
      written,
    });
  }

  /** The hover's links, or at least the concept notes (a flag's hover says what it is from one). */
  private flagLinks(): NoteLinks {
    return this.hoverRender().links ?? { concept: (name) => this.docs.get('concept', name) };
  }

  /** A `docker command lines` message in markdown or plain text ('' when the notes lack it). */
  private say<I extends MessageId<typeof COMMAND_LINES_NOTE>>(
    id: I,
    vars: MessageVars<typeof COMMAND_LINES_NOTE, I>,
    md: boolean,
  ): string {
    return message(this.docs, COMMAND_LINES_NOTE, id, vars, md) ?? '';
  }

  /** A sentence about what this particular value means (which side of -p is the host, …). */
  interpretValue(flag: CliFlag, value: string): string {
    return this.valueSentence(flag, value) ?? '';
  }

  private valueSentence(flag: CliFlag, value: string): string | undefined {
    const md = this.markdown();
    const names = [flag.name, flag.short];
    if (flag.name === '--publish' || names.includes('--publish')) {
      const m = parsePortMapping(value);
      if (m) return portText(this.docs, 'run', m, md);
    }
    if (flag.name === '--volume') {
      const v = parseVolumeSpec(value);
      if (v) return volumeText(this.docs, 'run', v, md);
    }
    if (flag.name === '--env') {
      const eq = value.indexOf('=');
      if (eq > 0)
        return this.say('set-env', { name: value.slice(0, eq), value: value.slice(eq + 1) }, md);
      if (value) return this.say('pass-env', { name: value }, md);
    }
    if (flag.name === '--cpus') {
      const n = Number(value);
      if (Number.isFinite(n) && n > 0)
        return n < 1
          ? this.say('cpus-share', { percent: Math.round(n * 100) }, md)
          : this.say('cpus', { count: n }, md);
    }
    if (flag.name === '--mount') {
      const kv = Object.fromEntries(
        value
          .split(',')
          .map((s) => s.split('='))
          .map(([k, ...v]) => [k, v.join('=')]),
      );
      const type = kv.type ?? 'volume';
      const src = kv.source ?? kv.src;
      const dst = kv.target ?? kv.destination ?? kv.dst;
      if (dst)
        return src
          ? this.say('mount-source', { type, source: src, target: dst }, md)
          : this.say('mount', { type, target: dst }, md);
    }
    return undefined;
  }

  complete(
    doc: TextDocument,
    text: string,
    base: number,
    offset: number,
    escape = '\\',
  ): CompletionItem[] {
    const rel = offset - base;
    if (rel < 0 || rel > text.length) return [];
    const { start, cut } = this.lineAt(text, rel, escape);
    if (cut) return [];
    const upto = text.slice(start, rel);
    // the command the end of the text belongs to: the innermost one still open (`$(docker ps -`)
    const words = lexShell(upto, base + start, { escape }).current;
    if (!words.length) return [];
    const cmd = { words };
    const endsWithSpace = /\s$/.test(upto);
    const partial = endsWithSpace ? '' : (cmd.words[cmd.words.length - 1]?.text ?? '');
    const partialStart = endsWithSpace
      ? offset
      : (cmd.words[cmd.words.length - 1]?.start ?? offset);
    const done = endsWithSpace ? cmd.words : cmd.words.slice(0, -1);
    if (!done.length) return [];
    if (!findProgram(done)) return [];
    const analysis = analyze(this.docs, done);
    if (!analysis) return [];
    const range = { start: doc.positionAt(partialStart), end: doc.positionAt(offset) };
    return this.items(analysis, partial, range, doc, partialStart);
  }

  private items(
    a: Analysis,
    partial: string,
    range: Range,
    doc: TextDocument,
    partialStart: number,
  ): CompletionItem[] {
    const md = this.markdown();
    const cmd = a.command;
    const last = a.parts[a.parts.length - 1];
    if (
      last?.role === 'passthrough' ||
      (last?.role === 'arg' && /\[?COMMAND\]?\s+\[ARG/.test(cmd?.usage ?? '') && a.positional)
    )
      return [];
    // a value for the flag before the cursor
    if (a.pendingValue && !partial.startsWith('-')) {
      return this.valueItems(a.pendingValue, range);
    }
    if (cmd && partial.startsWith('--') && partial.includes('=')) {
      const eq = partial.indexOf('=');
      const flag = DocsIndex.findFlag(cmd, partial.slice(0, eq));
      if (!flag) return [];
      const vr = { start: doc.positionAt(partialStart + eq + 1), end: range.end };
      return this.valueItems(flag, vr);
    }
    if (partial.startsWith('-')) {
      if (!cmd) return [];
      const used = new Set(a.parts.flatMap((p) => p.flags?.map((f) => f.flag?.name ?? '') ?? []));
      return (cmd.flags ?? [])
        .filter((f) => !f.hidden && (!used.has(f.name) || f.type === 'list'))
        .map((f, i) => ({
          label: f.short ? `${f.name}, ${f.short}` : f.name,
          filterText: partial.startsWith('--') || !f.short ? f.name : `${f.short} ${f.name}`,
          kind: CompletionItemKind.Property,
          detail: f.summary,
          documentation: completionDocumentation(cmd, md, undefined, f, this.flagLinks()),
          textEdit: { range, newText: partial.startsWith('--') || !f.short ? f.name : f.short },
          // the flags people use most first (usage counts), then in the note's order
          sortText: `${f.deprecated ? 'z' : 'a'}${DocsIndex.rank(this.docs.flagUsage(cmd.name, f.name))}${String(i).padStart(4, '0')}`,
          tags: f.deprecated ? [1] : undefined,
        }));
    }
    if (a.positional) return [];
    const subs = this.docs.subcommands(a.path);
    return subs.map((s) => {
      const child = this.docs.command(`${a.path} ${s}`);
      return {
        label: s,
        kind: CompletionItemKind.Module,
        detail: child?.summary,
        documentation: child ? completionDocumentation(child, md) : undefined,
        textEdit: { range, newText: s },
        sortText: `${DocsIndex.rank(this.docs.commandUsage(`${a.path} ${s}`))}${s}`,
        deprecated: undefined,
        tags: child?.deprecated ? [1] : undefined,
      } satisfies CompletionItem;
    });
  }

  private valueItems(flag: CliFlag, range: Range): CompletionItem[] {
    return (flag.values ?? []).map((v, i) => ({
      label: v.value,
      kind: CompletionItemKind.EnumMember,
      detail: v.summary,
      textEdit: { range, newText: v.value.replace(/\$/g, '\\$') },
      insertTextFormat: InsertTextFormat.PlainText,
      sortText: String(i).padStart(4, '0'),
    }));
  }

  /** Breakdown of every part of a docker command line, like explainshell. */
  explain(commandLine: string): { rows: ExplainRow[]; text: string; markdown: string } | null {
    // bounded: a pathological line (a 1 MB generated command) explains its first parts only
    const cmds = lexCommands(commandLine, 0, { limit: MAX_EXPLAIN_CHARS });
    const rows: ExplainRow[] = [];
    explaining: for (const c of cmds) {
      const a = analyze(this.docs, c.words);
      if (!a) continue;
      for (const p of a.parts) {
        if (rows.length >= MAX_EXPLAIN_ROWS) {
          rows.push({
            text: '…',
            role: 'more',
            explanation: this.say('more-rows', { count: MAX_EXPLAIN_ROWS }, false),
          });
          break explaining;
        }
        rows.push(...this.explainPart(p));
      }
    }
    if (!rows.length) return null;
    return { rows, ...renderRows(rows) };
  }

  private explainPart(p: Part): ExplainRow[] {
    const plain = (s: string): string => stripMarkdown(s).replace(/\n+/g, ' ').trim();
    switch (p.role) {
      case 'program':
      case 'command': {
        const n = p.path ? this.docs.command(p.path) : undefined;
        return [
          {
            text: p.word.text,
            role: p.role,
            explanation: n ? n.summary : this.say('unknown-command', {}, false),
          },
        ];
      }
      case 'flag': {
        const rows: ExplainRow[] = [];
        for (const f of p.flags ?? []) {
          const name = f.flag
            ? f.flag.short && f.text === f.flag.short
              ? `${f.flag.short}, ${f.flag.name}`
              : f.flag.aliases?.includes(f.text)
                ? this.say('alias-row', { written: f.text, flag: f.flag.name }, false)
                : f.flag.name
            : f.text;
          rows.push({
            text: p.flags && p.flags.length > 1 ? f.text : p.word.text,
            role: 'flag',
            explanation: f.flag
              ? `${name}: ${f.flag.summary}`
              : p.command
                ? this.say('unknown-flag-row', { flag: f.text, command: p.command.name }, false)
                : this.say('unknown-flag-row-bare', { flag: f.text }, false),
          });
        }
        if (p.inlineValue && p.valueFlag) {
          const v = this.interpretValue(p.valueFlag, p.inlineValue.text);
          if (v) rows[rows.length - 1].explanation += ` — ${plain(v)}`;
        }
        return rows;
      }
      case 'flag-value': {
        const v = p.valueFlag ? this.interpretValue(p.valueFlag, p.word.text) : '';
        const known = p.valueFlag?.values?.find((x) => x.value === p.word.text);
        return [
          {
            text: p.word.text,
            role: 'value',
            explanation: `${this.say('value-row', { flag: p.valueFlag?.name ?? '' }, false)}${known?.summary ? `: ${known.summary}` : ''}${v ? ` — ${plain(v)}` : ''}`,
          },
        ];
      }
      case 'arg': {
        const ph =
          p.command && p.argIndex !== undefined ? placeholderFor(p.command, p.argIndex) : undefined;
        return [
          {
            text: p.word.text,
            role: 'argument',
            explanation: !p.command
              ? this.say('argument-row-bare', {}, false)
              : ph
                ? this.say(
                    'argument-row-named',
                    { argument: ph.replace(/[[\]]/g, ''), command: p.command.name },
                    false,
                  )
                : this.say('argument-row', { command: p.command.name }, false),
          },
        ];
      }
      case 'passthrough':
        return [
          {
            text: p.word.text,
            role: 'container command',
            explanation: this.say('passthrough-row', {}, false),
          },
        ];
    }
  }
}
