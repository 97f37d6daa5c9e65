/**
 * Flags, mount options and instructions that no note knows: a typo such as `COPY --chmood` or
 * `--mount=type=cache,sharng=locked` gets a warning. Everything known comes from the notes.
 */
import type { Dockerfile } from 'dockerfile-ast';
import { DiagnosticSeverity, type Diagnostic, type Range } from 'vscode-languageserver-types';
import type { DocsIndex } from '../docs/docsIndex';
import { flagsOf, mountType } from './dockerfileHover';

const MAX_DIAGNOSTICS = 200;

export function dockerfileValidate(docs: DocsIndex, ast: Dockerfile): Diagnostic[] {
  const out: Diagnostic[] = [];
  const warn = (range: Range, message: string): void => {
    if (out.length < MAX_DIAGNOSTICS)
      out.push({
        range,
        severity: DiagnosticSeverity.Warning,
        source: 'docker-inline-help',
        message,
      });
  };
  for (const instr of ast.getInstructions()) {
    const keyword = instr.getKeyword().toUpperCase();
    if (!docs.get('dockerfile-instruction', keyword)) {
      warn(instr.getInstructionRange(), `Unknown instruction "${instr.getKeyword()}".`);
      continue;
    }
    for (const flag of flagsOf(instr)) {
      const name = `--${flag.getName()}`;
      if (!flag.getName() || !docs.get('dockerfile-flag', name, keyword)) {
        warn(flag.getNameRange(), `Unknown flag "${name}" for ${keyword}.`);
        continue;
      }
      if (flag.getName().toLowerCase() !== 'mount' || keyword !== 'RUN') continue;
      const type = mountType(flag);
      if (!docs.get('dockerfile-mount-type', type, 'RUN --mount')) {
        const t = flag.getOption('type');
        warn(t?.getValueRange() ?? flag.getRange(), `Unknown mount type "${type}".`);
        continue;
      }
      for (const opt of flag.getOptions()) {
        const o = opt.getName().toLowerCase();
        if (o === 'type' || docs.get('dockerfile-mount-option', o, type)) continue;
        warn(opt.getNameRange(), `"${opt.getName()}" is not an option of type=${type} mounts.`);
      }
    }
  }
  return out;
}
