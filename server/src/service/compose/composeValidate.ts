/**
 * The compose rules behind the `KindChecks` interface: each part of the file (the whole file, or
 * the skeleton and then the entries of a large one, see composeWindow.ts) is checked in its own
 * step (composeRules.ts), then the references and conflicts collected on the way are compared.
 * The file's `# docker-inline-help: disable=…` lines turn rules off (rules/fileDirective.ts).
 */
import type { KindChecks } from '../rules/check';
import { fixTitle } from '../rules/check';
import { directiveNames, disableRuleEdit, fileDirectiveConfig } from '../rules/fileDirective';
import type { Finding } from '../rules/rules';
import type { DocsIndex } from '../docs/docsIndex';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { ComposeFileState, checkComposePart, finishCompose } from './composeRules';
import { variableFindings } from './composeVariables';

/** The note holding the titles of the file directive's actions. */
export const DIRECTIVE_NOTE = 'UnknownDirectiveRule';

/**
 * What the checks found in each chunk of entries of a large document (a chunk's own state, see
 * ComposeFileState.forChunk), by the chunk's key (its first line and its text, see
 * LazyCompose.parts), handed from version to version: a chunk an edit left alone, at the same
 * line, is not parsed and checked again. The findings hold for as long as what else they depend on
 * stays the same (the notes, the skeleton's text, the `.env`); otherwise they are dropped. After a
 * complete check only the chunks of that version are kept. One check at a time uses it: a check
 * that begins ends the one before (an abandoned run of an older version then changes nothing).
 */
export class ComposeCheckMemo {
  private context: readonly unknown[] = [];
  private chunks = new Map<string, ComposeFileState>();
  private run = 0;

  /** A check starts under `context`: the chunks kept under another one are dropped. */
  begin(context: readonly unknown[]): {
    get(key: string): ComposeFileState | undefined;
    set(key: string, chunk: ComposeFileState): void;
    /** The check went through: keep what this version's chunks found, nothing else. */
    end(): void;
  } {
    const same =
      context.length === this.context.length && context.every((c, i) => c === this.context[i]);
    if (!same) this.chunks = new Map();
    this.context = context;
    const run = ++this.run;
    const seen = new Map<string, ComposeFileState>();
    return {
      get: (key) => {
        const hit = run === this.run ? this.chunks.get(key) : undefined;
        if (hit) seen.set(key, hit);
        return hit;
      },
      set: (key, chunk) => {
        seen.set(key, chunk);
      },
      end: () => {
        if (run === this.run) this.chunks = seen;
      },
    };
  }
}

export const composeChecks: KindChecks = {
  context: 'compose',
  *run(ctx, document, parsed, inputs) {
    const config = fileDirectiveConfig(document.getText());
    if (parsed.kind !== 'compose') return { findings: [], config };
    const state = new ComposeFileState(ctx.docs, document);
    // an override file (`compose.override.yaml`) completes another file: its names may live there
    if (/override[^/]*\.ya?ml$/i.test(document.uri)) state.standDown = true;
    const params = ctx.docs.get('rule', 'InvalidComposeValue', 'compose')?.params ?? {};
    const closed = new Set(params.closed ?? []);
    const firstItem = new Set(params.first_item ?? []);
    let memo: ReturnType<ComposeCheckMemo['begin']> | undefined;
    let first = true;
    let indent = 2;
    // the first part (a large document's skeleton) comes first: the memo's context is known then
    for (const part of parsed.parts((key) => memo?.get(key) !== undefined)) {
      if ('reused' in part) {
        const chunk = memo?.get(part.reused);
        if (chunk) state.merge(chunk);
        yield;
        continue;
      }
      if (first) indent = part.parsed.indent;
      // a chunk of entries with a key is checked on its own state, kept for the next versions
      const into = part.key !== undefined && memo ? state.forChunk() : state;
      checkComposePart(into, part.parsed, (l) => part.owns(l), first, closed, firstItem);
      // variables set nowhere (only when the caller read the project's .env)
      if (inputs.env)
        for (const f of variableFindings(document, part.parsed, inputs.env))
          if (part.owns(f.range.start.line)) into.findings.push(f);
      if (into !== state) {
        state.merge(into);
        if (part.key !== undefined) memo?.set(part.key, into);
      }
      if (first)
        memo = parsed.checkMemo?.begin([
          ctx.docs,
          parsed.lazy?.skeletonText(),
          inputs.env?.uri,
          inputs.env?.text,
          document.uri,
        ]);
      first = false;
      yield;
    }
    memo?.end();
    finishCompose(state, indent);
    return { findings: [...directiveFindings(ctx.docs, document), ...state.findings], config };
  },
  disable(ctx, document, rule) {
    const title = fixTitle(ctx.docs.get('rule', DIRECTIVE_NOTE, 'compose')?.fixes, 'disable', {
      rule,
    });
    return title ? { title, edit: disableRuleEdit(document, rule) } : undefined;
  },
  fixAllTitle(ctx) {
    return fixTitle(ctx.docs.get('rule', DIRECTIVE_NOTE, 'compose')?.fixes, 'fixAll');
  },
};

/** Names in the file's directive that are no rule's code (a typo turns nothing off). */
export function directiveFindings(docs: DocsIndex, document: TextDocument): Finding[] {
  const known = new Set(docs.ofKind('rule').map((e) => e.name));
  const out: Finding[] = [];
  for (const d of directiveNames(document.getText())) {
    if (known.has(d.name)) continue;
    out.push({
      rule: DIRECTIVE_NOTE,
      range: {
        start: document.positionAt(d.start),
        end: document.positionAt(d.start + d.name.length),
      },
      args: { name: d.name },
    });
  }
  return out;
}
