/**
 * The docker-command rules (docs/rules.md) for shell scripts, Makefile recipes, Markdown shell
 * blocks and Dockerfile RUN lines: unknown subcommands and flags, flags without their value,
 * deprecated commands and flags. Each docker command is read as the CLI reads it (cliAnalysis.ts),
 * from the notes; a command is left alone when a word cannot be read for sure (a variable, a
 * command substitution, unbalanced quotes), and nothing after the image of `docker run` (the
 * container's command) is looked at.
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { KindChecks } from '../rules/check';
import { fixTitle } from '../rules/check';
import { disableRuleEdit, fileDirectiveConfig } from '../rules/fileDirective';
import type { Finding, FixProposal } from '../rules/rules';
import { DocsIndex } from '../docs/docsIndex';
import { levenshtein, suggest } from '../dockerfile/bkValues';
import { DIRECTIVE_NOTE, directiveFindings } from '../compose/composeValidate';
import { markdownShellBlocks, makefileLineRegion, type Region } from '../embedded';
import type { CliFlag, NoteEntry } from '../types';
import { analyze, usagePlaceholders, type Part } from './cliAnalysis';
import { lexCommands, logicalLineAt, type Word } from './shellLexer';
import { MAX_SHELL_LINE_CHARS } from '../work';

const MAX_FINDINGS = 500;
/** Commands checked per step (the adapter answers requests between steps). */
const COMMANDS_PER_STEP = 200;
/** Characters handed to the shell lexer per step at most, plus one line (see work.ts). */
const CHARS_PER_STEP = 16 * 1024;

interface CliContext {
  docs: DocsIndex;
  document: TextDocument;
  text: string;
  findings: Finding[];
  /** Top-level docker commands that plugins outside the notes add (from the rule's params). */
  plugins: ReadonlySet<string>;
}

function push(ctx: CliContext, f: Finding): void {
  if (ctx.findings.length < MAX_FINDINGS) ctx.findings.push(f);
}

function range(ctx: CliContext, start: number, end: number): Finding['range'] {
  return { start: ctx.document.positionAt(start), end: ctx.document.positionAt(end) };
}

/** A word we cannot read for sure: expansions, substitutions, globs, unbalanced quotes. */
function unreadable(ctx: CliContext, w: Word): boolean {
  if (/[$`*?[\]{}<>]/.test(w.text)) return true;
  const raw = ctx.text.slice(w.start, w.end);
  if (raw.includes('\n') && !/\\\r?\n/.test(raw)) return true;
  let single = 0;
  let double = 0;
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i];
    if (ch === '\\') i++;
    else if (ch === "'" && double % 2 === 0) single++;
    else if (ch === '"' && single % 2 === 0) double++;
  }
  return single % 2 === 1 || double % 2 === 1;
}

function replaceFix(start: number, end: number, ctx: CliContext, text: string): FixProposal {
  return {
    id: 'suggest',
    args: { suggest: text },
    edits: [{ range: range(ctx, start, end), newText: text }],
    preferred: true,
    fixAll: true,
  };
}

/** Every flag name a command accepts: its own, and the persistent flags of the plugin it is in. */
function flagNames(docs: DocsIndex, cmd: NoteEntry): string[] {
  const out: string[] = [];
  for (const c of lineage(docs, cmd)) {
    for (const f of c.flags ?? []) {
      if (f.hidden || f.deprecated) continue;
      out.push(f.name);
    }
  }
  return out;
}

/** The command and its parents below `docker` (compose and buildx flags hold for their subcommands). */
function lineage(docs: DocsIndex, cmd: NoteEntry): NoteEntry[] {
  const out = [cmd];
  const words = cmd.name.split(' ');
  for (let n = words.length - 1; n >= 2; n--) {
    const parent = docs.command(words.slice(0, n).join(' '));
    if (parent) out.push(parent);
  }
  return out;
}

function findFlagInLineage(docs: DocsIndex, cmd: NoteEntry, name: string): CliFlag | undefined {
  for (const c of lineage(docs, cmd)) {
    const f = DocsIndex.findFlag(c, name);
    if (f) return f;
  }
  return undefined;
}

/** A command whose usage ends in COMMAND: it needs one of its subcommands. */
function isGroup(docs: DocsIndex, cmd: NoteEntry): boolean {
  return (
    /\bCOMMAND$/.test((cmd.usage ?? '').split('\n')[0].trim()) &&
    docs.subcommands(cmd.name).length > 0
  );
}

/** Does the command really end after this offset (end of line, `;`, `&&`, `|`, a comment)? */
function endsCommand(text: string, at: number): boolean {
  let i = at;
  for (;;) {
    while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\r')) i++;
    if (text[i] === '\\' && (text[i + 1] === '\n' || text[i + 1] === '\r')) {
      i = text.indexOf('\n', i) + 1;
      continue;
    }
    break;
  }
  return i >= text.length || /[\n;&|)#]/.test(text[i]);
}

/** The usage names a COMMAND after an argument (exec, run): the words after it are not ours. */
function commandAfterArg(cmd: NoteEntry): boolean {
  return usagePlaceholders(cmd).some((p, i) => i > 0 && /^\[?COMMAND\]?$/.test(p));
}

function takesValue(flag: CliFlag | undefined): boolean {
  return !!flag && flag.type !== undefined && flag.type !== 'bool' && flag.type !== '';
}

/** Where a flag's squiggle starts: a short flag first in its word takes its dash along. */
function flagStart(part: Part, f: { text: string; start: number }): number {
  return !f.text.startsWith('--') && f.start === part.word.start + 1 ? part.word.start : f.start;
}

function checkCommand(ctx: CliContext, words: Word[]): void {
  const { docs } = ctx;
  const analysis = analyze(docs, words);
  if (!analysis) return;
  const parts = analysis.parts;
  const program = parts[0];
  // read up to the first word we cannot be sure of
  let end = parts.length;
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i];
    if (p.role === 'passthrough') {
      end = i;
      break;
    }
    // a value we cannot read is only a value; a command word, an argument or a flag name is not
    const unsure =
      p.role === 'flag'
        ? (p.flags ?? []).some((f) => /[$`*?[\]{}<>]/.test(f.text)) || unreadable(ctx, p.word)
        : p.role !== 'flag-value' && unreadable(ctx, p.word);
    if (unsure) {
      end = i;
      break;
    }
  }
  if (program.word.text.endsWith('docker-compose')) {
    const note = docs.command('docker-compose');
    if (note?.deprecated) {
      const fixes: FixProposal[] =
        program.word.text === 'docker-compose'
          ? [
              {
                id: 'replace',
                args: { replacement: 'docker compose' },
                edits: [
                  {
                    range: range(ctx, program.word.start, program.word.end),
                    newText: 'docker compose',
                  },
                ],
              },
            ]
          : [];
      push(ctx, {
        rule: 'DeprecatedCliCommand',
        range: range(ctx, program.word.start, program.word.end),
        args: { command: 'docker-compose', detail: note.deprecated },
        fixes,
      });
    }
  }
  if (program.path === 'kubectl') return;
  let lastCommand: Part = program;
  for (let i = 1; i < end; i++) {
    const part = parts[i];
    const cmd = part.command;
    if (part.role === 'command') {
      lastCommand = part;
      if (cmd?.deprecated)
        push(ctx, {
          rule: 'DeprecatedCliCommand',
          range: range(ctx, part.word.start, part.word.end),
          args: { command: cmd.name, detail: cmd.deprecated },
        });
      continue;
    }
    if (part.role === 'arg') {
      if (part.argIndex === 0 && cmd && lastCommand.path === cmd.name && isGroup(docs, cmd)) {
        unknownCommand(ctx, cmd, part);
        break; // the rest belongs to a command we do not know
      }
      // `docker compose exec SERVICE COMMAND…`: what follows the first argument is the command's
      if (cmd && commandAfterArg(cmd)) break;
      continue;
    }
    if (part.role !== 'flag' || !cmd || !part.flags) continue;
    if (!cmd.flags?.length) continue;
    const inline = part.inlineValue !== undefined;
    for (let k = 0; k < part.flags.length; k++) {
      const f = part.flags[k];
      if (f.text === '--help' || f.text === '-h') continue;
      const flag = f.flag ?? findFlagInLineage(docs, cmd, f.text);
      if (!flag) {
        // a combined short flag we cannot split for sure (-it of a command without -i): one finding
        const long = f.text.startsWith('--');
        const suggestion = long ? suggest(f.text, flagNames(docs, cmd), true) : undefined;
        push(ctx, {
          rule: 'UnknownCliFlag',
          range: range(ctx, flagStart(part, f), f.end),
          args: {
            flag: f.text,
            command: cmd.name,
            ...(suggestion ? { suggest: suggestion } : {}),
          },
          variant: suggestion ? 'suggest' : undefined,
          fixes: suggestion ? [replaceFix(f.start, f.end, ctx, suggestion)] : undefined,
        });
        break;
      }
      if (flag.deprecated && !flag.hidden)
        push(ctx, {
          rule: 'DeprecatedCliFlag',
          range: range(ctx, flagStart(part, f), f.end),
          args: { flag: f.text, command: cmd.name, detail: flag.deprecated },
        });
      // a value-taking flag found only in a parent: its value is the next word
      if (!f.flag && takesValue(flag) && !inline && k === part.flags.length - 1) {
        if (i + 1 >= parts.length && endsCommand(ctx.text, part.word.end))
          push(ctx, {
            rule: 'CliFlagMissingValue',
            range: range(ctx, flagStart(part, f), f.end),
            args: { flag: f.text, command: cmd.name },
          });
        else if (parts[i + 1].role !== 'flag-value') i++;
      }
    }
  }
  // a value-taking flag as the last word of the command (and of the line: not cut by `$(…)`)
  const last = parts[parts.length - 1];
  if (
    analysis.pendingValue &&
    end === parts.length &&
    last.role === 'flag' &&
    last.flags?.length &&
    endsCommand(ctx.text, last.word.end)
  ) {
    const f = last.flags[last.flags.length - 1];
    push(ctx, {
      rule: 'CliFlagMissingValue',
      range: range(ctx, flagStart(last, f), f.end),
      args: { flag: f.text, command: last.command?.name ?? analysis.path },
    });
  }
}

function unknownCommand(ctx: CliContext, cmd: NoteEntry, part: Part): void {
  const { docs } = ctx;
  const word = part.word.text;
  if (!/^[a-z][a-z0-9-]*$/.test(word)) return;
  const subs = docs.subcommands(cmd.name);
  const suggestion = suggest(word, subs, true);
  // the top level also has the commands of plugins the notes do not describe: only a near miss
  // of a known command counts there
  if (
    cmd.name === 'docker' &&
    (!suggestion ||
      ctx.plugins.has(word) ||
      levenshtein(word, suggestion) > (word.length <= 4 ? 1 : 2))
  )
    return;
  push(ctx, {
    rule: 'UnknownCliCommand',
    range: range(ctx, part.word.start, part.word.end),
    args: { name: word, command: cmd.name, ...(suggestion ? { suggest: suggestion } : {}) },
    variant: suggestion ? 'suggest' : undefined,
    fixes: suggestion ? [replaceFix(part.word.start, part.word.end, ctx, suggestion)] : undefined,
  });
}

/** The shell regions of a document: the whole script, Markdown blocks, Makefile recipe lines. */
export function shellRegions(kind: 'shell' | 'makefile' | 'markdown', text: string): Region[] {
  if (kind === 'shell') return [{ start: 0, text }];
  if (kind === 'markdown') return markdownShellBlocks(text);
  const out: Region[] = [];
  let end = -1;
  const re = /^\t/gm;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    if (m.index < end) continue;
    const region = makefileLineRegion(text, m.index);
    end = region.start + region.text.length;
    if (region.text.includes('docker')) out.push(region);
  }
  return out;
}

/** The docker commands of some shell regions, checked a batch at a time. */
function* checkRegions(
  ctx: CliContext,
  regions: readonly Region[],
  escape = '\\',
): Generator<void, void> {
  let n = 0;
  let chars = 0;
  for (const region of regions) {
    if (!region.text.includes('docker')) continue;
    // lex the logical lines that mention docker, not the whole region
    let from = 0;
    while (from < region.text.length) {
      const at = region.text.indexOf('docker', from);
      if (at < 0) break;
      const line = logicalLineAt(region.text, at, escape);
      from = line.end + 1;
      // a logical line longer than a request reads is not read (bounded work)
      if (line.end - line.start > MAX_SHELL_LINE_CHARS) continue;
      // a step lexes at most CHARS_PER_STEP characters before this line
      if (chars > 0 && chars + (line.end - line.start) > CHARS_PER_STEP) {
        yield;
        chars = 0;
        n = 0;
      }
      chars += line.end - line.start;
      const commands = lexCommands(
        region.text.slice(line.start, line.end),
        region.start + line.start,
        {
          escape,
        },
      );
      for (const c of commands) {
        checkCommand(ctx, c.words);
        if (++n % COMMANDS_PER_STEP === 0) {
          yield;
          chars = 0;
        }
      }
    }
  }
}

function context(ctx: { docs: DocsIndex }, document: TextDocument): CliContext {
  const params = ctx.docs.get('rule', 'UnknownCliCommand', 'cli')?.params ?? {};
  return {
    docs: ctx.docs,
    document,
    text: document.getText(),
    findings: [],
    plugins: new Set(params.plugins ?? []),
  };
}

/** The rules for shell scripts, Makefiles and Markdown. */
export const cliChecks: KindChecks = {
  context: 'cli',
  *run(ctx, document, parsed) {
    const config = fileDirectiveConfig(document.getText());
    if (parsed.kind !== 'shell' && parsed.kind !== 'makefile' && parsed.kind !== 'markdown')
      return { findings: [], config };
    const c = context(ctx, document);
    yield* checkRegions(c, shellRegions(parsed.kind, c.text));
    return { findings: [...directiveFindings(ctx.docs, document), ...c.findings], config };
  },
  disable(ctx, document, rule) {
    const title = fixTitle(ctx.docs.get('rule', DIRECTIVE_NOTE, 'compose')?.fixes, 'disable', {
      rule,
    });
    const html = /\.(md|markdown)$/i.test(document.uri) || document.languageId === 'markdown';
    return title
      ? { title, edit: disableRuleEdit(document, rule, html ? 'html' : 'hash') }
      : undefined;
  },
  fixAllTitle(ctx) {
    return fixTitle(ctx.docs.get('rule', DIRECTIVE_NOTE, 'compose')?.fixes, 'fixAll');
  },
};

/** The docker commands in shell regions another kind of file holds (a Dockerfile's RUN lines). */
export function* shellRegionFindings(
  ctx: { docs: DocsIndex },
  document: TextDocument,
  regions: readonly Region[],
): Generator<void, Finding[]> {
  const c = context(ctx, document);
  for (const r of regions) yield* checkRegions(c, [r], r.escape);
  return c.findings;
}
