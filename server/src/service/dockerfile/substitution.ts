/**
 * The parts of a braced variable reference (`${NAME}`, `${NAME:-word}`, `${NAME##pattern}` …) as
 * the Dockerfile builder reads them: the name, and the operator that picks the substitution form.
 * dockerfile-ast only knows the forms with a colon (it reads `${A-x}` as a variable named `A-x`),
 * so the hover reads the text itself.
 */

/** Operators in the order they are tried (longest first). */
const OPERATORS = [':-', ':+', ':?', '##', '%%', '//', '-', '+', '?', '#', '%', '/'] as const;
export type SubstitutionOperator = (typeof OPERATORS)[number];

export interface Substitution {
  name: string;
  /** Offsets in the reference's text: the name, and the operator with its argument (to the `}`). */
  nameStart: number;
  nameEnd: number;
  operator?: SubstitutionOperator;
  operatorStart?: number;
  /** End of the operator's argument: the offset of the closing `}`. */
  argumentEnd?: number;
}

/** Reads `${…}` text; undefined for anything else (a `$NAME` reference, a broken one). */
export function parseSubstitution(text: string): Substitution | undefined {
  const m = /^\$\{([A-Za-z_][A-Za-z0-9_]*)/.exec(text);
  if (!m || !text.endsWith('}')) return undefined;
  const nameEnd = m[0].length;
  const sub: Substitution = { name: m[1], nameStart: 2, nameEnd };
  const rest = text.slice(nameEnd, -1);
  if (rest === '') return sub;
  const op = OPERATORS.find((o) => rest.startsWith(o));
  if (!op) return sub;
  return { ...sub, operator: op, operatorStart: nameEnd, argumentEnd: text.length - 1 };
}
