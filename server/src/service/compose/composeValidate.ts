/**
 * "Is this key known here?": one walk over a compose document's AST, flagging keys that no note
 * describes at that path. Only mappings whose valid keys the notes know are checked (the top
 * level, fixed-key mappings, and items of sequences with documented item keys); free-form
 * mappings (environment, labels, driver_opts …), user-chosen names and `x-` extensions are not.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, type Node as YamlNode } from 'yaml';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { DocsIndex } from '../docs/docsIndex';
import { NO_CHECK_CONFIG, type Finding } from '../rules/rules';
import type { KindChecks } from '../rules/check';
import { scalarText, type ParsedCompose } from './composeParse';
import { variableFindings } from './composeVariables';

const MAX_DIAGNOSTICS = 200;

export function composeValidate(
  docs: DocsIndex,
  document: TextDocument,
  parsed: ParsedCompose,
): Finding[] {
  const out: Finding[] = [];
  const visit = (node: unknown, path: string, depth: number): void => {
    if (out.length >= MAX_DIAGNOSTICS || depth > 64 || !node || isAlias(node)) return;
    if (isSeq(node)) {
      for (const item of node.items) visit(item, path, depth + 1);
      return;
    }
    if (!isMap(node)) return;
    const parent = path ? docs.compose(path) : undefined;
    if (path && !parent && docs.composeChildrenOf(path).length === 0) return;
    if (parent && (parent.shape === 'dict' || parent.shape === 'scalar')) return;
    const named = parent?.shape === 'named-mapping';
    const known = named
      ? undefined
      : new Set(docs.composeChildrenOf(path).map((e) => e.name.slice(path ? path.length + 1 : 0)));
    for (const pair of node.items) {
      if (!isPair(pair) || !isScalar(pair.key)) continue;
      const key = scalarText(pair.key.value);
      if (key === '<<' || key.startsWith('x-')) continue;
      const childPath = named ? `${path}.*` : path ? `${path}.${key}` : key;
      if (known && known.size > 0 && !known.has(key)) {
        const r = (pair.key as YamlNode).range;
        if (r) {
          out.push({
            rule: 'UnknownComposeKey',
            range: { start: document.positionAt(r[0]), end: document.positionAt(r[1]) },
            args: { key, path: path.replace(/\.\*/g, '.<name>') },
            variant: path ? undefined : 'top',
          });
        }
        continue;
      }
      visit(pair.value, childPath, depth + 1);
    }
  };
  for (const d of parsed.docs) visit(d.contents, '', 0);
  return out;
}

/** The compose rules (one part of a large file per step). */
export const composeChecks: KindChecks = {
  context: 'compose',
  *run(ctx, document, parsed, inputs) {
    const findings: Finding[] = [];
    if (parsed.kind === 'compose') {
      for (const part of parsed.parts()) {
        for (const f of composeValidate(ctx.docs, document, part.parsed))
          if (part.owns(f.range.start.line)) findings.push(f);
        // variables set nowhere (only when the caller read the project's .env)
        if (inputs.env)
          for (const f of variableFindings(document, part.parsed, inputs.env))
            if (part.owns(f.range.start.line)) findings.push(f);
        yield;
      }
    }
    return { findings, config: NO_CHECK_CONFIG };
  },
};
