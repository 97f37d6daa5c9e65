/**
 * The conversion code actions. On a `docker run` command: "Convert to a compose service", a
 * workspace edit on the compose file next to the document (created when there is none), with a
 * command that opens it at the new service. On a compose service: "Copy as docker run", a command
 * with the command line as its argument (the client puts it on the clipboard).
 *
 * The service reads no file: the adapter (or the CLI) hands over the compose file next to the
 * document, found under compose's own default names, as `ConvertInputs`.
 */
import {
  CodeActionKind,
  type CodeAction,
  type Command,
  type Position,
  type WorkspaceEdit,
} from 'vscode-languageserver-types';
import { isMap, isPair, isScalar } from 'yaml';
import type { DocsIndex } from '../docs/docsIndex';
import { locate, type ParsedCompose } from '../compose/composeParse';
import { logicalLineAt } from '../cli/shellLexer';
import { MAX_SHELL_LINE_CHARS } from '../work';
import { readCommands, type RawCommand } from './commandLine';
import { insertService } from './composeInsert';
import { composeToRun, projectName, runCommandText } from './composeToRun';
import { convertMessage, isConvertibleRun, runToCompose } from './runToCompose';

/** Compose's default file names, in the order `docker compose` looks for them. */
export const COMPOSE_DEFAULT_NAMES = [
  'compose.yaml',
  'compose.yml',
  'docker-compose.yaml',
  'docker-compose.yml',
] as const;

/** The command the client runs after the edit: the server opens the document at a line. */
export const SHOW_DOCUMENT_COMMAND = 'dockerInlineHelp.showDocument';
/**
 * The server command behind "Copy as docker run": arguments [uri, service], result
 * `{ text, message }` (the VS Code extension copies `text` to the clipboard and shows `message`).
 */
export const COPY_RUN_COMMAND = 'dockerInlineHelp.copyAsDockerRun';

export const CONVERT_KIND = `${CodeActionKind.RefactorRewrite}.dockerInlineHelp.toCompose`;
export const COPY_RUN_KIND = `${CodeActionKind.RefactorRewrite}.dockerInlineHelp.toDockerRun`;

export interface ConvertInputs {
  /**
   * The compose file next to the document: the first of COMPOSE_DEFAULT_NAMES that exists, with
   * its text (and its version when the editor has it open), else `compose.yaml` without text.
   */
  composeFile?: { uri: string; text?: string; version?: number | null };
  /** The client applies file creations in a workspace edit (LSP resourceOperations: create). */
  createFiles?: boolean;
}

/** A piece of shell text in a document (a script, a Makefile line, a Markdown block, a RUN). */
export interface ShellRegion {
  start: number;
  text: string;
  escape: string;
}

/** The `docker run` command at an offset of a shell region, read with its quoting. */
export function dockerRunAt(
  docs: DocsIndex,
  region: ShellRegion,
  offset: number,
): RawCommand | undefined {
  const rel = offset - region.start;
  if (rel < 0 || rel > region.text.length) return undefined;
  const { start, end } = logicalLineAt(region.text, rel, region.escape);
  // a command line past what a request reads (work.ts) is not converted: its end is not read
  if (end - start > MAX_SHELL_LINE_CHARS) return undefined;
  // (the lexer counts the characters it reads as work)
  for (const cmd of readCommands(
    region.text.slice(start, end),
    region.start + start,
    region.escape,
  )) {
    if (offset < cmd.start || offset > cmd.end) continue;
    return isConvertibleRun(docs, cmd.words) ? cmd : undefined;
  }
  return undefined;
}

/** The folder of a document URI, with a trailing slash. */
export function folderOf(uri: string): string {
  return uri.slice(0, uri.lastIndexOf('/') + 1);
}

/** "Convert to a compose service" for the command; undefined when the compose file cannot take it. */
export function convertAction(
  docs: DocsIndex,
  command: RawCommand,
  inputs: ConvertInputs,
): CodeAction | undefined {
  const file = inputs.composeFile;
  if (!file) return undefined;
  const conv = runToCompose(docs, command.words);
  if (!conv) return undefined;
  const exists = file.text !== undefined;
  if (!exists && !inputs.createFiles) return undefined;
  const ins = insertService(docs, conv, file.uri, file.text);
  if (!ins) return undefined;
  const edit: WorkspaceEdit = {
    documentChanges: [
      ...(exists
        ? []
        : [{ kind: 'create' as const, uri: file.uri, options: { ignoreIfExists: true } }]),
      {
        textDocument: { uri: file.uri, version: exists ? (file.version ?? null) : null },
        edits: ins.edits,
      },
    ],
  };
  const at: Position = { line: Math.max(0, ins.line), character: 0 };
  const open: Command = {
    title: convertMessage(docs, 'convert', {
      file: decodeURIComponent(file.uri.slice(file.uri.lastIndexOf('/') + 1)),
    }),
    command: SHOW_DOCUMENT_COMMAND,
    arguments: [file.uri, at],
  };
  return { title: open.title, kind: CONVERT_KIND, edit, command: open };
}

/** The name of the service whose entry holds the offset. */
export function serviceNameAt(parsed: ParsedCompose, offset: number): string | undefined {
  const loc = locate(parsed, offset);
  if (!loc || loc.chain.length < 2 || loc.chain[0].key !== 'services') return undefined;
  const pair = loc.chain[1].pair;
  if (!isPair(pair) || !isScalar(pair.key) || !isMap(pair.value)) return undefined;
  return String(pair.key.value);
}

type JsonMap = Parameters<typeof composeToRun>[2];

/** The `docker run` text of a service of a compose document (the whole parse). */
export function dockerRunText(
  docs: DocsIndex,
  uri: string,
  parsed: ParsedCompose,
  service: string,
): string | undefined {
  const doc = parsed.docs[0];
  if (!doc) return undefined;
  let root: unknown;
  // a mapping key that is itself a collection makes the yaml package print a process warning;
  // such a key is no service of ours: keep quiet while converting (the parse is shared, so the
  // level is put back)
  const level = doc.options.logLevel;
  doc.options.logLevel = 'error';
  try {
    root = doc.toJS({ maxAliasCount: 1000 });
  } catch {
    return undefined;
  } finally {
    doc.options.logLevel = level;
  }
  const obj = (v: unknown): JsonMap =>
    v && typeof v === 'object' && !Array.isArray(v) ? (v as JsonMap) : {};
  const r = obj(root);
  const value = obj(r.services)[service];
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const folder = decodeURIComponent(folderOf(uri).replace(/\/$/, '').split('/').pop() ?? '');
  const run = composeToRun(docs, service, value, {
    project: projectName(typeof r.name === 'string' ? r.name : folder),
    volumes: obj(r.volumes),
    networks: obj(r.networks),
  });
  return run ? runCommandText(docs, run) : undefined;
}

/**
 * "Copy as docker run" on a compose service: a command the server runs (COPY_RUN_COMMAND, with the
 * document and the service), answering the command line; the client puts it on the clipboard.
 */
export function copyAsRunAction(
  docs: DocsIndex,
  uri: string,
  parsed: ParsedCompose,
  offset: number,
): CodeAction | undefined {
  const service = serviceNameAt(parsed, offset);
  if (!service) return undefined;
  const title = convertMessage(docs, 'copy');
  return {
    title,
    kind: COPY_RUN_KIND,
    command: { title, command: COPY_RUN_COMMAND, arguments: [uri, service] },
  };
}
