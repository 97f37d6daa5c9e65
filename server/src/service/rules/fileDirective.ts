/**
 * The file directive of compose files, shell scripts, Makefiles and Markdown (Dockerfiles use
 * BuildKit's `# check=` instead): a comment line
 *
 *     # docker-inline-help: disable=RuleA,RuleB
 *
 * (in Markdown `<!-- docker-inline-help: disable=RuleA -->`) anywhere in the file turns those
 * rules off for the whole file. Several such lines add up. See docs/rules.md.
 */
import type { TextEdit } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { NO_CHECK_CONFIG, type CheckConfig } from './rules';

const DIRECTIVE =
  /^[ \t]*(?:#|<!--)[ \t]*docker-inline-help:[ \t]*disable[ \t]*=[ \t]*([A-Za-z0-9_, \t]*)/gm;

/** At most this many characters are searched (a directive belongs near the top anyway). */
const SEARCH_LIMIT = 1 << 20;

/** The rule names the file's directives list, with their offsets. */
export function directiveNames(text: string): { name: string; start: number }[] {
  const out: { name: string; start: number }[] = [];
  const head = text.length > SEARCH_LIMIT ? text.slice(0, SEARCH_LIMIT) : text;
  if (!head.includes('docker-inline-help:')) return out;
  DIRECTIVE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = DIRECTIVE.exec(head))) {
    const listStart = m.index + m[0].length - m[1].length;
    const re = /[A-Za-z0-9_]+/g;
    let w: RegExpExecArray | null;
    while ((w = re.exec(m[1]))) out.push({ name: w[0], start: listStart + w.index });
  }
  return out;
}

/** The rules the file's directives turn off. */
export function fileDirectiveConfig(text: string): CheckConfig {
  const skip = new Set(directiveNames(text).map((d) => d.name));
  return skip.size ? { ...NO_CHECK_CONFIG, skip } : NO_CHECK_CONFIG;
}

/**
 * The edit that adds `rule` to the file's directive: appended to the first directive line, or a new
 * line at the top (after a `#!` line), in the comment style of the file.
 */
export function disableRuleEdit(
  document: TextDocument,
  rule: string,
  style: 'hash' | 'html' = 'hash',
): TextEdit {
  const text = document.getText();
  const head = text.length > SEARCH_LIMIT ? text.slice(0, SEARCH_LIMIT) : text;
  DIRECTIVE.lastIndex = 0;
  const m = DIRECTIVE.exec(head);
  if (m) {
    const listEnd = m.index + m[0].replace(/[ \t]+$/, '').length;
    const pos = document.positionAt(listEnd);
    const sep = /=[ \t]*$/.test(m[0]) ? '' : ',';
    return { range: { start: pos, end: pos }, newText: `${sep}${rule}` };
  }
  const line =
    style === 'html'
      ? `<!-- docker-inline-help: disable=${rule} -->\n`
      : `# docker-inline-help: disable=${rule}\n`;
  const nl = text.indexOf('\n');
  const offset = !text.startsWith('#!') ? 0 : nl < 0 ? text.length : nl + 1;
  const at = document.positionAt(offset);
  const prefix = text.startsWith('#!') && nl < 0 ? '\n' : '';
  return { range: { start: at, end: at }, newText: prefix + line };
}
