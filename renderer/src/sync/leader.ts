/**
 * One sync leader across the app's windows: the window holding the Web Lock runs the engine, the
 * others only read the local store (liveQuery sees the leader's writes). Without `navigator.locks`
 * (an old runtime, or a test) the single instance leads.
 */

export interface Leadership {
  /** Resolves once this instance leads. */
  readonly acquired: Promise<void>;
  readonly isLeader: () => boolean;
  /** Gives leadership up (or stops waiting for it). */
  release(): void;
}

interface LockManagerLike {
  request(name: string, options: { mode: 'exclusive'; signal?: AbortSignal }, callback: () => Promise<void>): Promise<unknown>;
}

function lockManager(): LockManagerLike | undefined {
  const nav = typeof navigator !== 'undefined' ? (navigator as { locks?: LockManagerLike }) : undefined;
  return nav?.locks && typeof nav.locks.request === 'function' ? nav.locks : undefined;
}

export function acquireLeadership(name = 'after-sales-desk.sync-leader', locks: LockManagerLike | undefined = lockManager()): Leadership {
  let leader = false;
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  if (!locks) {
    leader = true;
    return {
      acquired: Promise.resolve(),
      isLeader: () => leader,
      release: () => {
        leader = false;
        release();
      },
    };
  }
  const controller = new AbortController();
  let onAcquired: () => void = () => undefined;
  const acquired = new Promise<void>((resolve) => {
    onAcquired = resolve;
  });
  locks
    .request(name, { mode: 'exclusive', signal: controller.signal }, async () => {
      leader = true;
      onAcquired();
      // Held until released; closing the window releases it too.
      await held;
      leader = false;
    })
    .catch(() => undefined);
  return {
    acquired,
    isLeader: () => leader,
    release: () => {
      controller.abort();
      release();
    },
  };
}
