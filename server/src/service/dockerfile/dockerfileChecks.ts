/**
 * The Dockerfile rules behind the `KindChecks` interface: the BuildKit-faithful parse
 * (bkParse.ts), the problems of the parser directives, the rules of dockerfileRules.ts, and the
 * file's `# check=` configuration (checkDirective.ts).
 */
import type { DocsIndex } from '../docs/docsIndex';
import type { KindChecks } from '../rules/check';
import { fixTitle } from '../rules/check';
import { NO_CHECK_CONFIG, type Finding } from '../rules/rules';
import { parseDockerfileSteps, type BkParse } from './bkParse';
import type { Region } from '../embedded';
import { ignoreMatcher, isValidImageRef } from './bkValues';
import { fileCheckDirective, skipRuleEdit } from './checkDirective';
import { dockerfileRuleFindings } from './dockerfileRules';

/** The parser directives the frontend knows (from the notes). */
export function directiveNames(docs: DocsIndex): Set<string> {
  return new Set(docs.ofKind('dockerfile-directive').map((e) => e.name.toLowerCase()));
}

/** Is this `syntax` value an image other than Docker's Dockerfile frontend? */
export function foreignFrontend(value: string): boolean {
  const ref = value.split(' ')[0];
  if (!isValidImageRef(ref)) return false;
  const repo = ref
    .replace(/@.*$/, '')
    .replace(/:[^/:]*$/, '')
    .replace(/^(docker\.io|index\.docker\.io|registry-1\.docker\.io)\//, '');
  return repo !== 'docker/dockerfile' && repo !== 'docker/dockerfile-upstream';
}

export const dockerfileChecks: KindChecks = {
  context: 'dockerfile',
  *run(ctx, document, _parsed, inputs) {
    const text = document.getText();
    const names = directiveNames(ctx.docs);
    const parse = yield* parseDockerfileSteps(text, names);
    const findings: Finding[] = [];
    const range = (start: number, end: number): Finding['range'] => ({
      start: document.positionAt(start),
      end: document.positionAt(end),
    });
    for (const e of parse.errors)
      findings.push({
        rule: 'InvalidDirective',
        range: range(e.start, e.end),
        args: { name: e.name, value: e.value },
        variant: e.kind,
      });
    for (const d of parse.directives) {
      const ref = d.value.split(' ')[0];
      if (d.name === 'syntax' && !isValidImageRef(ref))
        findings.push({
          rule: 'InvalidDirective',
          range: range(d.valueStart, d.valueEnd),
          args: { name: d.name, value: ref },
          variant: 'syntax',
        });
    }
    // a Dockerfile written for another frontend (`# syntax=` naming an image that is not
    // docker/dockerfile) may use instructions and flags that frontend adds: only its directives
    // are checked
    if (parse.directives.some((d) => d.name === 'syntax' && foreignFrontend(d.value)))
      return { findings, config: NO_CHECK_CONFIG };
    const directive = fileCheckDirective(text, names);
    if (directive && !directive.parsed.ok)
      findings.push({
        rule: 'InvalidDirective',
        range: range(directive.valueStart, directive.valueEnd),
        args: { name: 'check', value: directive.value },
        variant: 'check',
      });
    const fileConfig = directive?.parsed.ok ? directive.parsed.config : NO_CHECK_CONFIG;
    const rules = yield* dockerfileRuleFindings({
      docs: ctx.docs,
      document,
      parse,
      fileConfig,
      directives: names,
      ignore: inputs.dockerignore === undefined ? undefined : ignoreMatcher(inputs.dockerignore),
    });
    findings.push(...rules);
    return { findings, config: fileConfig, shell: runRegions(text, parse) };
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

/**
 * The shell text of the RUN instructions (and ONBUILD RUN) in shell form, as the parse reads them:
 * from the first argument to the end of the instruction's last line (continuations included, heredoc
 * bodies and JSON forms left out), with the file's escape character.
 */
function runRegions(text: string, parse: BkParse): Region[] {
  const out: Region[] = [];
  for (const node of parse.nodes) {
    const run = node.keyword.toUpperCase() === 'RUN' ? node : node.sub;
    if (!run || run.keyword.toUpperCase() !== 'RUN' || run.json || !run.rest) continue;
    if (run.rest.startsWith('<<') || !run.rest.includes('docker')) continue;
    const start = run.line.doc(run.restAt);
    if (start >= node.end) continue;
    out.push({ start, text: text.slice(start, node.end), escape: parse.escape });
  }
  return out;
}
