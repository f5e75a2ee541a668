/**
 * Reads of the local store that follow its tables: read again after a write to a table they read
 * (and not after writes elsewhere), one read at a time however many writes come, never showing an
 * answer to inputs that have changed, and — with a key — shown again without reading on the next
 * mount while the store has not changed.
 */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { effectScope, ref, type EffectScope } from 'vue';
import { openDeskDb, type DeskDb } from '../../../renderer/src/db/schema';
import { configureRuntime, resetRuntime } from '../../../renderer/src/sync/runtime';
import { forgetKeptAnswers, storeStamp, useStoreQuery } from '../../../renderer/src/composables/useStoreQuery';
import type { LiveQueryState } from '../../../renderer/src/composables/useLiveQuery';
import { uniqueName } from '../sync/fixtures';

let db: DeskDb;
const scopes: EffectScope[] = [];

beforeEach(async () => {
  db = await openDeskDb(uniqueName('store-query'));
  configureRuntime({ db: async () => db });
});
afterEach(() => {
  for (const s of scopes.splice(0)) s.stop();
  forgetKeptAnswers();
  resetRuntime();
  db.close();
});

function inScope<T>(make: () => T): T {
  const scope = effectScope();
  scopes.push(scope);
  return scope.run(make) as T;
}

const meta = (key: string, value: unknown) => db.meta.put({ key, value });

async function settled<T>(state: LiveQueryState<T>, expected: T): Promise<void> {
  await vi.waitFor(() => {
    expect(state.loading.value).toBe(false);
    expect(state.data.value).toEqual(expected);
  });
}

describe('useStoreQuery', () => {
  it('reads again after a write to a table it reads, and not after a write elsewhere', async () => {
    await meta('a', 1);
    const reads = vi.fn(async (d: DeskDb) => (await d.meta.get('a'))?.value);
    const state = inScope(() => useStoreQuery(reads, undefined as unknown, [], ['meta']));
    await settled(state, 1);
    expect(reads).toHaveBeenCalledTimes(1);

    await db.outbox.clear().then(() => db.conflicts.clear());
    await db.cases.put({ id: 'c1', caseNo: 'C1', version: 1, state: 'pending_review', changeSeq: 1, data: {} as never });
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(reads).toHaveBeenCalledTimes(1);

    await meta('a', 2);
    await settled(state, 2);
    expect(reads).toHaveBeenCalledTimes(2);
  });

  it('reads once more after writes during a read, not once per write', async () => {
    await meta('a', 0);
    let release: () => void = () => undefined;
    let calls = 0;
    const state = inScope(() =>
      useStoreQuery(
        async (d) => {
          calls += 1;
          if (calls === 1) await new Promise<void>((resolve) => (release = resolve));
          return (await d.meta.get('a'))?.value;
        },
        undefined as unknown,
        [],
        ['meta'],
      ),
    );
    await vi.waitFor(() => expect(calls).toBe(1));
    for (let i = 1; i <= 5; i++) await meta('a', i);
    release();
    await settled(state, 5);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(calls).toBe(2);
  });

  it('never shows the answer to inputs that changed during its read', async () => {
    const which = ref('slow');
    const gates = new Map<string, () => void>();
    const state = inScope(() =>
      useStoreQuery(
        async () => {
          const asked = which.value;
          await new Promise<void>((resolve) => gates.set(asked, resolve));
          return asked;
        },
        'none',
        [which],
        ['meta'],
      ),
    );
    await vi.waitFor(() => expect(gates.has('slow')).toBe(true));
    which.value = 'fast';
    gates.get('slow')?.();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(state.data.value).toBe('none');
    expect(state.loading.value).toBe(true);
    await vi.waitFor(() => expect(gates.has('fast')).toBe(true));
    gates.get('fast')?.();
    await settled(state, 'fast');
  });

  it('shows a kept answer on the next mount without reading, until the store changes', async () => {
    await meta('a', 1);
    const reads = vi.fn(async (d: DeskDb) => (await d.meta.get('a'))?.value);
    const first = effectScope();
    const one = first.run(() => useStoreQuery(reads, undefined as unknown, [], ['meta'], { key: () => 'the-a' }))!;
    await settled(one, 1);
    first.stop();
    expect(reads).toHaveBeenCalledTimes(1);

    const two = inScope(() => useStoreQuery(reads, undefined as unknown, [], ['meta'], { key: () => 'the-a' }));
    expect(two.data.value).toBe(1);
    expect(two.loading.value).toBe(false);
    expect(reads).toHaveBeenCalledTimes(1);

    // Another key is its own answer.
    const other = inScope(() => useStoreQuery(reads, undefined as unknown, [], ['meta'], { key: () => 'another' }));
    await settled(other, 1);
    expect(reads).toHaveBeenCalledTimes(2);

    // A write while nothing watches still makes the kept answer stale.
    for (const s of scopes.splice(0)) s.stop();
    const before = storeStamp(['meta']);
    await meta('a', 3);
    expect(storeStamp(['meta'])).not.toBe(before);
    const three = inScope(() => useStoreQuery(reads, undefined as unknown, [], ['meta'], { key: () => 'the-a' }));
    expect(three.loading.value).toBe(true);
    await settled(three, 3);
    expect(reads).toHaveBeenCalledTimes(3);
  });

  it('reports a failed read and recovers with the next answer', async () => {
    let fail = true;
    const state = inScope(() =>
      useStoreQuery(
        async (d) => {
          if (fail) throw new Error('quota');
          return (await d.meta.get('a'))?.value;
        },
        undefined as unknown,
        [],
        ['meta'],
      ),
    );
    await vi.waitFor(() => expect((state.error.value as Error | null)?.message).toBe('quota'));
    expect(state.loading.value).toBe(false);
    fail = false;
    await meta('a', 7);
    await settled(state, 7);
    expect(state.error.value).toBeNull();
  });
});
