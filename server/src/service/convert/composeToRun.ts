/**
 * A compose service to the `docker run` command that creates the same container. Which flag a key
 * becomes comes from the notes: the `compose:` field of the `docker run` flags (read backwards),
 * else a compose key's own `docker_run:` when it names a `docker run` flag. Keys with neither are
 * listed, with the command their note points to when it names one (`build`: `docker build`).
 */
import type { DocsIndex } from '../docs/docsIndex';
import type { CliFlag, NoteEntry } from '../types';
import { readCommands } from './commandLine';
import { parseVolumeShort } from '../compose/composeValues';
import { GPU_FIELDS, MOUNT_GROUP_FIELDS } from './runFields';
import { convertMessage } from './runToCompose';

type Json = string | number | boolean | null | Json[] | { [k: string]: Json };
type JsonMap = { [k: string]: Json };

export interface ComposeProject {
  /** The project name (top-level `name:`, else the compose file's folder), for resource names. */
  project: string;
  /** Top-level `volumes` and `networks` of the file. */
  volumes: JsonMap;
  networks: JsonMap;
}

export interface RunCommand {
  /** `docker run` and its arguments, each a shell word already quoted. */
  flags: [string, string?][];
  image: string;
  args: string[];
  /** Keys with no `docker run` form (with where they belong instead, when the notes say). */
  notConverted: string[];
}

interface Reverse {
  run: NoteEntry;
  /** compose key path -> the docker run flag that sets it */
  byKey: Map<string, CliFlag>;
}

const reverseCache = new WeakMap<DocsIndex, Reverse | null>();

function reverseIndex(docs: DocsIndex): Reverse | undefined {
  const hit = reverseCache.get(docs);
  if (hit !== undefined) return hit ?? undefined;
  const run = docs.command('docker run');
  if (!run) {
    reverseCache.set(docs, null);
    return undefined;
  }
  const byKey = new Map<string, CliFlag>();
  for (const f of run.flags ?? []) {
    if (f.compose && !byKey.has(f.compose)) byKey.set(f.compose, f);
    for (const v of f.values ?? []) if (v.compose && !byKey.has(v.compose)) byKey.set(v.compose, f);
  }
  // a compose key whose own note names a docker run flag (`deploy.resources.limits.memory`: -m)
  for (const note of docs.ofKind('compose-key')) {
    if (byKey.has(note.name) || note.shape === 'mapping' || !note.docker_run?.startsWith('-'))
      continue;
    const names = note.docker_run.split(/[\s,/]+/).filter((w) => w.startsWith('-'));
    const flag = (run.flags ?? []).find((f) => names.includes(f.name));
    if (flag) byKey.set(note.name, flag);
  }
  const r = { run, byKey };
  reverseCache.set(docs, r);
  return r;
}

const SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;

/**
 * A host path as the shell must be given it: compose expands a leading `~` to the home folder,
 * which a quoted or mid-word `~` on a command line is not, so it becomes `${HOME}`.
 */
function hostPath(p: string): string {
  return p === '~' || p.startsWith('~/') ? `\${HOME}${p.slice(1)}` : p;
}

/**
 * A compose value as one shell word with the same meaning: `$$` is a dollar sign, `${VAR}` and
 * `$VAR` stay expansions (the shell reads the same environment), everything else is literal.
 */
export function shellWord(value: string): string {
  if (value === '') return "''";
  let hasExpansion = false;
  let literal = '';
  let dq = '';
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c === '$' && value[i + 1] === '$') {
      literal += '$';
      dq += '\\$';
      i++;
      continue;
    }
    if (c === '$') {
      const braced = value[i + 1] === '{' ? value.indexOf('}', i) : -1;
      const named = /^[_A-Za-z][_A-Za-z0-9]*/.exec(value.slice(i + 1));
      const expr = braced > 0 ? value.slice(i, braced + 1) : named ? `$${named[0]}` : undefined;
      if (expr) {
        hasExpansion = true;
        literal += expr;
        dq += expr;
        i += expr.length - 1;
        continue;
      }
    }
    literal += c;
    dq += c === '"' || c === '\\' || c === '`' || c === '$' ? `\\${c}` : c;
  }
  if (hasExpansion) return `"${dq}"`;
  if (SAFE.test(literal)) return literal;
  return `'${literal.replace(/'/g, `'\\''`)}'`;
}

function str(v: Json): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

function isMap(v: Json | undefined): v is JsonMap {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

/** Seconds of a Go duration (`1m30s`, `500ms`, `10s`), rounded up; undefined when not one. */
export function durationSeconds(d: string): number | undefined {
  if (/^\d+$/.test(d)) return Number(d);
  const unit: Record<string, number> = {
    h: 3600,
    m: 60,
    s: 1,
    ms: 0.001,
    us: 1e-6,
    µs: 1e-6,
    ns: 1e-9,
  };
  let total = 0;
  let rest = d;
  while (rest) {
    const m = /^(\d+(?:\.\d+)?)(h|ms|m|s|us|µs|ns)/.exec(rest);
    if (!m) return undefined;
    total += Number(m[1]) * unit[m[2]];
    rest = rest.slice(m[0].length);
  }
  return Math.ceil(total);
}

/** Merge `<<` keys the way YAML merge keys work: the mapping's own keys win. */
function merged(m: JsonMap): JsonMap {
  const base = m['<<'];
  if (base === undefined) return m;
  const out: JsonMap = {};
  for (const src of Array.isArray(base) ? base : [base])
    if (isMap(src)) for (const [k, v] of Object.entries(merged(src))) out[k] ??= v;
  for (const [k, v] of Object.entries(m)) if (k !== '<<') out[k] = v;
  return out;
}

/** A CSV field of a `--mount` / `--gpus` value, quoted when it holds a comma or a quote. */
function csv(field: string): string {
  return /[",]/.test(field) ? `"${field.replace(/"/g, '""')}"` : field;
}

/** The words of a compose `command` / `entrypoint` string, split as compose splits them. */
function splitCommand(s: string): string[] | undefined {
  const cmds = readCommands(s, 0);
  if (cmds.length > 1) return undefined;
  return cmds[0]?.words.map((w) => w.text) ?? [];
}

class RunBuilder {
  readonly flags: [string, string?][] = [];
  readonly notConverted: string[] = [];
  /** The top-level entries already listed as needing their own command. */
  private readonly listedEntries = new Set<string>();
  image = '';
  entrypointRest: string[] = [];
  args: string[] = [];

  constructor(
    private readonly docs: DocsIndex,
    private readonly rev: Reverse,
    private readonly project: ComposeProject,
  ) {}

  flag(f: CliFlag, value?: string): void {
    this.flags.push([f.short ?? f.name, value === undefined ? undefined : shellWord(value)]);
  }

  /** A flag of docker run by name (for keys whose value needs the flag the notes name). */
  named(key: string): CliFlag | undefined {
    return this.rev.byKey.get(key);
  }

  skip(key: string, id?: string): void {
    const display = key.replace(/^services\.\*\./, '');
    if (id) {
      this.notConverted.push(convertMessage(this.docs, id, { key: display }));
      return;
    }
    const where = this.docs.compose(key)?.docker_run;
    this.notConverted.push(
      where && !where.startsWith('-')
        ? convertMessage(this.docs, 'no-run-key-where', { key: display, where })
        : convertMessage(this.docs, 'no-run-key', { key: display }),
    );
  }

  /**
   * A top-level volume or network that `docker run` does not create as compose would (a network
   * compose creates, a volume with driver settings): listed with the command that creates it.
   */
  resource(section: 'volumes' | 'networks', key: string): void {
    const decl = this.project[section][key];
    const external = isMap(decl) && (decl.external === true || isMap(decl.external));
    const custom =
      section === 'networks' ||
      (isMap(decl) && (decl.driver !== undefined || decl.driver_opts !== undefined));
    if (external || !custom) return;
    const where = this.docs.compose(section)?.docker_run;
    const display = `${section}.${key}`;
    if (this.listedEntries.has(display)) return;
    this.listedEntries.add(display);
    this.notConverted.push(
      where
        ? convertMessage(this.docs, 'no-run-key-where', { key: display, where })
        : convertMessage(this.docs, 'no-run-key', { key: display }),
    );
  }

  /** The engine's name of a top-level volume or network of the project. */
  resourceName(section: 'volumes' | 'networks', key: string): string {
    const decl = this.project[section][key];
    if (isMap(decl)) {
      const name = str(decl.name ?? null);
      if (name) return name;
      if (decl.external === true || isMap(decl.external)) return key;
    }
    return `${this.project.project}_${key}`;
  }

  key(path: string, value: Json): void {
    const v = value;
    switch (path) {
      case 'services.*.image':
        this.image = str(v) ?? '';
        return;
      case 'services.*.command': {
        const words =
          typeof v === 'string'
            ? splitCommand(v)
            : Array.isArray(v)
              ? v.map((x) => str(x) ?? '')
              : [];
        if (!words) this.skip(path, 'not-mapped');
        else this.args = words;
        return;
      }
      case 'services.*.entrypoint': {
        const words =
          typeof v === 'string'
            ? splitCommand(v)
            : Array.isArray(v)
              ? v.map((x) => str(x) ?? '')
              : [];
        const f = this.named(path);
        if (!words || !f) return this.skip(path, 'not-mapped');
        this.flag(f, words[0] ?? '');
        this.entrypointRest = words.slice(1);
        return;
      }
      case 'services.*.healthcheck':
        if (!isMap(v)) return this.skip(path, 'not-mapped');
        for (const [k, x] of Object.entries(v)) {
          if (k === 'test') this.healthTest(x);
          else this.key(`${path}.${k}`, x);
        }
        return;
      case 'services.*.healthcheck.disable': {
        const f = this.named(path);
        if (v === true && f) this.flag(f);
        return;
      }
      case 'services.*.stop_grace_period': {
        const s = durationSeconds(str(v) ?? '');
        const f = this.named(path);
        if (s === undefined || !f) return this.skip(path, 'not-mapped');
        this.flag(f, String(s));
        return;
      }
      case 'services.*.ports':
        for (const item of Array.isArray(v) ? v : [v]) this.port(path, item);
        return;
      case 'services.*.volumes':
        for (const item of Array.isArray(v) ? v : [v]) this.volume(path, item);
        return;
      case 'services.*.volumes_from': {
        const f = this.named(path);
        for (const item of Array.isArray(v) ? v : [v]) {
          const s = str(item) ?? '';
          if (s.startsWith('container:') && f) this.flag(f, s.slice('container:'.length));
          else this.skip(`${path}`, 'other-service');
        }
        return;
      }
      case 'services.*.network_mode': {
        const s = str(v) ?? '';
        const f = this.named(path);
        if (s.startsWith('service:') || !f) return this.skip(path, 'other-service');
        this.flag(f, s);
        return;
      }
      case 'services.*.networks':
        this.networks(path, v);
        return;
      case 'services.*.ulimits': {
        const f = this.named(path);
        if (!isMap(v) || !f) return this.skip(path, 'not-mapped');
        for (const [name, limit] of Object.entries(v)) {
          if (isMap(limit))
            this.flag(
              f,
              `${name}=${str(limit.soft ?? null) ?? ''}:${str(limit.hard ?? null) ?? ''}`,
            );
          else this.flag(f, `${name}=${str(limit) ?? ''}`);
        }
        return;
      }
      case 'services.*.gpus': {
        const f = this.named(path);
        if (!f) return this.skip(path, 'not-mapped');
        if (v === 'all') return this.flag(f, 'all');
        for (const req of Array.isArray(v) ? v : []) {
          if (!isMap(req)) continue;
          const fields: string[] = [];
          const keys = Object.keys(req);
          if (keys.length === 1 && keys[0] === 'count') {
            this.flag(f, str(req.count) ?? '');
            continue;
          }
          for (const [k, x] of Object.entries(req)) {
            const list = Array.isArray(x) ? x.map((i) => str(i) ?? '').join(',') : (str(x) ?? '');
            const name = [...GPU_FIELDS].find(([, key]) => key === k)?.[0];
            if (!name) return this.skip(`${path}.${k}`, 'not-mapped');
            fields.push(csv(`${name}=${list}`));
          }
          this.flag(f, fields.join(','));
        }
        return;
      }
      case 'services.*.extra_hosts': {
        const f = this.named(path);
        if (!f) return this.skip(path, 'not-mapped');
        if (isMap(v)) {
          for (const [host, ip] of Object.entries(v))
            for (const one of Array.isArray(ip) ? ip : [ip])
              this.flag(f, `${host}:${str(one) ?? ''}`);
        } else
          for (const item of Array.isArray(v) ? v : [])
            this.flag(f, (str(item) ?? '').replace(/^([^=:]+)=/, '$1:'));
        return;
      }
      case 'services.*.env_file':
        for (const item of Array.isArray(v) ? v : [v]) {
          const f = this.named(path);
          const p = isMap(item) ? str(item.path ?? null) : str(item);
          if (!f || !p) continue;
          this.flag(f, hostPath(p));
          if (isMap(item))
            for (const k of Object.keys(item)) if (k !== 'path') this.skip(`${path}.${k}`);
        }
        return;
      default:
        break;
    }
    if (path.startsWith('services.*.blkio_config.') && Array.isArray(v)) {
      const f = this.named(path);
      if (!f) return this.skip(path);
      for (const item of v)
        if (isMap(item))
          this.flag(
            f,
            `${str(item.path ?? null) ?? ''}:${str(item.weight ?? item.rate ?? null) ?? ''}`,
          );
      return;
    }
    this.generic(path, v);
  }

  /** A key the notes map to a flag, written the way its note's shape says. */
  private generic(path: string, v: Json): void {
    const note = this.docs.compose(path);
    const f = this.named(path);
    if (!f) {
      // a mapping whose children may have flags (logging, blkio_config, deploy.resources …)
      if (
        isMap(v) &&
        note &&
        (note.shape === 'mapping' || this.docs.composeChildrenOf(path).length)
      ) {
        for (const [k, x] of Object.entries(v)) this.key(`${path}.${k}`, x);
        return;
      }
      if (v === null) return;
      this.skip(path);
      return;
    }
    if (f.type === 'bool') {
      if (v === true || v === 'true') this.flag(f);
      return;
    }
    if (isMap(v)) {
      for (const [k, x] of Object.entries(v))
        this.flag(f, x === null && path === 'services.*.environment' ? k : `${k}=${str(x) ?? ''}`);
      return;
    }
    if (Array.isArray(v)) {
      for (const item of v) {
        const s = str(item);
        if (s !== undefined) this.flag(f, s);
        else this.skip(path, 'not-mapped');
      }
      return;
    }
    const s = str(v);
    if (s !== undefined) this.flag(f, s);
  }

  private healthTest(v: Json): void {
    const path = 'services.*.healthcheck.test';
    const f = this.named(path);
    if (typeof v === 'string') return f ? this.flag(f, v) : this.skip(path);
    if (!Array.isArray(v)) return this.skip(path, 'not-mapped');
    const [kind, ...rest] = v.map((x) => str(x) ?? '');
    if (kind === 'NONE') {
      const off = this.named('services.*.healthcheck.disable');
      if (off) this.flag(off);
      return;
    }
    if (!f) return this.skip(path);
    // --health-cmd always runs through the container's shell: an exec form becomes one line
    if (kind === 'CMD-SHELL') this.flag(f, rest.join(' '));
    else if (kind === 'CMD')
      this.flag(f, rest.map((w) => (SAFE.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`)).join(' '));
    else this.skip(path, 'not-mapped');
  }

  private port(path: string, item: Json): void {
    const f = this.named(path);
    if (!f) return this.skip(path);
    if (!isMap(item)) return this.flag(f, str(item) ?? '');
    const target = str(item.target ?? null);
    if (!target) return this.skip(path, 'not-mapped');
    const published = str(item.published ?? null);
    const ip = str(item.host_ip ?? null);
    const proto = str(item.protocol ?? null);
    let spec = published ? `${published}:${target}` : target;
    if (ip) spec = `${ip.includes(':') ? `[${ip}]` : ip}:${published ?? ''}:${target}`;
    if (proto && proto !== 'tcp') spec += `/${proto}`;
    this.flag(f, spec);
    for (const k of Object.keys(item))
      if (!['target', 'published', 'host_ip', 'protocol'].includes(k)) this.skip(`${path}.${k}`);
  }

  private volume(path: string, item: Json): void {
    const run = this.rev.run;
    if (!isMap(item)) {
      const s = str(item) ?? '';
      const v = parseVolumeShort(s);
      const source = 'error' in v ? undefined : v.source;
      let value = s;
      if (source !== undefined) {
        let written = source;
        if (/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(source) && source.length > 1) {
          this.resource('volumes', source);
          written = this.resourceName('volumes', source);
        }
        value = hostPath(written) + s.slice(source.length);
      }
      const f = (run.flags ?? []).find((x) => x.name === '--volume');
      if (f) this.flag(f, value);
      return;
    }
    const f = (run.flags ?? []).find((x) => x.name === '--mount');
    if (!f) return this.skip(path);
    const type = str(item.type ?? null) ?? 'volume';
    const fields = [`type=${type}`];
    const sourceKey = str(item.source ?? null);
    let source = sourceKey;
    if (source && type === 'volume') source = this.resourceName('volumes', source);
    else if (source && type === 'bind') source = hostPath(source);
    if (source) fields.push(`source=${source}`);
    const target = str(item.target ?? null);
    if (target) fields.push(`target=${target}`);
    if (item.read_only === true || item.read_only === 'true') fields.push('readonly');
    for (const [field, group, key] of MOUNT_GROUP_FIELDS) {
      const g = item[group];
      const x = isMap(g) ? str(g[key] ?? null) : undefined;
      if (x === 'true' && field === 'volume-nocopy') fields.push(field);
      else if (x !== undefined && !(x === 'false' && field === 'volume-nocopy'))
        fields.push(`${field}=${x}`);
    }
    // a named volume's driver settings go with the mount that creates it
    const decl = type === 'volume' && sourceKey ? this.project.volumes[sourceKey] : undefined;
    if (isMap(decl)) {
      const driver = str(decl.driver ?? null);
      if (driver) fields.push(`volume-driver=${driver}`);
      for (const [field, group] of [
        ['volume-opt', decl.driver_opts],
        ['volume-label', decl.labels],
      ] as const)
        if (isMap(group))
          for (const [k, x] of Object.entries(group)) fields.push(`${field}=${k}=${str(x) ?? ''}`);
    }
    const tmpfs = item.tmpfs;
    if (isMap(tmpfs) && tmpfs.mode !== undefined) {
      // compose reads the number (0o1770 is 1016); docker reads octal digits
      const mode =
        typeof tmpfs.mode === 'number' ? tmpfs.mode.toString(8) : (str(tmpfs.mode) ?? '');
      fields.push(`tmpfs-mode=${mode}`);
    }
    if (item.consistency !== undefined) fields.push(`consistency=${str(item.consistency) ?? ''}`);
    this.flag(f, fields.map(csv).join(','));
  }

  private networks(path: string, v: Json): void {
    const names: [string, JsonMap][] = [];
    if (Array.isArray(v)) for (const n of v) names.push([str(n) ?? '', {}]);
    else if (isMap(v))
      for (const [n, cfg] of Object.entries(v)) names.push([n, isMap(cfg) ? cfg : {}]);
    const f = this.named(path);
    if (!f) return this.skip(path);
    names.forEach(([key, cfg], i) => {
      const name = this.resourceName('networks', key);
      this.resource('networks', key);
      if (i === 0) {
        this.flag(f, name);
        for (const [k, x] of Object.entries(cfg)) {
          const sub = this.named(`${path}.*.${k}`);
          if (!sub) {
            this.skip(`${path}.*.${k}`);
            continue;
          }
          for (const one of Array.isArray(x) ? x : [x]) this.flag(sub, str(one) ?? '');
        }
        return;
      }
      // a second network: its settings go in the long form of --network (Docker 25 and later)
      const fields = [`name=${name}`];
      const long: Record<string, string> = {
        aliases: 'alias',
        ipv4_address: 'ip',
        ipv6_address: 'ip6',
        link_local_ips: 'link-local-ip',
      };
      for (const [k, x] of Object.entries(cfg)) {
        if (!long[k]) {
          this.skip(`${path}.*.${k}`);
          continue;
        }
        for (const one of Array.isArray(x) ? x : [x]) fields.push(`${long[k]}=${str(one) ?? ''}`);
      }
      this.flag(f, fields.map(csv).join(','));
    });
  }
}

/**
 * The `docker run` command of one service. `service` is the service's mapping as plain data
 * (`yaml`'s toJS); undefined when the notes of `docker run` are missing.
 */
export function composeToRun(
  docs: DocsIndex,
  serviceName: string,
  service: JsonMap,
  project: ComposeProject,
): RunCommand | undefined {
  const rev = reverseIndex(docs);
  if (!rev) return undefined;
  const b = new RunBuilder(docs, rev, project);
  const svc = merged(service);
  for (const [key, value] of Object.entries(svc)) {
    if (key.startsWith('x-')) continue;
    b.key(`services.*.${key}`, value);
  }
  // a service without an image runs the one compose builds for it
  const image = b.image || `${project.project}-${serviceName}`;
  return {
    flags: b.flags,
    image: shellWord(image),
    args: [...b.entrypointRest, ...b.args].map((a) => shellWord(a)),
    notConverted: b.notConverted,
  };
}

/** The command as text: comment lines for what has no flag, then one flag per line with `\`. */
export function runCommandText(docs: DocsIndex, run: RunCommand): string {
  const lines: string[] = [];
  if (run.notConverted.length) {
    lines.push(`# ${convertMessage(docs, 'no-run')}`);
    for (const k of run.notConverted) lines.push(`#   ${k}`);
  }
  const body = run.flags.map(([f, v]) => (v === undefined ? f : `${f} ${v}`));
  body.push([run.image, ...run.args].join(' '));
  lines.push(`docker run \\`);
  body.forEach((l, i) => lines.push(`  ${l}${i < body.length - 1 ? ' \\' : ''}`));
  return `${lines.join('\n')}\n`;
}

/** The project name compose derives from a folder name (lower case, letters, digits, - and _). */
export function projectName(folder: string): string {
  return (
    folder
      .toLowerCase()
      .replace(/[^a-z0-9_-]/g, '')
      .replace(/^[^a-z0-9]+/, '') || 'default'
  );
}
