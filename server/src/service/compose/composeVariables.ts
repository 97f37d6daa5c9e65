/**
 * Values as compose will see them: `${VAR}` in a compose file resolved against the project's
 * `.env` (handed over by the adapter as text, see `EnvInput`), for the hover, the inlay hints after
 * each substitution and the two variable rules (VariableNotSet, RequiredVariableNotSet); and the
 * inlay hint of a short port mapping (which side is the host). The wording comes from the notes
 * (the `compose interpolation` concept, the `services.*.ports` key); the code inserts names and
 * values.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, type Scalar } from 'yaml';
import {
  InlayHintKind,
  type Hover,
  type InlayHint,
  type Position,
  type Range,
} from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { DocsIndex } from '../docs/docsIndex';
import { renderNote } from '../docs/render';
import type { Finding } from '../rules/rules';
import { fillTemplate } from '../rules/rules';
import { parsePortMapping } from './composeValues';
import { parseEnvFile, type EnvFile } from './dotenv';
import type { MessageId } from '../docs/messages';
import { interpolations, resolve, substitute, type Interpolation } from './interpolation';
import { locate, type ParsedCompose } from './composeParse';

/** The `.env` of a compose file's project folder, as the adapter found it. */
export interface EnvInput {
  /** Where it is looked for (`<folder>/.env`). */
  uri: string;
  /** Its text; null when there is no such file. */
  text: string | null;
}

const NOTE = 'compose interpolation';
const PORTS = 'services.*.ports';

function message(
  docs: DocsIndex,
  kind: 'concept' | 'compose-key',
  name: string,
  // the ids of the concept note are held by the catalog (docs/messages.ts)
  id: MessageId<typeof NOTE> | 'inlay-ip' | 'inlay-random',
  args: Readonly<Record<string, string>> = {},
): string | undefined {
  const note = kind === 'concept' ? docs.get('concept', name) : docs.compose(name);
  const t = note?.messages?.[id];
  return t === undefined ? undefined : fillTemplate(t, args);
}

/** The parsed `.env` (an empty one when there is none). */
function envOf(input: EnvInput): EnvFile {
  return input.text === null ? { vars: new Map() } : parseEnvFile(input.text);
}

/** The `.env` variables as a lookup; a bare `NAME` line (the shell's value) reads as unknown. */
function lookupOf(env: EnvFile): (name: string) => string | undefined {
  return (name) => env.vars.get(name)?.value;
}

/** The substitution of a text holding `offset` (the innermost one, inside defaults). */
function substitutionAt(text: string, offset: number, base = 0): Interpolation | undefined {
  for (const x of interpolations(text)) {
    if (offset < base + x.start || offset > base + x.end) continue;
    if (x.argument && x.operator) {
      const argStart = base + x.start + 2 + x.name.length + x.operator.length;
      const inner = substitutionAt(x.argument, offset, argStart);
      if (inner) return inner;
    }
    return { ...x, start: base + x.start, end: base + x.end };
  }
  return undefined;
}

/** The note's message for each substitution operator (none: `${VAR}`). */
const FORM_MESSAGES: Readonly<Record<string, MessageId<typeof NOTE>>> = {
  '': 'form-plain',
  ':-': 'form-default-empty',
  '-': 'form-default-unset',
  ':?': 'form-required-empty',
  '?': 'form-required-unset',
  ':+': 'form-alternative-empty',
  '+': 'form-alternative-unset',
};

/** What compose does with one substitution form (the note's `form-*` texts). */
function formText(docs: DocsIndex, x: Interpolation, c: (s: string) => string): string | undefined {
  if (x.escape)
    return message(docs, 'concept', NOTE, 'form-escape', { dollars: c('$$'), dollar: c('$') });
  if (x.invalid) return message(docs, 'concept', NOTE, 'form-invalid');
  const key = FORM_MESSAGES[x.operator ?? ''];
  if (!key) return undefined;
  // the message of a required form quotes its argument (the error text compose prints)
  const argument = x.operator?.endsWith('?') ? `"${x.argument ?? ''}"` : c(x.argument ?? '');
  return message(docs, 'concept', NOTE, key, { name: c(x.name), argument });
}

/** The lines saying which value compose will use and why (the `.env` known). */
function valueLines(
  docs: DocsIndex,
  x: Interpolation,
  envInput: EnvInput,
  c: (s: string) => string,
): string[] {
  if (x.escape || x.invalid) return [];
  const m = (id: MessageId<typeof NOTE>, args: Record<string, string> = {}): string =>
    message(docs, 'concept', NOTE, id, args) ?? '';
  const env = envOf(envInput);
  const out: string[] = [];
  const own = env.vars.get(x.name);
  const name = c(x.name);
  const show = (v: string): string => c(v === '' ? '""' : v);
  if (own && own.value === undefined) {
    out.push(m('source-shell', { name }));
  } else {
    const r = resolve(x, lookupOf(env));
    if (r.error !== undefined) out.push(m('required', { name, reason: `"${r.error}"` }));
    else {
      let source: string;
      const set = own?.value !== undefined;
      switch (x.operator) {
        case undefined:
          source = set
            ? m('source-env', { name, line: String(own.line + 1) })
            : m('source-none', { name });
          break;
        case ':-':
        case '-': {
          const useDefault = !set || (x.operator === ':-' && own.value === '');
          source = useDefault
            ? m(set ? 'source-default-empty' : 'source-default', { name })
            : m('source-env', { name, line: String(own.line + 1) });
          break;
        }
        case ':?':
        case '?':
          source = m('source-env', { name, line: String((own?.line ?? 0) + 1) });
          break;
        case ':+':
        case '+': {
          const alt = set && (x.operator === '+' || own.value !== '');
          source = m(alt ? 'source-alternative' : 'source-alternative-unset', { name });
          break;
        }
      }
      out.push(m('value', { value: show(r.value), source }));
    }
  }
  if (env.error)
    out.push(
      m('env-error', {
        line: String(env.error.line + 1),
        message: m(env.error.id, env.error.vars),
      }),
    );
  out.push(m(envInput.text === null ? 'no-env-file' : 'env-file'));
  out.push(m('order'));
  return out.filter(Boolean);
}

/** The hover on a substitution in a value of a compose file; null when the offset is on none. */
export function variableHover(
  docs: DocsIndex,
  markdown: boolean,
  doc: TextDocument,
  scalar: Scalar,
  pos: Position,
  env: EnvInput | undefined,
): Hover | null {
  const r = scalar.range;
  if (!r) return null;
  const raw = doc.getText().slice(r[0], r[1]);
  if (!raw.includes('$')) return null;
  const offset = doc.offsetAt(pos);
  const x = substitutionAt(raw, offset, r[0]);
  const note = docs.get('concept', NOTE);
  if (!x || !note) return null;
  const c = (s: string): string => (markdown ? `\`${s}\`` : s);
  const lines = env ? valueLines(docs, x, env, c) : [];
  const form = formText(docs, x, c);
  if (form) lines.splice(Math.min(1, lines.length), 0, form);
  return {
    contents: {
      kind: markdown ? 'markdown' : 'plaintext',
      value: renderNote(note, { markdown, extra: lines }),
    },
    range: { start: doc.positionAt(x.start), end: doc.positionAt(x.end) },
  };
}

/** Every value scalar of a parse (keys are never substituted), with a bound on the walk. */
function* valueScalars(node: unknown, depth = 0): Generator<Scalar> {
  if (depth > 64 || !node || isAlias(node)) return;
  if (isScalar(node)) {
    yield node;
    return;
  }
  if (isMap(node)) {
    for (const p of node.items) if (isPair(p)) yield* valueScalars(p.value, depth + 1);
    return;
  }
  if (isSeq(node)) for (const item of node.items) yield* valueScalars(item, depth + 1);
}

/** The findings of the variable rules in one part of a compose file. */
export function variableFindings(
  document: TextDocument,
  parsed: ParsedCompose,
  envInput: EnvInput,
): Finding[] {
  const env = envOf(envInput);
  const lookup = lookupOf(env);
  const text = document.getText();
  const out: Finding[] = [];
  for (const d of parsed.docs) {
    for (const s of valueScalars(d.contents)) {
      const r = s.range;
      if (!r || typeof s.value !== 'string' || !s.value.includes('$')) continue;
      const raw = text.slice(r[0], r[1]);
      for (const x of interpolations(raw)) {
        if (x.escape || x.invalid) continue;
        const own = env.vars.get(x.name);
        // a bare NAME line in .env: the shell's value, which the editor cannot see
        if (own && own.value === undefined) continue;
        const range: Range = {
          start: document.positionAt(r[0] + x.start),
          end: document.positionAt(r[0] + x.end),
        };
        const res = resolve(x, lookup);
        if (res.error !== undefined)
          out.push({
            rule: 'RequiredVariableNotSet',
            range,
            args: { name: x.name, reason: res.error },
            ...(own ? { variant: 'empty' } : {}),
          });
        for (const name of res.unset ?? [])
          if (!env.vars.has(name)) out.push({ rule: 'VariableNotSet', range, args: { name } });
        if (out.length >= 200) return out;
      }
    }
  }
  return out;
}

export interface InlayOptions {
  variables: boolean;
  ports: boolean;
}

/**
 * Inlay hints in a range of a compose file: the value after each substitution (when the `.env` is
 * known) and which side of a short port mapping is the host. `at(line)` gives the parse that
 * answers for a line (a window of a large file).
 */
export function composeInlayHints(
  docs: DocsIndex,
  document: TextDocument,
  range: Range,
  at: (line: number) => ParsedCompose,
  envInput: EnvInput | undefined,
  options: InlayOptions,
): InlayHint[] {
  const out: InlayHint[] = [];
  const text = document.getText();
  const env = envInput ? envOf(envInput) : undefined;
  const lookup = env ? lookupOf(env) : undefined;
  const first = Math.max(0, range.start.line);
  const last = Math.min(document.lineCount - 1, range.end.line, first + 2000);
  const seen = new Set<Scalar>();
  for (let line = first; line <= last; line++) {
    const start = document.offsetAt({ line, character: 0 });
    const end = document.offsetAt({ line: line + 1, character: 0 });
    const lineText = text.slice(start, end);
    const dollar = options.variables && lookup ? lineText.indexOf('$') : -1;
    const item = options.ports ? /^\s*-\s*(?=\S)/.exec(lineText) : null;
    if (dollar < 0 && !item) continue;
    const parsed = at(line);
    if (item) {
      const loc = locate(parsed, start + item[0].length);
      const s = loc?.scalar;
      const keys = loc?.chain.map((k) => k.key) ?? [];
      if (
        s?.range &&
        loc?.inSequence &&
        keys.length === 3 &&
        keys[0] === 'services' &&
        keys[2] === 'ports'
      ) {
        const label = portLabel(docs, String(s.value), lookup);
        if (label)
          out.push({
            position: document.positionAt(s.range[1]),
            label,
            kind: InlayHintKind.Type,
            paddingLeft: true,
          });
      }
    }
    if (dollar < 0 || !lookup || !env) continue;
    // each value scalar on this line once (a scalar may span lines: hints at its substitutions)
    for (let i = dollar; i >= 0; i = lineText.indexOf('$', i + 1)) {
      const loc = locate(parsed, start + i);
      const s = loc?.scalar;
      if (!s?.range || loc?.onKey || seen.has(s)) continue;
      seen.add(s);
      const raw = text.slice(s.range[0], s.range[1]);
      for (const x of interpolations(raw)) {
        if (x.escape || x.invalid) continue;
        const pos = s.range[0] + x.end;
        const p = document.positionAt(pos);
        if (p.line < first || p.line > last) continue;
        const own = env.vars.get(x.name);
        const r = resolve(x, lookup);
        const id =
          own && own.value === undefined
            ? 'inlay-shell'
            : r.error !== undefined
              ? 'inlay-required'
              : r.unset?.length && r.value === ''
                ? 'inlay-unset'
                : 'inlay';
        const label = message(docs, 'concept', NOTE, id, {
          value: r.value === '' ? '""' : r.value,
        });
        if (label) out.push({ position: p, label, kind: InlayHintKind.Type, paddingLeft: true });
      }
    }
  }
  return out.sort(
    (a, b) => a.position.line - b.position.line || a.position.character - b.position.character,
  );
}

/** `8080:80` → `host 8080 → container 80` (the `services.*.ports` note's texts). */
function portLabel(
  docs: DocsIndex,
  written: string,
  lookup: ((name: string) => string | undefined) | undefined,
): string | undefined {
  let value = written;
  if (value.includes('$')) {
    // `${PORT:-8080}:80`: the mapping once compose has filled it in, when the editor can tell
    if (!lookup) return undefined;
    const r = substitute(value, lookup);
    if (r.error !== undefined || r.unset?.length) return undefined;
    value = r.value;
  }
  const m = parsePortMapping(value);
  if (!m) return undefined;
  const container = m.protocol === 'tcp' ? m.container : `${m.container}/${m.protocol}`;
  if (!m.host) return message(docs, 'compose-key', PORTS, 'inlay-random', { container });
  return message(docs, 'compose-key', PORTS, m.ip ? 'inlay-ip' : 'inlay', {
    host: m.host,
    container,
    ip: m.ip ?? '',
  });
}
