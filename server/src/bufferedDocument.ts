/**
 * Open documents whose edits are applied when the text is next read, not on every keystroke.
 *
 * `TextDocument.update` copies the whole text for every change (~0.25 ms for a 200 KB file), so a
 * burst of typing costs O(edits × size) before the next request is answered. Here a change that
 * continues the previous insertion (the next character typed right after it) is merged into it,
 * and pending changes are applied in one `TextDocument.update` when the document is read. Any
 * other change is applied as before, in order; the text seen by a reader is always the same.
 */
import {
  TextDocument,
  type TextDocumentContentChangeEvent,
} from 'vscode-languageserver-textdocument';
import type { Position, Range } from 'vscode-languageserver-types';

type Insert = { range: Range; text: string };

function isInsert(c: TextDocumentContentChangeEvent): c is Insert & TextDocumentContentChangeEvent {
  if (!('range' in c) || !c.range) return false;
  const { start, end } = c.range;
  return start.line === end.line && start.character === end.character;
}

/** The position right after `text` inserted at `at` (no CR in `text`). */
function after(at: Position, text: string): Position {
  const nl = text.lastIndexOf('\n');
  if (nl < 0) return { line: at.line, character: at.character + text.length };
  let lines = 0;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) lines++;
  return { line: at.line + lines, character: text.length - nl - 1 };
}

function sameAs(a: Position, b: Position): boolean {
  return a.line === b.line && a.character === b.character;
}

export class BufferedDocument implements TextDocument {
  private doc: TextDocument;
  private pending: TextDocumentContentChangeEvent[] = [];
  private pendingVersion: number;
  /** Where the last pending insertion ends, when more typing may be merged into it. */
  private insertEnd?: Position;
  /** The (applied) text has no CR; unknown until needed. */
  private crFree?: boolean;

  constructor(uri: string, languageId: string, version: number, content: string) {
    this.doc = TextDocument.create(uri, languageId, version, content);
    this.pendingVersion = version;
  }

  get uri(): string {
    return this.doc.uri;
  }
  get languageId(): string {
    return this.doc.languageId;
  }
  get version(): number {
    return this.pendingVersion;
  }
  get lineCount(): number {
    return this.flush().lineCount;
  }
  getText(range?: Range): string {
    return this.flush().getText(range);
  }
  positionAt(offset: number): Position {
    return this.flush().positionAt(offset);
  }
  offsetAt(position: Position): number {
    return this.flush().offsetAt(position);
  }
  getLineRange(line: number): Range {
    return this.flush().getLineRange(line);
  }
  getEOLCharacters(line: number): string {
    return this.flush().getEOLCharacters(line);
  }

  update(changes: readonly TextDocumentContentChangeEvent[], version: number): void {
    for (const c of changes) {
      const last = this.pending[this.pending.length - 1];
      if (isInsert(c) && !c.text.includes('\r')) {
        const end = this.insertEnd;
        if (
          last &&
          end &&
          isInsert(last) &&
          c.range.start.line === end.line &&
          c.range.start.character === end.character
        ) {
          last.text += c.text;
          this.insertEnd = after(end, c.text);
          continue;
        }
        // a run starts at a position the document has as is (no clamping by update), in a text
        // without CR (where an inserted LF could join a CRLF and the lines would not add up)
        this.flush();
        const p = c.range.start;
        this.crFree ??= !this.doc.getText().includes('\r');
        const exact =
          this.crFree &&
          p.line >= 0 &&
          p.character >= 0 &&
          p.line < this.doc.lineCount &&
          sameAs(this.doc.positionAt(this.doc.offsetAt(p)), p);
        this.pending.push({
          range: {
            start: { line: p.line, character: p.character },
            end: { line: p.line, character: p.character },
          },
          text: c.text,
        });
        this.insertEnd = exact ? after(p, c.text) : undefined;
        continue;
      }
      this.pending.push(c);
      this.insertEnd = undefined;
    }
    this.pendingVersion = version;
  }

  private flush(): TextDocument {
    if (this.pending.length || this.doc.version !== this.pendingVersion) {
      this.doc = TextDocument.update(this.doc, this.pending, this.pendingVersion);
      this.pending = [];
      this.insertEnd = undefined;
      this.crFree = undefined;
    }
    return this.doc;
  }
}

/** The configuration for `new TextDocuments(...)`. */
export const bufferedDocuments = {
  create: (uri: string, languageId: string, version: number, content: string): BufferedDocument =>
    new BufferedDocument(uri, languageId, version, content),
  update: (
    document: BufferedDocument,
    changes: TextDocumentContentChangeEvent[],
    version: number,
  ): BufferedDocument => {
    document.update(changes, version);
    return document;
  },
};
