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
    let first = true;
    let indent = 2;
    for (const part of parsed.parts()) {
      if (first) indent = part.parsed.indent;
      checkComposePart(state, part.parsed, (l) => part.owns(l), first, closed, firstItem);
      // variables set nowhere (only when the caller read the project's .env)
      if (inputs.env)
        for (const f of variableFindings(document, part.parsed, inputs.env))
          if (part.owns(f.range.start.line)) state.findings.push(f);
      first = false;
      yield;
    }
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
