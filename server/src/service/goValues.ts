/**
 * Value syntaxes of the Go libraries that both BuildKit and Docker Compose read values with:
 * durations (Go's time.ParseDuration, and go-str2duration's days and weeks for compose), booleans
 * (strconv.ParseBool), byte sizes (docker/go-units' RAMInBytes) and what a space is
 * (unicode.IsSpace). Each function answers "would this library accept the text?".
 */

const UNIT_NS: Record<string, number> = {
  ns: 1,
  us: 1e3,
  µs: 1e3,
  μs: 1e3,
  ms: 1e6,
  s: 1e9,
  m: 60e9,
  h: 3600e9,
  d: 24 * 3600e9,
  w: 7 * 24 * 3600e9,
};

const GO_PART = /^(\d*)(?:\.(\d*))?(ns|us|µs|μs|ms|s|m|h)/;
const STR2DURATION_PART = /^(\d*)(?:\.(\d*))?(ns|us|µs|μs|ms|s|m|h|d|w)/;

/**
 * Nanoseconds of a Go duration (`1m30s`, `500ms`, `0`: parts in any number, an optional sign, `0`
 * alone without a unit), or undefined when it is not one. `daysAndWeeks`: go-str2duration's `d`
 * and `w` units too (compose-go reads durations with it).
 */
export function parseDuration(s: string, daysAndWeeks = false): number | undefined {
  const part = daysAndWeeks ? STR2DURATION_PART : GO_PART;
  let t = s;
  let sign = 1;
  if (t.startsWith('-') || t.startsWith('+')) {
    if (t[0] === '-') sign = -1;
    t = t.slice(1);
  }
  if (t === '0') return 0;
  if (!t) return undefined;
  let total = 0;
  while (t) {
    const m = part.exec(t);
    if (!m || (m[1] === '' && (m[2] ?? '') === '')) return undefined;
    total += Number(`${m[1] || '0'}.${m[2] ?? '0'}`) * UNIT_NS[m[3]];
    t = t.slice(m[0].length);
  }
  return sign * total;
}

/** Go's strconv.ParseBool. */
export function parseGoBool(s: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(s)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(s)) return false;
  return undefined;
}

/**
 * A byte size as docker/go-units' RAMInBytes reads it: a non-negative number (`512`, `1.5`, `.5`),
 * one optional blank, and an optional suffix `b`, or `k`/`m`/`g`/`t`/`p` with an optional `b` or
 * `ib`, in any case (`64m`, `1.5GiB`).
 */
export function isRamSize(value: string): boolean {
  const m = /^(\d+(?:\.\d*)?|\.\d+) ?([A-Za-z]*)$/.exec(value);
  if (!m) return false;
  const sfx = m[2].toLowerCase();
  return sfx === '' || sfx === 'b' || /^[kmgtp](b|ib)?$/.test(sfx);
}

/** Go's unicode.IsSpace, by character code. */
export function isSpaceCode(c: number): boolean {
  return (
    c === 32 ||
    (c >= 9 && c <= 13) ||
    (c > 127 &&
      (c === 0x85 ||
        c === 0xa0 ||
        c === 0x1680 ||
        (c >= 0x2000 && c <= 0x200a) ||
        c === 0x2028 ||
        c === 0x2029 ||
        c === 0x202f ||
        c === 0x205f ||
        c === 0x3000))
  );
}
