/** UI preferences kept in web storage: read and written without ever breaking the UI. */

/** Where preferences live: localStorage in the app, a Map-backed object in tests. */
export interface PreferenceStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export function preferenceStorage(): PreferenceStorage | undefined {
  try {
    return globalThis.localStorage;
  } catch {
    return undefined;
  }
}

/** The saved JSON value, or undefined when there is none or it is not JSON (callers validate). */
export function readPreference(storage: PreferenceStorage | undefined, key: string): unknown {
  try {
    const raw = storage?.getItem(key);
    return raw ? (JSON.parse(raw) as unknown) : undefined;
  } catch {
    return undefined;
  }
}

/** Saves a value; a full or unavailable storage is ignored (the choice still applies for this run). */
export function savePreference(storage: PreferenceStorage | undefined, key: string, value: unknown): void {
  try {
    storage?.setItem(key, JSON.stringify(value));
  } catch {
    // Nothing to do: the preference is kept in memory until the next start.
  }
}
