/**
 * The facade of the pure language service: a document and a position in, LSP types out.
 * No connection, no file system: the notes come in as data, and the caller caches parses.
 */
import type { Dockerfile } from 'dockerfile-ast';
import {
  MarkupContent,
  type CodeAction,
  type CodeActionContext,
  type CompletionItem,
  type CompletionList,
  type Diagnostic,
  type DocumentHighlight,
  type DocumentLink,
  type DocumentSymbol,
  type FoldingRange,
  type FormattingOptions,
  type Hover,
  type InlayHint,
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
import type { Document } from 'yaml';
import { COMPOSE_WINDOW_MIN_LINES, LazyCompose, type ComposePart } from './compose/composeWindow';
import { ComposeCheckMemo } from './compose/composeValidate';
import {
  adoptPieces,
  ComposeIndex,
  type PieceCache,
  type PieceExport,
} from './compose/composeIndex';
import { DOCKERFILE_WINDOW_MIN_LINES, LazyDockerfile } from './dockerfile/dockerfileWindow';
import { DocsIndex } from './docs/docsIndex';
import {
  displayPath,
  renderFlag,
  renderNote,
  sanitizeMarkdown,
  stripMarkdown,
  type NoteLinks,
  type NoteRenderOptions,
} from './docs/render';
import { lookupName, normalizeName, NoteLookup, type NoteMatch } from './docs/lookup';
import { explainDockerfileLine } from './dockerfile/dockerfileExplain';
import { completionMayOffer, dockerfileCompletion } from './dockerfile/dockerfileCompletion';
import { dockerfileHover, instructionAt } from './dockerfile/dockerfileHover';
import { dockerignoreHover, isDockerignoreName } from './dockerignore/dockerignoreHover';
import { markdownShellBlocks, makefileLineRegion, type Region } from './embedded';
import { checkDocument, codeActions, type CheckInputs } from './rules/check';
import type { RuleLevels } from './rules/rules';
import type { DocsIndexData, DocumentKind, NoteEntry } from './types';
import { clampPosition } from './util';
import { composeNavigation } from './compose/composeNavigation';
import { dockerfileNavigation } from './dockerfile/dockerfileNavigation';
import {
  LONG_LINES_NOTE,
  MAX_COMPOSE_PIECE_CHARS,
  MAX_ENTRY_CHARS,
  MAX_INSTRUCTION_CHARS,
  MAX_SHELL_LINE_CHARS,
  MAX_WHOLE_CHARS,
  tooLongText,
  type TooLong,
} from './work';
import {
  DEFAULT_FORMAT_SETTINGS,
  type FormatSettings,
  type Navigation,
  type NavigationContext,
  type PrepareRenameResult,
  type RenameRefusal,
} from './navigation';
import { NO_FILES, type WorkspaceFiles } from './workspaceFiles';
import { DockerfileModel } from './dockerfile/dockerfileModel';
import {
  CONVERT_KIND,
  COPY_RUN_KIND,
  COMPOSE_DEFAULT_NAMES,
  convertAction,
  copyAsRunAction,
  dockerRunAt,
  dockerRunText,
  folderOf,
  type ConvertInputs,
  type ShellRegion,
} from './convert/convertActions';
import { makeDefaults, makeRecipeText, readCommands } from './convert/commandLine';
import { composeInlayHints } from './compose/composeVariables';
import { dockerfileInlayHints } from './dockerfile/dockerfileInlay';
import { composeFileText, isConvertibleRun, runToCompose } from './convert/runToCompose';
import { wants } from './rules/codeActions';

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
  /** Per-rule levels (`dockerInlineHelp.diagnostics.rules`): off, hint, info, warning, error. */
  rules?: RuleLevels;
  /** `dockerInlineHelp.inlayHints.*`: values after variables, host and container of ports. */
  inlayHints?: { variables: boolean; ports: boolean };
}

export const DEFAULT_SETTINGS: Settings = {
  dockerfile: { hover: true, completion: true, diagnostics: true },
  compose: { hover: true, completion: true, diagnostics: true },
  cli: { hover: true, completion: true, diagnostics: true },
  format: DEFAULT_FORMAT_SETTINGS,
  inlayHints: { variables: true, ports: true },
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
      /** The lazy parse (large documents; a later version takes over its parsed windows). */
      readonly lazy?: LazyDockerfile;
      readonly ast: Dockerfile;
      at(line: number, completion?: boolean): Dockerfile;
      /** Every FROM of the document (the whole AST for small documents). */
      stages(): Dockerfile;
      /** The symbol table, instructions and stages (navigation; built on first use). */
      model(): DockerfileModel;
      /** This version's model if built, else the last one an earlier version built. */
      lastModel?(): DockerfileModel | undefined;
      /** The parse of `ast` lines up with the document, or `line` maps its lines to the document's. */
      parts(): Iterable<{
        ast: Dockerfile;
        owns(line: number): boolean;
        line?: (windowLine: number) => number;
      }>;
      /** The position is in the part of a too long instruction that is not read (see work.ts). */
      cutAt?(pos: Position): boolean;
      /** A large document's instruction on a line, from its line scan (no parse). */
      instructionOf?(
        line: number,
      ): { keyword: string; first: boolean; before: () => string } | undefined;
    }
  | {
      kind: 'compose';
      readonly compose: ParsedCompose;
      at(line: number): ParsedCompose;
      /** Like `at`, for a hover: only what a hover reads at `line` (see LazyCompose.hoverAt). */
      hoverAt?(line: number): ParsedCompose;
      /** A parse with every top-level key (the whole document, or a large one's skeleton). */
      top?(): ParsedCompose;
      /** The document in parts for the checks (see LazyCompose.parts). */
      parts(reuse?: (key: string) => boolean): Iterable<ComposePart>;
      /** What the checks found in chunks of a large document, kept from version to version. */
      readonly checkMemo?: ComposeCheckMemo;
      /** The position is past what a request reads in a too long part of the file (see work.ts). */
      cutAt?(pos: Position): boolean;
      /** The lazy parse, handed to the parse of the next version (see `parse`). */
      readonly lazy?: LazyCompose;
      /** The symbol table (navigation; built on first use, see composeIndex.ts). */
      index(): ComposeIndex;
      /** What the symbol tables of this and earlier versions keep, handed to the next version. */
      pieceCache?(): PieceCache | undefined;
      /** A symbol table of this version over an empty cache, kept nowhere (large documents). */
      standaloneIndex?(): ComposeIndex;
      /** Pieces another thread built, into the cache the symbol table reads (no parse). */
      adopt?(pieces: readonly PieceExport[]): void;
    }
  | { kind: 'markdown'; blocks: Region[] }
  | { kind: 'shell' }
  | { kind: 'makefile' }
  | { kind: 'dockerignore' }
  | { kind: 'none' };

export type DockerfileParsed = Extract<Parsed, { kind: 'dockerfile' }>;
export type ComposeParsed = Extract<Parsed, { kind: 'compose' }>;

export interface LanguageServiceOptions {
  /** Compiled notes; later sources override earlier ones key by key. */
  notes: DocsIndexData[];
  /** An index built before (e.g. the user's notes layered over the built-in ones): `notes` is then ignored. */
  docs?: DocsIndex;
  /** Whether the client renders markdown (default true). */
  markdown?: boolean;
  /** How hovers reach the full note (see NoteAccess); without it hovers show whole notes. */
  noteAccess?: NoteAccess;
}

/**
 * How a hover can reach a whole note, which makes hovers lead with a short card: `command`, a
 * command of the client that opens a note (given `[NoteRef]` as its arguments; the client must
 * trust it in hover markdown), or `pointer`, a plain-text line telling how to read the note (the
 * CLI: its explain command), given the words that look the note up.
 */
export interface NoteAccess {
  command?: string;
  pointer?: (lookup: string) => string;
}

/** A note's key, as a client passes it back to open the note. */
export interface NoteRef {
  kind: string;
  name: string;
  context?: string;
}

/** A note (or a docker command's flag) rendered whole, with the title its view shows. */
export interface NoteView {
  title: string;
  markdown: string;
  text: string;
}

/** Pieces of a compose document's symbol table per batch handed to another thread. */
const NAVIGATION_BATCH = 24;

/** At most this many diagnostics per document. */
const MAX_DIAGNOSTICS = 200;

/** Documents larger than this get no help (answered with empty results), to bound the work. */
export const MAX_DOCUMENT_LENGTH = 8 * 1024 * 1024;

const COMPOSE_NAME = /^(docker-)?compose(\.[\w.-]+)?\.ya?ml$|^docker-compose[\w.-]*\.ya?ml$/i;

export function isComposeFileName(uriOrPath: string): boolean {
  const base = decodeURIComponent(uriOrPath.split(/[\\/]/).pop() ?? '');
  return COMPOSE_NAME.test(base);
}

/** The language ids `documentKind` knows (VS Code's, and Neovim's where they differ). */
export const LANGUAGE_IDS = [
  'dockerfile',
  'dockercompose',
  'yaml',
  'shellscript',
  'makefile',
  'markdown',
  'docker-compose',
  'yaml.docker-compose',
  'sh',
  'bash',
  'zsh',
  'make',
] as const;

/** Lines past which a document is large (where dockerfileWindow.ts and composeWindow.ts cut it). */
const LARGE_DOCUMENT_LINES = Math.min(DOCKERFILE_WINDOW_MIN_LINES, COMPOSE_WINDOW_MIN_LINES);

/**
 * A large document: read in windows and pieces rather than parsed whole, and checked in many
 * steps (the adapter checks it off the main thread where it can).
 */
export function isLargeDocument(document: TextDocument): boolean {
  return document.lineCount > LARGE_DOCUMENT_LINES || document.getText().length > MAX_WHOLE_CHARS;
}

/** Which help applies to a document, from its languageId and (for yaml and unknown ids) its name. */
export function documentKind(languageId: string, uri: string): DocumentKind {
  // .dockerignore files: language id `ignore` with some extensions, `plaintext` without
  if (isDockerignoreName(uri)) return 'dockerignore';
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
  if (isDockerignoreName(base)) return 'ignore';
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
  /** What the explanation is about, in a few words (`docker run`, `RUN`, `ENTRYPOINT`). */
  title: string;
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
  private readonly lookup: NoteLookup;
  private noteAccess?: NoteAccess;
  /** concept notes by their normalized names and aliases (for `see:`), built when first asked */
  private concepts?: Map<string, NoteEntry>;
  /** the rendering options of the hover being answered (its links are checked against `links`) */
  private hoverRender: NoteRenderOptions = {};

  constructor(options: LanguageServiceOptions) {
    this.docs = options.docs ?? new DocsIndex(...options.notes);
    this.markdown = options.markdown ?? true;
    this.noteAccess = options.noteAccess;
    this.lookup = new NoteLookup(this.docs);
    this.shell = new ShellHelp(
      this.docs,
      () => this.markdown,
      () => this.hoverRender,
    );
  }

  configure(settings: Partial<Settings>, markdown?: boolean, noteAccess?: NoteAccess): void {
    this.settings = { ...this.settings, ...settings };
    if (markdown !== undefined) this.markdown = markdown;
    if (noteAccess !== undefined) this.noteAccess = noteAccess;
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
        const lazy = new LazyDockerfile(
          text,
          document.lineCount,
          previous?.kind === 'dockerfile' ? previous.lazy : undefined,
        );
        let model: DockerfileModel | undefined;
        // the last model an earlier version built: its lexed instructions outside the edit are
        // taken over (then let go)
        let earlier = previous?.kind === 'dockerfile' ? previous.lastModel?.() : undefined;
        const loneCR = text.includes('\r') && /\r(?!\n)/.test(text);
        return {
          kind,
          lazy,
          get ast() {
            return lazy.full();
          },
          at: (line: number, completion?: boolean) => lazy.at(line, completion),
          stages: () => lazy.stages(),
          parts: () => lazy.parts(),
          cutAt: (pos: Position) => lazy.cutAt(pos),
          instructionOf: (line: number) => lazy.instructionOf(line),
          model: () => {
            if (!model) {
              model = new DockerfileModel(text, {
                outline: loneCR ? undefined : lazy.scan(),
                previous: earlier,
              });
              earlier = undefined;
            }
            return model;
          },
          lastModel: () => model ?? earlier,
        };
      }
      case 'compose': {
        const lazy = new LazyCompose(
          text,
          document.lineCount,
          previous?.kind === 'compose' ? previous.lazy : undefined,
        );
        // the pieces an earlier version's symbol table read are taken over by their text
        let cache = previous?.kind === 'compose' ? previous.pieceCache?.() : undefined;
        // and so are the checks' findings in chunks of entries (a large document's only)
        const checkMemo = lazy.large
          ? ((previous?.kind === 'compose' ? previous.checkMemo : undefined) ??
            new ComposeCheckMemo())
          : undefined;
        let index: ComposeIndex | undefined;
        return {
          kind,
          lazy,
          get compose() {
            return lazy.full();
          },
          at: (line: number) => lazy.at(line),
          hoverAt: (line: number) => lazy.hoverAt(line),
          top: () => lazy.top(),
          parts: (reuse?: (key: string) => boolean) => lazy.parts(reuse),
          checkMemo,
          index: () => {
            if (index) return index;
            const pieces = lazy.pieces();
            // a large document that cannot be cut into entries is not navigated (see work.ts)
            const whole = (): Document.Parsed[] =>
              lazy.large && text.length > MAX_COMPOSE_PIECE_CHARS ? [] : lazy.full().docs;
            return (index = new ComposeIndex(text, pieces, whole, cache));
          },
          pieceCache: () => index?.cache ?? cache,
          standaloneIndex: () => new ComposeIndex(text, lazy.pieces(), () => [], new Map()),
          adopt: (pieces: readonly PieceExport[]) => {
            if (!lazy.large) return;
            const into: PieceCache = index?.cache ?? cache ?? new Map<string, never>();
            cache ??= into;
            adoptPieces(into, pieces);
          },
          cutAt: (pos: Position) => lazy.cutAt(pos.line, pos.character),
        };
      }
      case 'markdown':
        return { kind, blocks: markdownShellBlocks(text) };
      case 'shell':
        return { kind };
      case 'makefile':
        return { kind };
      case 'dockerignore':
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
    inputs: CheckInputs = {},
  ): Hover | null {
    // links to notes that this hover makes (More…, See also): the only command links it keeps
    const made = new Set<string>();
    this.hoverRender = { card: true, links: this.links(made) };
    let hover: Hover | null;
    try {
      hover = this.hoverOf(document, position, parsed, inputs);
    } finally {
      this.hoverRender = {};
    }
    // hover text holds words of the user's document: whatever they are, no raw HTML and no command links
    if (hover && MarkupContent.is(hover.contents) && hover.contents.kind === 'markdown') {
      hover.contents = {
        kind: 'markdown',
        value: sanitizeMarkdown(hover.contents.value, (target) => made.has(target)),
      };
    }
    return hover;
  }

  /** How rendered notes link to notes; `made` collects the link targets it hands out. */
  private links(made?: Set<string>): NoteLinks {
    const access = this.noteAccess;
    const links: NoteLinks = { concept: (name) => this.concept(name) };
    if (access?.command) {
      const command = access.command;
      links.href = (e) => {
        const target = noteCommandLink(command, e);
        made?.add(target);
        return target;
      };
    }
    if (access?.pointer) {
      const pointer = access.pointer;
      links.pointer = (e) => pointer(lookupName(e));
    }
    return links;
  }

  /** The concept note a `see:` name stands for (by its name or an alias, however written). */
  concept(name: string): NoteEntry | undefined {
    if (!this.concepts) {
      this.concepts = new Map();
      for (const e of this.docs.ofKind('concept'))
        for (const n of [e.name, ...(e.aliases ?? [])]) {
          const k = normalizeName(n);
          if (!this.concepts.has(k)) this.concepts.set(k, e);
        }
    }
    return this.concepts.get(normalizeName(name));
  }

  private hoverOf(
    document: TextDocument,
    position: Position,
    parsed: Parsed,
    inputs: CheckInputs,
  ): Hover | null {
    const pos = clampPosition(position, document.lineCount);
    if (!pos) return null;
    const ctx = this.ctx();
    switch (parsed.kind) {
      case 'dockerfile':
        if (!this.settings.dockerfile.hover) return null;
        if (parsed.cutAt?.(pos)) return this.tooLong('instruction', MAX_INSTRUCTION_CHARS);
        return dockerfileHover(ctx, document, parsed.at(pos.line), pos);
      case 'compose':
        if (!this.settings.compose.hover) return null;
        if (parsed.cutAt?.(pos)) return this.tooLong('entry', MAX_ENTRY_CHARS);
        return composeHover(
          { ...ctx, env: inputs.env },
          document,
          parsed.hoverAt ? parsed.hoverAt(pos.line) : parsed.at(pos.line),
          pos,
        );
      case 'shell':
      case 'makefile':
      case 'markdown': {
        if (!this.settings.cli.hover) return null;
        const region = this.regionAt(document, parsed, document.offsetAt(pos));
        if (!region) return null;
        return this.shell.hover(
          document,
          region.text,
          region.start,
          document.offsetAt(pos),
          region.escape,
        );
      }
      case 'dockerignore':
        // part of the Dockerfile's build: follows the Dockerfile hover setting
        if (!this.settings.dockerfile.hover) return null;
        return dockerignoreHover(this.docs, this.markdown, document, pos);
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
        if (!this.settings.dockerfile.completion || parsed.cutAt?.(pos)) return empty;
        {
          // in a large document, no window is parsed where completion has nothing to offer
          const where = parsed.instructionOf?.(pos.line);
          const prefix = document.getText({ start: { line: pos.line, character: 0 }, end: pos });
          if (where && !completionMayOffer(where.keyword, where.first, prefix, where.before))
            return empty;
        }
        items = dockerfileCompletion(ctx, document, parsed.at(pos.line, true), pos, () =>
          parsed.stages(),
        );
        break;
      case 'compose':
        if (!this.settings.compose.completion || parsed.cutAt?.(pos)) return empty;
        // each lookup parses what it reads: a key typed at the top level or under a section
        // parses no entry of a large document
        items = composeCompletion(
          ctx,
          document,
          (line) => (line < 0 ? (parsed.top?.() ?? parsed.at(0)) : parsed.at(line)),
          pos,
        );
        break;
      case 'shell':
      case 'makefile':
      case 'markdown': {
        if (!this.settings.cli.completion) return empty;
        const offset = document.offsetAt(pos);
        const region = this.regionAt(document, parsed, offset);
        if (!region) return empty;
        items = this.shell.complete(document, region.text, region.start, offset, region.escape);
        break;
      }
      case 'dockerignore':
      case 'none':
      default:
        return empty;
    }
    return { isIncomplete: false, items };
  }

  /**
   * Inlay hints in a range: in compose files the value after each `${VAR}` (from `inputs.env`)
   * and the host and container sides of short port mappings; in Dockerfiles the value after each
   * variable of an instruction.
   */
  doInlayHints(
    document: TextDocument,
    range: Range,
    parsed: Parsed = this.parse(document),
    inputs: CheckInputs = {},
  ): InlayHint[] {
    const on = this.settings.inlayHints ?? { variables: true, ports: true };
    switch (parsed.kind) {
      case 'compose':
        if (!on.variables && !on.ports) return [];
        return composeInlayHints(this.docs, document, range, (l) => parsed.at(l), inputs.env, on);
      case 'dockerfile':
        if (!on.variables) return [];
        return dockerfileInlayHints(this.docs, document, range, (l) => parsed.at(l));
      case 'shell':
      case 'makefile':
      case 'markdown':
      case 'dockerignore':
      case 'none':
        return [];
    }
  }

  /** The diagnostics of the rules (docs/rules.md) for a document. */
  doValidate(
    document: TextDocument,
    parsed: Parsed = this.parse(document),
    inputs: CheckInputs = {},
  ): Diagnostic[] {
    const steps = this.validateSteps(document, parsed, inputs);
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
    inputs: CheckInputs = {},
  ): Generator<void, Diagnostic[]> {
    if (parsed.kind === 'dockerfile' && this.settings.dockerfile.diagnostics === false) return [];
    if (parsed.kind === 'compose' && this.settings.compose.diagnostics === false) return [];
    if (
      (parsed.kind === 'shell' || parsed.kind === 'makefile' || parsed.kind === 'markdown') &&
      this.settings.cli.diagnostics === false
    )
      return [];
    const out = yield* checkDocument(
      this.checkContext(),
      document,
      parsed,
      inputs,
      MAX_DIAGNOSTICS,
    );
    out.sort(
      (a, b) =>
        a.range.start.line - b.range.start.line ||
        a.range.start.character - b.range.start.character,
    );
    return out.slice(0, MAX_DIAGNOSTICS);
  }

  /**
   * Work that makes later requests on this version fast, one step at a time, for the adapter to
   * run while the editor is idle: a large compose document's symbol table (navigation).
   */
  *prepareSteps(parsed: Parsed): Generator<void, void> {
    if (parsed.kind === 'compose') yield* parsed.index().warm();
  }

  /**
   * What `prepareSteps` builds, as plain data in batches, for another thread's parse of this or a
   * later version (`adoptNavigation`): a large compose document's pieces but those whose keys are
   * in `known`, built over an empty cache (nothing is kept). Returns the keys of all its pieces
   * (the next version's `known`). Nothing for other documents.
   */
  *exportNavigation(
    parsed: Parsed,
    known: ReadonlySet<string>,
  ): Generator<PieceExport[], readonly string[]> {
    if (parsed.kind !== 'compose' || !parsed.standaloneIndex) return [];
    return yield* parsed.standaloneIndex().exportPieces(known, NAVIGATION_BATCH);
  }

  /** Take over what `exportNavigation` gave for this or an earlier version of the document. */
  adoptNavigation(parsed: Parsed, pieces: readonly PieceExport[]): void {
    if (parsed.kind === 'compose') parsed.adopt?.(pieces);
  }

  /**
   * Code actions for a range: the quick fixes of the diagnostics in `context` (from their data),
   * "disable this rule for this file", and the "fix all" source action when asked for.
   * `checked`: this version's diagnostics when the caller has them (fix all reads them instead of
   * checking the document again).
   */
  doCodeActions(
    document: TextDocument,
    range: Range,
    context: CodeActionContext,
    parsed: Parsed = this.parse(document),
    inputs: ConvertInputs = {},
    checked?: Diagnostic[],
  ): CodeAction[] {
    const out = codeActions(
      this.checkContext(),
      document,
      range,
      context,
      parsed,
      () => checked ?? this.doValidate(document, parsed),
    );
    out.push(...this.conversionActions(document, range, context, parsed, inputs));
    return out;
  }

  /**
   * When a `docker run` command is at the range: the compose files to look for beside the
   * document, in compose's order (the adapter reads the first that exists, see ConvertInputs).
   */
  conversionTarget(
    document: TextDocument,
    range: Range,
    parsed: Parsed = this.parse(document),
    only?: readonly string[],
  ): { folder: string; names: readonly string[] } | undefined {
    // (fix all on save and other requests for other kinds of action need no compose file)
    if (!wants(only, CONVERT_KIND) || !this.dockerRunIn(document, range, parsed)) return undefined;
    return { folder: folderOf(document.uri), names: COMPOSE_DEFAULT_NAMES };
  }

  /** The `docker run` command line of a compose service (multi-line), or undefined. */
  dockerRunOf(
    document: TextDocument,
    service: string,
    parsed: Parsed = this.parse(document),
  ): string | undefined {
    if (parsed.kind !== 'compose') return undefined;
    return dockerRunText(this.docs, document.uri, parsed.compose, service);
  }

  /** A `docker run …` command line as a compose file holding it as a service, or undefined. */
  composeOfRun(commandLine: string): string | undefined {
    for (const cmd of readCommands(commandLine)) {
      const conv = runToCompose(this.docs, cmd.words);
      if (conv) return composeFileText(this.docs, conv);
    }
    return undefined;
  }

  private conversionActions(
    document: TextDocument,
    range: Range,
    context: CodeActionContext,
    parsed: Parsed,
    inputs: ConvertInputs,
  ): CodeAction[] {
    const pos = clampPosition(range.start, document.lineCount);
    if (!pos) return [];
    if (parsed.kind === 'compose') {
      if (!wants(context.only, COPY_RUN_KIND)) return [];
      const a = copyAsRunAction(
        this.docs,
        document.uri,
        parsed.at(pos.line),
        document.offsetAt(pos),
      );
      return a ? [a] : [];
    }
    if (!wants(context.only, CONVERT_KIND)) return [];
    const cmd = this.dockerRunIn(document, range, parsed);
    const a = cmd && convertAction(this.docs, cmd, inputs);
    return a ? [a] : [];
  }

  private dockerRunIn(document: TextDocument, range: Range, parsed: Parsed) {
    const pos = clampPosition(range.start, document.lineCount);
    if (!pos) return undefined;
    const offset = document.offsetAt(pos);
    const region = this.shellRegionAt(document, parsed, offset);
    const cmd = region ? dockerRunAt(this.docs, region, offset) : undefined;
    if (!cmd || parsed.kind !== 'makefile') return cmd;
    // the region blanks make's syntax for the help; the conversion reads the words make hands on
    const again = readCommands(
      makeRecipeText(
        document.getText().slice(cmd.start, cmd.end),
        makeDefaults(document.getText()),
      ),
      cmd.start,
    )[0];
    return again && isConvertibleRun(this.docs, again.words)
      ? { ...again, start: cmd.start, end: cmd.end }
      : undefined;
  }

  /** The shell text around an offset: a script, a Makefile line, a Markdown block, a RUN. */
  private shellRegionAt(
    document: TextDocument,
    parsed: Parsed,
    offset: number,
  ): ShellRegion | undefined {
    if (parsed.kind === 'dockerfile') {
      const pos = document.positionAt(offset);
      const ast = parsed.at(pos.line);
      const instr = instructionAt(ast, pos);
      const args = instr?.getKeyword().toUpperCase() === 'RUN' ? instr.getArgumentsRange() : null;
      if (!instr || !args) return undefined;
      const start = document.offsetAt(args.start);
      const end = document.offsetAt(instr.getRange().end);
      return {
        start,
        text: document.getText().slice(start, end),
        escape: ast.getEscapeCharacter(),
      };
    }
    const region = this.regionAt(document, parsed, offset);
    return region ? { ...region, escape: '\\' } : undefined;
  }

  private checkContext(): { docs: DocsIndex; levels: RuleLevels } {
    return { docs: this.docs, levels: this.settings.rules ?? {} };
  }

  /**
   * Explain a docker command line or a Dockerfile line (a breakdown of its parts), or look a
   * keyword up: its best meaning whole, then the other meanings one line each.
   */
  explain(text: string): ExplainResult | null {
    const trimmed = text.trim();
    // a bare command path (`docker network create`, `kubectl`) explains the command's note
    const bare = this.docs.command(
      trimmed.replace(/\s+/g, ' ').replace(/^docker-compose\b/, 'docker compose'),
    );
    if (bare) {
      const view = this.renderMatch({ note: bare });
      return { kind: 'note', notes: [bare], ...view };
    }
    // a note's own name or alias (`RUN --mount`, `docker engine`) before the breakdown of a line
    // (a command with one flag, `docker ps -a`, is a command line)
    const exact = this.lookup.find(trimmed, 12, 1).filter((m) => !m.flag);
    if (exact.length) return this.explainMatches(exact, trimmed);
    const line = explainDockerfileLine(trimmed, { docs: this.docs, shell: this.shell });
    if (line) return { kind: 'command', ...line };
    const cmd = this.shell.explain(trimmed);
    if (cmd) {
      // titled by the command path: the program and the subcommands after it
      let n = 1;
      while (n < cmd.rows.length && cmd.rows[n].role === 'command') n++;
      return {
        kind: 'command',
        title: cmd.rows
          .slice(0, n)
          .map((r) => r.text)
          .join(' '),
        rows: cmd.rows,
        text: cmd.text,
        markdown: cmd.markdown,
      };
    }
    return this.explainMatches(this.findMatches(trimmed), trimmed);
  }

  /** The best meaning whole, then the other meanings one line each (null when there is none). */
  private explainMatches(matches: NoteMatch[], keyword: string): ExplainResult | null {
    if (!matches.length) return null;
    // the other meanings of the same words (an exact name also lists what else the words mean)
    const more = this.findMatches(keyword).filter(
      (m) => !matches.some((x) => x.note === m.note && x.flag === m.flag),
    );
    const best = this.renderMatch(matches[0]);
    const others = [...matches.slice(1), ...more].slice(0, 11);
    const other = (md: boolean): string =>
      others.length
        ? `\n\n${md ? '**Other meanings:**' : 'Other meanings:'}\n${others
            .map((m) => {
              const name = matchTitle(m);
              const summary = m.flag ? m.flag.summary : m.note.summary;
              return md ? `- \`${name}\` — ${summary}` : `  ${name} — ${summary}`;
            })
            .join('\n')}`
        : '';
    return {
      kind: 'note',
      title: best.title,
      notes: [...new Set([matches[0], ...others].map((m) => m.note))],
      text: best.text + other(false),
      markdown: best.markdown + other(true),
    };
  }

  /** The meanings of a keyword, best first: exact names, aliases, then the most common meaning. */
  findMatches(keyword: string, limit = 12): NoteMatch[] {
    return this.lookup.find(keyword, limit);
  }

  /** Every note, the most common meaning of a name first. */
  rankedNotes(): NoteEntry[] {
    return this.lookup.all();
  }

  /** The notes a keyword finds, best first (a docker command's flag finds the command's note). */
  findNotes(keyword: string): NoteEntry[] {
    return [...new Set(this.findMatches(keyword).map((m) => m.note))];
  }

  /** A note (or a command's flag) whole, as the full-note view and `explain` show it. */
  renderMatch(m: NoteMatch): NoteView {
    const render = (md: boolean): string => {
      const links = this.links();
      if (m.flag) return renderFlag(m.note, m.flag, { markdown: md, links });
      if (m.note.kind === 'cli-command') return this.shell.renderCommandText(m.note, md, { links });
      return renderNote(m.note, { markdown: md, links });
    };
    return { title: matchTitle(m), markdown: render(true), text: stripMarkdown(render(false)) };
  }

  /** The note a client names by its key (a More… or See also link), rendered whole. */
  note(ref: NoteRef): NoteView | null {
    const e = this.docs.entries.find(
      (x) =>
        x.kind === ref.kind && x.name === ref.name && (x.context ?? '') === (ref.context ?? ''),
    );
    return e ? this.renderMatch({ note: e }) : null;
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
      const cmd = region
        ? this.shell.commandAt(region.text, region.start, offset, region.escape)
        : undefined;
      // the region's text (prompts and make's prefixes blanked), one line per continuation
      if (cmd && region) {
        text = region.text.slice(cmd.start - region.start, cmd.end - region.start);
        if (region.escape === '`') text = text.replace(/`\r?\n/g, ' ');
      }
    } else if (parsed.kind === 'dockerfile') {
      // the whole instruction under the cursor (with its continuation lines), part by part
      const instr = instructionAt(parsed.at(pos.line), pos);
      if (instr) text = document.getText(instr.getRange());
    } else {
      text = document.getText({
        start: { line: pos.line, character: 0 },
        end: { line: pos.line + 1, character: 0 },
      });
      text = text.replace(/^\s*RUN\s+/i, '');
    }
    // a request reads one command line of MAX_SHELL_LINE_CHARS at most (see work.ts)
    return text ? this.explain(text.slice(0, MAX_SHELL_LINE_CHARS).replace(/\\\r?\n/g, ' ')) : null;
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
      case 'dockerignore':
      case 'none':
        return empty;
    }
  }

  /** The hover for a position past what a request reads (the limits are in work.ts). */
  private tooLong(what: TooLong, limit: number): Hover | null {
    const value = tooLongText(
      this.docs.get('concept', LONG_LINES_NOTE),
      what,
      limit,
      this.markdown,
    );
    return value ? { contents: { kind: this.markdown ? 'markdown' : 'plaintext', value } } : null;
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
      case 'dockerignore':
      case 'none':
      default:
        return undefined;
    }
  }

  private ctx(): {
    docs: DocsIndex;
    markdown: boolean;
    shell: ShellHelp;
    cliEnabled: boolean;
    render: NoteRenderOptions;
  } {
    return {
      docs: this.docs,
      markdown: this.markdown,
      shell: this.shell,
      cliEnabled: this.settings.cli.hover || this.settings.cli.completion,
      render: this.hoverRender,
    };
  }
}

/** What a view of a note (or a flag) is titled: the words that name it. */
export function matchTitle(m: NoteMatch): string {
  if (m.flag) return `${m.note.name} ${m.flag.short ? `${m.flag.short}, ` : ''}${m.flag.name}`;
  return m.note.kind === 'compose-key' ? displayPath(m.note.name) : lookupName(m.note);
}

/** A command link that opens a note: `command:ID?[{"kind":…,"name":…,"context":…}]`, URI-encoded. */
export function noteCommandLink(command: string, e: NoteEntry): string {
  const ref: NoteRef = { kind: e.kind, name: e.name, ...(e.context ? { context: e.context } : {}) };
  const args = encodeURIComponent(JSON.stringify([ref])).replace(
    /[()'!*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `command:${command}?${args}`;
}
