/**
 * Checking documents on another thread (Node: a worker thread, server/src/node/checkWorker.ts), so
 * that the diagnostics of a large document never hold up a hover or a completion: the main thread
 * only hands over the text and publishes the answer. Both ends are here, over a message port the
 * runtime provides; where there is none (a browser worker) or the thread fails, diagnostics.ts
 * checks on the main thread in slices instead.
 */
import type { Diagnostic } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DocsIndex } from '../service/docs/docsIndex';
import { LanguageService, type Parsed, type Settings } from '../service/languageService';
import type { CheckInputs } from '../service/rules/check';
import type { PieceExport } from '../service/compose/composeIndex';
import type { DocsIndexData } from '../service/types';

/** One document version to check. */
export interface CheckRequest {
  uri: string;
  languageId: string;
  version: number;
  text: string;
  inputs: CheckInputs;
}

/** What the main thread sends the checking thread. */
export type CheckerMessage =
  | ({ type: 'check'; id: number } & CheckRequest)
  | { type: 'notes'; notes: DocsIndexData }
  | { type: 'settings'; settings: Partial<Settings> }
  | { type: 'forget'; uri: string };

/** What the checking thread sends: an answer to a `check`, or navigation tables. */
export type CheckerReply = CheckAnswer | NavigationTables;

/**
 * After a check, the symbol table of a large compose document, in batches, so that the main
 * thread's navigation need not parse the pieces itself (see LanguageService.exportNavigation).
 */
export interface NavigationTables {
  type: 'navigation';
  uri: string;
  version: number;
  pieces: PieceExport[];
}

/** The answer to a `check`: the diagnostics, or why there are none. */
export interface CheckAnswer {
  type: 'checked';
  id: number;
  diagnostics?: Diagnostic[];
  /** A newer version of the document came first: this one was dropped. */
  superseded?: boolean;
  /** The check threw (the message and stack); the document gets no diagnostics. */
  error?: string;
}

/** A message port to a thread (its `post`, and the replies, errors and exit it reports). */
export interface CheckerPort {
  post(message: CheckerMessage): void;
  onReply(listener: (reply: CheckerReply) => void): void;
  /** The thread is gone (crashed or could not start): the reason. */
  onExit(listener: (why: string) => void): void;
  /** Stop the thread (it is not needed any more). */
  close(): void;
}

/** The outcome of `Checker.check`. */
export type CheckOutcome =
  | { diagnostics: Diagnostic[] }
  | { superseded: true }
  | { error: string }
  /** The thread is gone: check on the main thread. */
  | { gone: string };

/** The main thread's end: sends versions to check and matches the answers to them. */
export class Checker {
  private nextId = 1;
  private readonly waiting = new Map<number, (o: CheckOutcome) => void>();
  private goneWhy: string | undefined;

  /** `navigation`: called with the navigation tables the thread sends. */
  constructor(
    private readonly port: CheckerPort,
    navigation: (tables: NavigationTables) => void = () => undefined,
  ) {
    port.onReply((r) => {
      if (r.type === 'navigation') return navigation(r);
      const done = this.waiting.get(r.id);
      if (!done) return;
      this.waiting.delete(r.id);
      if (r.diagnostics) done({ diagnostics: r.diagnostics });
      else if (r.superseded) done({ superseded: true });
      else done({ error: r.error ?? 'no answer' });
    });
    port.onExit((why) => {
      this.goneWhy = why;
      for (const done of this.waiting.values()) done({ gone: why });
      this.waiting.clear();
    });
  }

  /** Whether the thread is gone (then every check answers `gone`). */
  get gone(): string | undefined {
    return this.goneWhy;
  }

  check(request: CheckRequest): Promise<CheckOutcome> {
    if (this.goneWhy !== undefined) return Promise.resolve({ gone: this.goneWhy });
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      this.port.post({ type: 'check', id, ...request });
    });
  }

  notes(notes: DocsIndexData): void {
    if (this.goneWhy === undefined) this.port.post({ type: 'notes', notes });
  }

  settings(settings: Partial<Settings>): void {
    if (this.goneWhy === undefined) this.port.post({ type: 'settings', settings });
  }

  forget(uri: string): void {
    if (this.goneWhy === undefined) this.port.post({ type: 'forget', uri });
  }

  /** Stop the thread; checks still waiting answer `gone`. */
  close(): void {
    if (this.goneWhy !== undefined) return;
    this.goneWhy = 'closed';
    for (const done of this.waiting.values()) done({ gone: 'closed' });
    this.waiting.clear();
    this.port.close();
  }
}

/** How long the checking thread works before it looks for newer messages (a newer version). */
const SLICE_MS = 20;

/**
 * The checking thread's end: keeps a language service over the built-in and the user's notes and
 * the last parse of each document (handed to the next version's parse), and answers `check`
 * messages. It works in slices, looking at its messages between them (`schedule`, e.g.
 * setImmediate), so that a newer version of a document drops the check of an older one.
 */
export function serveChecks(
  builtin: DocsIndexData,
  send: (reply: CheckerReply) => void,
  schedule: (f: () => void) => void,
): (message: CheckerMessage) => void {
  const builtinIndex = new DocsIndex(builtin);
  let userNotes: DocsIndexData = { version: 1, entries: [] };
  let settings: Partial<Settings> = {};
  let service: LanguageService | undefined;
  const parses = new Map<string, Parsed>();
  /** By document: the keys of the symbol table pieces sent (of the last version sent whole). */
  const sent = new Map<string, Set<string>>();
  /** The newest check asked for, by document. */
  const newest = new Map<string, number>();

  const serviceNow = (): LanguageService => {
    if (!service) {
      service = new LanguageService({
        notes: [],
        docs: DocsIndex.layered(builtinIndex, userNotes),
      });
      service.configure(settings);
    }
    return service;
  };

  function run(m: Extract<CheckerMessage, { type: 'check' }>): void {
    let answered = false;
    const answer = (a: Omit<CheckAnswer, 'type' | 'id'>): void => {
      answered = true;
      send({ type: 'checked', id: m.id, ...a });
    };
    if (newest.get(m.uri) !== m.id) return answer({ superseded: true });
    let job: Generator<void, void>;
    try {
      const svc = serviceNow();
      const doc = TextDocument.create(m.uri, m.languageId, m.version, m.text);
      // the first version of a document this thread sees: its whole symbol table goes over, and
      // before the checks (navigation is what an opened file is asked for first); later versions
      // send the pieces not sent before (those an edit changed), after the checks
      const first = !parses.has(m.uri);
      const known = sent.get(m.uri) ?? new Set<string>();
      const parsed = svc.parse(doc, parses.get(m.uri));
      parses.set(m.uri, parsed);
      const navigation = function* (): Generator<void, void> {
        const batches = svc.exportNavigation(parsed, known);
        for (;;) {
          const b = batches.next();
          if (b.done) {
            sent.set(m.uri, new Set(b.value));
            return;
          }
          send({ type: 'navigation', uri: m.uri, version: m.version, pieces: b.value });
          yield;
        }
      };
      job = (function* (): Generator<void, void> {
        if (first) yield* navigation();
        const diagnostics = yield* svc.validateSteps(doc, parsed, m.inputs);
        newest.delete(m.uri);
        answer({ diagnostics });
        if (!first) yield* navigation();
      })();
    } catch (e) {
      return answer({ error: errorText(e) });
    }
    const slice = (): void => {
      // a newer version came (or the notes changed): this one is dropped
      if (newest.has(m.uri) ? newest.get(m.uri) !== m.id : !parses.has(m.uri))
        return answered ? undefined : answer({ superseded: true });
      const start = performance.now();
      try {
        for (;;) {
          if (job.next().done) return;
          if (performance.now() - start >= SLICE_MS) return schedule(slice);
        }
      } catch (e) {
        if (!answered) answer({ error: errorText(e) });
      }
    };
    slice();
  }

  return (message) => {
    switch (message.type) {
      case 'check':
        newest.set(message.uri, message.id);
        schedule(() => run(message));
        return;
      case 'notes':
        userNotes = message.notes;
        service = undefined;
        parses.clear();
        sent.clear();
        return;
      case 'settings':
        settings = { ...settings, ...message.settings };
        service?.configure(message.settings);
        return;
      case 'forget':
        parses.delete(message.uri);
        sent.delete(message.uri);
        newest.delete(message.uri);
        return;
    }
  };
}

function errorText(e: unknown): string {
  return e instanceof Error ? (e.stack ?? e.message) : String(e);
}
