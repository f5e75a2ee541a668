/// <reference lib="dom" />
/**
 * Page-side pieces the benchmark modules share: the app's IndexedDB opened raw (for seeding and
 * for the baselines, which read the same rows the plainest way), and timing what the app draws —
 * a DOM condition seen by a MutationObserver, then the first frame that shows it.
 */

/** The app's database name (renderer/src/sync/runtime.ts uses openDeskDb's default). */
export const DB_NAME = 'after-sales-desk';

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Opens the app's database without a version (its schema is the app's). */
export function openRaw(name = DB_NAME): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(name);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error(`cannot open ${name}`));
    request.onblocked = () => reject(new Error(`opening ${name} is blocked`));
  });
}

/** The result of one IndexedDB request. */
export function answer<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB request failed'));
  });
}

/** Rows in one object store. */
export function count(idb: IDBDatabase, store: string): Promise<number> {
  return answer(idb.transaction(store, 'readonly').objectStore(store).count());
}

/**
 * Resolves when `test()` holds after a DOM change (or at once), rejects after `timeoutMs`.
 * `attributes` are the attributes whose changes are watched besides added and removed nodes.
 */
export function whenDom(test: () => boolean, timeoutMs: number, attributes: string[] = ['data-case-no', 'data-testid', 'data-key']): Promise<void> {
  return new Promise((resolve, reject) => {
    if (test()) return resolve();
    const observer = new MutationObserver(() => {
      if (!test()) return;
      observer.disconnect();
      clearTimeout(timer);
      resolve();
    });
    const timer = setTimeout(() => {
      observer.disconnect();
      reject(new Error('timeout'));
    }, timeoutMs);
    observer.observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: attributes });
  });
}

/** The task after the next frame's rendering (style, layout, paint) has run. */
export function afterNextFrame(): Promise<number> {
  return new Promise((resolve) => {
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => resolve(performance.now());
      channel.port2.postMessage(0);
    });
  });
}
