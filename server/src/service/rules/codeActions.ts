/**
 * Code actions from our diagnostics: the quick fixes a check put in a diagnostic's `data`, the
 * "disable this rule for this file" action of the document kind, and one "fix all" source action
 * with the fixes that are safe together. A fix whose edited text changed since the diagnostic was
 * made is not offered (the client may hand back diagnostics of an older version).
 */
import {
  CodeActionKind,
  type CodeAction,
  type Diagnostic,
  type Range,
  type TextEdit,
} from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { diagnosticData, type FixData } from './rules';

/** Our "fix all" kind: `editor.codeActionsOnSave: { "source.fixAll.dockerInlineHelp": … }`. */
export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.dockerInlineHelp`;

function isPosition(p: unknown): p is { line: number; character: number } {
  const o = p as { line?: unknown; character?: unknown } | null;
  return (
    !!o &&
    Number.isInteger(o.line) &&
    Number.isInteger(o.character) &&
    (o.line as number) >= 0 &&
    (o.character as number) >= 0
  );
}

function isEdit(e: unknown): e is TextEdit {
  const o = e as { range?: { start?: unknown; end?: unknown }; newText?: unknown } | null;
  return (
    !!o && typeof o.newText === 'string' && isPosition(o.range?.start) && isPosition(o.range?.end)
  );
}

/** The fix's edits when they still apply to this text, else undefined. */
export function currentEdits(document: TextDocument, fix: FixData): TextEdit[] | undefined {
  if (!Array.isArray(fix.edits) || !Array.isArray(fix.old) || fix.edits.length !== fix.old.length)
    return undefined;
  for (let i = 0; i < fix.edits.length; i++) {
    const e: unknown = fix.edits[i];
    if (!isEdit(e) || document.getText(e.range) !== fix.old[i]) return undefined;
  }
  return fix.edits;
}

function offsetRange(document: TextDocument, r: Range): [number, number] {
  return [document.offsetAt(r.start), document.offsetAt(r.end)];
}

/** Do two sets of edits touch overlapping (or the same insertion point of) text? */
export function editsOverlap(
  document: TextDocument,
  a: readonly TextEdit[],
  b: readonly TextEdit[],
): boolean {
  for (const x of a) {
    const [xs, xe] = offsetRange(document, x.range);
    for (const y of b) {
      const [ys, ye] = offsetRange(document, y.range);
      if (xs < ye && ys < xe) return true;
      if (xs === ys || (xs === xe && xs >= ys && xs <= ye) || (ys === ye && ys >= xs && ys <= xe))
        return true;
    }
  }
  return false;
}

function action(
  title: string,
  kind: string,
  uri: string,
  edits: TextEdit[],
  diagnostics?: Diagnostic[],
): CodeAction {
  const a: CodeAction = { title, kind, edit: { changes: { [uri]: edits } } };
  if (diagnostics) a.diagnostics = diagnostics;
  return a;
}

/** Quick fixes for the diagnostics the client sent, preferred ones first per diagnostic. */
export function quickFixActions(
  document: TextDocument,
  diagnostics: readonly Diagnostic[],
): CodeAction[] {
  const out: CodeAction[] = [];
  for (const d of diagnostics) {
    const data = diagnosticData(d);
    if (!data || !Array.isArray(data.fixes)) continue;
    const fixes = [...data.fixes].sort((a, b) => Number(!!b.preferred) - Number(!!a.preferred));
    for (const fix of fixes) {
      if (typeof fix?.title !== 'string') continue;
      const edits = currentEdits(document, fix);
      if (!edits) continue;
      const a = action(fix.title, CodeActionKind.QuickFix, document.uri, edits, [d]);
      if (fix.preferred) a.isPreferred = true;
      out.push(a);
    }
  }
  return out;
}

/**
 * One source action applying every fix marked safe for "fix all" (the first such fix of each
 * diagnostic), leaving out a fix whose edits overlap one already taken. Null when there is none.
 */
export function fixAllAction(
  document: TextDocument,
  diagnostics: readonly Diagnostic[],
  title: string,
): CodeAction | null {
  const taken: TextEdit[] = [];
  for (const d of diagnostics) {
    const data = diagnosticData(d);
    const fix = data?.fixes?.find((f) => f.fixAll);
    if (!fix) continue;
    const edits = currentEdits(document, fix);
    if (!edits || editsOverlap(document, taken, edits)) continue;
    taken.push(...edits);
  }
  if (!taken.length) return null;
  return action(title, FIX_ALL_KIND, document.uri, taken);
}

/** Does the client's `only` filter ask for actions of this kind? */
export function wants(only: readonly string[] | undefined, kind: string): boolean {
  if (!only || only.length === 0) return true;
  return only.some((o) => kind === o || kind.startsWith(`${o}.`));
}
