/**
 * Snippets as completion items, offered only where their text is valid (the feature code says
 * where: the top level of a compose file, under `services:`, where a Dockerfile instruction
 * starts). The snippets themselves come from snippets/*.json through the index.
 */
import {
  CompletionItemKind,
  InsertTextFormat,
  InsertTextMode,
  type CompletionItem,
  type Position,
} from 'vscode-languageserver-types';
import type { DocsIndex } from './docsIndex';
import type { SnippetContext, SnippetData } from '../types';

/** A snippet body as it reads once inserted with every placeholder at its default. */
export function snippetPreview(body: string): string {
  let text = body;
  for (let i = 0; i < 10; i++) {
    const next = text
      .replace(/\$\{\d+\|([^,|}]*)[^}]*\|\}/g, '$1')
      .replace(/\$\{\d+:([^${}]*)\}/g, '$1')
      .replace(/\$\{\d+\}/g, '')
      .replace(/\$\d+/g, '');
    if (next === text) break;
    text = next;
  }
  return text.replace(/\\\$/g, '$').replace(/\\\}/g, '}').replace(/\s+$/, '');
}

/**
 * Completion items for the snippets of a language offered in these contexts (`accept` may refuse
 * some, e.g. a stack whose top-level keys the file already has). `typed`: the word before the
 * cursor, which the snippet replaces.
 */
export function snippetItems(
  ctx: { docs: DocsIndex; markdown: boolean },
  language: SnippetData['language'],
  contexts: readonly SnippetContext[],
  pos: Position,
  typed: string,
  accept: (body: string) => boolean = () => true,
): CompletionItem[] {
  const range = { start: { line: pos.line, character: pos.character - typed.length }, end: pos };
  const fence = language === 'compose' ? 'yaml' : 'dockerfile';
  return ctx.docs.snippets
    .filter((s) => s.language === language && contexts.includes(s.context) && accept(s.body))
    .map((s) => ({
      label: s.prefix,
      kind: CompletionItemKind.Snippet,
      detail: s.name,
      documentation: {
        kind: ctx.markdown ? 'markdown' : 'plaintext',
        value: ctx.markdown
          ? `${s.description ?? ''}\n\n\`\`\`${fence}\n${snippetPreview(s.body)}\n\`\`\``
          : `${s.description ?? ''}\n\n${snippetPreview(s.body)}`,
      },
      textEdit: { range, newText: s.body },
      insertTextFormat: InsertTextFormat.Snippet,
      // the lines after the first get the indentation of the line the snippet starts on
      insertTextMode: InsertTextMode.adjustIndentation,
      // after the keywords of the place
      sortText: `y${s.prefix}`,
    }));
}
