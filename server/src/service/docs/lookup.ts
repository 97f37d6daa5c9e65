/**
 * Finding notes by what a person types: `restart`, `-p`, `RUN --mount`, `namespace`, `docker run`.
 * A match on a note's whole name ranks first, then its aliases, then the same words written
 * otherwise (case, singular or plural, hyphens), then a name in context (the last segment of a
 * compose path, a flag of a command, a mount option) as typed, then written otherwise, then the
 * note's keywords. Within one rank the most common meaning comes first: the kind of note (a
 * Dockerfile instruction, a compose key, a concept, then flags and commands), what is not
 * deprecated, the note's `common` place (the docker CLI's common commands), then the shorter path.
 * The candidates are built once per set of notes; a lookup is one pass over them.
 */
import type { CliFlag, NoteEntry, NoteKind } from '../types';
import type { DocsIndex } from './docsIndex';

/** One meaning of a name: a note, or a flag of a docker command (its note is the command). */
export interface NoteMatch {
  note: NoteEntry;
  flag?: CliFlag;
}

interface Candidate extends NoteMatch {
  /** rank 0: whole names, as typed (lower case). */
  names: string[];
  /** rank 1: aliases (lower case). */
  aliases: string[];
  /** rank 3: names in context (lower case). */
  short: string[];
  keywords: string[];
  /** the same, normalized (see normalizeName): names and aliases (rank 2), short, keywords */
  normNames: string[];
  normShort: string[];
  normKeywords: string[];
  /** within a rank: lower first */
  order: [number, number, number, number];
}

const KIND_ORDER: Record<NoteKind, number> = {
  'dockerfile-instruction': 0,
  'compose-key': 1,
  concept: 2,
  'dockerfile-flag': 3,
  'cli-command': 4,
  'dockerfile-mount-type': 5,
  'dockerfile-mount-option': 6,
  'dockerfile-directive': 7,
  'dockerfile-keyword': 8,
  'dockerfile-arg': 9,
};

/** A short flag: its case matters (`-p` publishes, `-P` publishes all). */
const SHORT_FLAG = /^-[A-Za-z0-9]$/;

/** Lower case (but short flags), one space between words, `<service>` placeholders as `*`. */
function plain(s: string): string {
  return s
    .trim()
    .replace(/<[^>]*>/g, '*')
    .split(/\s+/)
    .map((w) => (SHORT_FLAG.test(w) ? w : w.toLowerCase()))
    .join(' ');
}

/** Words without case, hyphens, underscores or a plural ending: `Linux-Namespaces` -> `linux namespace`. */
export function normalizeName(s: string): string {
  if (SHORT_FLAG.test(s.trim())) return '';
  return plain(s)
    .split(/[\s\-_]+/)
    .filter(Boolean)
    .map((w) =>
      w.length > 4 && w.endsWith('ies')
        ? `${w.slice(0, -3)}y`
        : w.length > 3 && w.endsWith('s') && !w.endsWith('ss')
          ? w.slice(0, -1)
          : w,
    )
    .join(' ');
}

/**
 * The words that look a note up first: a Dockerfile flag with its instruction (`RUN --mount`), a
 * mount type or option with `--mount` (`--mount type=cache`, `--mount type=cache target`), a
 * keyword with its instruction (`FROM AS`), anything else by its name.
 */
export function lookupName(e: NoteEntry): string {
  switch (e.kind) {
    case 'dockerfile-flag':
      return `${e.context} ${e.name}`;
    case 'dockerfile-mount-type':
      return `--mount type=${e.name}`;
    case 'dockerfile-mount-option':
      return e.context && e.context !== '*'
        ? `--mount type=${e.context} ${e.name}`
        : `--mount ${e.name}`;
    case 'dockerfile-keyword':
      return `${e.context} ${e.name}`;
    case 'dockerfile-instruction':
    case 'dockerfile-directive':
    case 'dockerfile-arg':
    case 'compose-key':
    case 'cli-command':
    case 'concept':
      return e.name;
  }
}

/** The words that look a flag of a command up first: `docker run --publish`. */
export function flagLookupName(cmd: NoteEntry, flag: CliFlag): string {
  return `${cmd.name} ${flag.name}`;
}

function candidate(
  match: NoteMatch,
  names: string[],
  aliases: string[],
  short: string[],
  keywords: string[],
  order: Candidate['order'],
): Candidate {
  const p = (list: string[]): string[] => list.map(plain);
  const norm = (list: string[]): string[] => list.map(normalizeName).filter(Boolean);
  return {
    ...match,
    names: p(names),
    aliases: p(aliases),
    short: p(short),
    keywords: p(keywords),
    normNames: norm([...names, ...aliases]),
    normShort: norm(short),
    normKeywords: norm(keywords),
    order,
  };
}

function byOrder(a: Candidate, b: Candidate): number {
  for (let i = 0; i < a.order.length; i++)
    if (a.order[i] !== b.order[i]) return a.order[i] - b.order[i];
  return a.names[0].localeCompare(b.names[0]);
}

export class NoteLookup {
  private candidates?: Candidate[];

  constructor(private readonly docs: DocsIndex) {}

  private build(): Candidate[] {
    const out: Candidate[] = [];
    for (const e of this.docs.entries) {
      const kind = KIND_ORDER[e.kind];
      const common = e.common ?? 1000;
      const depth = e.kind === 'compose-key' ? e.name.split('.').length : e.name.split(' ').length;
      const names = [lookupName(e)];
      const short: string[] = [];
      if (e.kind === 'compose-key') short.push(e.name.split('.').pop() ?? e.name);
      else if (e.kind === 'cli-command') {
        if (e.name.includes(' ')) short.push(e.name.split(' ').pop() ?? e.name);
      } else if (names[0] !== e.name) short.push(e.name); // `--mount` of `RUN --mount`, `target`
      out.push(
        candidate({ note: e }, names, e.aliases ?? [], short, e.keywords ?? [], [
          kind,
          e.deprecated ? 1 : 0,
          common,
          depth,
        ]),
      );
      for (const flag of e.flags ?? []) {
        const flagNames = [flagLookupName(e, flag)];
        if (flag.short) flagNames.push(`${e.name} ${flag.short}`);
        const flagShort = flag.short ? [flag.name, flag.short] : [flag.name];
        out.push(
          candidate(
            { note: e, flag },
            flagNames,
            [],
            flagShort,
            [],
            [kind, flag.deprecated || e.deprecated ? 1 : 0, common, depth + 1],
          ),
        );
      }
    }
    return out;
  }

  /** Every note, the most common meaning of a name first (the order `find` ranks within a rank). */
  all(): NoteEntry[] {
    return (this.candidates ??= this.build())
      .filter((c) => !c.flag)
      .sort(byOrder)
      .map((c) => c.note);
  }

  /** The meanings of a name, best first (at most `limit`, of rank at most `maxRank`: 1 = names and aliases). */
  find(query: string, limit = 12, maxRank = 5): NoteMatch[] {
    const q = plain(query);
    if (!q) return [];
    const n = normalizeName(query);
    const hits: { c: Candidate; rank: number }[] = [];
    for (const c of (this.candidates ??= this.build())) {
      const rank = c.names.includes(q)
        ? 0
        : c.aliases.includes(q)
          ? 1
          : n && c.normNames.includes(n)
            ? 2
            : c.short.includes(q)
              ? 3
              : n && c.normShort.includes(n)
                ? 4
                : c.keywords.includes(q) || (n && c.normKeywords.includes(n))
                  ? 5
                  : -1;
      if (rank >= 0 && rank <= maxRank) hits.push({ c, rank });
    }
    hits.sort((a, b) => a.rank - b.rank || byOrder(a.c, b.c));
    return hits
      .slice(0, limit)
      .map(({ c }) => (c.flag ? { note: c.note, flag: c.flag } : { note: c.note }));
  }
}
