/**
 * Navigation and restructuring, the same requests for every file kind: definition, references,
 * highlights, rename, outline, folding, links and formatting. Each file kind implements
 * `Navigation` over its cached parse (dockerfile/dockerfileNavigation.ts,
 * compose/composeNavigation.ts); the facade (languageService.ts) dispatches by kind.
 */
import type {
  DocumentHighlight,
  DocumentLink,
  DocumentSymbol,
  FoldingRange,
  FormattingOptions,
  Location,
  Position,
  Range,
  TextEdit,
  WorkspaceEdit,
} from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';

/** Why a rename cannot be done here (shown to the user as is). */
export interface RenameRefusal {
  error: string;
}

export type PrepareRenameResult = { range: Range; placeholder: string } | RenameRefusal | null;

/** What every file kind answers; P is the kind's parse (one per document version). */
export interface Navigation<P> {
  definition(doc: TextDocument, parsed: P, pos: Position): Location[];
  references(doc: TextDocument, parsed: P, pos: Position, includeDeclaration: boolean): Location[];
  highlights(doc: TextDocument, parsed: P, pos: Position): DocumentHighlight[];
  prepareRename(doc: TextDocument, parsed: P, pos: Position): PrepareRenameResult;
  rename(
    doc: TextDocument,
    parsed: P,
    pos: Position,
    newName: string,
  ): WorkspaceEdit | RenameRefusal | null;
  symbols(doc: TextDocument, parsed: P): DocumentSymbol[];
  folding(doc: TextDocument, parsed: P): FoldingRange[];
  links(doc: TextDocument, parsed: P): DocumentLink[];
  /** Edits that format the document, or only `range` when given; [] when it is tidy. */
  format(doc: TextDocument, parsed: P, options: FormattingOptions, range?: Range): TextEdit[];
}

export function isRefusal(x: unknown): x is RenameRefusal {
  return typeof x === 'object' && x !== null && typeof (x as RenameRefusal).error === 'string';
}
