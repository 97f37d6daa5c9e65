/**
 * The facade of the pure language service: a document and a position in, LSP types out.
 * No connection, no file system: the notes come in as data, and the caller caches parses.
 */
import type { Dockerfile } from 'dockerfile-ast';
import {
  MarkupContent,
  type CompletionItem,
  type CompletionList,
  type Diagnostic,
  type DocumentHighlight,
  type DocumentLink,
  type DocumentSymbol,
  type FoldingRange,
  type FormattingOptions,
  type Hover,
  type Location,
  type Position,
  type Range,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { ShellHelp, type ExplainRow } from './cli/shellHelp';
import { composeCompletion, composeHover } from './compose/composeHelp';
import type { ParsedCompose } from './compose/composeParse';
import { LazyCompose } from './compose/composeWindow';
import { ComposeIndex, type PieceCache } from './compose/composeIndex';
import { LazyDockerfile } from './dockerfile/dockerfileWindow';
import { DocsIndex } from './docs/docsIndex';
import { renderNote, sanitizeMarkdown, stripMarkdown } from './docs/render';
import { dockerfileCompletion } from './dockerfile/dockerfileCompletion';
import { dockerfileHover } from './dockerfile/dockerfileHover';
import { dockerfileValidate } from './dockerfile/dockerfileValidate';
import { composeValidate } from './compose/composeValidate';
import { markdownShellBlocks, makefileLineRegion, type Region } from './embedded';
import type { DocsIndexData, DocumentKind, NoteEntry } from './types';
import { clampPosition } from './util';
import { composeNavigation } from './compose/composeNavigation';
import { dockerfileNavigation } from './dockerfile/dockerfileNavigation';
import {
  DEFAULT_FORMAT_SETTINGS,
  type FormatSettings,
  type Navigation,
  type NavigationContext,
  type PrepareRenameResult,
  type RenameRefusal,
} from './navigation';
import { NO_FILES, type WorkspaceFiles } from './workspaceFiles';

export interface FeatureSettings {
  hover: boolean;
  completion: boolean;
  diagnostics?: boolean;
}

export interface Settings {
  dockerfile: FeatureSettings;
  compose: FeatureSettings;
  cli: FeatureSettings;
  format?: FormatSettings;
}

export const DEFAULT_SETTINGS: Settings = {
  dockerfile: { hover: true, completion: true, diagnostics: true },
  compose: { hover: true, completion: true, diagnostics: true },
  cli: { hover: true, completion: true },
  format: DEFAULT_FORMAT_SETTINGS,
};

/**
 * One document version, as the requests read it. Dockerfile and compose: `ast` / `compose` is the
 * whole document (parsed when asked for), `at(line)` what a request at that line needs (for a large
 * document a window, see dockerfileWindow.ts and composeWindow.ts), and `parts()` the whole
 * document in parts that each answer for some lines (diagnostics).
 */
export type Parsed =
  | {
      kind: 'dockerfile';
      readonly ast: Dockerfile;
      at(line: number, completion?: boolean): Dockerfile;
      /** Every FROM of the document (the whole AST for small documents). */
      stages(): Dockerfile;
      parts(): Iterable<{ ast: Dockerfile; owns(line: number): boolean }>;
    }
  | {
      kind: 'compose';
      readonly compose: ParsedCompose;
      at(line: number): ParsedCompose;
      parts(): Iterable<{ parsed: ParsedCompose; owns(line: number): boolean }>;
      /** The lazy parse, handed to the parse of the next version (see `parse`). */
      readonly lazy?: LazyCompose;
      /** The symbol table (navigation; built on first use, see composeIndex.ts). */
      index(): ComposeIndex;
      /** What the symbol tables of this and earlier versions keep, handed to the next version. */
      pieceCache?(): PieceCache | undefined;
    }
  | { kind: 'markdown'; blocks: Region[] }
  | { kind: 'shell' }
  | { kind: 'makefile' }
  | { kind: 'none' };

export type DockerfileParsed = Extract<Parsed, { kind: 'dockerfile' }>;
export type ComposeParsed = Extract<Parsed, { kind: 'compose' }>;

export interface LanguageServiceOptions {
  /** Compiled notes; later sources override earlier ones key by key. */
  notes: DocsIndexData[];
  /** Whether the client renders markdown (default true). */
  markdown?: boolean;
}

/** At most this many diagnostics per document. */
const MAX_DIAGNOSTICS = 200;

/** Documents larger than this get no help (answered with empty results), to bound the work. */
export const MAX_DOCUMENT_LENGTH = 8 * 1024 * 1024;

const COMPOSE_NAME = /^(docker-)?compose(\.[\w.-]+)?\.ya?ml$|^docker-compose[\w.-]*\.ya?ml$/i;

export function isComposeFileName(uriOrPath: string): boolean {
  const base = decodeURIComponent(uriOrPath.split(/[\\/]/).pop() ?? '');
  return COMPOSE_NAME.test(base);
}

/** Which help applies to a document, from its languageId and (for yaml and unknown ids) its name. */
export function documentKind(languageId: string, uri: string): DocumentKind {
  switch (languageId) {
    case 'dockerfile':
      return 'dockerfile';
    case 'dockercompose':
    case 'yaml.docker-compose':
    case 'docker-compose':
      return 'compose';
    case 'yaml':
      return isComposeFileName(uri) ? 'compose' : 'none';
    case 'shellscript':
    case 'bash':
    case 'sh':
    case 'zsh':
      return 'shell';
    case 'makefile':
    case 'make':
      return 'makefile';
    case 'markdown':
      return 'markdown';
    default:
      return 'none';
  }
}

/** Guess the languageId from a file name (the CLI has no editor to tell it). */
export function languageIdForPath(path: string): string {
  const base = path.split(/[\\/]/).pop() ?? path;
  if (
    /^(Dockerfile|Containerfile)([.-].*)?$/i.test(base) ||
    /\.(dockerfile|containerfile)$/i.test(base)
  )
    return 'dockerfile';
  if (isComposeFileName(base)) return 'dockercompose';
  if (/\.ya?ml$/i.test(base)) return 'yaml';
  if (/\.(sh|bash|zsh|ksh)$/i.test(base)) return 'shellscript';
  if (/^(GNUmakefile|makefile|Makefile)$/.test(base) || /\.mk$/i.test(base)) return 'makefile';
  if (/\.(md|markdown)$/i.test(base)) return 'markdown';
  return 'shellscript';
}

export interface ExplainResult {
  kind: 'command' | 'note';
  rows?: ExplainRow[];
  notes?: NoteEntry[];
  text: string;
  markdown: string;
}

export class LanguageService {
  readonly docs: DocsIndex;
  private markdown: boolean;
  private settings: Settings = DEFAULT_SETTINGS;
  private readonly shell: ShellHelp;

  constructor(options: LanguageServiceOptions) {
    this.docs = new DocsIndex(...options.notes);
    this.markdown = options.markdown ?? true;
    this.shell = new ShellHelp(this.docs, () => this.markdown);
  }

  configure(settings: Partial<Settings>, markdown?: boolean): void {
    this.settings = { ...this.settings, ...settings };
    if (markdown !== undefined) this.markdown = markdown;
  }

  /**
   * Once per document version (the adapter caches the result); large documents are parsed lazily.
   * `previous`: the parse of the previous version of the same document, whose work the new parse
   * may take over where the edits did not touch it.
   */
  parse(document: TextDocument, previous?: Parsed): Parsed {
    const kind = documentKind(document.languageId, document.uri);
    const text = document.getText();
    if (text.length > MAX_DOCUMENT_LENGTH) return { kind: 'none' };
    switch (kind) {
      case 'dockerfile': {
        // large documents are parsed lazily, in windows (see dockerfileWindow.ts)
        const lazy = new LazyDockerfile(text, document.lineCount);
        return {
          kind,
          get ast() {
            return lazy.full();
          },
          at: (line: number, completion?: boolean) => lazy.at(line, completion),
          stages: () => lazy.stages(),
          parts: () => lazy.parts(),
        };
      }
      case 'compose': {
        const lazy = new LazyCompose(
          text,
          document.lineCount,
          previous?.kind === 'compose' ? previous.lazy : undefined,
        );
        // the pieces an earlier version's symbol table read are taken over by their text
        const cache = previous?.kind === 'compose' ? previous.pieceCache?.() : undefined;
        let index: ComposeIndex | undefined;
        return {
          kind,
          lazy,
          get compose() {
            return lazy.full();
          },
          at: (line: number) => lazy.at(line),
          parts: () => lazy.parts(),
          index: () =>
            (index ??= new ComposeIndex(text, lazy.pieces(), () => lazy.full().docs, cache)),
          pieceCache: () => index?.cache ?? cache,
        };
      }
      case 'markdown':
        return { kind, blocks: markdownShellBlocks(text) };
      case 'shell':
        return { kind };
      case 'makefile':
        return { kind };
      case 'none':
      default:
        return { kind: 'none' };
    }
  }

  doHover(
    document: TextDocument,
    position: Position,
    parsed: Parsed = this.parse(document),
  ): Hover | null {
    const hover = this.hoverOf(document, position, parsed);
    // hover text holds words of the user's document: whatever they are, no raw HTML and no command links
    if (hover && MarkupContent.is(hover.contents) && hover.contents.kind === 'markdown') {
      hover.contents = { kind: 'markdown', value: sanitizeMarkdown(hover.contents.value) };
    }
    return hover;
  }

  private hoverOf(document: TextDocument, position: Position, parsed: Parsed): Hover | null {
    const pos = clampPosition(position, document.lineCount);
    if (!pos) return null;
    const ctx = this.ctx();
    switch (parsed.kind) {
      case 'dockerfile':
        if (!this.settings.dockerfile.hover) return null;
        return dockerfileHover(ctx, document, parsed.at(pos.line), pos);
      case 'compose':
        if (!this.settings.compose.hover) return null;
        return composeHover(ctx, document, parsed.at(pos.line), pos);
      case 'shell':
      case 'makefile':
      case 'markdown': {
        if (!this.settings.cli.hover) return null;
        const region = this.regionAt(document, parsed, document.offsetAt(pos));
        if (!region) return null;
        return this.shell.hover(document, region.text, region.start, document.offsetAt(pos));
      }
      case 'none':
      default:
        return null;
    }
  }

  doComplete(
    document: TextDocument,
    position: Position,
    parsed: Parsed = this.parse(document),
  ): CompletionList {
    const empty: CompletionList = { isIncomplete: false, items: [] };
    const pos = clampPosition(position, document.lineCount);
    if (!pos) return empty;
    const ctx = this.ctx();
    let items: CompletionItem[];
    switch (parsed.kind) {
      case 'dockerfile':
        if (!this.settings.dockerfile.completion) return empty;
        items = dockerfileCompletion(ctx, document, parsed.at(pos.line, true), pos, () =>
          parsed.stages(),
        );
        break;
      case 'compose':
        if (!this.settings.compose.completion) return empty;
        items = composeCompletion(ctx, document, parsed.at(pos.line), pos);
        break;
      case 'shell':
      case 'makefile':
      case 'markdown': {
        if (!this.settings.cli.completion) return empty;
        const offset = document.offsetAt(pos);
        const region = this.regionAt(document, parsed, offset);
        if (!region) return empty;
        items = this.shell.complete(document, region.text, region.start, offset);
        break;
      }
      case 'none':
      default:
        return empty;
    }
    return { isIncomplete: false, items };
  }

  /** Warnings for keys, flags and options that no note knows (unknown compose keys, typos in flags). */
  doValidate(document: TextDocument, parsed: Parsed = this.parse(document)): Diagnostic[] {
    const steps = this.validateSteps(document, parsed);
    let step = steps.next();
    while (!step.done) step = steps.next();
    return step.value;
  }

  /**
   * doValidate one part at a time (a large document is checked window by window, never parsed
   * whole), so that the adapter can answer requests between the steps; returns the diagnostics.
   */
  *validateSteps(
    document: TextDocument,
    parsed: Parsed = this.parse(document),
  ): Generator<void, Diagnostic[]> {
    const out: Diagnostic[] = [];
    let parts = 0;
    if (parsed.kind === 'dockerfile' && this.settings.dockerfile.diagnostics !== false) {
      for (const part of parsed.parts()) {
        for (const d of dockerfileValidate(this.docs, part.ast))
          if (part.owns(d.range.start.line)) out.push(d);
        parts++;
        yield;
      }
    } else if (parsed.kind === 'compose' && this.settings.compose.diagnostics !== false) {
      for (const part of parsed.parts()) {
        for (const d of composeValidate(this.docs, document, part.parsed))
          if (part.owns(d.range.start.line)) out.push(d);
        parts++;
        yield;
      }
      // while the editor is idle anyway: the navigation's symbol table of a large document
      for (const step of parsed.index().warm()) yield step;
    }
    if (parts > 1)
      out.sort(
        (a, b) =>
          a.range.start.line - b.range.start.line ||
          a.range.start.character - b.range.start.character,
      );
    return out.slice(0, MAX_DIAGNOSTICS);
  }

  /** Explain a docker command line, or look up a keyword in the notes. */
  explain(text: string): ExplainResult | null {
    const trimmed = text.trim();
    // a bare command path (`docker network create`, `kubectl`) explains the command's note
    const bare = this.docs.command(
      trimmed.replace(/\s+/g, ' ').replace(/^docker-compose\b/, 'docker compose'),
    );
    if (bare) {
      return {
        kind: 'note',
        notes: [bare],
        text: stripMarkdown(this.shell.renderCommandText(bare, false)),
        markdown: this.shell.renderCommandText(bare, true),
      };
    }
    // a concept's exact name or alias (`docker engine`, `kubectl basics`) is not a command line
    const cmd = this.isConceptName(trimmed) ? null : this.shell.explain(trimmed);
    if (cmd) return { kind: 'command', rows: cmd.rows, text: cmd.text, markdown: cmd.markdown };
    const notes = this.findNotes(trimmed);
    if (!notes.length) return null;
    const markdown = notes.map((n) => renderNote(n, { markdown: true })).join('\n\n---\n\n');
    const plain = notes
      .map((n) => stripMarkdown(renderNote(n, { markdown: false })))
      .join('\n\n----------------------------------------\n\n');
    return { kind: 'note', notes, text: plain, markdown };
  }

  private isConceptName(text: string): boolean {
    const k = text.toLowerCase();
    return this.docs.entries.some(
      (e) =>
        e.kind === 'concept' && [e.name, ...(e.aliases ?? [])].some((n) => n.toLowerCase() === k),
    );
  }

  /** Notes whose name, alias or last path segment matches the keyword (case-insensitive). */
  findNotes(keyword: string): NoteEntry[] {
    const k = keyword.trim().toLowerCase();
    if (!k) return [];
    const exact: NoteEntry[] = [];
    const loose: NoteEntry[] = [];
    for (const e of this.docs.entries) {
      const names = [e.name, ...(e.aliases ?? [])].map((n) => n.toLowerCase());
      const last = e.kind === 'compose-key' ? e.name.split('.').pop()?.toLowerCase() : undefined;
      const flagged =
        e.kind === 'dockerfile-flag' ? `${e.context} ${e.name}`.toLowerCase() : undefined;
      if (names.includes(k) || flagged === k) exact.push(e);
      else if (last === k || (e.keywords ?? []).some((w) => w.toLowerCase() === k)) loose.push(e);
    }
    return [...exact, ...loose].slice(0, 12);
  }

  /** Explain the docker command on a line of a document (the editor's "explain this line"). */
  explainAt(
    document: TextDocument,
    position: Position,
    parsed: Parsed = this.parse(document),
  ): ExplainResult | null {
    const pos = clampPosition(position, document.lineCount);
    if (!pos) return null;
    const offset = document.offsetAt(pos);
    let text: string | undefined;
    if (parsed.kind === 'shell' || parsed.kind === 'makefile' || parsed.kind === 'markdown') {
      const region = this.regionAt(document, parsed, offset);
      const cmd = region ? this.shell.commandAt(region.text, region.start, offset) : undefined;
      if (cmd) text = document.getText().slice(cmd.start, cmd.end);
    } else {
      text = document.getText({
        start: { line: pos.line, character: 0 },
        end: { line: pos.line + 1, character: 0 },
      });
      text = text.replace(/^\s*RUN\s+/i, '');
    }
    return text ? this.explain(text.replace(/\\\r?\n/g, ' ')) : null;
  }

  // Navigation and restructuring (navigation.ts): each file kind answers over its cached parse;
  // other kinds answer empty.

  /** `files`: other files the answer may read (cross-file definitions); none when not given. */
  doDefinition(
    document: TextDocument,
    position: Position,
    parsed = this.parse(document),
    files?: WorkspaceFiles,
  ): Location[] {
    return this.navigate(
      document,
      position,
      parsed,
      [],
      (nav, p, pos, ctx) => nav.definition(document, p, pos, ctx),
      files,
    );
  }

  doReferences(
    document: TextDocument,
    position: Position,
    includeDeclaration: boolean,
    parsed = this.parse(document),
    files?: WorkspaceFiles,
  ): Location[] {
    return this.navigate(
      document,
      position,
      parsed,
      [],
      (nav, p, pos, ctx) => nav.references(document, p, pos, includeDeclaration, ctx),
      files,
    );
  }

  doHighlights(
    document: TextDocument,
    position: Position,
    parsed = this.parse(document),
  ): DocumentHighlight[] {
    return this.navigate(document, position, parsed, [], (nav, p, pos, ctx) =>
      nav.highlights(document, p, pos, ctx),
    );
  }

  prepareRename(
    document: TextDocument,
    position: Position,
    parsed = this.parse(document),
  ): PrepareRenameResult {
    return this.navigate(document, position, parsed, null, (nav, p, pos, ctx) =>
      nav.prepareRename(document, p, pos, ctx),
    );
  }

  doRename(
    document: TextDocument,
    position: Position,
    newName: string,
    parsed = this.parse(document),
    files?: WorkspaceFiles,
  ): WorkspaceEdit | RenameRefusal | null {
    return this.navigate(
      document,
      position,
      parsed,
      null,
      (nav, p, pos, ctx) => nav.rename(document, p, pos, newName, ctx),
      files,
    );
  }

  doDocumentSymbols(document: TextDocument, parsed = this.parse(document)): DocumentSymbol[] {
    return this.whole(parsed, [], (nav, p, ctx) => nav.symbols(document, p, ctx));
  }

  doFoldingRanges(document: TextDocument, parsed = this.parse(document)): FoldingRange[] {
    return this.whole(parsed, [], (nav, p, ctx) => nav.folding(document, p, ctx));
  }

  doDocumentLinks(document: TextDocument, parsed = this.parse(document)): DocumentLink[] {
    return this.whole(parsed, [], (nav, p, ctx) => nav.links(document, p, ctx));
  }

  /** Edits that format the document (or only `range`); [] when it is tidy. */
  doFormat(
    document: TextDocument,
    options: FormattingOptions,
    range?: Range,
    parsed = this.parse(document),
  ): TextEdit[] {
    return this.whole(parsed, [], (nav, p, ctx) => nav.format(document, p, options, range, ctx));
  }

  private navigate<T>(
    document: TextDocument,
    position: Position,
    parsed: Parsed,
    empty: T,
    ask: <P>(nav: Navigation<P>, parsed: P, pos: Position, ctx: NavigationContext) => T,
    files?: WorkspaceFiles,
  ): T {
    const pos = clampPosition(position, document.lineCount);
    if (!pos) return empty;
    return this.whole(parsed, empty, (nav, p, ctx) => ask(nav, p, pos, ctx), files);
  }

  private whole<T>(
    parsed: Parsed,
    empty: T,
    ask: <P>(nav: Navigation<P>, parsed: P, ctx: NavigationContext) => T,
    files: WorkspaceFiles = NO_FILES,
  ): T {
    const ctx: NavigationContext = {
      docs: this.docs,
      format: { ...DEFAULT_FORMAT_SETTINGS, ...this.settings.format },
      files,
    };
    switch (parsed.kind) {
      case 'dockerfile':
        return ask(dockerfileNavigation, parsed, ctx);
      case 'compose':
        return ask(composeNavigation, parsed, ctx);
      case 'markdown':
      case 'shell':
      case 'makefile':
      case 'none':
        return empty;
    }
  }

  private regionAt(document: TextDocument, parsed: Parsed, offset: number): Region | undefined {
    const text = document.getText();
    switch (parsed.kind) {
      case 'shell':
        return { start: 0, text };
      case 'makefile':
        return makefileLineRegion(text, offset);
      case 'markdown':
        return parsed.blocks.find((b) => offset >= b.start && offset <= b.start + b.text.length);
      case 'compose':
      case 'dockerfile':
      case 'none':
      default:
        return undefined;
    }
  }

  private ctx(): { docs: DocsIndex; markdown: boolean; shell: ShellHelp; cliEnabled: boolean } {
    return {
      docs: this.docs,
      markdown: this.markdown,
      shell: this.shell,
      cliEnabled: this.settings.cli.hover || this.settings.cli.completion,
    };
  }
}
