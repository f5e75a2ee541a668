/**
 * Storage safety: ask the browser to keep our data (no eviction under pressure), report usage,
 * and turn IndexedDB failures into problems a person can act on. Nothing is dropped silently.
 */
import Dexie from 'dexie';

export type StorageProblem =
  /** The disk or the origin's quota is full. */
  | 'quota_exceeded'
  /** IndexedDB's backing store failed to open or write (damaged profile, disk error, antivirus lock). */
  | 'backing_store'
  /** The database was closed or its version changed under us (another window upgraded it). */
  | 'database_closed'
  | 'unknown';

function nameOf(error: unknown): string {
  if (typeof error !== 'object' || error === null) return '';
  const own = (error as { name?: unknown }).name;
  const inner = (error as { inner?: { name?: unknown } }).inner?.name;
  return [own, inner].filter((v): v is string => typeof v === 'string').join(' ');
}

function messageOf(error: unknown): string {
  if (error instanceof Error) return `${error.message} ${(error as { inner?: Error }).inner?.message ?? ''}`;
  return String(error);
}

/** Classifies an error thrown by Dexie / IndexedDB. */
export function classifyStorageError(error: unknown): StorageProblem {
  const name = nameOf(error);
  const message = messageOf(error).toLowerCase();
  if (name.includes('QuotaExceeded') || message.includes('quota')) return 'quota_exceeded';
  if (message.includes('backing store') || name.includes('UnknownError') || name.includes('OpenFailed')) return 'backing_store';
  if (name.includes('DatabaseClosed') || name.includes('VersionChange') || name.includes('InvalidState')) return 'database_closed';
  return 'unknown';
}

/** Whether an error came from IndexedDB / Dexie (and not from our own code). */
export function isStorageError(error: unknown): boolean {
  if (error instanceof Dexie.DexieError) return true;
  const name = nameOf(error);
  return name.includes('QuotaExceeded') || name.includes('UnknownError') || name.includes('InvalidStateError') || name.includes('DataCloneError');
}

export interface StorageEstimateInfo {
  usage: number | null;
  quota: number | null;
  persisted: boolean | null;
}

interface StorageManagerLike {
  estimate?: () => Promise<{ usage?: number; quota?: number }>;
  persisted?: () => Promise<boolean>;
  persist?: () => Promise<boolean>;
}

function storageManager(): StorageManagerLike | undefined {
  return typeof navigator !== 'undefined' ? (navigator.storage as StorageManagerLike | undefined) : undefined;
}

/** Bytes used and available to this origin; nulls where the browser does not tell. */
export async function storageEstimate(manager: StorageManagerLike | undefined = storageManager()): Promise<StorageEstimateInfo> {
  try {
    const estimate = manager?.estimate ? await manager.estimate() : undefined;
    const persisted = manager?.persisted ? await manager.persisted() : null;
    return { usage: estimate?.usage ?? null, quota: estimate?.quota ?? null, persisted };
  } catch {
    return { usage: null, quota: null, persisted: null };
  }
}

/** Asks for persistent storage; `null` when the browser has no such API. */
export async function requestPersistentStorage(manager: StorageManagerLike | undefined = storageManager()): Promise<boolean | null> {
  if (!manager?.persist) return null;
  try {
    if (manager.persisted && (await manager.persisted())) return true;
    return await manager.persist();
  } catch {
    return false;
  }
}
