/**
 * Diagnostics off the request path, debounced per document. A large document is checked on the
 * runtime's checking thread where it has one (Node: a worker thread, see checker.ts), and the main
 * thread only publishes the answer; else (a small document, a browser worker, or the thread
 * failed) it is checked on the main thread in slices of about 1 ms on a timer, waiting for a pause in hover and completion
 * (but not forever), so that a request that arrives meanwhile waits for one slice at most. Then,
 * in slices the same way, the work that makes navigation fast is done ahead of the requests
 * (`prepareSteps`: a large compose file's symbol table).
 */
import type { Connection, Diagnostic } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { isLargeDocument } from '../service/languageService';
import type { Session } from './session';

const VALIDATE_DELAY_MS = 300;
const VALIDATE_STEP_MS = 1;
// hover and completion come first: checking waits for a pause in them (but not forever)
const VALIDATE_QUIET_MS = 50;
const VALIDATE_MAX_WAIT_MS = 2000;

export function registerDiagnostics(connection: Connection, session: Session): void {
  const { documents } = session;
  const pending = new Map<string, ReturnType<typeof setTimeout>>();

  /**
   * Run `steps` on the main thread in slices between requests while `version` is the document's
   * current one; `done` gets the result (not called when a newer version dropped the run).
   */
  function slices<T>(
    uri: string,
    version: number,
    steps: Generator<void, T> | undefined,
    fallback: T,
    done: (value: T) => void,
  ): void {
    const since = Date.now();
    const run = (): void => {
      if (!steps || documents.get(uri)?.version !== version) return;
      const start = Date.now();
      if (
        start - session.lastRequestAt < VALIDATE_QUIET_MS &&
        start - since < VALIDATE_MAX_WAIT_MS
      ) {
        setTimeout(run, VALIDATE_QUIET_MS);
        return;
      }
      const sliceStart = performance.now();
      for (;;) {
        const step = session.runSafe(
          () => steps.next(),
          { done: true as const, value: fallback },
          `validate ${uri}`,
        );
        if (step.done) return done(step.value);
        if (performance.now() - sliceStart >= VALIDATE_STEP_MS) {
          // a timer, not setImmediate: the JSON-RPC layer hands a message it has read to its
          // handler with setImmediate, and a request that came in during this slice must be
          // answered before the next slice
          setTimeout(run, 0);
          return;
        }
      }
    };
    run();
  }

  /** Check the current version; a newer version drops the run (it has one of its own). */
  async function validate(uri: string): Promise<void> {
    const first = documents.get(uri);
    if (!first) return;
    const inputs = await session.checkInputs(first);
    const current = documents.get(uri);
    if (!current || current.version !== first.version) return;
    const version = current.version;
    const publish = (found: Diagnostic[]): void => {
      if (documents.get(uri)?.version !== version) return;
      // a note file of the user's notes folders that is open keeps its note problems
      const diagnostics = [...found, ...session.notes.diagnosticsFor(current.uri)];
      void connection
        .sendDiagnostics({ uri: current.uri, version, diagnostics })
        .catch(() => undefined);
      session.busy();
    };
    // a small document is checked here at once (a few milliseconds, no copy of its text)
    const checker = isLargeDocument(current) ? session.checker() : undefined;
    if (checker) {
      const checking = checker.check({
        uri,
        languageId: current.languageId,
        version,
        text: current.getText(),
        inputs,
      });
      session.threadChecks.set(uri, {
        version,
        diagnostics: checking.then((o) => ('diagnostics' in o ? o.diagnostics : undefined)),
      });
      const outcome = await checking;
      // what navigation still lacks is built here after the check: the thread has sent the
      // pieces it built (a first version's before its checks), and they are not built twice
      if ('diagnostics' in outcome) {
        publish(outcome.diagnostics);
        return prepare(current, version);
      }
      if ('superseded' in outcome) return;
      if ('error' in outcome) {
        session.log(`validate ${uri}: ${outcome.error}`);
        return publish([]);
      }
      // the thread is gone: check here
    }
    // on the main thread, in slices between requests
    const steps = session.runSafe(
      () => session.service().validateSteps(current, session.parsedFor(current), inputs),
      undefined,
      `validate ${uri}`,
    );
    slices(uri, version, steps, [], (found) => {
      publish(found);
      prepare(current, version);
    });
  }

  /** What makes navigation on this version fast, between requests (after the check). */
  function prepare(doc: TextDocument, version: number): void {
    const steps = session.runSafe(
      () => session.service().prepareSteps(session.parsedFor(doc)),
      undefined,
      `prepare ${doc.uri}`,
    );
    slices(doc.uri, version, steps, undefined, () => undefined);
  }

  function schedule(doc: TextDocument): void {
    const old = pending.get(doc.uri);
    if (old) clearTimeout(old);
    pending.set(
      doc.uri,
      setTimeout(() => {
        pending.delete(doc.uri);
        void validate(doc.uri);
      }, VALIDATE_DELAY_MS),
    );
  }

  documents.onDidChangeContent((e) => schedule(e.document));
  // new rule levels or notes (which keys and flags are known): check the open documents again
  session.checksChanged.push(() => {
    for (const doc of documents.all()) schedule(doc);
  });
  // a compose project's .env changed: check its open compose files again
  session.envFiles.onChange((folder) => {
    for (const doc of documents.all())
      if (doc.uri.startsWith(folder) && !doc.uri.slice(folder.length).includes('/')) schedule(doc);
  });
  documents.onDidClose((e) => {
    session.forget(e.document.uri);
    // the checking thread's memory goes back when no large document is left open
    if (!documents.all().some((d) => d.uri !== e.document.uri && isLargeDocument(d)))
      session.releaseChecker();
    const t = pending.get(e.document.uri);
    if (t) clearTimeout(t);
    pending.delete(e.document.uri);
    // a closed note file keeps its note problems in the Problems list
    void connection
      .sendDiagnostics({
        uri: e.document.uri,
        diagnostics: session.notes.diagnosticsFor(e.document.uri),
      })
      .catch(() => undefined);
  });
}
