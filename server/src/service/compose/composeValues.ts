/**
 * The syntax of compose values as Docker Compose reads them (compose-go and the libraries it
 * calls): durations, byte sizes, the short syntax of ports and volumes, and the value templates
 * the notes write (`every_<duration>`, `on-failure[:<max-retries>]`). Each function answers
 * "would Docker Compose accept this text?"; none of them knows what a key means.
 */

import { isRamSize, parseDuration } from '../goValues';

/** A value with `${…}` or `$VAR` is interpolated first: its shape is not known here. */
export function isInterpolated(value: string): boolean {
  return /\$(\{|[A-Za-z_])/.test(value);
}

/**
 * A duration as compose-go parses it (go-str2duration: Go's units plus `d` and `w`, parts in any
 * number, an optional sign, `0` alone without a unit).
 */
export function isDuration(value: string): boolean {
  return parseDuration(value, true) !== undefined;
}

/**
 * A byte size as compose-go parses it: an integer (negative too), or what docker/go-units'
 * RAMInBytes reads.
 */
export function isByteSize(value: string): boolean {
  return /^-?\d+$/.test(value) || isRamSize(value);
}

function portRange(text: string): [number, number] | undefined {
  const m = /^(\d+)(?:-(\d+))?$/.exec(text);
  if (!m) return undefined;
  const a = Number(m[1]);
  const b = m[2] === undefined ? a : Number(m[2]);
  if (a > 65535 || b > 65535 || a > b) return undefined;
  return [a, b];
}

function isIp(text: string): boolean {
  if (/^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.test(text))
    return text.split('.').every((p) => Number(p) <= 255);
  return /^[0-9A-Fa-f:.]+$/.test(text) && text.includes(':');
}

/** A published port of the short syntax, read as the engine's port parser reads it. */
export interface PortSpec {
  ip: string;
  /** Host port range; undefined when the engine picks the host port. */
  host?: [number, number];
  container: [number, number];
  /** Lower case (the engine reads `/UDP` as `/udp`). */
  protocol: string;
  /** The parts as written: an IPv6 address keeps its brackets, a range its dash. */
  written: { ip?: string; host?: string; container: string };
}

/**
 * `[IP:][HOST_PORT[-END]:]CONTAINER_PORT[-END][/PROTOCOL]` (docker/go-connections): the spec, or
 * a reason word when the engine rejects it (`ip`, `container`, `host`, `ranges`, `protocol`).
 */
export function parsePortSpec(value: string): PortSpec | { error: string } {
  const parts = value.split(':');
  const n = parts.length;
  let ip = '';
  let host = '';
  const last = parts[n - 1];
  if (n === 2) host = parts[0];
  else if (n === 3) [ip, host] = parts;
  else if (n > 3) {
    ip = parts.slice(0, n - 2).join(':');
    host = parts[n - 2];
  }
  const slash = last.indexOf('/');
  const container = slash < 0 ? last : last.slice(0, slash);
  const protocol = slash < 0 ? 'tcp' : last.slice(slash + 1) || 'tcp';
  const written = { ip: ip || undefined, host: host || undefined, container };
  if (ip.startsWith('[') && ip.endsWith(']')) ip = ip.slice(1, -1);
  if (ip && !isIp(ip)) return { error: 'ip' };
  const c = portRange(container);
  if (!c) return { error: 'container' };
  let h: [number, number] | undefined;
  if (host) {
    h = portRange(host);
    if (!h) return { error: 'host' };
    if (h[1] - h[0] !== c[1] - c[0] && c[1] !== c[0]) return { error: 'ranges' };
  }
  if (!/^(tcp|udp|sctp)$/i.test(protocol)) return { error: 'protocol' };
  return { ip, host: h, container: c, protocol: protocol.toLowerCase(), written };
}

/** A published port the engine accepts, its parts as written; for the help (`docker run -p`, `ports:`). */
export interface PortMapping {
  ip?: string;
  host?: string;
  container: string;
  protocol: string;
}

/** {@link parsePortSpec} for the help: the parts as written, undefined when the engine rejects it. */
export function parsePortMapping(value: string): PortMapping | undefined {
  const spec = parsePortSpec(value);
  return 'error' in spec ? undefined : { ...spec.written, protocol: spec.protocol };
}

/** A volume of the short syntax, as compose-go reads it. */
export interface VolumeShort {
  source?: string;
  target: string;
  /** The source is a path (bind mount): starts with `.`, `/`, `~`, `\\` or a drive letter. */
  bind: boolean;
  /** The third field (`ro`, `rw,z`, …). */
  mode?: string;
}

/** `[SOURCE:]TARGET[:OPTIONS]` (compose-go's ParseVolume): the volume, or the reason it is rejected. */
export function parseVolumeShort(spec: string): VolumeShort | { error: string } {
  if (spec.length === 0) return { error: 'empty' };
  if (spec.length <= 2) return { target: spec, bind: false };
  const fields: string[] = [];
  let buf = '';
  let depth = 0;
  for (let i = 0; i <= spec.length; i++) {
    const ch = i < spec.length ? spec[i] : '';
    if (ch === '$' && spec[i + 1] === '{') {
      depth++;
      buf += ch;
      continue;
    }
    if (ch === '}' && depth > 0) {
      depth--;
      buf += ch;
      continue;
    }
    if (ch === ':' && buf.length === 1 && /\p{L}/u.test(buf)) {
      buf += ch; // a Windows drive letter
      continue;
    }
    if ((ch === ':' || ch === '') && depth === 0) {
      if (!buf) return { error: 'colons' };
      if (fields.length === 2 && ch === ':') return { error: 'colons' };
      fields.push(buf);
      buf = '';
      continue;
    }
    buf += ch;
  }
  if (fields.length === 1) return { target: fields[0], bind: false };
  const source = fields[0];
  return { source, target: fields[1], bind: isFilePath(source), mode: fields[2] };
}

/**
 * {@link parseVolumeShort} for the help (`docker run -v`, a compose `volumes:` item): undefined when
 * rejected; a source that starts with `$` is taken for a host path (it is filled in first).
 */
export function parseVolumeSpec(value: string): VolumeShort | undefined {
  const v = parseVolumeShort(value);
  if ('error' in v) return undefined;
  return v.source?.startsWith('$') ? { ...v, bind: true } : v;
}

function isFilePath(source: string): boolean {
  if (!source) return false;
  if ('./~'.includes(source[0])) return true;
  if (source.startsWith('\\\\')) return true;
  return /^\p{L}:/u.test(source);
}

/**
 * Does a value match one of the notes' value templates? `<duration>` stands for a duration, any
 * other `<placeholder>` for a word; `[…]` is optional.
 */
export function matchesTemplate(value: string, template: string): boolean {
  if (!/[<[]/.test(template)) return value === template;
  let re = '';
  const slots: string[] = [];
  for (let i = 0; i < template.length; i++) {
    const ch = template[i];
    if (ch === '<') {
      const close = template.indexOf('>', i);
      if (close < 0) return false;
      slots.push(template.slice(i + 1, close));
      re += '(\\S+?)';
      i = close;
    } else if (ch === '[') re += '(?:';
    else if (ch === ']') re += ')?';
    else re += ch.replace(/[.*+?^${}()|\\/-]/g, '\\$&');
  }
  const m = new RegExp(`^${re}$`).exec(value);
  if (!m) return false;
  let k = 1;
  for (const slot of slots) {
    const v = m[k++];
    if (v !== undefined && slot === 'duration' && !isDuration(v)) return false;
  }
  return true;
}
