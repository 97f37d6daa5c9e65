/**
 * Parsing a compact window of a large Dockerfile (only the lines a request needs, one after the
 * other) into an AST whose ranges are the document's.
 *
 * dockerfile-ast turns every offset into a position, and every position back into an offset,
 * through the text document it makes of its input (`TextDocument.create`, then `positionAt`,
 * `offsetAt` and `getText`: nothing else of it). While it parses a window, `parseMapped` hands it a
 * document that maps the window's lines to the document's, so every range of the AST, those made
 * while parsing and those made later on demand, is a range of the document, and the AST holds a
 * line table of the window only. If the parser ever stops making its document that way, the
 * result is undefined and the caller parses a window that keeps the document's line numbers.
 */
import { DockerfileParser, type Dockerfile } from 'dockerfile-ast';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Position, Range } from 'vscode-languageserver-types';
import { lastAtMost } from '../util';

/**
 * Where a window's lines are in the document: window lines from `wStart[i]` on are document lines
 * from `dStart[i]` on (until the next segment). Both lists ascend.
 */
export interface LineMap {
  wStart: number[];
  dStart: number[];
}

/** The window's text as a document with the document's line numbers. */
class MappedDocument implements TextDocument {
  readonly uri = '';
  readonly languageId = 'dockerfile';
  readonly version = 0;

  constructor(
    private readonly window: TextDocument,
    private readonly map: LineMap,
  ) {}

  /** The document line of a window line. */
  private toDocument(line: number): number {
    const i = lastAtMost(this.map.wStart, line);
    return i < 0 ? line : this.map.dStart[i] + line - this.map.wStart[i];
  }

  get lineCount(): number {
    return this.toDocument(this.window.lineCount - 1) + 1;
  }

  getText(range?: Range): string {
    const text = this.window.getText();
    return range ? text.slice(this.offsetAt(range.start), this.offsetAt(range.end)) : text;
  }

  positionAt(offset: number): Position {
    const p = this.window.positionAt(offset);
    return { line: this.toDocument(p.line), character: p.character };
  }

  /**
   * The window line of a document line, or where the window goes on past it (a document line the
   * window does not hold): the next line it holds (`held` false), its end after the last one.
   */
  private toWindow(line: number): { line: number; held: boolean } {
    const { wStart, dStart } = this.map;
    if (!wStart.length) return { line, held: true };
    const i = lastAtMost(dStart, line);
    if (i < 0) return { line: 0, held: false };
    const end = i + 1 < wStart.length ? wStart[i + 1] : this.window.lineCount;
    const w = wStart[i] + line - dStart[i];
    return w < end ? { line: w, held: true } : { line: end, held: false };
  }

  /** A document line the window does not hold reads as the start of the next line it holds. */
  offsetAt(position: Position): number {
    const w = this.toWindow(position.line);
    return w.held
      ? this.window.offsetAt({ line: w.line, character: position.character })
      : this.window.offsetAt({ line: w.line, character: 0 });
  }

  getLineRange(line: number): Range {
    const w = this.toWindow(line);
    if (!w.held) return { start: { line, character: 0 }, end: { line, character: 0 } };
    const r = this.window.getLineRange(w.line);
    return {
      start: { line, character: r.start.character },
      end: { line: this.toDocument(r.end.line), character: r.end.character },
    };
  }

  getEOLCharacters(line: number): string {
    const w = this.toWindow(line);
    return w.held ? this.window.getEOLCharacters(w.line) : '';
  }
}

type Create = typeof TextDocument.create;

/**
 * Parse a window's text into an AST with the document's ranges (see above); undefined when the
 * parser did not make its document with `TextDocument.create`.
 */
export function parseMapped(text: string, map: LineMap): Dockerfile | undefined {
  const holder = TextDocument as { create: Create };
  const create = holder.create;
  let mapped = false;
  holder.create = (uri, languageId, version, content) => {
    mapped = true;
    return new MappedDocument(create(uri, languageId, version, content), map);
  };
  let ast: Dockerfile;
  try {
    ast = DockerfileParser.parse(text);
  } finally {
    holder.create = create;
  }
  return mapped ? ast : undefined;
}
