/**
 * Domain types of the knowledge base, shared by the compiler and the service.
 * The service speaks LSP *types* (vscode-languageserver-types via the textdocument package),
 * never the LSP connection.
 */

export const NOTE_KINDS = [
  'dockerfile-instruction',
  'dockerfile-directive',
  'dockerfile-flag',
  'dockerfile-mount-type',
  'dockerfile-mount-option',
  'dockerfile-arg',
  'dockerfile-keyword',
  'compose-key',
  'cli-command',
  'concept',
] as const;

export type NoteKind = (typeof NOTE_KINDS)[number];

export const COMPOSE_SHAPES = ['scalar', 'mapping', 'named-mapping', 'sequence', 'dict'] as const;
export type ComposeShape = (typeof COMPOSE_SHAPES)[number];

export interface NoteValue {
  value: string;
  summary?: string;
}

export interface CliFlag {
  name: string;
  short?: string;
  type?: string;
  default?: string;
  summary: string;
  values?: NoteValue[];
  compose?: string;
  details?: string;
  deprecated?: string;
  /** Other spellings the CLI accepts for this flag without listing them in its help (`--net`). */
  aliases?: string[];
  /** Accepted by the CLI but not listed in its help: not offered by completion. */
  hidden?: boolean;
}

export interface NoteEntry {
  kind: NoteKind;
  name: string;
  context?: string;
  summary: string;
  syntax?: string;
  aliases?: string[];
  values?: NoteValue[];
  default?: string;
  since?: string;
  deprecated?: string;
  reference?: string;
  keywords?: string[];
  /** Names of concept notes this note links to (one "See also" line, not pasted in). */
  see?: string[];
  /** concept: one-line texts by id that the code fills in (`{name}`) and shows with the note. */
  messages?: Record<string, string>;
  /** How common this meaning of its name is (1 = the most common); lookups rank it first. */
  common?: number;
  /* compose-key */
  shape?: ComposeShape;
  type?: string;
  refers?: string;
  docker_run?: string;
  /* cli-command */
  usage?: string;
  flags?: CliFlag[];
  /** The markdown body: the hover text. */
  body: string;
  /** Where the note came from (relative path), for messages. */
  source: string;
  /** True when the note comes from a user's notes folder. */
  user?: boolean;
}

/** Where a snippet is offered (its text is valid there). */
export const SNIPPET_CONTEXTS = ['file', 'service', 'top-level', 'instruction'] as const;
export type SnippetContext = (typeof SNIPPET_CONTEXTS)[number];

/** A snippet of snippets/*.json, read by the build (the files stay the source). */
export interface SnippetData {
  language: 'dockerfile' | 'compose';
  /** The snippet's title (its key in the file). */
  name: string;
  prefix: string;
  /** The body, lines joined, in the LSP snippet syntax. */
  body: string;
  description?: string;
  /**
   * `file`: a whole file, at the top level of a file that has nothing it would clash with yet;
   * `top-level`: a top-level key of a compose file; `service`: an entry under `services:`;
   * `instruction`: where an instruction starts in a Dockerfile.
   */
  context: SnippetContext;
}

export interface DocsIndexData {
  version: 1;
  entries: NoteEntry[];
  /**
   * How often real files use a key, flag or value (docs-data/usage.json, made by
   * scripts/usage-counts.mjs): by note key (`compose-key||services.*.image`), `key=value` for
   * values, `cli-flag|docker run|--publish` for docker CLI flags. Completion ranks by it.
   */
  usage?: Record<string, number>;
  /** The snippets of snippets/*.json (built-in notes only). */
  snippets?: SnippetData[];
}

export interface NoteProblem {
  file: string;
  line: number;
  message: string;
}

export type DocumentKind =
  'dockerfile' | 'compose' | 'shell' | 'makefile' | 'markdown' | 'dockerignore' | 'none';
