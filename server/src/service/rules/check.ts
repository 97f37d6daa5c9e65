/**
 * The rule checks of each document kind behind one interface (see docs/rules.md): a kind's checks
 * find problems and read the file's own check configuration; this module turns the findings into
 * diagnostics (rules.ts) and answers code actions (codeActions.ts) with the kind's "disable this
 * rule" edit and "fix all" title.
 */
import {
  CodeActionKind,
  type CodeAction,
  type CodeActionContext,
  type Diagnostic,
  type Range,
  type TextEdit,
} from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { DocsIndex } from '../docs/docsIndex';
import type { Parsed } from '../languageService';
import type { RuleContext } from '../types';
import { composeChecks } from '../compose/composeValidate';
import type { EnvInput } from '../compose/composeVariables';
import { dockerfileChecks } from '../dockerfile/dockerfileChecks';
import { cliChecks, shellRegionFindings } from '../cli/cliChecks';
import type { Region } from '../embedded';
import { FIX_ALL_KIND, fixAllAction, quickFixActions, wants } from './codeActions';
import {
  diagnosticData,
  fillTemplate,
  ruleNote,
  toDiagnostics,
  type CheckConfig,
  type Finding,
  type RuleLevels,
} from './rules';

/** What a check needs besides the document (read by the adapter or the CLI; the service stays pure). */
export interface CheckInputs {
  /** The `.dockerignore` of the Dockerfile's build context (the file next to the Dockerfile). */
  dockerignore?: string;
  /**
   * The `.env` of a compose file's project folder (its text, null when there is none); undefined
   * when the caller did not look (then nothing is said about variables' values).
   */
  env?: EnvInput;
}

export interface CheckContext {
  docs: DocsIndex;
  levels: RuleLevels;
}

/** The checks of one document kind. */
export interface KindChecks {
  context: RuleContext;
  /** Find the problems, one step at a time (yield between steps: the adapter answers requests). */
  run(
    ctx: CheckContext,
    document: TextDocument,
    parsed: Parsed,
    inputs: CheckInputs,
  ): Generator<void, { findings: Finding[]; config: CheckConfig; shell?: Region[] }>;
  /** The edit that turns a rule off for this file, with its title; undefined when it cannot. */
  disable?(
    ctx: CheckContext,
    document: TextDocument,
    rule: string,
  ): { title: string; edit: TextEdit } | undefined;
  /** The title of the "fix all" source action. */
  fixAllTitle?(ctx: CheckContext): string | undefined;
}

function kindChecks(parsed: Parsed): KindChecks | undefined {
  switch (parsed.kind) {
    case 'dockerfile':
      return dockerfileChecks;
    case 'compose':
      return composeChecks;
    case 'shell':
    case 'makefile':
    case 'markdown':
      return cliChecks;
    case 'dockerignore':
    case 'none':
      return undefined;
  }
}

/** The diagnostics of a document: its kind's findings, leveled and filtered (rules.ts). */
export function* checkDocument(
  ctx: CheckContext,
  document: TextDocument,
  parsed: Parsed,
  inputs: CheckInputs,
  limit = Infinity,
): Generator<void, Diagnostic[]> {
  const kind = kindChecks(parsed);
  if (!kind) return [];
  const { findings, config, shell } = yield* kind.run(ctx, document, parsed, inputs);
  // shell text the kind holds (a Dockerfile's RUN lines): the docker-command rules (their notes
  // are found by code)
  if (shell?.length) findings.push(...(yield* shellRegionFindings(ctx, document, shell)));
  yield;
  return toDiagnostics(ctx.docs, kind.context, document, findings, config, ctx.levels, limit);
}

/** Quick fixes, "disable RULE for this file" and (when asked for) "fix all". */
export function codeActions(
  ctx: CheckContext,
  document: TextDocument,
  _range: Range,
  context: CodeActionContext,
  parsed: Parsed,
  validate: () => Diagnostic[],
): CodeAction[] {
  const kind = kindChecks(parsed);
  const out: CodeAction[] = [];
  const only = context.only;
  const diagnostics = Array.isArray(context.diagnostics) ? context.diagnostics : [];
  if (wants(only, CodeActionKind.QuickFix)) {
    out.push(...quickFixActions(document, diagnostics));
    const done = new Set<string>();
    for (const d of diagnostics) {
      const rule = diagnosticData(d)?.rule;
      if (!rule || done.has(rule) || !kind?.disable) continue;
      done.add(rule);
      const note = ruleNote(ctx.docs, rule, kind.context);
      // an error the frontend rejects the file for is not a matter of taste: no switch for it
      if (!note || (note.severity === 'error' && !note.build_check)) continue;
      const off = kind.disable(ctx, document, rule);
      if (!off) continue;
      out.push({
        title: off.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: diagnostics.filter((x) => diagnosticData(x)?.rule === rule),
        edit: { changes: { [document.uri]: [off.edit] } },
      });
    }
  }
  // "fix all" runs every check again: only when the client asks for source actions
  if (only?.length && wants(only, FIX_ALL_KIND)) {
    const title = kind?.fixAllTitle?.(ctx);
    const all = title ? fixAllAction(document, validate(), title) : null;
    if (all) out.push(all);
  }
  return out;
}

/** A title template from a note's `fixes`, filled; undefined when the note has none. */
export function fixTitle(
  fixes: Readonly<Record<string, string>> | undefined,
  id: string,
  args: Readonly<Record<string, string>> = {},
): string | undefined {
  const t = fixes?.[id];
  return t ? fillTemplate(t, args) : undefined;
}
