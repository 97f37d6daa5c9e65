/**
 * A small ordered YAML tree and its block-style writer, for the text a conversion inserts into a
 * compose file: keys in the order they were added, strings quoted only where YAML would read
 * them as something else.
 */

export type YNode =
  | { kind: 'scalar'; text: string }
  | { kind: 'map'; entries: Map<string, YNode> }
  | { kind: 'seq'; items: YNode[] }
  /** A one-line flow value written as is (`["CMD-SHELL", "curl -f localhost"]`, `{}`). */
  | { kind: 'flow'; text: string };

export const ymap = (): Extract<YNode, { kind: 'map' }> => ({ kind: 'map', entries: new Map() });
export const yseq = (): Extract<YNode, { kind: 'seq' }> => ({ kind: 'seq', items: [] });
/** A string value, quoted when needed. */
export const ystr = (s: string): YNode => ({ kind: 'scalar', text: yamlString(s) });
/** A value written as is: a number or a boolean. */
export const yraw = (s: string): YNode => ({ kind: 'scalar', text: s });
export const ynull = (): YNode => ({ kind: 'scalar', text: '' });

const PLAIN = /^[A-Za-z0-9_./][A-Za-z0-9_./@%+=,: -]*$/;
// what YAML 1.1 or 1.2 would read as a boolean, null or number
const NOT_A_STRING =
  /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL|~|[-+]?(?:\d[\d_]*(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?|0x[\da-fA-F_]+|0o[0-7_]+|0b[01_]+|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)|[\d_]+(?::[0-5]?\d)+(?:\.\d*)?)$/;

/** A string as a YAML scalar: plain when that reads back as the same string, else double-quoted. */
export function yamlString(s: string): string {
  if (
    s !== '' &&
    PLAIN.test(s) &&
    !NOT_A_STRING.test(s) &&
    !s.includes(': ') &&
    !s.includes(' #') &&
    !s.endsWith(':') &&
    !s.endsWith(' ')
  )
    return s;
  return JSON.stringify(s);
}

/** A key, quoted when it is not a plain word. */
function yamlKey(k: string): string {
  return /^[A-Za-z0-9_./-]+$/.test(k) && !NOT_A_STRING.test(k) ? k : JSON.stringify(k);
}

/** The tree under a key, as lines (no trailing newline), indented by `indent` spaces per level. */
export function writeEntries(
  map: Extract<YNode, { kind: 'map' }>,
  level: number,
  unit: number,
): string[] {
  const pad = ' '.repeat(level * unit);
  const out: string[] = [];
  for (const [key, value] of map.entries) {
    out.push(...writeValue(`${pad}${yamlKey(key)}:`, value, level, unit));
  }
  return out;
}

function writeValue(head: string, value: YNode, level: number, unit: number): string[] {
  switch (value.kind) {
    case 'scalar':
      return [value.text === '' ? head : `${head} ${value.text}`];
    case 'flow':
      return [`${head} ${value.text}`];
    case 'map':
      if (!value.entries.size) return [`${head} {}`];
      return [head, ...writeEntries(value, level + 1, unit)];
    case 'seq': {
      if (!value.items.length) return [`${head} []`];
      const pad = ' '.repeat((level + 1) * unit);
      const out = [head];
      for (const item of value.items) {
        if (item.kind === 'map' && item.entries.size) {
          // `- key: value` with the other keys under the first
          const lines = writeEntries(item, level + 2, unit);
          const inner = ' '.repeat((level + 2) * unit);
          out.push(`${pad}- ${lines[0].slice(inner.length)}`);
          for (const l of lines.slice(1)) out.push(`${pad}  ${l.slice(inner.length)}`);
        } else if (item.kind === 'seq') {
          out.push(`${pad}- ${item.items.length ? flowSeq(item) : '[]'}`);
        } else {
          out.push(...writeValue(`${pad}-`, item, level + 1, unit));
        }
      }
      return out;
    }
  }
}

function flowSeq(seq: Extract<YNode, { kind: 'seq' }>): string {
  return `[${seq.items.map((i) => (i.kind === 'scalar' || i.kind === 'flow' ? i.text : '{}')).join(', ')}]`;
}

/** A list of strings as a one-line flow sequence, every item double-quoted. */
export function flowStrings(items: readonly string[]): YNode {
  return { kind: 'flow', text: `[${items.map((s) => JSON.stringify(s)).join(', ')}]` };
}
