/**
 * Hover in a .dockerignore file (or a `<Dockerfile>.dockerignore` beside a Dockerfile): the
 * `.dockerignore` note, with the pattern element under the cursor pointed out in its values, and
 * the pattern as the builder reads it when that differs from what is written (a leading `/`, a
 * trailing `/`, `./` or `..` parts are cleaned away the way the builder does).
 */
import type { Hover, Position } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { DocsIndex } from '../docs/docsIndex';
import { renderNote } from '../docs/render';
import { message } from '../docs/messages';

/** `.dockerignore`, or a per-Dockerfile ignore file such as `web.Dockerfile.dockerignore`. */
export function isDockerignoreName(uriOrPath: string): boolean {
  const base = decodeURIComponent(uriOrPath.split(/[\\/]/).pop() ?? '');
  return base.endsWith('.dockerignore');
}

/** A path cleaned the way the builder cleans a pattern (Go's path.Clean, then no leading `/`). */
export function cleanPattern(p: string): string {
  const abs = p.startsWith('/');
  const out: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (out.length && out[out.length - 1] !== '..') out.pop();
      else if (!abs) out.push('..');
      continue;
    }
    out.push(seg);
  }
  const cleaned = out.join('/');
  return cleaned === '' ? (abs ? '/' : '.') : cleaned;
}

/** The syntax element of a pattern at a column of the trimmed pattern (see the note's values). */
function elementAt(pattern: string, at: number): string | undefined {
  if (at < 0 || at >= pattern.length) return undefined;
  let inClass = -1;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (inClass >= 0) {
      if (ch === ']') {
        if (at >= inClass && at <= i) return '[…]';
        inClass = -1;
      }
      continue;
    }
    if (ch === '\\') {
      if (at === i || at === i + 1) return '\\';
      i++;
      continue;
    }
    if (ch === '[') {
      inClass = i;
      continue;
    }
    if (ch === '*' && pattern[i + 1] === '*') {
      if (at === i || at === i + 1) return '**';
      i++;
      continue;
    }
    if (i === at) {
      if (ch === '*' || ch === '?' || ch === '/') return ch;
      if (ch === '!' && i === 0) return '!';
    }
  }
  return undefined;
}

export function dockerignoreHover(
  docs: DocsIndex,
  markdown: boolean,
  doc: TextDocument,
  pos: Position,
): Hover | null {
  const note = docs.get('concept', '.dockerignore');
  if (!note) return null;
  const lineText = doc
    .getText({ start: { line: pos.line, character: 0 }, end: { line: pos.line + 1, character: 0 } })
    .replace(/\r?\n$/, '');
  const trimmed = lineText.trim();
  if (trimmed === '') return null;
  const lead = lineText.length - lineText.trimStart().length;
  const range = {
    start: { line: pos.line, character: lead },
    end: { line: pos.line, character: lead + trimmed.length },
  };
  const render = (value?: string, extra?: string[]): Hover => ({
    contents: {
      kind: markdown ? 'markdown' : 'plaintext',
      value: renderNote(note, { markdown, value, extra }),
    },
    range,
  });
  // a comment only when # is the very first character of the line
  if (lineText.startsWith('#')) return render('#');
  const element = elementAt(trimmed, pos.character - lead);
  const exception = trimmed.startsWith('!');
  const pattern = exception ? trimmed.slice(1).trim() : trimmed;
  const cleaned = cleanPattern(pattern);
  const readAs =
    cleaned !== pattern
      ? message(docs, '.dockerignore', 'read-as', { pattern, cleaned })
      : undefined;
  const extra = readAs ? [readAs] : [];
  return render(element ?? (exception ? '!' : undefined), extra);
}
