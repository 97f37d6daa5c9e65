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

/** The answer to a `check`: the diagnostics, or why there are none. */
export interface CheckerReply {
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

  constructor(private readonly port: CheckerPort) {
    port.onReply((r) => {
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
    if (newest.get(m.uri) !== m.id) return send({ id: m.id, superseded: true });
    let steps: Generator<void, Diagnostic[]>;
    try {
      const svc = serviceNow();
      const doc = TextDocument.create(m.uri, m.languageId, m.version, m.text);
      const parsed = svc.parse(doc, parses.get(m.uri));
      parses.set(m.uri, parsed);
      steps = svc.validateSteps(doc, parsed, m.inputs);
    } catch (e) {
      return send({ id: m.id, error: errorText(e) });
    }
    const slice = (): void => {
      if (newest.get(m.uri) !== m.id) return send({ id: m.id, superseded: true });
      const start = performance.now();
      try {
        for (;;) {
          const step = steps.next();
          if (step.done) {
            newest.delete(m.uri);
            return send({ id: m.id, diagnostics: step.value });
          }
          if (performance.now() - start >= SLICE_MS) return schedule(slice);
        }
      } catch (e) {
        return send({ id: m.id, error: errorText(e) });
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
        return;
      case 'settings':
        settings = { ...settings, ...message.settings };
        service?.configure(message.settings);
        return;
      case 'forget':
        parses.delete(message.uri);
        newest.delete(message.uri);
        return;
    }
  };
}

function errorText(e: unknown): string {
  return e instanceof Error ? (e.stack ?? e.message) : String(e);
}
