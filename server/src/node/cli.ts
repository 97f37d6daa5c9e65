/**
 * The command-line front end: the same language service as the server, on files.
 *   docker-inline-help hover FILE LINE:COL      (1-based line and column, as editors show them)
 *   docker-inline-help complete FILE LINE:COL
 *   docker-inline-help explain TEXT             (a docker command line, or a keyword)
 *   docker-inline-help check [--format F] [--strict] PATH...   (the rules, for CI: see check.ts)
 *   docker-inline-help convert run "docker run …" | convert compose FILE SERVICE   (convert.ts)
 * Options: --json (machine output), --markdown (hover as markdown), --language ID, --notes DIR.
 */
import { readFileSync } from 'node:fs';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { compileNotes } from '../compiler/compileNotes';
import { LanguageService, languageIdForPath } from '../service/languageService';
import { stripMarkdown } from '../service/docs/render';
import type { DocsIndexData } from '../service/types';
import { CHECK_USAGE, runCheck } from './check';
import { CONVERT_USAGE, runConvert } from './convert';
import { envInputFor, loadBuiltinNotes, readNotesFolder } from './runtime';

const USAGE = `usage:
  docker-inline-help hover FILE LINE:COL [--json] [--markdown]
  docker-inline-help complete FILE LINE:COL [--json]
  docker-inline-help explain TEXT [--json] [--markdown]
  ${CHECK_USAGE}
  ${CONVERT_USAGE}
options:
  --language ID   treat FILE as this languageId (dockerfile, dockercompose, yaml, shellscript, makefile, markdown)
  --notes DIR     also load your own notes from DIR (they override built-in notes with the same key)
LINE and COL are 1-based, as editors show them.`;

interface Args {
  positional: string[];
  json: boolean;
  markdown: boolean;
  language?: string;
  notes: string[];
}

function parseArgs(argv: string[]): Args {
  const a: Args = { positional: [], json: false, markdown: false, notes: [] };
  for (let i = 0; i < argv.length; i++) {
    const x = argv[i];
    if (x === '--json') a.json = true;
    else if (x === '--markdown') a.markdown = true;
    else if (x === '--language') a.language = argv[++i];
    else if (x.startsWith('--language=')) a.language = x.slice(11);
    else if (x === '--notes') a.notes.push(argv[++i]);
    else if (x.startsWith('--notes=')) a.notes.push(x.slice(8));
    else if (x === '-h' || x === '--help') {
      process.stdout.write(`${USAGE}\n`);
      process.exit(0);
    } else a.positional.push(x);
  }
  return a;
}

function fail(msg: string, code = 2): never {
  process.stderr.write(`docker-inline-help: ${msg}\n`);
  process.exit(code);
}

async function main(): Promise<void> {
  // a reader that stops early (`| head`) closes the pipe: that ends the output, it is not an error
  process.stdout.on('error', (e: NodeJS.ErrnoException) =>
    e.code === 'EPIPE' ? process.exit(0) : fail(e.message, 1),
  );
  const args = parseArgs(process.argv.slice(2));
  const [verb, ...rest] = args.positional;
  if (!verb) fail(USAGE);
  const sources: DocsIndexData[] = [loadBuiltinNotes()];
  for (const dir of args.notes) {
    const { files, error } = await readNotesFolder(resolve(dir));
    if (error) fail(`cannot read notes folder ${dir}: ${error}`);
    const { index, problems } = compileNotes(files, { user: true });
    for (const p of problems) process.stderr.write(`${dir}/${p.file}:${p.line}: ${p.message}\n`);
    sources.push(index);
  }
  const service = new LanguageService({ notes: sources, markdown: args.markdown || args.json });

  if (verb === 'check') {
    process.exitCode = await runCheck(
      service,
      rest,
      (s) => process.stdout.write(s),
      (s) => process.stderr.write(s),
    );
    return;
  }
  if (verb === 'convert') {
    process.exitCode = runConvert(
      service,
      rest,
      (s) => process.stdout.write(s),
      (s) => process.stderr.write(s),
    );
    return;
  }
  if (verb === 'explain') {
    const text = rest.join(' ');
    if (!text.trim()) fail('explain needs a TEXT argument');
    const r = service.explain(text);
    if (!r) {
      if (args.json) process.stdout.write('null\n');
      else process.stderr.write(`nothing known about: ${text}\n`);
      process.exit(1);
    }
    if (args.json)
      process.stdout.write(
        `${JSON.stringify(r.kind === 'command' ? { kind: r.kind, rows: r.rows } : { kind: r.kind, markdown: r.markdown }, null, 2)}\n`,
      );
    else process.stdout.write(`${args.markdown ? r.markdown : r.text}\n`);
    return;
  }
  if (verb !== 'hover' && verb !== 'complete') fail(`unknown command ${verb}\n${USAGE}`);
  const [file, lc] = rest;
  if (!file || !lc) fail(`${verb} needs FILE and LINE:COL`);
  const m = /^(\d+):(\d+)$/.exec(lc);
  if (!m) fail(`position must be LINE:COL (1-based), got ${lc}`);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    fail(`cannot read ${file}: ${e instanceof Error ? e.message : String(e)}`);
  }
  const languageId = args.language ?? languageIdForPath(file);
  const doc = TextDocument.create(pathToFileURL(resolve(file)).toString(), languageId, 1, text);
  const position = { line: Number(m[1]) - 1, character: Number(m[2]) - 1 };
  if (verb === 'hover') {
    // a compose file's values come from the .env next to it, as in the editor
    const h = service.doHover(doc, position, undefined, envInputFor(doc));
    if (args.json) {
      process.stdout.write(`${JSON.stringify(h, null, 2)}\n`);
      process.exit(h ? 0 : 1);
    }
    if (!h) {
      process.stderr.write(`no help at ${file}:${lc}\n`);
      process.exit(1);
    }
    const contents = h.contents as { value: string };
    process.stdout.write(`${args.markdown ? contents.value : stripMarkdown(contents.value)}\n`);
    return;
  }
  const list = service.doComplete(doc, position);
  if (args.json) {
    process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
    process.exit(list.items.length ? 0 : 1);
  }
  if (!list.items.length) {
    process.stderr.write(`no completions at ${file}:${lc}\n`);
    process.exit(1);
  }
  const width = Math.min(36, Math.max(...list.items.map((i) => i.label.length)));
  const sorted = [...list.items].sort((a, b) =>
    (a.sortText ?? a.label).localeCompare(b.sortText ?? b.label),
  );
  process.stdout.write(
    sorted.map((item) => `${item.label.padEnd(width)}  ${item.detail ?? ''}\n`).join(''),
  );
}

main().catch((e) => fail(e instanceof Error ? e.message : String(e), 1));
