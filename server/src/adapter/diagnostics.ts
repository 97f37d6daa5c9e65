/**
 * Diagnostics off the request path: debounced per document, computed in slices of about 1 ms on a
 * timer, waiting for a pause in hover and completion (but not forever), so that a request that
 * arrives while a document is being checked waits for one slice at most.
 */
import type { Connection } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Session } from './session';

const VALIDATE_DELAY_MS = 300;
const VALIDATE_STEP_MS = 1;
// hover and completion come first: checking waits for a pause in them (but not forever)
const VALIDATE_QUIET_MS = 50;
const VALIDATE_MAX_WAIT_MS = 2000;

export function registerDiagnostics(connection: Connection, session: Session): void {
  const { documents } = session;
  const pending = new Map<string, ReturnType<typeof setTimeout>>();

  /** Check the current version in slices; a newer version drops the run (it has one of its own). */
  function validate(uri: string): void {
    const current = documents.get(uri);
    if (!current) return;
    const version = current.version;
    const steps = session.runSafe(
      () => session.service().validateSteps(current, session.parsedFor(current)),
      undefined,
      `validate ${uri}`,
    );
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
          { done: true as const, value: [] },
          `validate ${uri}`,
        );
        if (step.done) {
          // a note file of the user's notes folders that is open keeps its note problems
          const diagnostics = [...step.value, ...session.notes.diagnosticsFor(current.uri)];
          void connection
            .sendDiagnostics({ uri: current.uri, version, diagnostics })
            .catch(() => undefined);
          return;
        }
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

  function schedule(doc: TextDocument): void {
    const old = pending.get(doc.uri);
    if (old) clearTimeout(old);
    pending.set(
      doc.uri,
      setTimeout(() => {
        pending.delete(doc.uri);
        validate(doc.uri);
      }, VALIDATE_DELAY_MS),
    );
  }

  documents.onDidChangeContent((e) => schedule(e.document));
  // which keys and flags are known depends on the notes: check the open documents again
  session.onNotesChanged(() => {
    for (const doc of documents.all()) schedule(doc);
  });
  documents.onDidClose((e) => {
    session.forget(e.document.uri);
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
