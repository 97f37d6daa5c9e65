/**
 * Flags, mount options and instructions that no note knows: a typo such as `COPY --chmood` or
 * `--mount=type=cache,sharng=locked` is a finding. Everything known comes from the notes.
 */
import type { Dockerfile } from 'dockerfile-ast';
import type { DocsIndex } from '../docs/docsIndex';
import type { Finding } from '../rules/rules';
import { flagsOf, mountType } from './dockerfileHover';

const MAX_FINDINGS = 200;

export function dockerfileValidate(docs: DocsIndex, ast: Dockerfile): Finding[] {
  const out: Finding[] = [];
  const add = (f: Finding): void => {
    if (out.length < MAX_FINDINGS) out.push(f);
  };
  for (const instr of ast.getInstructions()) {
    const keyword = instr.getKeyword().toUpperCase();
    if (!docs.get('dockerfile-instruction', keyword)) {
      add({
        rule: 'UnknownInstruction',
        range: instr.getInstructionRange(),
        args: { name: instr.getKeyword() },
      });
      continue;
    }
    for (const flag of flagsOf(instr)) {
      const name = `--${flag.getName()}`;
      if (!flag.getName() || !docs.get('dockerfile-flag', name, keyword)) {
        add({
          rule: 'UnknownFlag',
          range: flag.getNameRange(),
          args: { flag: name, instruction: keyword },
        });
        continue;
      }
      if (flag.getName().toLowerCase() !== 'mount' || keyword !== 'RUN') continue;
      const type = mountType(flag);
      if (!docs.get('dockerfile-mount-type', type, 'RUN --mount')) {
        const t = flag.getOption('type');
        add({
          rule: 'UnknownMountType',
          range: t?.getValueRange() ?? flag.getRange(),
          args: { type },
        });
        continue;
      }
      for (const opt of flag.getOptions()) {
        const o = opt.getName().toLowerCase();
        if (o === 'type' || docs.get('dockerfile-mount-option', o, type)) continue;
        add({
          rule: 'UnknownMountOption',
          range: opt.getNameRange(),
          args: { option: opt.getName(), type },
        });
      }
    }
  }
  return out;
}
