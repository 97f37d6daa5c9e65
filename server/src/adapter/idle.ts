/**
 * Calls `idle` once nothing has poked it for `quietMs`: the session pokes it at every request (and
 * when a check's answer is published), so that the runtime's housekeeping (RuntimeEnvironment.idle)
 * runs between requests. One timer, moved on when it fires early rather than set again per poke.
 */
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
    this.timer = setTimeout(() => {
      const quiet = Date.now() - this.lastPoke;
      if (quiet < this.quietMs) return this.wait(this.quietMs - quiet);
      this.timer = undefined;
      this.idle();
    }, ms);
  }
}
