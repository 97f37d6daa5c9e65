/**
 * A formatter that only touches blanks it can prove meaningless, and nothing else:
 * - the blanks before an instruction's keyword are removed;
 * - the blanks between the keyword (and ONBUILD's instruction keyword) and the rest of its line
 *   become one space;
 * - continuation lines get the same indentation (the setting's columns, or one indentation unit of
 *   the editor); with `keepAlignedContinuations`, lines indented deeper are left alone.
 * Never touched: heredoc bodies and terminators, comment and blank lines, the lines of JSON-form
 * arguments, a continuation that starts inside a quoted string or whose blanks belong to the
 * value (`ENV KEY value`, LABEL, WORKDIR…), and a continuation whose first word is glued to the
 * previous line's last one. A tidy file gets no edit, and formatting twice changes nothing.
 */
import type { FormattingOptions, Range, TextEdit } from 'vscode-languageserver-types';
import type { FormatSettings } from '../navigation';
import { lexInstruction, splitWords } from './dockerfileLex';
import type { DockerfileModel, ModelInstruction } from './dockerfileModel';

/** Instructions whose continuation lines only separate words (their indentation means nothing). */
const REINDENT = new Set([
  'ADD',
  'ARG',
  'CMD',
  'COPY',
  'ENTRYPOINT',
  'ENV',
  'EXPOSE',
  'FROM',
  'HEALTHCHECK',
  'LABEL',
  'RUN',
  'VOLUME',
]);
/** Instructions whose text a shell reads (its quoting decides where a string goes on). */
const SHELL = new Set(['RUN', 'CMD', 'ENTRYPOINT', 'HEALTHCHECK']);

function blanks(line: string, from: number): number {
  let i = from;
  while (i < line.length && (line[i] === ' ' || line[i] === '\t')) i++;
  return i;
}

function columns(ws: string, tabSize: number): number {
  let c = 0;
  for (const ch of ws) c = ch === '\t' ? c + tabSize - (c % tabSize) : c + 1;
  return c;
}

function edit(line: number, from: number, to: number, newText: string): TextEdit {
  return { range: { start: { line, character: from }, end: { line, character: to } }, newText };
}

/**
 * For each continuation line of an instruction: whether its indentation may change (a word
 * boundary outside quotes) and whether the previous part ends with a blank.
 */
function continuationLines(
  m: DockerfileModel,
  ins: ModelInstruction,
): { line: number; prevBlank: boolean }[] {
  const lx = lexInstruction(m.lines, ins.start, ins.end, m.escape);
  const t = lx.text;
  const words = splitWords(t, 0, t.length, m.escape);
  let k = 1;
  let keyword = ins.keyword;
  if (keyword === 'ONBUILD' && words[1]) {
    keyword = words[1].raw.toUpperCase();
    k = 2;
  }
  if (!REINDENT.has(keyword)) return [];
  while (k < words.length && words[k].raw.startsWith('--')) k++;
  const first = words[k]?.raw ?? '';
  // JSON arguments are left as written; so are values whose blanks are kept (`ENV KEY value`)
  if (first.startsWith('[')) return [];
  if ((keyword === 'ENV' || keyword === 'LABEL') && !first.includes('=')) return [];
  const escape = SHELL.has(keyword) ? '\\' : m.escape;
  const out: { line: number; prevBlank: boolean }[] = [];
  let quote = '';
  let i = 0;
  for (let s = 1; s < lx.segments.length; s++) {
    const at = lx.segments[s].at;
    for (; i < at; i++) {
      const c = t[i];
      if (quote) {
        if (c === escape && quote === '"') i++;
        else if (c === quote) quote = '';
      } else if (c === escape) i++;
      else if (c === '"' || c === "'") quote = c;
    }
    if (!quote && i === at)
      out.push({ line: lx.segments[s].line, prevBlank: at > 0 && /[ \t]/.test(t[at - 1]) });
  }
  return out;
}

export function dockerfileFormat(
  m: DockerfileModel,
  options: FormattingOptions,
  settings: FormatSettings,
  range?: Range,
): TextEdit[] {
  const tabSize = options.tabSize > 0 ? Math.floor(options.tabSize) : 4;
  const want = Math.max(0, Math.floor(settings.continuationIndent ?? tabSize));
  const standard = options.insertSpaces
    ? ' '.repeat(want)
    : '\t'.repeat(Math.floor(want / tabSize)) + ' '.repeat(want % tabSize);
  let first = 0;
  let last = m.lines.length - 1;
  if (range) {
    first = range.start.line;
    last =
      range.end.character === 0 && range.end.line > range.start.line
        ? range.end.line - 1
        : range.end.line;
  }
  const edits: TextEdit[] = [];
  const inRange = (line: number): boolean => line >= first && line <= last;
  for (const ins of m.instructions) {
    if (ins.end < first) continue;
    if (ins.start > last) break;
    const line = m.lines[ins.start].replace(/\r$/, '');
    if (inRange(ins.start)) {
      // a byte order mark on the first line is not a blank
      const lead = ins.start === 0 && m.bom ? 1 : 0;
      const kw = blanks(line, lead);
      if (kw > lead) edits.push(edit(ins.start, lead, kw, ''));
      // one space after the keyword (and after ONBUILD's instruction keyword)
      const oneSpace = (at: number): number => {
        const next = blanks(line, at);
        if (next === at || next >= line.length) return -1;
        if (next - at !== 1 || line[at] !== ' ') edits.push(edit(ins.start, at, next, ' '));
        return next;
      };
      const rest = oneSpace(kw + ins.keyword.length);
      if (ins.keyword === 'ONBUILD' && rest >= 0)
        oneSpace(rest + (/^\S+/.exec(line.slice(rest))?.[0].length ?? 0));
    }
    if (ins.textEnd === ins.start) continue;
    for (const c of continuationLines(m, ins)) {
      if (!inRange(c.line)) continue;
      const text = m.lines[c.line].replace(/\r$/, '');
      const end = blanks(text, 0);
      const ws = text.slice(0, end);
      if (ws === standard) continue;
      // without a blank on either side the two lines' words are one word: leave it
      if (!c.prevBlank && (end === 0 || standard === '')) continue;
      if (settings.keepAlignedContinuations && columns(ws, tabSize) > want) continue;
      edits.push(edit(c.line, 0, end, standard));
    }
  }
  return edits;
}
