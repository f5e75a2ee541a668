/**
 * What the app's stores share: the local database, the fetch function, the clock, the key
 * derivation cost. The app uses the defaults; tests configure a fresh database per test.
 */
import { openDeskDb, type DeskDb } from '../db/schema';

export interface Runtime {
  db: () => Promise<DeskDb>;
  fetch: typeof fetch;
  clock: () => Date;
  /** PBKDF2 iterations of a new offline sign-in verifier. */
  pbkdf2Iterations: number;
  /**
   * The central API. The renderer reaches it at `/api` on its own origin (the desktop app's
   * `app://desk/api` and the web build's proxy forward it), so no request is cross-origin.
   */
  defaultApiBase: string;
}

let dbPromise: Promise<DeskDb> | null = null;

const defaults: Runtime = {
  db: () => (dbPromise ??= openDeskDb()),
  fetch: (input, init) => globalThis.fetch(input, init),
  clock: () => new Date(),
  pbkdf2Iterations: 310_000,
  defaultApiBase: '/api',
};

let current: Runtime = defaults;

export function runtime(): Runtime {
  return current;
}

export function configureRuntime(patch: Partial<Runtime>): void {
  current = { ...current, ...patch };
}

export function resetRuntime(): void {
  current = defaults;
}
