/**
 * Folding: each build stage, each instruction that spans lines (continuations, heredocs), each
 * heredoc body after the first line, and each block of two or more comment lines between
 * instructions.
 */
import { FoldingRangeKind, type FoldingRange } from 'vscode-languageserver-types';
import type { DockerfileModel } from './dockerfileModel';

function isComment(line: string): boolean {
  return /^[ \t\uFEFF]*#/.test(line);
}

export function dockerfileFolding(m: DockerfileModel): FoldingRange[] {
  return m.memo('folding', () => {
    const out: FoldingRange[] = [];
    const stageStarts = new Set<number>();
    for (const s of m.stages) {
      if (s.end > s.start) out.push({ startLine: s.start, endLine: s.end });
      stageStarts.add(s.start);
    }
    const comments = (from: number, to: number): void => {
      let run = -1;
      for (let i = from; i <= to + 1; i++) {
        if (i <= to && isComment(m.lines[i])) {
          if (run < 0) run = i;
        } else {
          if (run >= 0 && i - 1 > run)
            out.push({ startLine: run, endLine: i - 1, kind: FoldingRangeKind.Comment });
          run = -1;
        }
      }
    };
    let next = 0; // the first line after the previous instruction
    for (const ins of m.instructions) {
      comments(next, ins.start - 1);
      next = ins.end + 1;
      if (ins.end > ins.start && !stageStarts.has(ins.start))
        out.push({ startLine: ins.start, endLine: ins.end });
      let open = ins.textEnd;
      for (const h of ins.heredocs) {
        // the first heredoc opens on the instruction's line: the instruction's fold covers it
        if (open !== ins.start && h.terminator - 1 > open)
          out.push({ startLine: open, endLine: h.terminator - 1 });
        open = h.terminator;
      }
    }
    comments(next, m.lines.length - 1);
    out.sort((a, b) => a.startLine - b.startLine || b.endLine - a.endLine);
    return out;
  });
}
