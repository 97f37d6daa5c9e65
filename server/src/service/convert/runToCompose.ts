/**
 * `docker run …` to a compose service. Which key a flag becomes comes from the flag's note
 * (`compose:`, or `compose:` on one of its values, as for `--network host`); why a flag has no key
 * comes from its `no_compose:`. The code here only knows how a value is *written* under a key
 * (`--ulimit nofile=1024:2048` is `{soft: 1024, hard: 2048}`), never which key a flag belongs to.
 */
import type { DocsIndex } from '../docs/docsIndex';
import { fillTemplate } from '../rules/rules';
import type { CliFlag, NoteEntry } from '../types';
import { analyze, type Part } from '../cli/cliAnalysis';
import { parseVolumeShort } from '../compose/composeValues';
import { GPU_FIELDS, MOUNT_GROUP_FIELDS } from './runFields';
import type { RawWord, Segment } from './commandLine';
import { flowStrings, writeEntries, ymap, ynull, yraw, yseq, ystr, type YNode } from './yamlOut';

type YMap = Extract<YNode, { kind: 'map' }>;

/** The commands whose flags describe one container, as a compose service does. */
const CONVERTIBLE = new Set(['docker run', 'docker create']);

/** The concept note that holds the conversion's wording. */
export const CONVERT_NOTE = 'docker run and compose';

export interface Dropped {
  /** The flag as written, with its value (`--rm`, `--cidfile /tmp/id`). */
  flag: string;
  reason: string;
}

export interface RunConversion {
  /** The command's note name (`docker run`). */
  command: string;
  /** The service name it proposes: the container name, else the image's name. */
  name: string;
  service: YMap;
  /** Top-level declarations the service needs (named volumes, networks). */
  volumes: YMap;
  networks: YMap;
  dropped: Dropped[];
}

/** A message of the conversion's note, filled; the id itself when a user note took it away. */
export function convertMessage(
  docs: DocsIndex,
  id: string,
  args: Readonly<Record<string, string>> = {},
): string {
  const t = docs.get('concept', CONVERT_NOTE)?.messages?.[id];
  return t ? fillTemplate(t, args) : id;
}

/** Is this command (its words) a `docker run` / `docker create` that can be converted? */
export function isConvertibleRun(docs: DocsIndex, words: readonly RawWord[]): boolean {
  const a = analyze(docs, words);
  return !!a?.command && CONVERTIBLE.has(a.command.name) && a.parts.some((p) => p.role === 'arg');
}

/** What a shell value becomes in a compose file, or why it cannot be written there. */
type Converted = { value: string; cwd: boolean } | { fail: 'substitution' | 'shell-expansion' };

const CWD_COMMANDS = /^\s*(?:pwd|PWD|CURDIR|shell\s+pwd)\s*$/;
const COMPOSE_BRACED = /^\$\{[_A-Za-z][_A-Za-z0-9]*(?::?[-+?][^]*)?\}$/;

/**
 * The compose text of a shell word: quoted or escaped `$` become `$$`, `$VAR` and `${VAR:-x}` stay
 * (compose reads them from the same environment), `$(pwd)` and `$PWD` become `${PWD}`; other
 * command substitutions and shell-only expansions cannot be written.
 */
export function composeText(segments: readonly Segment[]): Converted {
  let out = '';
  let cwd = false;
  for (const seg of segments) {
    if (seg.literal) {
      out += seg.text.replace(/\$/g, '$$$$');
      continue;
    }
    const t = seg.text;
    let i = 0;
    while (i < t.length) {
      const c = t[i];
      if (c === '`' || (c === '$' && t[i + 1] === '(')) {
        const close = c === '`' ? t.indexOf('`', i + 1) : matchingParen(t, i + 1);
        const inner = t.slice(c === '`' ? i + 1 : i + 2, close < 0 ? t.length : close);
        if (!CWD_COMMANDS.test(inner)) return { fail: 'substitution' };
        out += '${PWD}';
        cwd = true;
        i = close < 0 ? t.length : close + 1;
        continue;
      }
      if (c === '$' && t[i + 1] === '{') {
        const close = matchingBrace(t, i + 1);
        const expr = t.slice(i, close < 0 ? t.length : close + 1);
        if (!COMPOSE_BRACED.test(expr)) return { fail: 'shell-expansion' };
        if (expr === '${PWD}') cwd = true;
        out += expr;
        i += expr.length;
        continue;
      }
      if (c === '$') {
        const m = /^[_A-Za-z][_A-Za-z0-9]*/.exec(t.slice(i + 1));
        if (m) {
          out += m[0] === 'PWD' ? '${PWD}' : `$${m[0]}`;
          if (m[0] === 'PWD') cwd = true;
          i += 1 + m[0].length;
          continue;
        }
        // $1, $@, $?, $$: the shell's own parameters
        if (i + 1 < t.length && /[0-9@*#?$!-]/.test(t[i + 1])) return { fail: 'shell-expansion' };
        out += '$$';
        i++;
        continue;
      }
      out += c;
      i++;
    }
  }
  return { value: out, cwd };
}

function matchingParen(t: string, open: number): number {
  let depth = 0;
  for (let j = open; j < t.length; j++) {
    if (t[j] === '(') depth++;
    else if (t[j] === ')' && --depth === 0) return j;
  }
  return -1;
}

function matchingBrace(t: string, open: number): number {
  let depth = 0;
  for (let j = open; j < t.length; j++) {
    if (t[j] === '{') depth++;
    else if (t[j] === '}' && --depth === 0) return j;
  }
  return -1;
}

/** The segments of the last `length` characters of a word (an inline value: `--name=web`, `-p80`). */
function tail(word: RawWord, length: number): Segment[] {
  let skip = word.text.length - length;
  const out: Segment[] = [];
  for (const s of word.segments) {
    if (skip >= s.text.length) {
      skip -= s.text.length;
      continue;
    }
    out.push({ text: s.text.slice(skip), literal: s.literal });
    skip = 0;
  }
  return out;
}

/** A service name compose accepts, from a container or image name. */
function serviceName(raw: string): string {
  const base =
    raw
      .replace(/[@:].*$/, '')
      .split('/')
      .pop() ?? '';
  const clean = base.replace(/[^a-zA-Z0-9._-]+/g, '-').replace(/^[^a-zA-Z0-9]+/, '');
  return clean.toLowerCase() || 'app';
}

function isNumber(s: string): boolean {
  return /^-?\d+(\.\d+)?$/.test(s);
}

/** `--mount` values are comma-separated, CSV-style (a field may be double-quoted). */
function csvFields(s: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '"') {
      if (quoted && s[i + 1] === '"') {
        cur += '"';
        i++;
      } else quoted = !quoted;
    } else if (c === ',' && !quoted) {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

/** `${PWD}` at the start of a bind source reads as the compose file's folder (`./data`). */
function relativeSource(source: string): string {
  if (source === '${PWD}') return '.';
  if (source.startsWith('${PWD}/')) return `.${source.slice(6)}`;
  return source;
}

function isNamedVolume(source: string): boolean {
  return /^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(source) && !/^[A-Za-z]$/.test(source);
}

const TRUE_WORDS = new Set(['', 'true', '1']);

class Builder {
  readonly service = ymap();
  readonly volumes = ymap();
  readonly networks = ymap();
  readonly dropped: Dropped[] = [];
  /** The first user-defined network (`--ip`, `--network-alias` apply to it). */
  network: string | undefined;

  constructor(private readonly docs: DocsIndex) {}

  /** The map at a path under the service, created as needed. */
  mapAt(path: readonly string[]): YMap {
    let m = this.service;
    for (const seg of path) {
      let next = m.entries.get(seg);
      if (!next || next.kind !== 'map') {
        next = ymap();
        m.entries.set(seg, next);
      }
      m = next;
    }
    return m;
  }

  set(path: readonly string[], value: YNode): void {
    this.mapAt(path.slice(0, -1)).entries.set(path[path.length - 1], value);
  }

  append(path: readonly string[], value: YNode): void {
    const parent = this.mapAt(path.slice(0, -1));
    const key = path[path.length - 1];
    let seq = parent.entries.get(key);
    if (!seq || seq.kind !== 'seq') {
      seq = yseq();
      parent.entries.set(key, seq);
    }
    seq.items.push(value);
  }

  drop(flag: string, reasonId: string, args: Record<string, string> = {}): void {
    this.dropped.push({ flag, reason: convertMessage(this.docs, reasonId, args) });
  }

  /** One flag with its value (compose text) under its key. Returns false when it cannot be written. */
  place(
    flag: CliFlag,
    key: string,
    note: NoteEntry | undefined,
    value: string,
    cwd: boolean,
  ): boolean {
    const path = key.replace(/^services\.\*\./, '').split('.');
    if (path.includes('*')) {
      // a per-network setting: the first network named with --network
      if (!this.network) return false;
      path[path.indexOf('*')] = this.network;
    }
    const bool = flag.type === 'bool';
    switch (key) {
      case 'services.*.healthcheck.test':
        this.set(path, flowStrings(['CMD-SHELL', value]));
        return true;
      case 'services.*.entrypoint':
        this.set(path, flowStrings([value]));
        return true;
      case 'services.*.stop_grace_period':
        this.set(path, ystr(isNumber(value) ? `${value}s` : value));
        return true;
      case 'services.*.ports':
        this.append(path, yraw(JSON.stringify(value)));
        return true;
      case 'services.*.volumes':
        return flag.name === '--mount' ? this.mount(path, value) : this.volume(path, value, cwd);
      case 'services.*.volumes_from':
        this.append(path, ystr(`container:${value}`));
        return true;
      case 'services.*.gpus':
        return this.gpus(path, value);
      case 'services.*.ulimits': {
        const m = /^([a-z]+)=(-?\d+)(?::(-?\d+))?$/.exec(value);
        if (!m) return false;
        if (m[3] === undefined) this.mapAt(path).entries.set(m[1], yraw(m[2]));
        else {
          const limit = ymap();
          limit.entries.set('soft', yraw(m[2]));
          limit.entries.set('hard', yraw(m[3]));
          this.mapAt(path).entries.set(m[1], limit);
        }
        return true;
      }
      case 'services.*.networks': {
        this.mapAt(path);
        this.mapAt([...path, value]);
        this.network ??= value;
        if (!this.networks.entries.has(value)) {
          const decl = ymap();
          decl.entries.set('external', yraw('true'));
          this.networks.entries.set(value, decl);
        }
        return true;
      }
      case 'services.*.blkio_config.weight_device':
      case 'services.*.blkio_config.device_read_bps':
      case 'services.*.blkio_config.device_read_iops':
      case 'services.*.blkio_config.device_write_bps':
      case 'services.*.blkio_config.device_write_iops': {
        const colon = value.lastIndexOf(':');
        if (colon <= 0) return false;
        const item = ymap();
        item.entries.set('path', ystr(value.slice(0, colon)));
        const amount = value.slice(colon + 1);
        item.entries.set(
          key.endsWith('weight_device') ? 'weight' : 'rate',
          isNumber(amount) ? yraw(amount) : ystr(amount),
        );
        this.append(path, item);
        return true;
      }
      default:
        break;
    }
    switch (note?.shape) {
      case 'scalar':
        if (bool) this.set(path, yraw(TRUE_WORDS.has(value) ? 'true' : 'false'));
        else if (isNumber(value) && /^(integer|number)/.test(note.type ?? ''))
          this.set(path, yraw(value));
        else this.set(path, ystr(value));
        return true;
      case 'sequence':
        this.append(path, ystr(value));
        return true;
      case 'dict': {
        let eq = value.indexOf('=');
        if (eq < 0 && key === 'services.*.extra_hosts') eq = value.indexOf(':');
        const map = this.mapAt(path);
        if (eq > 0) map.entries.set(value.slice(0, eq), ystr(value.slice(eq + 1)));
        else if (key === 'services.*.environment') map.entries.set(value, ynull());
        else if (value) map.entries.set(value, ystr(''));
        else return false;
        return true;
      }
      case 'named-mapping':
      case 'mapping':
      case undefined:
        return false;
    }
  }

  private volume(path: string[], value: string, cwd: boolean): boolean {
    const v = parseVolumeShort(value);
    if (!('error' in v) && v.source) {
      const source = cwd ? relativeSource(v.source) : v.source;
      if (isNamedVolume(source)) this.declareVolume(source);
      this.append(path, ystr(source + value.slice(v.source.length)));
    } else this.append(path, ystr(value));
    return true;
  }

  private declareVolume(name: string): YMap {
    let decl = this.volumes.entries.get(name);
    if (!decl || decl.kind !== 'map') {
      decl = ymap();
      decl.entries.set('name', ystr(name));
      this.volumes.entries.set(name, decl);
    }
    return decl;
  }

  /** `--mount type=…,source=…,target=…` as the long volume syntax. */
  private mount(path: string[], value: string): boolean {
    const item = ymap();
    const fields = new Map<string, string>();
    for (const f of csvFields(value)) {
      const eq = f.indexOf('=');
      fields.set((eq < 0 ? f : f.slice(0, eq)).trim().toLowerCase(), eq < 0 ? '' : f.slice(eq + 1));
    }
    const type = fields.get('type') ?? 'volume';
    item.entries.set('type', ystr(type));
    const sub = (group: string, key: string, v: YNode): void => {
      let m = item.entries.get(group);
      if (!m || m.kind !== 'map') item.entries.set(group, (m = ymap()));
      m.entries.set(key, v);
    };
    let source: string | undefined;
    const volumeDecl: [string, string, string][] = [];
    for (const [k, v] of fields) {
      switch (k) {
        case 'type':
          break;
        case 'source':
        case 'src':
          source = relativeSource(v);
          item.entries.set('source', ystr(source));
          break;
        case 'target':
        case 'destination':
        case 'dst':
          item.entries.set('target', ystr(v));
          break;
        case 'readonly':
        case 'ro':
          item.entries.set('read_only', yraw(TRUE_WORDS.has(v) ? 'true' : 'false'));
          break;
        case 'consistency':
          item.entries.set('consistency', ystr(v));
          break;
        case 'tmpfs-mode':
          // octal for docker; an octal number for compose
          if (!/^[0-7]+$/.test(v)) return false;
          sub('tmpfs', 'mode', yraw(`0o${v.replace(/^0+(?=.)/, '')}`));
          break;
        case 'volume-driver':
          volumeDecl.push(['driver', '', v]);
          break;
        case 'volume-opt': {
          const eq = v.indexOf('=');
          if (eq <= 0) return false;
          volumeDecl.push(['driver_opts', v.slice(0, eq), v.slice(eq + 1)]);
          break;
        }
        case 'volume-label': {
          const eq = v.indexOf('=');
          volumeDecl.push(['labels', eq < 0 ? v : v.slice(0, eq), eq < 0 ? '' : v.slice(eq + 1)]);
          break;
        }
        default: {
          const g = MOUNT_GROUP_FIELDS.find(([field]) => field === k);
          if (!g) return false;
          const value =
            k === 'volume-nocopy'
              ? yraw(TRUE_WORDS.has(v) ? 'true' : 'false')
              : k === 'tmpfs-size' && isNumber(v)
                ? yraw(v)
                : ystr(v);
          sub(g[1], g[2], value);
        }
      }
    }
    if (type === 'volume' && source && isNamedVolume(source)) {
      const decl = this.declareVolume(source);
      for (const [key, sub2, v] of volumeDecl) {
        if (!sub2) decl.entries.set(key, ystr(v));
        else {
          let m = decl.entries.get(key);
          if (!m || m.kind !== 'map') decl.entries.set(key, (m = ymap()));
          m.entries.set(sub2, ystr(v));
        }
      }
    } else if (volumeDecl.length) return false;
    this.append(path, item);
    return true;
  }

  private gpus(path: string[], value: string): boolean {
    const v = value;
    if (v === 'all') {
      this.set(path, ystr('all'));
      return true;
    }
    const request = ymap();
    for (const field of csvFields(v)) {
      const eq = field.indexOf('=');
      const k = eq < 0 ? (isNumber(field) ? 'count' : field) : field.slice(0, eq);
      const val = eq < 0 ? field : field.slice(eq + 1);
      const key = GPU_FIELDS.get(k);
      if (!key) return false;
      if (k === 'count') request.entries.set(key, val === 'all' ? ystr('all') : yraw(val));
      else if (k === 'driver') request.entries.set(key, ystr(val));
      else {
        // device ids and capabilities are lists
        const list = yseq();
        for (const x of val.split(',')) list.items.push(ystr(x));
        request.entries.set(key, list);
      }
    }
    this.append(path, request);
    return true;
  }
}

/** The words of a flag as written, for the comment (`-d`, `--cidfile /tmp/id`). */
function written(text: string, value: string | undefined): string {
  return value === undefined ? text : `${text} ${value}`;
}

/**
 * Convert a `docker run` / `docker create` command (its words, quote-aware) to a compose service.
 * Undefined when the words are not such a command or name no image.
 */
export function runToCompose(
  docs: DocsIndex,
  words: readonly RawWord[],
): RunConversion | undefined {
  const a = analyze(docs, words);
  const cmd = a?.command;
  if (!a || !cmd || !CONVERTIBLE.has(cmd.name)) return undefined;
  const imagePart = a.parts.find((p) => p.role === 'arg');
  if (!imagePart) return undefined;
  const b = new Builder(docs);
  const image = composeText((imagePart.word as RawWord).segments);
  b.service.entries.set('image', ystr('value' in image ? image.value : imagePart.word.text));
  if (!('value' in image)) b.drop(imagePart.word.text, image.fail);

  // the flags with their values; per-network settings wait until the networks are known
  const later: (() => void)[] = [];
  let name: string | undefined;
  const parts = a.parts;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    if (part.role !== 'flag' || !part.flags) continue;
    const next: Part | undefined = parts[i + 1];
    part.flags.forEach((f, k) => {
      const last = k === part.flags!.length - 1;
      let valueSegments: Segment[] | undefined;
      if (last && part.inlineValue)
        valueSegments = tail(part.word as RawWord, part.inlineValue.text.length);
      else if (last && next?.role === 'flag-value' && next.valueFlag === f.flag)
        valueSegments = (next.word as RawWord).segments;
      const valueText = valueSegments?.map((s) => s.text).join('');
      const label = written(f.text, valueText);
      const flag = f.flag;
      if (!flag) {
        b.drop(label, 'unknown-flag', { command: cmd.name });
        return;
      }
      const byValue = valueText
        ? flag.values?.find(
            (v) =>
              v.compose &&
              (v.value.endsWith(':') ? valueText.startsWith(v.value) : valueText === v.value),
          )
        : undefined;
      const key = byValue?.compose ?? flag.compose;
      if (!key) {
        if (flag.no_compose) b.dropped.push({ flag: label, reason: flag.no_compose });
        else b.drop(label, 'unknown-flag', { command: cmd.name });
        return;
      }
      const converted = valueSegments ? composeText(valueSegments) : { value: '', cwd: false };
      if (!('value' in converted)) {
        b.drop(label, converted.fail);
        return;
      }
      if (flag.name === '--name') name = converted.value;
      const apply = (): void => {
        if (!b.place(flag, key, docs.compose(key), converted.value, converted.cwd)) {
          b.drop(label, key.includes('.*.networks.*.') ? 'needs-network' : 'not-mapped', {
            key: key.replace(/^services\.\*\./, ''),
          });
        }
      };
      if (key.includes('.networks.*.')) later.push(apply);
      else apply();
    });
  }
  for (const apply of later) apply();
  const command = a.parts.filter((p) => p.role === 'passthrough');
  if (command.length) {
    const args: string[] = [];
    for (const p of command) {
      const c = composeText((p.word as RawWord).segments);
      if (!('value' in c)) {
        b.drop(command.map((x) => x.word.text).join(' '), c.fail);
        args.length = 0;
        break;
      }
      args.push(c.value);
    }
    if (args.length) b.service.entries.set('command', flowStrings(args));
  }
  const proposed = serviceName(name && !name.includes('$') ? name : imagePart.word.text);
  return {
    command: cmd.name,
    name: proposed,
    service: b.service,
    volumes: b.volumes,
    networks: b.networks,
    dropped: b.dropped,
  };
}

/** The lines of one service: the comment on what was left out, its key, its entries. */
export function serviceLines(
  docs: DocsIndex,
  conv: RunConversion,
  name: string,
  unit: number,
): string[] {
  const pad = ' '.repeat(unit);
  const out: string[] = [];
  if (conv.dropped.length) {
    out.push(`${pad}# ${convertMessage(docs, 'dropped')}`);
    for (const d of conv.dropped)
      out.push(
        `${pad}#   ${convertMessage(docs, 'dropped-flag', { flag: d.flag, reason: d.reason })}`,
      );
  }
  out.push(`${pad}${name}:`);
  out.push(...writeEntries(conv.service, 2, unit));
  return out;
}

/** A whole compose file holding the converted service (what the CLI prints, a new compose.yaml). */
export function composeFileText(docs: DocsIndex, conv: RunConversion, name = conv.name): string {
  const lines = ['services:', ...serviceLines(docs, conv, name, 2)];
  for (const [section, map] of [
    ['volumes', conv.volumes],
    ['networks', conv.networks],
  ] as const) {
    if (!map.entries.size) continue;
    lines.push(`${section}:`, ...writeEntries(map, 1, 2));
  }
  return `${lines.join('\n')}\n`;
}
