/**
 * Connectivity as the sync engine sees it: the last request decides. A failed request means
 * offline; `navigator.onLine` and the `online` event are hints that only cut the wait short.
 * While offline, `/health` is the heartbeat before the next full sync.
 */

export interface BackoffOptions {
  baseMs: number;
  capMs: number;
  random?: () => number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 500, capMs: 60_000 };

/** Exponential backoff with full jitter: uniform in [0, min(cap, base·2^attempt)]. */
export function backoffDelay(attempt: number, options: BackoffOptions = DEFAULT_BACKOFF): number {
  const random = options.random ?? Math.random;
  const ceiling = Math.min(options.capMs, options.baseMs * 2 ** Math.min(attempt, 30));
  return Math.floor(random() * ceiling);
}

export interface OnlineEvents {
  add(listener: () => void): void;
  remove(listener: () => void): void;
}

/** The window's `online` event, when there is a window. */
export function windowOnlineEvents(): OnlineEvents | undefined {
  if (typeof window === 'undefined' || typeof window.addEventListener !== 'function') return undefined;
  return {
    add: (listener) => window.addEventListener('online', listener),
    remove: (listener) => window.removeEventListener('online', listener),
  };
}

/**
 * Sleeps `ms`, resolving early when `wake` is called, the `online` event fires, or the signal
 * aborts. Returns why it woke.
 */
export class Waiter {
  #wake: (() => void) | null = null;
  #pending = false;

  constructor(private readonly events: OnlineEvents | undefined = windowOnlineEvents()) {}

  /** Ends the current (or the next) wait at once. */
  wake(): void {
    if (this.#wake) this.#wake();
    else this.#pending = true;
  }

  wait(ms: number, signal?: AbortSignal): Promise<'timeout' | 'woken' | 'aborted'> {
    if (signal?.aborted) return Promise.resolve('aborted');
    if (this.#pending) {
      this.#pending = false;
      return Promise.resolve('woken');
    }
    return new Promise((resolve) => {
      const finish = (why: 'timeout' | 'woken' | 'aborted'): void => {
        clearTimeout(timer);
        this.events?.remove(onOnline);
        signal?.removeEventListener('abort', onAbort);
        this.#wake = null;
        resolve(why);
      };
      const onOnline = (): void => finish('woken');
      const onAbort = (): void => finish('aborted');
      const timer = setTimeout(() => finish('timeout'), ms);
      this.events?.add(onOnline);
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#wake = () => finish('woken');
    });
  }
}
