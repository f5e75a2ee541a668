/**
 * Where the desk keeps bearer tokens between page loads:
 *  - desktop app: the OS keychain, through the main process (`window.desk.secrets`, safeStorage);
 *  - browser: this tab's session storage, so closing the browser forgets them (offline sign-in
 *    still works from the stored verifier; the server is reached again after the next sign-in).
 * Never IndexedDB: the local store holds cases and the outbox, not credentials.
 */
import { getDesk } from './desk';

export interface TokenVault {
  readonly kind: 'keychain' | 'session-storage';
  get(owner: string): Promise<string | null>;
  /** Stores a token, or forgets it with null. */
  set(owner: string, token: string | null): Promise<void>;
}

export const SESSION_TOKEN_PREFIX = 'desk.token.v1.';

function sessionStorageVault(): TokenVault {
  const storage = (): Storage | null => {
    try {
      return typeof sessionStorage === 'undefined' ? null : sessionStorage;
    } catch {
      return null;
    }
  };
  return {
    kind: 'session-storage',
    async get(owner) {
      return storage()?.getItem(SESSION_TOKEN_PREFIX + owner) ?? null;
    },
    async set(owner, token) {
      const s = storage();
      if (!s) return;
      if (token === null) s.removeItem(SESSION_TOKEN_PREFIX + owner);
      else s.setItem(SESSION_TOKEN_PREFIX + owner, token);
    },
  };
}

/** The vault of this runtime: the keychain in the desktop app, session storage in a browser. */
export function tokenVault(): TokenVault {
  const secrets = getDesk()?.secrets;
  if (!secrets) return sessionStorageVault();
  return { kind: 'keychain', get: (owner) => secrets.getToken(owner), set: (owner, token) => secrets.setToken(owner, token) };
}
