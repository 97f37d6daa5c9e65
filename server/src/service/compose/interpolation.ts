/**
 * Compose's variable substitution (compose-go's template package): `$$` is a dollar sign, `$NAME`
 * and `${NAME}` a variable, `${NAME:-default}`, `${NAME-default}`, `${NAME:?message}`,
 * `${NAME?message}`, `${NAME:+other}`, `${NAME+other}` the forms with a second part, which may
 * itself hold variables. Names are letters, digits and `_`, not starting with a digit.
 */

export type Operator = ':-' | '-' | ':?' | '?' | ':+' | '+';

export interface Interpolation {
  /** Offsets in the scanned text: `$` to just after the name or the closing brace. */
  start: number;
  end: number;
  /** `$$`: a dollar sign. */
  escape?: boolean;
  name: string;
  operator?: Operator;
  /** The text after the operator (a default, a message, an alternative), unresolved. */
  argument?: string;
  /** `${…}` whose inside is not a valid form: compose stops with "Invalid template". */
  invalid?: boolean;
}

const NAME = /^[_a-zA-Z][_a-zA-Z0-9]*/;
const OPERATORS: Operator[] = [':?', '?', ':-', '-', ':+', '+'];

/** The end of `${…}` starting at `start` (the `$`), as compose finds it; -1 when unclosed. */
function closingBrace(s: string, start: number): number {
  let depth = 0;
  for (let i = start; i < s.length; i++) {
    if (s[i] === '}') {
      depth--;
      if (depth === 0) return i;
    }
    if (s[i] === '{') {
      depth++;
      i++;
    }
  }
  return -1;
}

/** The first operator in the text after a name (compose takes the one that comes first). */
function operatorOf(body: string): { name: string; operator?: Operator; argument?: string } {
  let best: { at: number; op: Operator } | undefined;
  for (const op of OPERATORS) {
    const at = body.indexOf(op);
    if (at >= 0 && (!best || at < best.at)) best = { at, op };
  }
  if (!best) return { name: body };
  return {
    name: body.slice(0, best.at),
    operator: best.op,
    argument: body.slice(best.at + best.op.length),
  };
}

/** Every substitution in a text, in order (bounded by the text's length). */
export function interpolations(text: string): Interpolation[] {
  const out: Interpolation[] = [];
  let i = text.indexOf('$');
  while (i >= 0 && i < text.length) {
    const next = text[i + 1];
    if (next === '$') {
      out.push({ start: i, end: i + 2, escape: true, name: '' });
      i = text.indexOf('$', i + 2);
      continue;
    }
    if (next === '{') {
      const close = closingBrace(text, i + 1);
      if (close < 0) {
        out.push({ start: i, end: text.length, name: '', invalid: true });
        break;
      }
      const body = text.slice(i + 2, close);
      const parsed = operatorOf(body);
      const valid = NAME.exec(parsed.name)?.[0] === parsed.name && !/\n/.test(parsed.name);
      out.push({
        start: i,
        end: close + 1,
        name: parsed.name,
        ...(parsed.operator ? { operator: parsed.operator, argument: parsed.argument } : {}),
        ...(valid ? {} : { invalid: true }),
      });
      i = text.indexOf('$', close + 1);
      continue;
    }
    const m = NAME.exec(text.slice(i + 1, i + 256));
    if (m) {
      out.push({ start: i, end: i + 1 + m[0].length, name: m[0] });
      i = text.indexOf('$', i + 1 + m[0].length);
      continue;
    }
    i = text.indexOf('$', i + 1);
  }
  return out;
}

/** How a substitution came out: its value, or the error compose stops with. */
export interface Resolved {
  value: string;
  /** `:?` / `?` on a variable that is not set (or empty): compose's error message. */
  error?: string;
  /** A plain `$NAME` / `${NAME}` whose variable is not set: compose warns and uses "". */
  unset?: string[];
}

/** The value of one substitution, with variables from `lookup` (undefined: not set). */
export function resolve(
  x: Interpolation,
  lookup: (name: string) => string | undefined,
  depth = 0,
): Resolved {
  if (x.escape) return { value: '$' };
  if (x.invalid) return { value: '' };
  const v = lookup(x.name);
  const sub = (s: string): Resolved =>
    depth > 16 ? { value: s } : substitute(s, lookup, depth + 1);
  switch (x.operator) {
    case undefined:
      return v === undefined ? { value: '', unset: [x.name] } : { value: v };
    case ':-':
      return v === undefined || v === '' ? sub(x.argument ?? '') : { value: v };
    case '-':
      return v === undefined ? sub(x.argument ?? '') : { value: v };
    case ':?':
    case '?':
      if (v === undefined || (x.operator === ':?' && v === ''))
        return { value: '', error: sub(x.argument ?? '').value };
      return { value: v };
    case ':+':
      return v !== undefined && v !== '' ? sub(x.argument ?? '') : { value: v ?? '' };
    case '+':
      return v !== undefined ? sub(x.argument ?? '') : { value: '' };
  }
}

/** A text with every substitution done. */
export function substitute(
  text: string,
  lookup: (name: string) => string | undefined,
  depth = 0,
): Resolved {
  let value = '';
  let at = 0;
  const unset: string[] = [];
  let error: string | undefined;
  for (const x of interpolations(text)) {
    value += text.slice(at, x.start);
    const r = resolve(x, lookup, depth);
    value += r.value;
    if (r.unset) unset.push(...r.unset);
    if (r.error !== undefined && error === undefined) error = r.error;
    at = x.end;
  }
  value += text.slice(at);
  return {
    value,
    ...(error !== undefined ? { error } : {}),
    ...(unset.length ? { unset } : {}),
  };
}
