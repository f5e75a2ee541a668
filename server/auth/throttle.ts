/**
 * Failed logins per client address, across every user name. The per-account limit (address +
 * user name, @fastify/rate-limit) does not stop one address from trying a few passwords on each
 * of hundreds of accounts; this does. Only failures count, so a valid login in between does not
 * reset the count, and an office behind one address is locked out only after many failures.
 * Fixed windows in memory (one process); the map is bounded.
 */
export interface ThrottleLimits {
  max: number;
  windowMs: number;
}

interface Window {
  failures: number;
  startedAt: number;
}

export class LoginThrottle {
  readonly #windows = new Map<string, Window>();

  constructor(
    private readonly limits: ThrottleLimits,
    private readonly maxAddresses = 100_000,
  ) {}

  /** Milliseconds until `address` may try again, or 0 when it may now. */
  retryAfterMs(address: string, now: number): number {
    const window = this.#windows.get(address);
    if (!window) return 0;
    const endsAt = window.startedAt + this.limits.windowMs;
    if (endsAt <= now) {
      this.#windows.delete(address);
      return 0;
    }
    return window.failures >= this.limits.max ? endsAt - now : 0;
  }

  recordFailure(address: string, now: number): void {
    const window = this.#windows.get(address);
    if (window && window.startedAt + this.limits.windowMs > now) {
      window.failures += 1;
      return;
    }
    this.#windows.delete(address);
    if (this.#windows.size >= this.maxAddresses) this.#prune(now);
    this.#windows.set(address, { failures: 1, startedAt: now });
  }

  /** Drops ended windows; if that frees nothing, the oldest window goes. */
  #prune(now: number): void {
    for (const [address, window] of this.#windows) {
      if (window.startedAt + this.limits.windowMs <= now) this.#windows.delete(address);
    }
    if (this.#windows.size >= this.maxAddresses) {
      const oldest = this.#windows.keys().next();
      if (!oldest.done) this.#windows.delete(oldest.value);
    }
  }

  get size(): number {
    return this.#windows.size;
  }
}
