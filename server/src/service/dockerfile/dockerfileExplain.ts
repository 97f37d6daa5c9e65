/**
 * A breakdown of one Dockerfile line (`RUN --mount=type=cache,target=/x make`), part by part, like
 * the breakdown of a docker command line: each part is explained by the headline of the hover it
 * gets in a Dockerfile, so the two always agree.
 */
import { DockerfileParser } from 'dockerfile-ast';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Position } from 'vscode-languageserver-types';
import { renderRows, type ExplainRow, type ShellHelp } from '../cli/shellHelp';
import type { DocsIndex } from '../docs/docsIndex';
import { messagesOf, type MessageId, type MessageVars } from '../docs/messages';
import { dockerfileHover, flagsOf } from './dockerfileHover';

/** The concept note whose messages explain what the hovers do not. */
const NOTE = 'Dockerfile instructions';

/** Lines longer than this are not explained (the breakdown is for one line a person reads). */
const MAX_LINE = 4096;

export interface LineExplanation {
  title: string;
  rows: ExplainRow[];
  text: string;
  markdown: string;
}

/**
 * The parts of a Dockerfile instruction line, or null when the text is not one (its first word
 * names no instruction, or there is nothing after it: a lone keyword is looked up instead).
 */
export function explainDockerfileLine(
  text: string,
  env: { docs: DocsIndex; shell: ShellHelp },
): LineExplanation | null {
  const line = text.replace(/\\\r?\n/g, ' ').trim();
  if (line.length > MAX_LINE || line.includes('\n')) return null;
  const m = /^([A-Za-z]+)\s+\S/.exec(line);
  if (!m || !env.docs.get('dockerfile-instruction', m[1])) return null;
  const doc = TextDocument.create('file:///explain/Dockerfile', 'dockerfile', 1, line);
  const ast = DockerfileParser.parse(line);
  const instr = ast.getInstructions()[0];
  if (!instr) return null;
  const keyword = instr.getKeyword().toUpperCase();
  const ctx = { docs: env.docs, markdown: false, shell: env.shell, cliEnabled: true };
  /** The headline of the hover at a position (the part's name and summary). */
  const headline = (pos: Position): string | undefined => {
    const h = dockerfileHover(ctx, doc, ast, pos);
    const value =
      h && typeof h.contents === 'object' && 'value' in h.contents ? h.contents.value : '';
    return value ? value.split('\n')[0] : undefined;
  };
  /** A `Dockerfile instructions` message, in plain text ('' when the notes lack it). */
  const said = messagesOf(env.docs, NOTE, false);
  const say = <I extends MessageId<typeof NOTE>>(
    id: I,
    vars: MessageVars<typeof NOTE, I>,
  ): string => said(id, vars) ?? '';
  const rows: ExplainRow[] = [];
  const instrRange = instr.getInstructionRange();
  rows.push({
    text: doc.getText(instrRange),
    role: 'instruction',
    explanation: headline(instrRange.start) ?? keyword,
  });
  let argsFrom = doc.offsetAt(instrRange.end);
  for (const flag of flagsOf(instr)) {
    const range = flag.getRange();
    argsFrom = Math.max(argsFrom, doc.offsetAt(range.end));
    rows.push({
      text: doc.getText(range),
      role: 'flag',
      explanation:
        headline(flag.getNameRange().start) ?? say('unknown-flag', { instruction: keyword }),
    });
    if (flag.getName().toLowerCase() !== 'mount') continue;
    for (const opt of flag.getOptions()) {
      const at =
        opt.getName().toLowerCase() === 'type'
          ? (opt.getValueRange() ?? opt.getNameRange())
          : opt.getNameRange();
      rows.push({
        text: doc.getText(opt.getRange()),
        role: 'mount option',
        explanation: headline(at.start) ?? say('unknown-mount-option', {}),
      });
    }
  }
  const rest = line.slice(argsFrom).trim();
  if (rest) {
    if (keyword === 'RUN') {
      // the build-time command: a docker command is broken down too
      const cmd = /^\[/.test(rest) ? null : env.shell.explain(rest);
      if (cmd) rows.push(...cmd.rows);
      else
        rows.push({
          text: rest,
          role: 'command',
          explanation: say(/^\[/.test(rest) ? 'run-exec' : 'run-shell', {}),
        });
    } else {
      const units = syntaxUnits(env.docs.get('dockerfile-instruction', keyword)?.syntax);
      const args = instr.getArguments().filter((a) => doc.offsetAt(a.getRange().start) >= argsFrom);
      args.forEach((a, i) => {
        const unit = unitFor(units, i, args.length);
        rows.push({
          text: a.getValue(),
          role: 'argument',
          explanation:
            headline(a.getRange().start) ??
            (unit
              ? say('argument-named', { argument: unit, instruction: keyword })
              : say('argument', { instruction: keyword })),
        });
      });
    }
  }
  return { title: keyword, rows, ...renderRows(rows) };
}

/**
 * The argument placeholders of an instruction's first syntax line, in order: `FROM [--platform=…]
 * <image> [AS <name>]` -> `<image>`, `AS`, `<name>`; a `...` after one means it repeats.
 */
function syntaxUnits(syntax: string | undefined): string[] {
  const first = syntax?.split('\n')[0] ?? '';
  return first
    .split(/\s+/)
    .slice(1)
    .filter((u) => !/^\[?(--|OPTIONS\])/.test(u))
    .map((u) => {
      // unwrap a unit bracketed as a whole (`[<dest>]`), not the inner optional part of
      // `<user>[:<group>]`
      while (/^\[.*\]$/.test(u)) u = u.slice(1, -1);
      return u.replace(/^\[+/, '');
    })
    .filter(Boolean);
}

/** The placeholder for argument i of n: in order, `...` repeating the one before, the last last. */
function unitFor(units: string[], i: number, n: number): string | undefined {
  const named = units.filter((u) => u !== '...');
  const repeat = units.indexOf('...');
  if (repeat < 0 || n <= named.length) return named[i];
  // the placeholders after `...` take the last arguments
  const tail = units.length - repeat - 1;
  if (i >= n - tail) return named[named.length - (n - i)];
  return named[Math.min(i, repeat - 1)];
}
