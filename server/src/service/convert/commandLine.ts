/**
 * A shell command line read for conversion: the help's word splitter (cli/shellLexer.ts) with each
 * word's quoting kept, so that a conversion knows that `'$HOME'` is the five characters `$HOME`
 * while `"$HOME"` is the shell's variable; `$(pwd)` and backticks stay inside the word they belong
 * to (`-v $(pwd):/app`). Evaluates nothing.
 */
import { lexShell, type Segment, type Word } from '../cli/shellLexer';

export type { Segment };

export interface RawWord extends Word {
  /** The word's characters in order (their texts joined are `text`). */
  segments: Segment[];
}

export interface RawCommand {
  words: RawWord[];
  start: number;
  end: number;
}

/**
 * The simple commands of a piece of shell text (a logical line, usually), with quote-aware words;
 * the commands inside a command substitution are not listed (they are part of a word).
 * `base` is the offset of `text` in the document; `escape` the line-continuation character.
 */
export function readCommands(text: string, base = 0, escape = '\\'): RawCommand[] {
  return lexShell(text, base, { escape, segments: true })
    .commands.filter((c) => c.depth === 0)
    .map((c) => ({ words: c.words as RawWord[], start: c.start, end: c.end }));
}

/**
 * The defaults a Makefile gives its variables with `NAME ?= value` (optionally after `export`):
 * the first one of each name, when the value is plain text (no `$`, `}` or quote).
 */
export function makeDefaults(text: string): Map<string, string> {
  const out = new Map<string, string>();
  const re =
    /^(?:export[ \t]+)?([A-Za-z_][A-Za-z0-9_]*)[ \t]*\?=[ \t]*([^\s#$}'"\\]+)[ \t]*(?:#.*)?$/gm;
  for (const m of text.replace(/\r$/gm, '').matchAll(re)) if (!out.has(m[1])) out.set(m[1], m[2]);
  return out;
}

/**
 * A Makefile recipe's command as the shell will get it, for conversion: make's `$$` is a `$`;
 * `$(CURDIR)` and `$(shell pwd)` are the folder (`$PWD`); `$(shell CMD)` is the shell's `$(CMD)`;
 * a make variable `$(NAME)` or `${NAME}` becomes `${NAME}` (make takes unset ones from the
 * environment, as compose does), or `${NAME-value}` when the Makefile gives it a default with
 * `NAME ?= value` (`defaults`, see makeDefaults; make keeps a value the environment sets, even an
 * empty one). Anything else is left as written.
 */
export function makeRecipeText(
  raw: string,
  defaults: ReadonlyMap<string, string> = new Map(),
): string {
  return raw.replace(
    /\$\$|\$\((?:shell\s+([^()]*)|([A-Za-z_][A-Za-z0-9_]*))\)|\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g,
    (all, shell: string | undefined, paren: string | undefined, brace: string | undefined) => {
      if (all === '$$') return '$';
      if (shell !== undefined) return shell.trim() === 'pwd' ? '$PWD' : `$(${shell.trim()})`;
      const name = paren ?? brace ?? '';
      if (name === 'CURDIR') return '$PWD';
      const fallback = defaults.get(name);
      return fallback === undefined ? `\${${name}}` : `\${${name}-${fallback}}`;
    },
  );
}
