/**
 * Calls `idle` once nothing has poked it for `quietMs`: the session pokes it at every request (and
 * when a check's answer is published), so that the runtime's housekeeping (RuntimeEnvironment.idle)
 * runs between requests. One timer, moved on when it fires early rather than set again per poke.
 * A timer that fires late was held up by work (a long request, a check's slice) that ended just
 * now: the quiet time starts then, so a request sent right after a long one's answer does not wait
 * for the housekeeping.
 */
/** Later than this past its time, a timer was held up by work. */
const LATE_MS = 5;

export class IdleTimer {
  private lastPoke = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly quietMs: number,
    private readonly idle: () => void,
  ) {}

  poke(): void {
    this.lastPoke = Date.now();
    if (!this.timer) this.wait(this.quietMs);
  }

  private wait(ms: number): void {
    const due = Date.now() + ms;
    this.timer = setTimeout(() => {
      const now = Date.now();
      if (now - due > LATE_MS) {
        this.lastPoke = now;
        return this.wait(this.quietMs);
      }
      const quiet = now - this.lastPoke;
      if (quiet < this.quietMs) return this.wait(this.quietMs - quiet);
      this.timer = undefined;
      this.idle();
    }, ms);
  }
}

/** A request that ran this long lets the event loop turn once before its answer goes out. */
export const LONG_REQUEST_MS = 25;

/** Run `f` after one turn of the event loop (setImmediate where there is one). */
const nextTurn: (f: () => void) => void =
  typeof setImmediate === 'function' ? (f) => setImmediate(f) : (f) => setTimeout(f, 0);

/**
 * The answer of a request that began at `started` (ms, Date.now()): as it is, or, when the
 * request ran LONG_REQUEST_MS or more, after one turn of the event loop. V8 queues the collection
 * of what a long request allocated as tasks of the main thread; answered at once, a client that
 * asks again right away finds them ahead of its next request (the 5,000-line Dockerfile's first
 * definition builds the navigation model in ~60 ms, and the second definition then waited
 * 25-37 ms for the collection). The turn lets them run inside the request that made the garbage
 * (bench/README.md, "One write per message").
 */
export function afterLongRequest<T>(started: number, answer: T, now = Date.now()): T | Promise<T> {
  if (now - started < LONG_REQUEST_MS) return answer;
  return new Promise((resolve) => nextTurn(() => resolve(answer)));
}
