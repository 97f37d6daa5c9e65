/**
 * Inlay hints in a Dockerfile: after each `$VAR` / `${VAR…}` of an instruction (FROM lines
 * included), the value the ARG or ENV in effect at that line gives it: the default an ARG declares
 * (a build can override it with --build-arg, which the editor cannot see), or an ENV's value.
 *
 * Scoping comes from dockerfile-ast's `resolveVariable` (a global ARG on FROM lines; in a stage,
 * what the stage declares, a global ARG only once the stage declares it again). A declared value
 * that uses other variables (`ENV B=$A/x`) is shown expanded when every variable it uses has a
 * value (BuildKit expands it where it is declared; they are read at the line of the use).
 */
import type { Dockerfile, Instruction } from 'dockerfile-ast';
import { InlayHintKind, type InlayHint, type Range } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { DocsIndex } from '../docs/docsIndex';
import { fillTemplate } from '../rules/rules';
import { instructionAt, valueAt, variablesOf } from './dockerfileHover';
import { processWord } from './shellWord';

export function dockerfileInlayHints(
  docs: DocsIndex,
  document: TextDocument,
  range: Range,
  at: (line: number) => Dockerfile,
): InlayHint[] {
  const arg = docs.get('dockerfile-instruction', 'ARG');
  const inlay = arg?.messages?.inlay;
  const unset = arg?.messages?.['inlay-unset'];
  if (!inlay) return [];
  const out: InlayHint[] = [];
  const text = document.getText();
  const first = Math.max(0, range.start.line);
  const last = Math.min(document.lineCount - 1, range.end.line, first + 2000);
  const done = new Set<number>();
  for (let line = first; line <= last; line++) {
    const lineText = text.slice(
      document.offsetAt({ line, character: 0 }),
      document.offsetAt({ line: line + 1, character: 0 }),
    );
    const dollar = lineText.indexOf('$');
    if (dollar < 0) continue;
    const ast = at(line);
    const instr: Instruction | undefined = instructionAt(ast, { line, character: dollar });
    if (!instr) continue;
    const start = instr.getRange().start.line;
    if (done.has(start)) continue;
    done.add(start);
    for (const v of variablesOf(instr)) {
      const r = v.getRange();
      if (r.end.line < first || r.end.line > last) continue;
      const value = valueAt(ast, v.getName(), start);
      // a variable no ARG or ENV declares (a shell variable of RUN, a predefined ARG): no hint,
      // unless a form such as ${NAME:-word} gives it a value anyway
      if (value === undefined && v.getModifier() === null) continue;
      let shown: string | null | undefined = value;
      if (v.getModifier() !== null) {
        // `${NAME:-word}` and the other forms: what the whole substitution gives
        const lookup = (n: string): string | undefined => valueAt(ast, n, start) ?? undefined;
        const word = processWord(
          document.getText(r),
          { get: lookup, keys: () => [] },
          {
            escape: ast.getEscapeCharacter(),
          },
        );
        if (word.error) continue;
        shown = word.result;
      }
      const label =
        shown === null || shown === undefined
          ? unset
          : fillTemplate(inlay, { value: shown === '' ? '""' : shown });
      if (label) out.push({ position: r.end, label, kind: InlayHintKind.Type, paddingLeft: true });
    }
  }
  return out;
}
