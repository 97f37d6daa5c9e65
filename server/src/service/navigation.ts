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
import type { DocsIndex } from './docs/docsIndex';
import type { WorkspaceFiles } from './workspaceFiles';

/** Why a rename cannot be done here (shown to the user as is). */
export interface RenameRefusal {
  error: string;
}

export type PrepareRenameResult = { range: Range; placeholder: string } | RenameRefusal | null;

/** `dockerInlineHelp.format.*`: how the formatter indents (both file kinds may read them). */
export interface FormatSettings {
  /** Columns before a continuation line; null: one indentation unit of the editor. */
  continuationIndent: number | null;
  /** Continuation lines indented deeper than that are kept (aligned by hand). */
  keepAlignedContinuations: boolean;
}

export const DEFAULT_FORMAT_SETTINGS: FormatSettings = {
  continuationIndent: null,
  keepAlignedContinuations: false,
};

/** What every request may read besides the document: the notes (messages) and the settings. */
export interface NavigationContext {
  docs: DocsIndex;
  format: FormatSettings;
  /**
   * Other files of the workspace, as far as the caller can read them (definition, references and
   * rename across files); a reader that knows none when the caller gives none.
   */
  files: WorkspaceFiles;
}

/**
 * What every file kind answers; P is the kind's parse (one per document version). The context is
 * the last argument of each request, so an implementation that does not need it may leave it out.
 */
export interface Navigation<P> {
  definition(doc: TextDocument, parsed: P, pos: Position, ctx: NavigationContext): Location[];
  references(
    doc: TextDocument,
    parsed: P,
    pos: Position,
    includeDeclaration: boolean,
    ctx: NavigationContext,
  ): Location[];
  highlights(
    doc: TextDocument,
    parsed: P,
    pos: Position,
    ctx: NavigationContext,
  ): DocumentHighlight[];
  prepareRename(
    doc: TextDocument,
    parsed: P,
    pos: Position,
    ctx: NavigationContext,
  ): PrepareRenameResult;
  rename(
    doc: TextDocument,
    parsed: P,
    pos: Position,
    newName: string,
    ctx: NavigationContext,
  ): WorkspaceEdit | RenameRefusal | null;
  symbols(doc: TextDocument, parsed: P, ctx: NavigationContext): DocumentSymbol[];
  folding(doc: TextDocument, parsed: P, ctx: NavigationContext): FoldingRange[];
  links(doc: TextDocument, parsed: P, ctx: NavigationContext): DocumentLink[];
  /** Edits that format the document, or only `range` when given; [] when it is tidy. */
  format(
    doc: TextDocument,
    parsed: P,
    options: FormattingOptions,
    range: Range | undefined,
    ctx: NavigationContext,
  ): TextEdit[];
}

export function isRefusal(x: unknown): x is RenameRefusal {
  return typeof x === 'object' && x !== null && typeof (x as RenameRefusal).error === 'string';
}

/**
 * A rename refusal whose reason is a value of a concept note (`rule` of "build stages", "compose
 * names", …): `NAME: reason`.
 */
export function refusal(
  ctx: NavigationContext,
  note: string,
  rule: string,
  name: string,
): RenameRefusal {
  const reason = ctx.docs.get('concept', note)?.values?.find((v) => v.value === rule)?.summary;
  return { error: `${name}: ${reason ?? rule}` };
}
