import { Arg, Env, From, type Dockerfile } from 'dockerfile-ast';
import {
  CompletionItemKind,
  InsertTextFormat,
  type CompletionItem,
  type Position,
  type Range,
} from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { completionDocumentation } from '../docs/render';
import { DocsIndex } from '../docs/docsIndex';
import { snippetItems } from '../docs/snippets';
import type { NoteEntry, SnippetContext } from '../types';
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
  const { docs } = ctx;
  const lineStart: Position = { line: pos.line, character: 0 };
  const prefix = document.getText({ start: lineStart, end: pos });
  const instr = instructionAt(ast, pos);
  const firstInstr = ast.getInstructions()[0];

  // parser directives: comments before the first instruction
  const dm = /^\s*#\s*([a-z]*)$/i.exec(prefix);
  const dv = /^\s*#\s*([a-z]+)\s*=\s*(\S*)$/i.exec(prefix);
  const beforeFirst = !firstInstr || pos.line < firstInstr.getRange().start.line;
  if (beforeFirst && dv) {
    const directive = docs.get('dockerfile-directive', dv[1].toLowerCase());
    if (!directive?.values) return [];
    const typed = dv[2];
    // check=skip=A,B: complete the last rule name
    const lastSep = Math.max(
      typed.lastIndexOf(','),
      typed.lastIndexOf('='),
      typed.lastIndexOf(';'),
    );
    const startChar = pos.character - (typed.length - (lastSep + 1));
    const range = {
      start: {
        line: pos.line,
        character: dv[1].toLowerCase() === 'check' ? startChar : pos.character - typed.length,
      },
      end: pos,
    };
    return directive.values
      .filter((v) => !(dv[1].toLowerCase() === 'check' && lastSep >= 0 && v.value.includes('=')))
      .filter((v) => !/<|\[|\.N\b|\bN\./.test(v.value))
      .map((v, i) => ({
        label: v.value,
        kind: CompletionItemKind.Value,
        detail: v.summary,
        textEdit: { range, newText: v.value },
        sortText: String(i).padStart(4, '0'),
      }));
  }
  if (beforeFirst && dm) {
    const range = { start: { line: pos.line, character: pos.character - dm[1].length }, end: pos };
    return docs.ofKind('dockerfile-directive').map((e) =>
      item(ctx, e, `${e.name}=`, CompletionItemKind.Keyword, range, `${e.name}=`, {
        command: RETRIGGER,
      }),
    );
  }
  if (/^\s*#/.test(prefix)) return [];

  const continuation = instr && instr.getRange().start.line < pos.line;
  const wordMatch = /^(\s*)([A-Za-z]*)$/.exec(prefix);
  if (!continuation && wordMatch) {
    // instruction keyword at the start of a line
    const range = { start: { line: pos.line, character: wordMatch[1].length }, end: pos };
    const hasFrom = ast.getFROMs().some((f) => f.getRange().start.line < pos.line);
    const upper = wordMatch[2] === '' || wordMatch[2] === wordMatch[2].toUpperCase();
    const instructions = docs.ofKind('dockerfile-instruction').map((e) => {
      const name = upper ? e.name.toUpperCase() : e.name.toLowerCase();
      const first = !hasFrom && (e.name === 'FROM' || e.name === 'ARG');
      // FROM (and ARG) first in a file without FROM yet; then the instructions people use most
      const used = DocsIndex.rank(docs.usage('dockerfile-instruction', e.name));
      return item(ctx, e, e.name.toUpperCase(), CompletionItemKind.Keyword, range, `${name} `, {
        sortText: `${first ? (e.name === 'FROM' ? '0' : '1') : e.deprecated ? '9' : '5'}${used}${e.name}`,
        preselect: !hasFrom && e.name === 'FROM' ? true : undefined,
        command: ['RUN', 'COPY', 'ADD', 'HEALTHCHECK', 'FROM'].includes(e.name)
          ? undefined
          : undefined,
      });
    });
    // snippets: instruction snippets where an instruction starts, whole-file ones in a file that
    // has no FROM yet
    const contexts: SnippetContext[] = stages().getFROMs().length
      ? ['instruction']
      : ['instruction', 'file'];
    return instructions.concat(snippetItems(ctx, 'dockerfile', contexts, pos, wordMatch[2]));
  }
  if (!instr) return [];

  let keyword = instr.getKeyword().toUpperCase();
  // ONBUILD <trigger>: complete the trigger instruction, then treat the rest as that instruction
  if (keyword === 'ONBUILD') {
    const kwEnd = instr.getInstructionRange().end;
    const rest = document.getText({ start: kwEnd, end: pos });
    const m = /^(\s+)([A-Za-z]*)$/.exec(rest);
    if (m && kwEnd.line === pos.line) {
      const range = { start: { line: pos.line, character: pos.character - m[2].length }, end: pos };
      return docs
        .ofKind('dockerfile-instruction')
        .filter((e) => !NOT_IN_ONBUILD.has(e.name.toUpperCase()))
        .map((e) => item(ctx, e, e.name, CompletionItemKind.Keyword, range, `${e.name} `));
    }
    const trig = /^\s+([A-Za-z]+)/.exec(rest);
    if (trig) keyword = trig[1].toUpperCase();
  }

  // the word being typed
  const wm = /(\S*)$/.exec(prefix);
  const word = wm ? wm[1] : '';
  const wordStart: Position = { line: pos.line, character: pos.character - word.length };

  // variables: $NAME or ${NAME
  const vm = /\$\{?([A-Za-z0-9_]*)$/.exec(word);
  if (vm) {
    const start = { line: pos.line, character: pos.character - vm[1].length };
    const range = { start, end: pos };
    const braced =
      word.endsWith('{' + vm[1]) || word.slice(0, word.length - vm[1].length).endsWith('{');
    const seen = new Set<string>();
    const out: CompletionItem[] = [];
    for (const name of availableVariables(ast, pos.line)) {
      if (seen.has(name)) continue;
      seen.add(name);
      const v = resolveVariable(ast, name, pos.line);
      out.push({
        label: name,
        kind: CompletionItemKind.Variable,
        detail: typeof v === 'string' ? `= ${v}` : 'ARG without a default',
        textEdit: { range, newText: braced ? `${name}}` : name },
        sortText: `0${name}`,
      });
    }
    // declared ARG/ENV not returned by the parser helper (e.g. in the current stage above the line)
    const stage = ast.getContainingImage(pos);
    for (const ins of [...ast.getInitialARGs(), ...(stage?.getInstructions() ?? [])]) {
      if (ins.getRange().start.line >= pos.line) continue;
      const names =
        ins instanceof Arg
          ? [ins.getProperty()?.getName()]
          : ins instanceof Env
            ? ins.getProperties().map((p) => p.getName())
            : [];
      for (const n of names) {
        if (n && !seen.has(n)) {
          seen.add(n);
          out.push({
            label: n,
            kind: CompletionItemKind.Variable,
            detail: ins instanceof Arg ? 'ARG' : 'ENV',
            textEdit: { range, newText: braced ? `${n}}` : n },
            sortText: `0${n}`,
          });
        }
      }
    }
    for (const e of docs.ofKind('dockerfile-arg')) {
      if (seen.has(e.name)) continue;
      out.push(
        item(ctx, e, e.name, CompletionItemKind.Constant, range, braced ? `${e.name}}` : e.name, {
          sortText: `1${e.name}`,
        }),
      );
    }
    return out;
  }

  // flags and their values
  if (word.startsWith('--')) {
    const eq = word.indexOf('=');
    if (eq < 0) {
      const range = { start: wordStart, end: pos };
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
            e.values?.length === 2 &&
            e.values.every((v) => v.value === 'true' || v.value === 'false');
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
    const flagName = word.slice(0, eq).toLowerCase();
    const value = word.slice(eq + 1);
    const flagNote = docs.get('dockerfile-flag', flagName, keyword);
    if (flagName === '--mount' && keyword === 'RUN') {
      return mountCompletion(ctx, value, pos);
    }
    const range = { start: { line: pos.line, character: pos.character - value.length }, end: pos };
    if (flagName === '--from' && (keyword === 'COPY' || keyword === 'ADD')) {
      return namedStages(stages())
        .filter((f) => f.line < pos.line)
        .map((f, i) => ({
          label: f.name,
          kind: CompletionItemKind.Reference,
          detail: `build stage (FROM ${f.image}, line ${f.line + 1})`,
          textEdit: { range, newText: f.name },
          sortText: String(i).padStart(3, '0'),
        }));
    }
    return (flagNote?.values ?? []).map((v, i) => ({
      label: v.value,
      kind: CompletionItemKind.EnumMember,
      detail: v.summary,
      textEdit: { range, newText: v.value },
      sortText: `${DocsIndex.rank(docs.usage('dockerfile-flag', flagName, keyword, v.value))}${String(i).padStart(4, '0')}`,
    }));
  }

  const args = instr.getArguments();
  const argsBefore = args.filter(
    (a) =>
      a.getRange().end.line < pos.line ||
      (a.getRange().end.line === pos.line && a.getRange().end.character < wordStart.character),
  );
  const range = { start: wordStart, end: pos };

  if (instr instanceof From) {
    // FROM <image or earlier stage> [AS name]
    const nonFlag = argsBefore.filter((a) => !a.getValue().startsWith('--'));
    if (nonFlag.length === 0) {
      return namedStages(stages())
        .filter((f) => f.line < pos.line)
        .map((f) => ({
          label: f.name,
          kind: CompletionItemKind.Reference,
          detail: `earlier build stage (line ${f.line + 1})`,
          textEdit: { range, newText: f.name },
        }));
    }
    if (nonFlag.length === 1) {
      const e = docs.get('dockerfile-keyword', 'AS', 'FROM');
      return [
        item(ctx, e, 'AS', CompletionItemKind.Keyword, range, 'AS ${1:name}', {
          insertTextFormat: InsertTextFormat.Snippet,
        }),
      ];
    }
    return [];
  }
  if (keyword === 'HEALTHCHECK') {
    const nonFlag = argsBefore.filter((a) => !a.getValue().startsWith('--'));
    if (nonFlag.length === 0) {
      const out = ['CMD', 'NONE'].map((k) =>
        item(
          ctx,
          docs.get('dockerfile-keyword', k, 'HEALTHCHECK'),
          k,
          CompletionItemKind.Keyword,
          range,
          k === 'CMD' ? 'CMD ' : 'NONE',
        ),
      );
      return out;
    }
    return [];
  }
  if (keyword === 'RUN' && ctx.cliEnabled) {
    const argsRange = instr.getArgumentsRange();
    if (argsRange) {
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
  }
  return [];
}

function mountCompletion(ctx: DockerfileContext, value: string, pos: Position): CompletionItem[] {
  const { docs } = ctx;
  const segments = value.split(',');
  const current = segments[segments.length - 1];
  const done = segments.slice(0, -1);
  const typeSeg = done.find((s) => s.toLowerCase().startsWith('type='));
  const type = (typeSeg?.slice(5) ?? 'bind').toLowerCase();
  const eq = current.indexOf('=');
  if (eq >= 0) {
    const optName = current.slice(0, eq).toLowerCase();
    const typed = current.slice(eq + 1);
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
    return (note?.values ?? []).map((v, i) => ({
      label: v.value,
      kind: CompletionItemKind.EnumMember,
      detail: v.summary,
      textEdit: { range, newText: v.value },
      sortText: String(i).padStart(4, '0'),
    }));
  }
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
