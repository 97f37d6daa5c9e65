/**
 * The Dockerfile rules: the findings of every check over the document, and the file's `# check=`
 * configuration (checkDirective.ts).
 */
import type { DocsIndex } from '../docs/docsIndex';
import type { KindChecks } from '../rules/check';
import { fixTitle } from '../rules/check';
import { NO_CHECK_CONFIG, type Finding } from '../rules/rules';
import { fileCheckDirective, skipRuleEdit } from './checkDirective';
import { dockerfileValidate } from './dockerfileValidate';

/** The parser directives the frontend knows (from the notes). */
export function directiveNames(docs: DocsIndex): Set<string> {
  return new Set(docs.ofKind('dockerfile-directive').map((e) => e.name.toLowerCase()));
}

export const dockerfileChecks: KindChecks = {
  context: 'dockerfile',
  *run(ctx, document, parsed) {
    const findings: Finding[] = [];
    if (parsed.kind !== 'dockerfile') return { findings, config: NO_CHECK_CONFIG };
    for (const part of parsed.parts()) {
      for (const f of dockerfileValidate(ctx.docs, part.ast))
        if (part.owns(f.range.start.line)) findings.push(f);
      yield;
    }
    const directive = fileCheckDirective(document.getText(), directiveNames(ctx.docs));
    const config = directive?.parsed.ok ? directive.parsed.config : NO_CHECK_CONFIG;
    return { findings, config };
  },
  disable(ctx, document, rule) {
    const edit = skipRuleEdit(document, rule, directiveNames(ctx.docs));
    const title = fixTitle(ctx.docs.get('dockerfile-directive', 'check')?.fixes, 'disable', {
      rule,
    });
    return edit && title ? { title, edit } : undefined;
  },
  fixAllTitle(ctx) {
    return fixTitle(ctx.docs.get('dockerfile-directive', 'check')?.fixes, 'fixAll');
  },
};
