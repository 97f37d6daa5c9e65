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

export interface PortMapping {
  ip?: string;
  host?: string;
  container: string;
  protocol: string;
}

/** `[IP:][HOST:]CONTAINER[/PROTO]` as used by `docker run -p` and compose short syntax. */
export function parsePortMapping(value: string): PortMapping | undefined {
  const slash = value.lastIndexOf('/');
  const protocol = slash >= 0 ? value.slice(slash + 1) : 'tcp';
  if (!/^(tcp|udp|sctp)$/.test(protocol)) return undefined;
  const spec = slash >= 0 ? value.slice(0, slash) : value;
  let ip: string | undefined;
  let rest = spec;
  const bracket = /^(\[[^\]]+\]):(.*)$/.exec(spec);
  if (bracket) {
    ip = bracket[1];
    rest = bracket[2];
  }
  const parts = rest.split(':');
  const port = /^\d+(-\d+)?$/;
  if (!ip && parts.length === 3) ip = parts.shift();
  if (parts.length === 1 && port.test(parts[0])) return { ip, container: parts[0], protocol };
  if (parts.length === 2 && (parts[0] === '' || port.test(parts[0])) && port.test(parts[1])) {
    return { ip, host: parts[0] || undefined, container: parts[1], protocol };
  }
  return undefined;
}

/** Index of the last item whose `start` is at or before `line` (items sorted by start; -1 when none). */
export function lastStartingAtOrBefore(items: readonly { start: number }[], line: number): number {
  let lo = 0;
  let hi = items.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (items[mid].start <= line) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

export interface VolumeSpec {
  /** Host path (bind mount) or volume name; undefined for an anonymous volume. */
  source?: string;
  target: string;
  bind: boolean;
  mode?: string;
}

/** `SOURCE:TARGET[:MODE]` or `TARGET`, as used by `docker run -v` and compose short syntax. */
export function parseVolumeSpec(value: string): VolumeSpec | undefined {
  const [a, b, mode] = value.split(':');
  if (!a) return undefined;
  if (b === undefined) return { target: a, bind: false };
  if (!b) return undefined;
  return {
    source: a,
    target: b,
    bind: /^[/.~$]/.test(a) || /^[A-Za-z]$/.test(a),
    mode: mode || undefined,
  };
}
