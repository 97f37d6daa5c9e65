/**
 * Filter completion items by what is typed before the cursor, as an editor does (the server
 * answers every item valid at a place and leaves the filtering to the client; the CLI has no
 * client, so it filters here). The typed text is the document's text from the start of the
 * item's edit range to the cursor; an item stays when its filter text (or label) starts with it,
 * ignoring case.
 */
import type { CompletionItem, Position, Range } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';

function editRange(item: CompletionItem): Range | undefined {
  const edit = item.textEdit;
  if (!edit) return undefined;
  return 'range' in edit ? edit.range : edit.insert;
}

export function filterCompletions(
  document: TextDocument,
  position: Position,
  items: readonly CompletionItem[],
): CompletionItem[] {
  const cursor = document.offsetAt(position);
  const line = document.getText({ start: { line: position.line, character: 0 }, end: position });
  // without an edit range, the word before the cursor (as an editor's default word pattern)
  const word = /[^\s`~!@#%^&*()=+[{\]}\\|;:'",<>/?]*$/.exec(line)?.[0] ?? '';
  return items.filter((item) => {
    const range = editRange(item);
    const start = range ? document.offsetAt(range.start) : cursor - word.length;
    if (start > cursor) return true;
    const typed = document.getText().slice(start, cursor).toLowerCase();
    return (item.filterText ?? item.label).toLowerCase().startsWith(typed);
  });
}
