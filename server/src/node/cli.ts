/**
 * The command-line front end: the same language service as the server, on files.
 *   docker-inline-help hover FILE LINE:COL      (1-based line and column, as editors show them)
 *   docker-inline-help complete FILE LINE:COL
 *   docker-inline-help explain TEXT             (a docker command line, a Dockerfile line, or a keyword)
 *   docker-inline-help check [--format F] [--strict] PATH...   (the rules, for CI: see check.ts)
 *   docker-inline-help convert run "docker run …" | convert compose FILE SERVICE   (convert.ts)
 * Options: --json (machine output), --markdown (hover as markdown), --language ID, --notes DIR,
 * --help, --version. FILE `-` is standard input (with --language).
 */
import { readFileSync } from 'node:fs';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { compileNotes } from '../compiler/compileNotes';
import { LANGUAGE_IDS, LanguageService, languageIdForPath } from '../service/languageService';
import { filterCompletions } from '../service/completionFilter';
import { stripMarkdown } from '../service/docs/render';
import type { DocsIndexData } from '../service/types';
import { CHECK_USAGE, runCheck } from './check';
import { CONVERT_USAGE, runConvert, shellWord } from './convert';
import { envInputFor, loadBuiltinNotes, packageVersion, readNotesFolder } from './runtime';

const USAGE = `usage:
  docker-inline-help hover FILE LINE:COL [--json] [--markdown]
  docker-inline-help complete FILE LINE:COL [--json]
  docker-inline-help explain TEXT [--json] [--markdown]
  ${CHECK_USAGE}
  ${CONVERT_USAGE}
options:
  --language ID   treat FILE as this languageId (${LANGUAGE_IDS.slice(0, 6).join(', ')})
  --notes DIR     also load your own notes from DIR (they override built-in notes with the same key)
  --json          machine output (the LSP Hover / CompletionList)
  --markdown      markdown instead of plain text
  --help          this text
  --version       the version
FILE - reads the file from standard input (give --language). LINE and COL are 1-based, as editors
show them. hover prints a short card when the note is long; explain prints the whole note.
Exit codes: 0 found, 1 nothing found, 2 usage error.`;

const OPTIONS = '--json, --markdown, --language ID, --notes DIR, --help, --version';

interface Args {
  positional: string[];
  json: boolean;
  markdown: boolean;
  language?: string;
  notes: string[];
  help: boolean;
  version: boolean;
}

class UsageError extends Error {}

function parseArgs(argv: string[]): Args {
  const a: Args = {
    positional: [],
    json: false,
    markdown: false,
    notes: [],
    help: false,
    version: false,
  };
  const value = (i: number, name: string): string => {
    const v = argv[i];
    if (v === undefined || v === '') throw new UsageError(`${name} needs a value`);
    return v;
  };
  let options = true;
  for (let i = 0; i < argv.length; i++) {
    const x = argv[i];
    // after `convert run` every word belongs to the docker command line being converted
    if (a.positional[0] === 'convert' && a.positional[1] === 'run') a.positional.push(x);
    // (`-1:3` is a position, read as one to say that positions start at 1)
    else if (!options || x === '-' || !x.startsWith('-') || /^-\d+:-?\d+$/.test(x))
      a.positional.push(x);
    else if (x === '--') options = false;
    else if (x === '--json') a.json = true;
    else if (x === '--markdown') a.markdown = true;
    else if (x === '--language') a.language = value(++i, '--language');
    else if (x.startsWith('--language=')) a.language = value(i, '--language').slice(11);
    else if (x === '--notes') a.notes.push(value(++i, '--notes'));
    else if (x.startsWith('--notes=')) a.notes.push(x.slice(8));
    else if (x === '-h' || x === '--help') a.help = true;
    else if (x === '--version') a.version = true;
    // explain's TEXT is a command line: its flags are words of the text; check reads its own
    else if (['explain', 'check', 'convert'].includes(a.positional[0] ?? '')) a.positional.push(x);
    else throw new UsageError(`unknown option ${x} (options: ${OPTIONS})`);
  }
  if (a.language !== undefined && !(LANGUAGE_IDS as readonly string[]).includes(a.language)) {
    throw new UsageError(
      `unknown language ${JSON.stringify(a.language)} (one of: ${LANGUAGE_IDS.join(', ')})`,
    );
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
  let args: Args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (e) {
    if (e instanceof UsageError) fail(`${e.message}\n(docker-inline-help --help shows the usage)`);
    throw e;
  }
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (args.version) {
    process.stdout.write(`docker-inline-help ${packageVersion()}\n`);
    return;
  }
  const [verb, ...rest] = args.positional;
  if (!verb) fail(USAGE);
  if (!['hover', 'complete', 'explain', 'check', 'convert'].includes(verb))
    fail(`unknown command ${verb}\n${USAGE}`);
  const sources: DocsIndexData[] = [loadBuiltinNotes()];
  for (const dir of args.notes) {
    const { files, error } = await readNotesFolder(resolve(dir));
    if (error) fail(`cannot read notes folder ${dir}: ${error}`);
    const { index, problems } = compileNotes(files, { user: true });
    for (const p of problems) process.stderr.write(`${dir}/${p.file}:${p.line}: ${p.message}\n`);
    sources.push(index);
  }
  // a hover that shows a card says how to read the whole note: this CLI's explain
  const notesArgs = args.notes.map((d) => ` --notes ${shellWord(d)}`).join('');
  const service = new LanguageService({
    notes: sources,
    markdown: args.markdown || args.json,
    noteAccess: {
      pointer: (lookup) => `More: docker-inline-help explain ${shellWord(lookup)}${notesArgs}`,
    },
  });

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
        `${JSON.stringify(r.kind === 'command' ? { kind: r.kind, title: r.title, rows: r.rows } : { kind: r.kind, title: r.title, markdown: r.markdown }, null, 2)}\n`,
      );
    else process.stdout.write(`${args.markdown ? r.markdown : r.text}\n`);
    return;
  }
  const [file, lc, ...extra] = rest;
  if (!file || !lc) fail(`${verb} needs FILE and LINE:COL\n${USAGE}`);
  if (extra.length) fail(`${verb} takes FILE and LINE:COL, got also: ${extra.join(' ')}`);
  const m = /^(-?\d+):(-?\d+)$/.exec(lc);
  if (!m || Number(m[1]) < 1 || Number(m[2]) < 1)
    fail(`position must be LINE:COL, both from 1 (as editors show them), got ${lc}`);
  let text: string;
  if (file === '-') {
    if (!args.language)
      fail(`reading standard input (-) needs --language ID (one of: ${LANGUAGE_IDS.join(', ')})`);
    text = readFileSync(0, 'utf8');
  } else {
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      fail(`cannot read ${file}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  const languageId = args.language ?? languageIdForPath(file);
  const uri = file === '-' ? 'untitled:stdin' : pathToFileURL(resolve(file)).toString();
  const doc = TextDocument.create(uri, languageId, 1, text);
  const position = { line: Number(m[1]) - 1, character: Number(m[2]) - 1 };
  const name = file === '-' ? 'standard input' : file;
  if (position.line >= doc.lineCount)
    fail(
      `line ${m[1]} is past the end: ${name} has ${doc.lineCount} line${doc.lineCount === 1 ? '' : 's'}`,
    );
  const lineLength = doc
    .getText({
      start: { line: position.line, character: 0 },
      end: { line: position.line + 1, character: 0 },
    })
    .replace(/\r?\n$/, '').length;
  if (position.character > lineLength)
    fail(
      `column ${m[2]} is past the end of line ${m[1]}, which has ${lineLength} character${lineLength === 1 ? '' : 's'} (columns 1-${lineLength + 1})`,
    );
  if (verb === 'hover') {
    // a compose file's values come from the .env next to it, as in the editor
    const h = service.doHover(doc, position, undefined, envInputFor(doc));
    if (args.json) {
      process.stdout.write(`${JSON.stringify(h, null, 2)}\n`);
      process.exit(h ? 0 : 1);
    }
    if (!h) {
      process.stderr.write(`no help at ${name}:${lc}\n`);
      process.exit(1);
    }
    const contents = h.contents as { kind?: string; value: string };
    const plain = contents.kind === 'markdown' ? stripMarkdown(contents.value) : contents.value;
    process.stdout.write(`${args.markdown ? contents.value : plain}\n`);
    return;
  }
  // as an editor shows them: only the items that fit what is typed before the cursor
  const list = service.doComplete(doc, position);
  list.items = filterCompletions(doc, position, list.items);
  if (args.json) {
    process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
    process.exit(list.items.length ? 0 : 1);
  }
  if (!list.items.length) {
    process.stderr.write(`no completions at ${name}:${lc}\n`);
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
