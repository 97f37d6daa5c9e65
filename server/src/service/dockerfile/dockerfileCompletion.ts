import { Arg, Env, From, type Dockerfile, type Instruction } from 'dockerfile-ast';
import {
  CompletionItemKind,
  InsertTextFormat,
  type CompletionItem,
  type Position,
  type Range,
} from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { completionDocumentation } from '../docs/render';
import { message } from '../docs/messages';
import { DocsIndex } from '../docs/docsIndex';
import { snippetItems } from '../docs/snippets';
import type { NoteEntry, NoteValue, SnippetContext } from '../types';
import {
  availableVariables,
  flagsOf,
  instructionAt,
  resolveVariable,
  type DockerfileContext,
} from './dockerfileHover';

const RETRIGGER = { title: 'Suggest', command: 'editor.action.triggerSuggest' };
const NOT_IN_ONBUILD = new Set(['ONBUILD', 'FROM', 'MAINTAINER']);

function doc(ctx: DockerfileContext, e: NoteEntry): CompletionItem['documentation'] {
  return completionDocumentation(e, ctx.markdown);
}

function item(
  ctx: DockerfileContext,
  e: NoteEntry | undefined,
  label: string,
  kind: CompletionItemKind,
  range: Range,
  newText: string,
  extra: Partial<CompletionItem> = {},
): CompletionItem {
  const it: CompletionItem = {
    label,
    kind,
    detail: e?.summary,
    documentation: e ? doc(ctx, e) : undefined,
    textEdit: { range, newText },
    ...extra,
  };
  if (e?.deprecated) it.tags = [1];
  return it;
}

interface NamedStage {
  name: string;
  image: string;
  /** Line of the FROM (0-based). */
  line: number;
}

/** The named build stages of a parse, read once per parse (the parser recomputes them on each call). */
const stageLists = new WeakMap<Dockerfile, NamedStage[]>();
function namedStages(ast: Dockerfile): NamedStage[] {
  let list = stageLists.get(ast);
  if (!list) {
    list = [];
    for (const f of ast.getFROMs()) {
      const name = f.getBuildStage();
      if (name) list.push({ name, image: f.getImage() ?? '', line: f.getRange().start.line });
    }
    stageLists.set(ast, list);
  }
  return list;
}

/** Instructions whose arguments get completion even without a `--flag` or a `$` being typed. */
const ARGUMENT_COMPLETION = new Set(['RUN', 'FROM', 'HEALTHCHECK', 'ONBUILD']);

/**
 * Whether completion can offer anything on a line of an instruction, from the instruction's
 * keyword, whether the line starts it, and the text before the cursor: a large document skips
 * the parse of a window where it cannot (inside the arguments of EXPOSE, LABEL, COPY …). The
 * fuzz suite checks that the answers are the same as with the parse.
 */
export function completionMayOffer(
  keyword: string,
  first: boolean,
  prefix: string,
  before: () => string,
): boolean {
  if (/^\s*#/.test(prefix)) return false;
  if (first && /^\s*[A-Za-z]*$/.test(prefix)) return true;
  const word = /(\S*)$/.exec(prefix)?.[1] ?? '';
  if (word.includes('$') || word.startsWith('--')) return true;
  // RUN: only the docker commands in it get completion
  if (keyword === 'RUN') return DOCKER_PROGRAM.test(before() + prefix);
  return ARGUMENT_COMPLETION.has(keyword);
}

/** A docker program word (see cliAnalysis PROGRAMS), as a shell would read it. */
const DOCKER_PROGRAM = /(^|[\s;&|(`/])(docker|docker-compose|kubectl)(\s|$)/;

/** `stages` gives an AST with every FROM of the document (`ast` may hold only the lines around `pos`). */
export function dockerfileCompletion(
  ctx: DockerfileContext,
  document: TextDocument,
  ast: Dockerfile,
  pos: Position,
  stages: () => Dockerfile = () => ast,
): CompletionItem[] {
  const prefix = document.getText({ start: { line: pos.line, character: 0 }, end: pos });
  const instr = instructionAt(ast, pos);
  const firstInstr = ast.getInstructions()[0];
  if (!firstInstr || pos.line < firstInstr.getRange().start.line) {
    const directives = parserDirectiveCompletion(ctx, prefix, pos);
    if (directives) return directives;
  }
  if (/^\s*#/.test(prefix)) return [];

  const continuation = instr && instr.getRange().start.line < pos.line;
  const keywordTyped = /^(\s*)([A-Za-z]*)$/.exec(prefix);
  if (!continuation && keywordTyped) {
    return instructionCompletion(ctx, ast, stages, pos, keywordTyped[1].length, keywordTyped[2]);
  }
  if (!instr) return [];

  let keyword = instr.getKeyword().toUpperCase();
  if (keyword === 'ONBUILD') {
    const rest = document.getText({ start: instr.getInstructionRange().end, end: pos });
    const triggers = onbuildTriggerCompletion(ctx, instr, rest, pos);
    if (triggers) return triggers;
    // past the trigger keyword: the rest is read as that instruction
    const trigger = /^\s+([A-Za-z]+)/.exec(rest);
    if (trigger) keyword = trigger[1].toUpperCase();
  }

  const word = /(\S*)$/.exec(prefix)?.[1] ?? '';
  const variable = /\$\{?([A-Za-z0-9_]*)$/.exec(word);
  if (variable) return variableCompletion(ctx, ast, pos, word, variable[1]);
  if (word.startsWith('--')) {
    const eq = word.indexOf('=');
    if (eq < 0) return flagNameCompletion(ctx, instr, keyword, word, pos);
    const flagName = word.slice(0, eq).toLowerCase();
    return flagValueCompletion(ctx, stages, keyword, flagName, word.slice(eq + 1), pos);
  }
  return argumentCompletion(ctx, document, ast, stages, instr, keyword, word, pos);
}

/**
 * Parser directives, in the comments before the first instruction: the directive's name after
 * `#`, or its value after `name=`. Undefined where the comment is not a directive being typed.
 */
function parserDirectiveCompletion(
  ctx: DockerfileContext,
  prefix: string,
  pos: Position,
): CompletionItem[] | undefined {
  const valueTyped = /^\s*#\s*([a-z]+)\s*=\s*(\S*)$/i.exec(prefix);
  if (valueTyped) {
    return directiveValueCompletion(ctx, valueTyped[1].toLowerCase(), valueTyped[2], pos);
  }
  const nameTyped = /^\s*#\s*([a-z]*)$/i.exec(prefix);
  if (!nameTyped) return undefined;
  const range = {
    start: { line: pos.line, character: pos.character - nameTyped[1].length },
    end: pos,
  };
  return ctx.docs.ofKind('dockerfile-directive').map((e) =>
    item(ctx, e, `${e.name}=`, CompletionItemKind.Keyword, range, `${e.name}=`, {
      command: RETRIGGER,
    }),
  );
}

/** The values of a parser directive; for `check=skip=A,B` the last rule name. */
function directiveValueCompletion(
  ctx: DockerfileContext,
  name: string,
  typed: string,
  pos: Position,
): CompletionItem[] {
  const directive = ctx.docs.get('dockerfile-directive', name);
  if (!directive?.values) return [];
  const isCheck = name === 'check';
  const lastSep = Math.max(typed.lastIndexOf(','), typed.lastIndexOf('='), typed.lastIndexOf(';'));
  const startChar = pos.character - (typed.length - (lastSep + 1));
  const range = {
    start: { line: pos.line, character: isCheck ? startChar : pos.character - typed.length },
    end: pos,
  };
  return directive.values
    .filter((v) => !(isCheck && lastSep >= 0 && v.value.includes('=')))
    .filter((v) => !/<|\[|\.N\b|\bN\./.test(v.value))
    .map(valueItem(range, CompletionItemKind.Value));
}

/** A note's value as a completion item replacing `range`, ranked by its place in the note. */
function valueItem(
  range: Range,
  kind: CompletionItemKind,
): (v: NoteValue, i: number) => CompletionItem {
  return (v, i) => ({
    label: v.value,
    kind,
    detail: v.summary,
    textEdit: { range, newText: v.value },
    sortText: String(i).padStart(4, '0'),
  });
}

/**
 * The instruction keyword at the start of a line (`indent` columns in, `typed` so far), in the
 * case typed, then the snippets that fit there.
 */
function instructionCompletion(
  ctx: DockerfileContext,
  ast: Dockerfile,
  stages: () => Dockerfile,
  pos: Position,
  indent: number,
  typed: string,
): CompletionItem[] {
  const { docs } = ctx;
  const range = { start: { line: pos.line, character: indent }, end: pos };
  const hasFrom = ast.getFROMs().some((f) => f.getRange().start.line < pos.line);
  const upper = typed === '' || typed === typed.toUpperCase();
  const instructions = docs.ofKind('dockerfile-instruction').map((e) => {
    const name = upper ? e.name.toUpperCase() : e.name.toLowerCase();
    const first = !hasFrom && (e.name === 'FROM' || e.name === 'ARG');
    // FROM (and ARG) first in a file without FROM yet; then the instructions people use most
    const used = DocsIndex.rank(docs.usage('dockerfile-instruction', e.name));
    return item(ctx, e, e.name.toUpperCase(), CompletionItemKind.Keyword, range, `${name} `, {
      sortText: `${first ? (e.name === 'FROM' ? '0' : '1') : e.deprecated ? '9' : '5'}${used}${e.name}`,
      preselect: !hasFrom && e.name === 'FROM' ? true : undefined,
    });
  });
  // snippets: instruction snippets where an instruction starts, whole-file ones in a file that
  // has no FROM yet
  const contexts: SnippetContext[] = stages().getFROMs().length
    ? ['instruction']
    : ['instruction', 'file'];
  return instructions.concat(snippetItems(ctx, 'dockerfile', contexts, pos, typed));
}

/**
 * The trigger instruction of `ONBUILD` while its keyword is typed on the ONBUILD line (`rest` is
 * the text from the end of ONBUILD to the cursor); undefined past it.
 */
function onbuildTriggerCompletion(
  ctx: DockerfileContext,
  instr: Instruction,
  rest: string,
  pos: Position,
): CompletionItem[] | undefined {
  const typed = /^(\s+)([A-Za-z]*)$/.exec(rest);
  if (!typed || instr.getInstructionRange().end.line !== pos.line) return undefined;
  const range = { start: { line: pos.line, character: pos.character - typed[2].length }, end: pos };
  return ctx.docs
    .ofKind('dockerfile-instruction')
    .filter((e) => !NOT_IN_ONBUILD.has(e.name.toUpperCase()))
    .map((e) => item(ctx, e, e.name, CompletionItemKind.Keyword, range, `${e.name} `));
}

/**
 * A variable after `$` or `${` (`word` is the word typed, `typed` the name so far): the ARG and
 * ENV names in scope with their values, then the predefined build arguments.
 */
function variableCompletion(
  ctx: DockerfileContext,
  ast: Dockerfile,
  pos: Position,
  word: string,
  typed: string,
): CompletionItem[] {
  const range = { start: { line: pos.line, character: pos.character - typed.length }, end: pos };
  const braced =
    word.endsWith('{' + typed) || word.slice(0, word.length - typed.length).endsWith('{');
  const insert = (name: string): string => (braced ? `${name}}` : name);
  const seen = new Set<string>();
  const out: CompletionItem[] = [];
  const add = (name: string, detail: string): void => {
    seen.add(name);
    out.push({
      label: name,
      kind: CompletionItemKind.Variable,
      detail,
      textEdit: { range, newText: insert(name) },
      sortText: `0${name}`,
    });
  };
  for (const name of availableVariables(ast, pos.line)) {
    if (seen.has(name)) continue;
    const v = resolveVariable(ast, name, pos.line);
    add(
      name,
      typeof v === 'string'
        ? `= ${v}`
        : (message(ctx.docs, 'build variables', 'completion-unset', {}) ?? ''),
    );
  }
  // declared ARG/ENV not returned by the parser helper (e.g. in the current stage above the line)
  for (const [name, keyword] of declaredVariables(ast, pos)) {
    if (!seen.has(name)) add(name, keyword);
  }
  for (const e of ctx.docs.ofKind('dockerfile-arg')) {
    if (seen.has(e.name)) continue;
    out.push(
      item(ctx, e, e.name, CompletionItemKind.Constant, range, insert(e.name), {
        sortText: `1${e.name}`,
      }),
    );
  }
  return out;
}

/**
 * The names declared above the cursor's line by the ARGs before the first FROM and by the ARGs
 * and ENVs of the cursor's stage, each with the instruction that declares it.
 */
function declaredVariables(ast: Dockerfile, pos: Position): [string, 'ARG' | 'ENV'][] {
  const out: [string, 'ARG' | 'ENV'][] = [];
  const stage = ast.getContainingImage(pos);
  for (const ins of [...ast.getInitialARGs(), ...(stage?.getInstructions() ?? [])]) {
    if (ins.getRange().start.line >= pos.line) continue;
    if (ins instanceof Arg) {
      const name = ins.getProperty()?.getName();
      if (name) out.push([name, 'ARG']);
    } else if (ins instanceof Env) {
      for (const p of ins.getProperties()) {
        const name = p.getName();
        if (name) out.push([name, 'ENV']);
      }
    }
  }
  return out;
}

/**
 * The flags of the instruction after `--` (`word` is what is typed), but those already given
 * (`--mount` may repeat); a flag that takes a value inserts `=` and asks for its values.
 */
function flagNameCompletion(
  ctx: DockerfileContext,
  instr: Instruction,
  keyword: string,
  word: string,
  pos: Position,
): CompletionItem[] {
  const { docs } = ctx;
  const range = { start: { line: pos.line, character: pos.character - word.length }, end: pos };
  const present = new Set(flagsOf(instr).map((f) => `--${f.getName().toLowerCase()}`));
  return docs
    .ofKind('dockerfile-flag')
    .filter(
      (e) =>
        e.context?.toUpperCase() === keyword &&
        (e.name === word || !present.has(e.name.toLowerCase()) || e.name === '--mount'),
    )
    .map((e) => {
      const isBool =
        e.values?.length === 2 && e.values.every((v) => v.value === 'true' || v.value === 'false');
      const newText = isBool ? e.name : `${e.name}=`;
      const sortText = `${DocsIndex.rank(docs.usage('dockerfile-flag', e.name, keyword))}${e.name}`;
      return item(
        ctx,
        e,
        e.name,
        CompletionItemKind.Property,
        range,
        newText,
        isBool ? { sortText } : { command: RETRIGGER, sortText },
      );
    });
}

/**
 * The value of a flag after `--name=` (`value` is what is typed): the options of `RUN --mount`,
 * the earlier stages for `COPY --from` and `ADD --from`, else the values the flag's note lists.
 */
function flagValueCompletion(
  ctx: DockerfileContext,
  stages: () => Dockerfile,
  keyword: string,
  flagName: string,
  value: string,
  pos: Position,
): CompletionItem[] {
  const { docs } = ctx;
  if (flagName === '--mount' && keyword === 'RUN') return mountCompletion(ctx, value, pos);
  const range = { start: { line: pos.line, character: pos.character - value.length }, end: pos };
  if (flagName === '--from' && (keyword === 'COPY' || keyword === 'ADD')) {
    return namedStages(stages())
      .filter((f) => f.line < pos.line)
      .map((f, i) => ({
        label: f.name,
        kind: CompletionItemKind.Reference,
        detail: message(docs, 'build stages', 'completion-from', {
          image: f.image,
          line: f.line + 1,
        }),
        textEdit: { range, newText: f.name },
        sortText: String(i).padStart(3, '0'),
      }));
  }
  const flagNote = docs.get('dockerfile-flag', flagName, keyword);
  return (flagNote?.values ?? []).map((v, i) => ({
    label: v.value,
    kind: CompletionItemKind.EnumMember,
    detail: v.summary,
    textEdit: { range, newText: v.value },
    sortText: `${DocsIndex.rank(docs.usage('dockerfile-flag', flagName, keyword, v.value))}${String(i).padStart(4, '0')}`,
  }));
}

/**
 * The arguments of the instructions that have completion there (`word` is the word typed):
 * FROM, HEALTHCHECK, and the docker commands inside RUN (when CLI help is on).
 */
function argumentCompletion(
  ctx: DockerfileContext,
  document: TextDocument,
  ast: Dockerfile,
  stages: () => Dockerfile,
  instr: Instruction,
  keyword: string,
  word: string,
  pos: Position,
): CompletionItem[] {
  const wordStart: Position = { line: pos.line, character: pos.character - word.length };
  const range = { start: wordStart, end: pos };
  // the arguments before the word being typed that are not flags
  const wordsBefore = instr
    .getArguments()
    .filter(
      (a) =>
        a.getRange().end.line < pos.line ||
        (a.getRange().end.line === pos.line && a.getRange().end.character < wordStart.character),
    )
    .filter((a) => !a.getValue().startsWith('--')).length;
  if (instr instanceof From) return fromArgumentCompletion(ctx, stages, wordsBefore, range);
  if (keyword === 'HEALTHCHECK') return healthcheckArgumentCompletion(ctx, wordsBefore, range);
  if (keyword === 'RUN' && ctx.cliEnabled) {
    return runCommandCompletion(ctx, document, ast, instr, pos);
  }
  return [];
}

/** `HEALTHCHECK [flags] CMD …` or `HEALTHCHECK NONE`: the two keywords, before any other word. */
function healthcheckArgumentCompletion(
  ctx: DockerfileContext,
  wordsBefore: number,
  range: Range,
): CompletionItem[] {
  if (wordsBefore > 0) return [];
  return ['CMD', 'NONE'].map((k) =>
    item(
      ctx,
      ctx.docs.get('dockerfile-keyword', k, 'HEALTHCHECK'),
      k,
      CompletionItemKind.Keyword,
      range,
      k === 'CMD' ? 'CMD ' : 'NONE',
    ),
  );
}

/** The docker commands in the shell text of a RUN, from its arguments' start to the cursor. */
function runCommandCompletion(
  ctx: DockerfileContext,
  document: TextDocument,
  ast: Dockerfile,
  instr: Instruction,
  pos: Position,
): CompletionItem[] {
  const argsRange = instr.getArgumentsRange();
  if (!argsRange) return [];
  const start = document.offsetAt(argsRange.start);
  const end = document.offsetAt(pos);
  return ctx.shell.complete(
    document,
    document.getText().slice(start, end),
    start,
    end,
    ast.getEscapeCharacter(),
  );
}

/**
 * `FROM <image or earlier stage> [AS name]`, `wordsBefore` words in: the earlier stages, then
 * `AS`, then nothing.
 */
function fromArgumentCompletion(
  ctx: DockerfileContext,
  stages: () => Dockerfile,
  wordsBefore: number,
  range: Range,
): CompletionItem[] {
  if (wordsBefore === 0) {
    return namedStages(stages())
      .filter((f) => f.line < range.start.line)
      .map((f) => ({
        label: f.name,
        kind: CompletionItemKind.Reference,
        detail: message(ctx.docs, 'build stages', 'completion', { line: f.line + 1 }),
        textEdit: { range, newText: f.name },
      }));
  }
  if (wordsBefore === 1) {
    const e = ctx.docs.get('dockerfile-keyword', 'AS', 'FROM');
    return [
      item(ctx, e, 'AS', CompletionItemKind.Keyword, range, 'AS ${1:name}', {
        insertTextFormat: InsertTextFormat.Snippet,
      }),
    ];
  }
  return [];
}

/**
 * The value of `RUN --mount=` (`value` is what is typed): the name or the value of the option
 * after the last comma, for the mount type given before it (bind when none is).
 */
function mountCompletion(ctx: DockerfileContext, value: string, pos: Position): CompletionItem[] {
  const segments = value.split(',');
  const current = segments[segments.length - 1];
  const done = segments.slice(0, -1);
  const typeSeg = done.find((s) => s.toLowerCase().startsWith('type='));
  const type = (typeSeg?.slice(5) ?? 'bind').toLowerCase();
  const eq = current.indexOf('=');
  if (eq < 0) return mountOptionNameCompletion(ctx, type, done, current, pos);
  return mountOptionValueCompletion(
    ctx,
    type,
    current.slice(0, eq).toLowerCase(),
    current.slice(eq + 1),
    pos,
  );
}

/** The value of a mount option after `name=`: the mount types for `type=`, else the option's values. */
function mountOptionValueCompletion(
  ctx: DockerfileContext,
  type: string,
  optName: string,
  typed: string,
  pos: Position,
): CompletionItem[] {
  const { docs } = ctx;
  const range = { start: { line: pos.line, character: pos.character - typed.length }, end: pos };
  if (optName === 'type') {
    return docs.ofKind('dockerfile-mount-type').map((e) =>
      item(ctx, e, e.name, CompletionItemKind.EnumMember, range, `${e.name},`, {
        command: RETRIGGER,
        sortText: `${DocsIndex.rank(docs.usage('dockerfile-mount-type', e.name, 'RUN --mount'))}${e.name}`,
      }),
    );
  }
  const note = docs.get('dockerfile-mount-option', optName, type);
  return (note?.values ?? []).map(valueItem(range, CompletionItemKind.EnumMember));
}

/**
 * The name of a mount option (`current` typed so far, `done` the options before it): `type`
 * first while it is not given, then the options of the mount type not given yet.
 */
function mountOptionNameCompletion(
  ctx: DockerfileContext,
  type: string,
  done: string[],
  current: string,
  pos: Position,
): CompletionItem[] {
  const { docs } = ctx;
  const range = { start: { line: pos.line, character: pos.character - current.length }, end: pos };
  const present = new Set(done.map((s) => s.split('=')[0].toLowerCase()));
  const out: CompletionItem[] = [];
  if (!present.has('type')) {
    const t = docs.get('dockerfile-mount-option', 'type', '*');
    out.push(
      item(ctx, t, 'type', CompletionItemKind.Property, range, 'type=', {
        command: RETRIGGER,
        sortText: '0type',
      }),
    );
  }
  for (const e of docs.ofKind('dockerfile-mount-option')) {
    if (e.context?.toLowerCase() !== type) continue;
    if (
      present.has(e.name.toLowerCase()) ||
      (e.aliases ?? []).some((a) => present.has(a.toLowerCase()))
    )
      continue;
    const isFlagLike =
      e.values?.length === 2 && e.values.every((v) => v.value === 'true' || v.value === 'false');
    out.push(
      item(ctx, e, e.name, CompletionItemKind.Property, range, isFlagLike ? e.name : `${e.name}=`, {
        command: isFlagLike ? undefined : RETRIGGER,
        sortText: `1${DocsIndex.rank(docs.usage('dockerfile-mount-option', e.name, type))}${e.name}`,
      }),
    );
  }
  return out;
}
