/**
 * The sentences the code shows come from concept notes (`messages:` in their front matter). This
 * is the list of what the code reads: by concept note, each message id with the placeholders the
 * code fills in. The type checker holds every call to it (a misspelt id or a missing placeholder
 * does not compile), and a test holds the built-in notes to it (every id is there, and its text
 * uses no placeholder the code does not fill), so a missing message fails the tests instead of
 * showing nothing.
 */
import type { PortMapping, VolumeShort } from '../compose/composeValues';
import type { DocsIndex } from './docsIndex';
import { noteMessage } from './render';

export const MESSAGES = {
  'build variables': {
    headline: ['name'],
    'reference-facts': ['name', 'facts'],
    reference: ['name'],
    expansion: ['summary'],
    'defined-by': ['definitions'],
    then: ['first', 'next'],
    'definition-arg': ['name', 'line'],
    'definition-arg-value': ['name', 'value', 'line'],
    'definition-env': ['name', 'value', 'line'],
    value: ['value'],
    'value-empty': [],
    undefined: [],
    'completion-unset': [],
  },
  'build stages': {
    starts: ['name'],
    used: ['name', 'lines'],
    'stage-ref': ['name', 'line', 'image'],
    'stage-index': ['name'],
    'image-ref': ['name'],
    outline: ['index'],
    completion: ['line'],
    'completion-from': ['image', 'line'],
  },
  '.dockerignore': {
    'read-as': ['pattern', 'cleaned'],
  },
  'Dockerfile here-documents': {
    ends: ['start', 'name', 'line'],
    unterminated: ['start', 'name'],
    delimiter: ['start', 'line'],
  },
  'YAML anchors and aliases': {
    anchor: ['name'],
    alias: ['name', 'line'],
    'alias-undefined': ['name'],
    merge: ['name', 'line'],
    'merge-undefined': ['name'],
  },
  'compose extension fields': {
    merged: ['name', 'target', 'line', 'where'],
    repeated: ['name', 'target', 'line', 'where'],
  },
  'compose interpolation': {
    'form-plain': ['name'],
    'form-default-empty': ['name', 'argument'],
    'form-default-unset': ['name', 'argument'],
    'form-required-empty': ['name', 'argument'],
    'form-required-unset': ['name', 'argument'],
    'form-alternative-empty': ['argument', 'name'],
    'form-alternative-unset': ['argument', 'name'],
    'form-escape': ['dollars', 'dollar'],
    'form-invalid': [],
    value: ['value', 'source'],
    'source-env': ['name', 'line'],
    'source-default': ['name'],
    'source-default-empty': ['name'],
    'source-alternative': ['name'],
    'source-alternative-unset': ['name'],
    'source-none': ['name'],
    'source-shell': ['name'],
    required: ['name', 'reason'],
    order: [],
    'env-file': [],
    'no-env-file': [],
    'env-error': ['line', 'message'],
    'env-unterminated': ['name'],
    'env-name-space': [],
    'env-name-character': ['character'],
    inlay: ['value'],
    'inlay-unset': [],
    'inlay-required': [],
    'inlay-shell': [],
  },
  'very long lines': {
    instruction: ['limit'],
    'command-line': ['limit'],
    entry: ['limit'],
  },
  'Dockerfile instructions': {
    'unknown-flag': ['instruction'],
    'unknown-mount-option': [],
    'not-mount-option': ['option', 'type'],
    'not-git-query-key': ['key'],
    'run-exec': [],
    'run-shell': [],
    'argument-named': ['argument', 'instruction'],
    argument: ['instruction'],
  },
  'docker command lines': {
    'unknown-command': [],
    'unknown-flag': ['flags', 'command'],
    'unknown-flag-part': ['flag', 'command'],
    'unknown-flag-row': ['flag', 'command'],
    'unknown-flag-row-bare': ['flag'],
    'combined-flags': ['command', 'word', 'count'],
    'argument-named': ['word', 'argument', 'command'],
    argument: ['word', 'command'],
    'argument-row-named': ['argument', 'command'],
    'argument-row': ['command'],
    'argument-row-bare': [],
    passthrough: ['word', 'command', 'after'],
    'passthrough-row': [],
    'value-row': ['flag'],
    'alias-row': ['written', 'flag'],
    'more-rows': ['count'],
    'set-env': ['name', 'value'],
    'pass-env': ['name'],
    'cpus-share': ['percent'],
    cpus: ['count'],
    mount: ['type', 'target'],
    'mount-source': ['type', 'source', 'target'],
    'hidden-alias': ['written', 'flag'],
    'hidden-flag': ['command'],
    switch: [],
  },
  'published ports': {
    'run-host': ['host', 'container', 'protocol'],
    'run-host-ip': ['host', 'ip', 'container', 'protocol'],
    'run-random': ['container', 'protocol'],
    'run-random-ip': ['container', 'protocol', 'ip'],
    'compose-host': ['host', 'container', 'protocol'],
    'compose-host-ip': ['host', 'ip', 'container', 'protocol'],
    'compose-random': ['container'],
  },
  'volumes and bind mounts': {
    'run-bind': ['source', 'target'],
    'run-bind-options': ['source', 'target', 'options'],
    'run-named': ['source', 'target'],
    'run-named-options': ['source', 'target', 'options'],
    'run-anonymous': ['target'],
    'compose-bind': ['source', 'target'],
    'compose-bind-options': ['source', 'target', 'options'],
    'compose-named': ['source', 'target'],
    'compose-named-options': ['source', 'target', 'options'],
    'compose-anonymous': ['target'],
  },
  'compose names': {
    'entry-of': ['key', 'mapping'],
    'refers-to': ['name', 'kind', 'line'],
    'declared-on': ['name', 'kind', 'line'],
    undeclared: ['name', 'kind', 'section'],
    'defined-in': ['name', 'kind', 'section'],
    'chosen-name': ['name', 'path'],
    image: ['image'],
    'declared-detail': ['kind', 'line'],
    'kind-services': [],
    'kind-networks': [],
    'kind-volumes': [],
    'kind-configs': [],
    'kind-secrets': [],
    'kind-models': [],
  },
} as const satisfies Record<string, Record<string, readonly string[]>>;

export type MessageNote = keyof typeof MESSAGES;
export type MessageId<N extends MessageNote> = keyof (typeof MESSAGES)[N] & string;
type Placeholders<
  N extends MessageNote,
  I extends MessageId<N>,
> = (typeof MESSAGES)[N][I] extends readonly (infer P extends string)[] ? P : never;
/** The values message `I` of note `N` is filled with. */
export type MessageVars<N extends MessageNote, I extends MessageId<N>> = Readonly<
  Record<Placeholders<N, I>, string | number>
>;
/** The messages of one note, in markdown or plain text (see `message`). */
export type Messages<N extends MessageNote> = <I extends MessageId<N>>(
  id: I,
  vars: MessageVars<N, I>,
) => string | undefined;

/**
 * The text of message `id` of concept note `note`, its placeholders filled with `vars` (names and
 * values only). In plain text (`markdown: false`) the template's markdown marks (`` ` ``, `**`)
 * are left out; the values are put in as they are. Undefined when the notes have no such message
 * (user notes may replace a built-in note).
 */
export function message<N extends MessageNote, I extends MessageId<N>>(
  docs: DocsIndex,
  note: N,
  id: I,
  vars: MessageVars<N, I>,
  markdown = true,
): string | undefined {
  return noteMessage(docs.get('concept', note), id, vars, markdown);
}

/** `message` bound to one note and one form (markdown or plain text). */
export function messagesOf<N extends MessageNote>(
  docs: DocsIndex,
  note: N,
  markdown = true,
): Messages<N> {
  return (id, vars) => message(docs, note, id, vars, markdown);
}

/** Where a port or volume sentence is shown: a docker command's flag, or a compose file. */
type Where = 'run' | 'compose';

/** What a `-p` / `ports:` value publishes, which side is the host's. */
export function portText(
  docs: DocsIndex,
  where: Where,
  m: PortMapping,
  markdown: boolean,
): string | undefined {
  const { host, ip, container, protocol } = m;
  const say = (id: MessageId<'published ports'>): string | undefined =>
    message(
      docs,
      'published ports',
      id,
      { host: host ?? '', ip: ip ?? '', container, protocol },
      markdown,
    );
  if (host) return say(ip ? `${where}-host-ip` : `${where}-host`);
  // compose's sentence does not name the address of a random port
  return say(ip && where === 'run' ? 'run-random-ip' : `${where}-random`);
}

/** What a `-v` / `volumes:` value mounts where. */
export function volumeText(
  docs: DocsIndex,
  where: Where,
  v: VolumeShort,
  markdown: boolean,
): string | undefined {
  const { source, target, mode } = v;
  const say = (id: MessageId<'volumes and bind mounts'>): string | undefined =>
    message(
      docs,
      'volumes and bind mounts',
      id,
      { source: source ?? '', target, options: mode ?? '' },
      markdown,
    );
  if (source === undefined) return say(`${where}-anonymous`);
  const kind = v.bind ? 'bind' : 'named';
  return say(mode ? `${where}-${kind}-options` : `${where}-${kind}`);
}
