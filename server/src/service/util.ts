import type { Position, Range } from 'vscode-languageserver-types';

export function before(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}

/** True when pos is inside range (end inclusive, so a caret right after a word still counts). */
export function inRange(range: Range | null | undefined, pos: Position): boolean {
  if (!range) return false;
  return !before(pos, range.start) && !before(range.end, pos);
}

/** Clamp an LSP position to the document; out-of-range positions get a graceful answer. */
export function clampPosition(pos: Position, lineCount: number): Position | null {
  if (
    !pos ||
    !Number.isInteger(pos.line) ||
    !Number.isInteger(pos.character) ||
    pos.line < 0 ||
    pos.character < 0
  ) {
    return null;
  }
  if (pos.line >= lineCount) return null;
  return pos;
}

export function isWordChar(ch: string): boolean {
  return /[A-Za-z0-9_\-.]/.test(ch);
}

/** Index of the last of `n` ascending values (`at(i)`) that is at most `v` (-1 when none). */
function lastIndexAtMost(n: number, at: (i: number) => number, v: number): number {
  let lo = 0;
  let hi = n - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (at(mid) <= v) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** Index of the last item whose `start` is at or before `line` (items sorted by start; -1 when none). */
export function lastStartingAtOrBefore(items: readonly { start: number }[], line: number): number {
  return lastIndexAtMost(items.length, (i) => items[i].start, line);
}

/** Index in a sorted list of the last value at most `v` (-1 when none). */
export function lastAtMost(list: readonly number[], v: number): number {
  return lastIndexAtMost(list.length, (i) => list[i], v);
}

/** Offsets where `a` and `b` start and stop differing: [common prefix, common suffix] lengths. */
export function commonEnds(a: string, b: string): [number, number] {
  const n = Math.min(a.length, b.length);
  const CHUNK = 512;
  let p = 0;
  while (p + CHUNK <= n && a.slice(p, p + CHUNK) === b.slice(p, p + CHUNK)) p += CHUNK;
  while (p < n && a.charCodeAt(p) === b.charCodeAt(p)) p++;
  let q = 0;
  const room = n - p;
  while (
    q + CHUNK <= room &&
    a.slice(a.length - q - CHUNK, a.length - q) === b.slice(b.length - q - CHUNK, b.length - q)
  )
    q += CHUNK;
  while (q < room && a.charCodeAt(a.length - 1 - q) === b.charCodeAt(b.length - 1 - q)) q++;
  return [p, q];
}
