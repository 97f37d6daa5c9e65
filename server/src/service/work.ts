/**
 * The limits that bound the work of a request, and a count of what the parsers are handed.
 *
 * No request hands a parser more than these limits allow, whatever the document: a larger
 * Dockerfile instruction is parsed from its first MAX_INSTRUCTION_CHARS characters, a larger
 * compose entry (or a compose file that cannot be cut into entries) from a slice around the
 * cursor, and a longer shell line is read up to MAX_SHELL_LINE_CHARS. Positions past what was read
 * get a short "too long" answer. The counters let tests assert the bound (characters, not time).
 */
import { noteMessage, renderNote } from './docs/render';
import type { MessageId } from './docs/messages';
import type { NoteEntry } from './types';

/** Characters of one Dockerfile instruction handed to dockerfile-ast. */
export const MAX_INSTRUCTION_CHARS = 16 * 1024;
/**
 * Characters of context (the stage's FROM, ARG and ENV, the global ARGs, the stages a COPY --from
 * names or the users of a stage) that a Dockerfile window adds to the instruction it is for.
 */
export const MAX_CONTEXT_CHARS = 4 * MAX_INSTRUCTION_CHARS;
/** Characters of one logical shell line (with its continuations) that a request lexes. */
export const MAX_SHELL_LINE_CHARS = 16 * 1024;
/** Characters of one compose entry (a service, a network …) parsed for a request. */
export const MAX_ENTRY_CHARS = 16 * 1024;
/** Characters of a document parsed whole (a larger one is read in windows). */
export const MAX_WHOLE_CHARS = 64 * 1024;
/** Characters of a compose file parsed in one piece (whole, or as the skeleton of its entries). */
export const MAX_COMPOSE_PIECE_CHARS = MAX_WHOLE_CHARS;
/** Characters of one line kept in a slice of a compose file around the cursor. */
export const MAX_SLICE_LINE_CHARS = 4 * 1024;

export type Parser = 'dockerfile' | 'yaml' | 'shell';

export interface ParserWork {
  /** Calls since the last reset. */
  calls: number;
  /** Characters handed over in all calls. */
  chars: number;
  /** The most characters handed over in one call. */
  largest: number;
}

const fresh = (): Record<Parser, ParserWork> => ({
  dockerfile: { calls: 0, chars: 0, largest: 0 },
  yaml: { calls: 0, chars: 0, largest: 0 },
  shell: { calls: 0, chars: 0, largest: 0 },
});

let counts = fresh();

/** Record one call of a parser on `chars` characters. */
export function countWork(parser: Parser, chars: number): void {
  const w = counts[parser];
  w.calls++;
  w.chars += chars;
  if (chars > w.largest) w.largest = chars;
}

/** What the parsers were handed since the last reset (tests bound a request's work with it). */
export function parserWork(): Readonly<Record<Parser, Readonly<ParserWork>>> {
  return counts;
}

export function resetParserWork(): void {
  counts = fresh();
}

/** The concept note that explains the limits, and the message ids of its "too long" answers. */
export const LONG_LINES_NOTE = 'very long lines';
export type TooLong = MessageId<typeof LONG_LINES_NOTE>;

/** The answer for a position past what a request reads: the message of the limits' note. */
export function tooLongText(
  note: NoteEntry | undefined,
  what: TooLong,
  limit: number,
  markdown: boolean,
): string | undefined {
  const message = noteMessage(note, what, { limit: limit.toLocaleString('en-US') });
  if (!note || !message) return undefined;
  return renderNote(note, { markdown, extra: [message], brief: true });
}
