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
 * A Makefile recipe's command as the shell will get it, for conversion: make's `$$` is a `$`;
 * `$(CURDIR)` and `$(shell pwd)` are the folder (`$PWD`); `$(shell CMD)` is the shell's `$(CMD)`;
 * a make variable `$(NAME)` or `${NAME}` becomes `${NAME}` (make takes unset ones from the
 * environment, as compose does). Anything else is left as written.
 */
export function makeRecipeText(raw: string): string {
  return raw.replace(
    /\$\$|\$\((?:shell\s+([^()]*)|([A-Za-z_][A-Za-z0-9_]*))\)|\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g,
    (all, shell: string | undefined, paren: string | undefined, brace: string | undefined) => {
      if (all === '$$') return '$';
      if (shell !== undefined) return shell.trim() === 'pwd' ? '$PWD' : `$(${shell.trim()})`;
      const name = paren ?? brace ?? '';
      return name === 'CURDIR' ? '$PWD' : `\${${name}}`;
    },
  );
}
