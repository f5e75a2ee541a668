import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { describe, expect, it, vi } from 'vitest';
import { classifyStorageError, isStorageError, requestPersistentStorage, storageEstimate } from '../../../renderer/src/db/storage';

describe('storage safety', () => {
  it('names the problems a person can act on', () => {
    expect(classifyStorageError(new Dexie.QuotaExceededError('full'))).toBe('quota_exceeded');
    expect(classifyStorageError(Object.assign(new Error('write failed'), { name: 'AbortError', inner: { name: 'QuotaExceededError' } }))).toBe('quota_exceeded');
    expect(classifyStorageError(Object.assign(new Error('Internal error opening backing store for indexedDB.open.'), { name: 'UnknownError' }))).toBe('backing_store');
    expect(classifyStorageError(new Dexie.DatabaseClosedError('closed'))).toBe('database_closed');
    expect(classifyStorageError(new Error('something else'))).toBe('unknown');
    expect(isStorageError(new Dexie.DatabaseClosedError('closed'))).toBe(true);
    expect(isStorageError(new TypeError('bug'))).toBe(false);
  });

  it('asks for persistent storage once and reports usage against quota', async () => {
    const persist = vi.fn(async () => true);
    expect(await requestPersistentStorage({ persist, persisted: async () => false })).toBe(true);
    expect(await requestPersistentStorage({ persist, persisted: async () => true })).toBe(true);
    expect(persist).toHaveBeenCalledOnce();
    expect(await requestPersistentStorage({})).toBeNull();
    expect(await storageEstimate({ estimate: async () => ({ usage: 1024, quota: 4096 }), persisted: async () => true })).toEqual({ usage: 1024, quota: 4096, persisted: true });
    expect(await storageEstimate(undefined)).toEqual({ usage: null, quota: null, persisted: null });
  });
});
