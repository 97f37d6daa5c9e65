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
