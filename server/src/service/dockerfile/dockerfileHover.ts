import {
  Arg,
  Env,
  From,
  Healthcheck,
  ModifiableInstruction,
  Onbuild,
  type Dockerfile,
  type Flag,
  type Heredoc,
  type Instruction,
} from 'dockerfile-ast';
import type { Hover, Position, Range } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { DocsIndex } from '../docs/docsIndex';
import { renderNote, type NoteRenderOptions } from '../docs/render';
import { message, messagesOf } from '../docs/messages';
import type { NoteEntry } from '../types';
import { inRange } from '../util';
import type { ShellHelp } from '../cli/shellHelp';
import { parseGitUrl } from './gitUrl';
import { parseSubstitution } from './substitution';
import { instructionNames, lexInstruction, type Expansion } from './dockerfileLex';
import { processWord } from './shellWord';

const HEREDOCS_NOTE = 'Dockerfile here-documents';
const STAGES_NOTE = 'build stages';
const VARIABLES_NOTE = 'build variables';
const INSTRUCTIONS_NOTE = 'Dockerfile instructions';

export interface DockerfileContext {
  docs: DocsIndex;
  markdown: boolean;
  shell: ShellHelp;
  cliEnabled: boolean;
  /** Cards and links for the notes shown (hovers lead with a card). */
  render?: NoteRenderOptions;
}

function hover(
  entry: NoteEntry | undefined,
  ctx: DockerfileContext,
  range: Range,
  value?: string,
  /** Lines under the headline (a message the notes do not have is left out). */
  lines?: readonly (string | undefined)[],
): Hover | null {
  if (!entry) return null;
  const extra = lines?.filter((l): l is string => !!l);
  return {
    contents: {
      kind: ctx.markdown ? 'markdown' : 'plaintext',
      value: renderNote(entry, { markdown: ctx.markdown, value, extra, ...ctx.render }),
    },
    range,
  };
}

/** The instruction whose range holds the position (instructions are in document order). */
export function instructionAt(ast: Dockerfile, pos: Position): Instruction | undefined {
  const list = ast.getInstructions();
  let lo = 0;
  let hi = list.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const r = list[mid].getRange();
    if (pos.line < r.start.line) hi = mid - 1;
    else if (pos.line > r.end.line) lo = mid + 1;
    else return list[mid];
  }
  return undefined;
}

export function flagsOf(instr: Instruction): Flag[] {
  return instr instanceof ModifiableInstruction ? instr.getFlags() : [];
}

/** The mount type a --mount flag declares (bind when none is given). */
export function mountType(flag: Flag): string {
  const t = flag.getOption('type');
  return (t?.getValue() ?? 'bind').toLowerCase();
}

export function dockerfileHover(
  ctx: DockerfileContext,
  doc: TextDocument,
  ast: Dockerfile,
  pos: Position,
): Hover | null {
  const { docs } = ctx;
  const rule = checkRuleHover(ctx, doc, pos);
  if (rule) return rule;
  for (const d of ast.getDirectives()) {
    if (inRange(d.getRange(), pos)) {
      const name = d.getName().toLowerCase();
      const entry = docs.get('dockerfile-directive', name);
      if (inRange(d.getValueRange(), pos) && entry) {
        const word = wordAt(doc, pos, /[A-Za-z0-9_.:/=-]/);
        const value = entry.values?.find(
          (v) =>
            v.value === d.getValue() ||
            v.value === word ||
            v.value === word.replace(/^[a-z]+=/, ''),
        )?.value;
        return hover(entry, ctx, d.getRange(), value);
      }
      return hover(entry, ctx, d.getNameRange());
    }
  }
  let instr = instructionAt(ast, pos);
  if (!instr) return null;
  let trigger = false;
  const outer = instr;
  if (instr instanceof Onbuild) {
    if (inRange(instr.getInstructionRange(), pos)) {
      return hover(docs.get('dockerfile-instruction', 'ONBUILD'), ctx, instr.getInstructionRange());
    }
    const triggered = instr.getTriggerInstruction();
    if (!triggered) return null;
    instr = triggered;
    trigger = true;
  }
  // inside an ONBUILD trigger, --from / from= name something of the downstream build
  const onbuildFrom = trigger ? docs.get('dockerfile-keyword', '--from', 'ONBUILD') : undefined;
  const keyword = instr.getKeyword().toUpperCase();
  if (inRange(instr.getInstructionRange(), pos)) {
    return hover(docs.get('dockerfile-instruction', keyword), ctx, instr.getInstructionRange());
  }
  // flags
  for (const flag of flagsOf(instr)) {
    if (!inRange(flag.getRange(), pos)) continue;
    const flagName = `--${flag.getName()}`;
    if (flag.getName().toLowerCase() === 'from' && onbuildFrom) {
      return hover(onbuildFrom, ctx, flag.getRange());
    }
    const flagNote = docs.get('dockerfile-flag', flagName, keyword);
    const valueRange = flag.getValueRange();
    if (valueRange && inRange(valueRange, pos) && !inRange(flag.getNameRange(), pos)) {
      if (flag.getName().toLowerCase() === 'mount') {
        const type = mountType(flag);
        for (const opt of flag.getOptions()) {
          if (!inRange(opt.getRange(), pos)) continue;
          const optName = opt.getName().toLowerCase();
          if (optName === 'from' && onbuildFrom) {
            return hover(onbuildFrom, ctx, opt.getRange());
          }
          if (optName === 'type') {
            if (inRange(opt.getValueRange(), pos)) {
              return hover(
                docs.get('dockerfile-mount-type', type, 'RUN --mount'),
                ctx,
                opt.getValueRange() ?? opt.getRange(),
              );
            }
            return hover(docs.get('dockerfile-mount-option', 'type', '*'), ctx, opt.getNameRange());
          }
          const optNote = docs.get('dockerfile-mount-option', optName, type);
          if (!optNote) {
            const known = docs.get('dockerfile-mount-type', type, 'RUN --mount');
            return known
              ? hover(known, ctx, opt.getRange(), undefined, [
                  message(ctx.docs, INSTRUCTIONS_NOTE, 'not-mount-option', {
                    option: opt.getName(),
                    type,
                  }),
                ])
              : null;
          }
          return hover(
            optNote,
            ctx,
            inRange(opt.getNameRange(), pos) ? opt.getNameRange() : opt.getRange(),
            opt.getValue() ?? undefined,
          );
        }
        // one bare option (`--mount=ro`): the parser gives no options, only the value
        const bare = flag.getValue();
        if (!flag.getOptions().length && bare && /^[A-Za-z_-]+$/.test(bare)) {
          const optNote = docs.get('dockerfile-mount-option', bare.toLowerCase(), type);
          if (optNote) return hover(optNote, ctx, valueRange);
        }
        return hover(flagNote, ctx, flag.getRange());
      }
      const value = flag.getValue() ?? undefined;
      const extra: (string | undefined)[] = [];
      if (flag.getName().toLowerCase() === 'from' && value) {
        const stage = ast
          .getFROMs()
          .find((f) => f.getBuildStage()?.toLowerCase() === value.toLowerCase());
        const said = stage
          ? message(docs, STAGES_NOTE, 'stage-ref', {
              name: stage.getBuildStage() ?? value,
              line: stage.getRange().start.line + 1,
              image: stage.getImage() ?? '',
            })
          : message(docs, STAGES_NOTE, /^\d+$/.test(value) ? 'stage-index' : 'image-ref', {
              name: value,
            });
        extra.push(said);
      }
      return hover(flagNote, ctx, valueRange, value, extra);
    }
    return hover(flagNote, ctx, flag.getRange());
  }
  // the name an ARG or ENV declares: that variable, its value from here on
  if (instr instanceof Arg || instr instanceof Env) {
    const props = instr instanceof Arg ? [instr.getProperty()] : instr.getProperties();
    for (const p of props) {
      const r = p?.getNameRange();
      if (p && r && inRange(r, pos))
        return variableHover(ctx, ast, { name: p.getName(), range: r, declaring: true });
    }
  }
  // (the parser works out an instruction's arguments again at each call: what cannot be there
  // is not asked for)
  const text = doc.getText(instr.getRange());
  // here-documents: the `<<EOF` that starts one, the line that ends it
  const docHover = text.includes('<<') ? heredocHover(ctx, doc, instr, pos) : null;
  if (docHover) return docHover;
  // variables, and the substitution form of a ${VAR<operator>word} reference
  if (text.includes('$'))
    for (const v of variablesOf(instr)) {
      if (inRange(v.getRange(), pos)) {
        const how = expansionAt(doc, outer, ast.getEscapeCharacter(), pos);
        return referenceHover(ctx, doc, ast, v.getName(), v.getRange(), pos, how);
      }
    }
  // the parts of a Git URL that ADD clones
  if (keyword === 'ADD') {
    const gitHover = gitUrlHover(ctx, doc, instr, pos);
    if (gitHover) return gitHover;
  }
  // keywords inside instructions (FROM's AS and stage name, HEALTHCHECK's CMD and NONE)
  const args = instr instanceof From || instr instanceof Healthcheck ? instr.getArguments() : [];
  const argAt = args.find((a) => inRange(a.getRange(), pos));
  if (argAt) {
    const word = argAt.getValue().toUpperCase();
    if (instr instanceof From && word === 'AS') {
      return hover(docs.get('dockerfile-keyword', 'AS', 'FROM'), ctx, argAt.getRange());
    }
    if (
      instr instanceof From &&
      instr.getBuildStageRange() &&
      inRange(instr.getBuildStageRange(), pos)
    ) {
      const name = instr.getBuildStage() ?? '';
      const lines = stageUses(ast, name, instr.getRange().start.line);
      const extra = [
        message(docs, STAGES_NOTE, 'starts', { name }),
        lines.length
          ? message(docs, STAGES_NOTE, 'used', { name, lines: lines.join(', ') })
          : undefined,
      ];
      return hover(
        docs.get('dockerfile-keyword', 'AS', 'FROM'),
        ctx,
        argAt.getRange(),
        undefined,
        extra,
      );
    }
    if (instr instanceof Healthcheck && (word === 'CMD' || word === 'NONE') && args[0] === argAt) {
      return hover(docs.get('dockerfile-keyword', word, 'HEALTHCHECK'), ctx, argAt.getRange());
    }
  }
  // docker commands inside RUN
  if (keyword === 'RUN' && ctx.cliEnabled) {
    const argsRange = instr.getArgumentsRange();
    if (argsRange && inRange(argsRange, pos)) {
      const start = doc.offsetAt(argsRange.start);
      const end = doc.offsetAt(instr.getRange().end);
      const text = doc.getText().slice(start, end);
      return ctx.shell.hover(doc, text, start, doc.offsetAt(pos), ast.getEscapeCharacter());
    }
  }
  return null;
}

/**
 * A rule name in a `check=` line (the `# check=` directive, or a `check=` comment above an
 * instruction): the rule's note.
 */
function checkRuleHover(ctx: DockerfileContext, doc: TextDocument, pos: Position): Hover | null {
  const line = doc.getText({
    start: { line: pos.line, character: 0 },
    end: { line: pos.line + 1, character: 0 },
  });
  const m = /^\s*#\s*check\s*=/i.exec(line);
  if (!m || pos.character < m[0].length) return null;
  let s = pos.character;
  let e = pos.character;
  while (s > 0 && /[A-Za-z0-9]/.test(line[s - 1])) s--;
  while (e < line.length && /[A-Za-z0-9]/.test(line[e])) e++;
  const entry = s < e ? ctx.docs.get('rule', line.slice(s, e), 'dockerfile') : undefined;
  if (!entry) return null;
  return hover(entry, ctx, {
    start: { line: pos.line, character: s },
    end: { line: pos.line, character: e },
  });
}

/** A variable reference: the variable's hover, or on its operator and word the form's note. */
function referenceHover(
  ctx: DockerfileContext,
  doc: TextDocument,
  ast: Dockerfile,
  astName: string,
  range: Range,
  pos: Position,
  how?: Expansion,
): Hover | null {
  const start = doc.offsetAt(range.start);
  const sub = parseSubstitution(doc.getText(range));
  if (!sub) return variableHover(ctx, ast, { name: astName, range, how });
  const at = doc.offsetAt(pos) - start;
  if (
    sub.operator !== undefined &&
    sub.operatorStart !== undefined &&
    sub.argumentEnd !== undefined &&
    at >= sub.operatorStart &&
    at < sub.argumentEnd
  ) {
    const form = ctx.docs.get('dockerfile-keyword', sub.operator, '${}');
    if (form) {
      const facts = variableFacts(ctx, ast, { name: sub.name, range, how }).lines.join(' ');
      return hover(
        form,
        ctx,
        {
          start: doc.positionAt(start + sub.operatorStart),
          end: doc.positionAt(start + sub.argumentEnd),
        },
        sub.operator,
        [
          facts
            ? message(ctx.docs, VARIABLES_NOTE, 'reference-facts', {
                name: sub.name,
                // the facts go on after the name: their first word is not a sentence's first
                facts: facts.replace(/^[A-Z]/, (c) => c.toLowerCase()),
              })
            : message(ctx.docs, VARIABLES_NOTE, 'reference', { name: sub.name }),
        ],
      );
    }
  }
  return variableHover(ctx, ast, { name: sub.name, range, how });
}

/** An ADD source that is a Git URL: the query key under the cursor, or the Git URL note. */
function gitUrlHover(
  ctx: DockerfileContext,
  doc: TextDocument,
  instr: Instruction,
  pos: Position,
): Hover | null {
  const arg = instr.getArguments().find((a) => inRange(a.getRange(), pos));
  if (!arg) return null;
  const text = doc.getText(arg.getRange());
  const url = parseGitUrl(text);
  if (!url) return null;
  const start = doc.offsetAt(arg.getRange().start);
  const at = doc.offsetAt(pos) - start;
  const overview = ctx.docs.get('dockerfile-keyword', 'Git URL', 'ADD');
  for (const part of url.query) {
    if (at < part.start || at >= part.end) continue;
    const range = {
      start: doc.positionAt(start + part.start),
      end: doc.positionAt(start + part.end),
    };
    const note = ctx.docs.get('dockerfile-keyword', part.key, 'Git URL');
    if (note) return hover(note, ctx, range);
    return hover(overview, ctx, range, undefined, [
      message(ctx.docs, INSTRUCTIONS_NOTE, 'not-git-query-key', { key: part.key }),
    ]);
  }
  return hover(overview, ctx, arg.getRange());
}

function wordAt(doc: TextDocument, pos: Position, re: RegExp): string {
  const line = doc.getText({
    start: { line: pos.line, character: 0 },
    end: { line: pos.line + 1, character: 0 },
  });
  let s = pos.character;
  let e = pos.character;
  while (s > 0 && re.test(line[s - 1])) s--;
  while (e < line.length && re.test(line[e])) e++;
  return line.slice(s, e);
}

/**
 * dockerfile-ast 0.7.1 resolves variables without end for a line that is in no build stage (its
 * getContainingImage answers the Dockerfile itself, whose resolveVariable calls itself until the
 * stack overflows; found by the fuzz suite, e.g. a line after the instructions of a file without
 * FROM). These wrappers answer "unknown" there instead of throwing.
 */
function orUnknown<T>(fn: () => T, unknown: T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof RangeError) return unknown;
    throw e;
  }
}

/** `ast.resolveVariable`, undefined where dockerfile-ast would not stop. */
export function resolveVariable(
  ast: Dockerfile,
  name: string,
  line: number,
): string | null | undefined {
  return orUnknown(() => ast.resolveVariable(name, line), undefined);
}

/** How deep a value that uses other variables is expanded (`A=$B`, `B=$C` …). */
const MAX_EXPANSION_DEPTH = 8;

/** The value of a variable at a line: a string, null (declared without a value), undefined (none). */
export function valueAt(
  ast: Dockerfile,
  name: string,
  line: number,
  depth = 0,
): string | null | undefined {
  const v = resolveVariable(ast, name, line);
  if (typeof v === 'string') {
    if (!v.includes('$') || depth >= MAX_EXPANSION_DEPTH) return v;
    const lookup = (n: string): string | undefined =>
      n === name ? undefined : (valueAt(ast, n, line, depth + 1) ?? undefined);
    const word = processWord(
      v,
      { get: lookup, keys: () => [] },
      {
        escape: ast.getEscapeCharacter(),
      },
    );
    // a variable the file does not set (the base image's PATH …): the value as written
    return word.error || word.unmatched.size ? v : word.result;
  }
  return availableVariables(ast, line).includes(name) ? null : undefined;
}

/**
 * The lines (1-based) after `declared` that use the stage `name`: `FROM name`, `COPY/ADD
 * --from=name` and `RUN --mount=…,from=name`.
 */
function stageUses(ast: Dockerfile, name: string, declared: number): number[] {
  const lower = name.toLowerCase();
  const out: number[] = [];
  for (const ins of ast.getInstructions()) {
    const line = ins.getRange().start.line;
    if (line <= declared) continue;
    const uses =
      (ins instanceof From && ins.getImage()?.toLowerCase() === lower) ||
      flagsOf(ins).some((f) => {
        const flag = f.getName().toLowerCase();
        if (flag === 'from') return f.getValue()?.toLowerCase() === lower;
        return (
          flag === 'mount' &&
          f
            .getOptions()
            .some(
              (o) => o.getName().toLowerCase() === 'from' && o.getValue()?.toLowerCase() === lower,
            )
        );
      });
    if (uses) out.push(line + 1);
  }
  return out;
}

/** `ast.getAvailableVariables(line)`, none where dockerfile-ast would not stop. */
export function availableVariables(ast: Dockerfile, line: number): string[] {
  return orUnknown(() => ast.getAvailableVariables(line), []);
}

/** `instr.getVariables()`, none where dockerfile-ast would not stop. */
export function variablesOf(instr: Instruction): ReturnType<Instruction['getVariables']> {
  return orUnknown(() => instr.getVariables(), []);
}

/** The longest instruction whose variables a hover reads to tell who expands them. */
const EXPANSION_MAX_CHARS = 64 * 1024;

/**
 * Who expands the variable at `pos` (Docker while building, a shell later, or nobody), read from
 * the instruction's own lines the way BuildKit reads them.
 */
function expansionAt(
  doc: TextDocument,
  instr: Instruction,
  escape: string,
  pos: Position,
): Expansion | undefined {
  const r = instr.getRange();
  const text = doc.getText({
    start: { line: r.start.line, character: 0 },
    end: { line: r.end.line + 1, character: 0 },
  });
  // a hover reads a bounded amount: past that, the hover does without this line
  if (text.length > EXPANSION_MAX_CHARS) return undefined;
  // the instruction's lines at their document line numbers (a lone CR ends a line, as in the
  // document; a CRLF line keeps its CR, which the lexer drops)
  const lines: string[] = [];
  text.split(/\n|\r(?!\n)/).forEach((l, i) => (lines[r.start.line + i] = l));
  const escapeChar = escape === '`' ? '`' : '\\';
  const lexed = lexInstruction(lines, r.start.line, r.end.line, escapeChar);
  return instructionNames(lexed, lines, escapeChar).uses.find((u) => inRange(u.range, pos))?.how;
}

/** A variable where a hover is asked for. */
interface VariableAt {
  name: string;
  /** The range of the reference (or of the name an ARG or ENV declares). */
  range: Range;
  /** Who expands the reference there, when known. */
  how?: Expansion;
  /** The range is the name an ARG or ENV declares, which counts as a definition. */
  declaring?: boolean;
}

/** Where a variable is defined (ARG or ENV in scope), what it resolves to and who expands it. */
export function variableHover(
  ctx: DockerfileContext,
  ast: Dockerfile,
  at: VariableAt,
): Hover | null {
  const { name, range } = at;
  const { lines, predefined } = variableFacts(ctx, ast, at);
  if (predefined) {
    return {
      contents: {
        kind: ctx.markdown ? 'markdown' : 'plaintext',
        value: renderNote(predefined, { markdown: ctx.markdown, extra: lines, ...ctx.render }),
      },
      range,
    };
  }
  const md = ctx.markdown;
  const text = [message(ctx.docs, VARIABLES_NOTE, 'headline', { name }, md), ...lines]
    .filter((l): l is string => l !== undefined)
    .join(md ? '\n\n' : '\n');
  return {
    contents: { kind: md ? 'markdown' : 'plaintext', value: md ? text : text.replace(/`/g, '') },
    range,
  };
}

/** The lines a variable's hover states: who expands it, its definitions in scope, its value. */
function variableFacts(
  ctx: DockerfileContext,
  ast: Dockerfile,
  { name, range, how, declaring = false }: VariableAt,
): { lines: string[]; predefined: NoteEntry | undefined } {
  const say = messagesOf(ctx.docs, VARIABLES_NOTE);
  const line = range.start.line;
  const defs: (string | undefined)[] = [];
  // Docker's scoping: a FROM line sees the global ARGs only; a stage sees a global ARG only once
  // it declares it again
  const inFrom = instructionAt(ast, range.start) instanceof From;
  const stage = inFrom ? [] : (ast.getContainingImage(range.start)?.getInstructions() ?? []);
  const redeclared = stage.some(
    (ins) =>
      ins instanceof Arg &&
      ins.getRange().start.line < line &&
      ins.getProperty()?.getName() === name,
  );
  const scope = [...(inFrom || redeclared ? ast.getInitialARGs() : []), ...stage];
  let own: string | null | undefined;
  const seen = new Set<Instruction>();
  for (const ins of scope) {
    // a global ARG is both an initial ARG and an instruction of the document
    if (seen.has(ins)) continue;
    seen.add(ins);
    // the declaration on the hovered name counts too (its value is the value from here on)
    if (declaring && ins.getRange().start.line === line && inRange(ins.getRange(), range.start)) {
      const p =
        ins instanceof Arg
          ? ins.getProperty()
          : ins instanceof Env
            ? ins.getProperties().find((x) => x.getName() === name)
            : undefined;
      if (p && p.getName() === name) own = p.getValue();
    } else if (ins.getRange().start.line >= line) continue;
    if (ins instanceof Arg) {
      const p = ins.getProperty();
      if (p && p.getName() === name) {
        const value = p.getValue();
        const at = p.getRange().start.line + 1;
        defs.push(
          value !== null
            ? say('definition-arg-value', { name, value, line: at })
            : say('definition-arg', { name, line: at }),
        );
      }
    } else if (ins instanceof Env) {
      for (const p of ins.getProperties()) {
        if (p.getName() === name)
          defs.push(
            say('definition-env', {
              name,
              value: p.getValue() ?? '',
              line: p.getRange().start.line + 1,
            }),
          );
      }
    }
  }
  const predefined = ctx.docs.get('dockerfile-arg', name);
  const value = own ?? valueAt(ast, name, line);
  const lines: (string | undefined)[] = [];
  const expansion = how
    ? ctx.docs.get('concept', VARIABLES_NOTE)?.values?.find((v) => v.value === how)?.summary
    : undefined;
  if (expansion) lines.push(say('expansion', { summary: expansion }));
  if (defs.length) {
    const definitions = defs.reduce((first, next) =>
      first === undefined || next === undefined ? undefined : say('then', { first, next }),
    );
    if (definitions !== undefined) lines.push(say('defined-by', { definitions }));
  }
  // the value Docker or the build's shell would put in (not where nobody or a later build does)
  const replaced = how === undefined || how === 'build' || how === 'run' || how === 'container';
  if (typeof value === 'string' && replaced)
    lines.push(value === '' ? say('value-empty', {}) : say('value', { value }));
  else if (!defs.length && !predefined) lines.push(say('undefined', {}));
  return { lines: lines.filter((l): l is string => l !== undefined), predefined };
}

/** Hover on `<<EOF` (the start of a here-document) or on the line that ends it. */
function heredocHover(
  ctx: DockerfileContext,
  doc: TextDocument,
  instr: Instruction,
  pos: Position,
): Hover | null {
  const withDocs = instr as Instruction & { getHeredocs?: () => Heredoc[] };
  if (typeof withDocs.getHeredocs !== 'function') return null;
  const note = ctx.docs.get('concept', HEREDOCS_NOTE);
  if (!note) return null;
  const say = messagesOf(ctx.docs, HEREDOCS_NOTE);
  let heredocs: Heredoc[];
  try {
    heredocs = withDocs.getHeredocs();
  } catch {
    return null; // dockerfile-ast 0.7.1 throws on some half-typed heredoc openings
  }
  for (const h of heredocs) {
    const start = h.getStartRange();
    const end = h.getDelimiterRange();
    const startText = doc.getText(start);
    let said: string | undefined;
    let range: Range | undefined;
    if (inRange(start, pos)) {
      range = start;
      said = end
        ? say('ends', {
            start: startText,
            name: h.getName(),
            line: end.start.line + 1,
          })
        : say('unterminated', { start: startText, name: h.getName() });
    } else if (end && inRange(end, pos)) {
      range = end;
      said = say('delimiter', { start: startText, line: start.start.line + 1 });
    }
    if (range) return hover(note, ctx, range, undefined, [said]);
  }
  return null;
}
