/**
 * Test helpers: a caret marker `¦` in the input marks the cursor; one helper per feature.
 * Expectations in the tests are literal text a user would read, never read from the index.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CompletionItem, MarkupContent } from 'vscode-languageserver-types';
import { LanguageService } from '../../server/out/service/languageService';
import type { DocsIndexData } from '../../server/out/service/types';

export const ROOT = join(__dirname, '..', '..');
let builtin: DocsIndexData | undefined;
export function builtinNotes(): DocsIndexData {
  builtin ??= JSON.parse(
    readFileSync(join(ROOT, 'dist', 'docs-index.json'), 'utf8'),
  ) as DocsIndexData;
  return builtin;
}

let shared: LanguageService | undefined;
export function service(): LanguageService {
  shared ??= new LanguageService({ notes: [builtinNotes()] });
  return shared;
}

export const CARET = '¦';

const URIS: Record<string, string> = {
  dockerfile: 'file:///w/Dockerfile',
  dockercompose: 'file:///w/compose.yaml',
  yaml: 'file:///w/docker-compose.yml',
  shellscript: 'file:///w/deploy.sh',
  makefile: 'file:///w/Makefile',
  markdown: 'file:///w/README.md',
};

export function docWithCaret(
  languageId: string,
  text: string,
  uri = URIS[languageId] ?? 'file:///w/x',
): { doc: TextDocument; offset: number } {
  const offset = text.indexOf(CARET);
  if (offset < 0) throw new Error('no caret ¦ in test input');
  const clean = text.slice(0, offset) + text.slice(offset + CARET.length);
  return { doc: TextDocument.create(uri, languageId, 1, clean), offset };
}

/** The hover text (markdown) at the caret, or null. */
export function hover(
  languageId: string,
  text: string,
  uri?: string,
  svc = service(),
): string | null {
  const { doc, offset } = docWithCaret(languageId, text, uri);
  const h = svc.doHover(doc, doc.positionAt(offset));
  return h ? (h.contents as MarkupContent).value : null;
}

/** The hover range at the caret as the covered text. */
export function hoverSpan(languageId: string, text: string): string | null {
  const { doc, offset } = docWithCaret(languageId, text);
  const h = service().doHover(doc, doc.positionAt(offset));
  return h?.range ? doc.getText(h.range) : null;
}

export function completions(
  languageId: string,
  text: string,
  uri?: string,
  svc = service(),
): CompletionItem[] {
  const { doc, offset } = docWithCaret(languageId, text, uri);
  return svc.doComplete(doc, doc.positionAt(offset)).items;
}

export function labels(languageId: string, text: string, uri?: string): string[] {
  return completions(languageId, text, uri).map((i) => i.label);
}

/** Apply the completion item with this label and return the resulting text (snippet tab stops removed). */
export function applyCompletion(languageId: string, text: string, label: string): string {
  const { doc, offset } = docWithCaret(languageId, text);
  const item = service()
    .doComplete(doc, doc.positionAt(offset))
    .items.find((i) => i.label === label);
  if (!item) throw new Error(`no completion item ${label}`);
  const edit = item.textEdit as
    | {
        range: {
          start: { line: number; character: number };
          end: { line: number; character: number };
        };
        newText: string;
      }
    | undefined;
  if (!edit) throw new Error(`item ${label} has no textEdit`);
  const start = doc.offsetAt(edit.range.start);
  const end = doc.offsetAt(edit.range.end);
  const newText = edit.newText.replace(/\$\{\d+:([^}]*)\}/g, '$1').replace(/\$\d/g, '');
  const src = doc.getText();
  return src.slice(0, start) + newText + src.slice(end);
}

/** First line of a hover: its headline. */
export function headline(md: string | null): string {
  return (md ?? '').split('\n')[0];
}
