/**
 * Bearer tokens in the OS keychain through Electron's `safeStorage` (DPAPI on Windows, Keychain
 * on macOS, libsecret/kwallet on Linux). The encrypted tokens sit in `tokens.json` in the
 * user-data folder, one per staff member who signed in at this desk. When no encryption is
 * available, tokens stay in memory for this run only (never written in clear); when Linux falls
 * back to `basic_text` (no keyring), they are written but Settings warns that they are not protected.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { TokenOwnerSchema, TokenSchema, type SecretsInfo } from '../shared/ipc/settings';
import { writeFileAtomic } from './settings-store';

export const TOKENS_FILE = 'tokens.json';

/** The part of Electron's `safeStorage` used here. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Linux only. */
  getSelectedStorageBackend?(): string;
}

export interface TokenStore {
  info(): SecretsInfo;
  get(owner: string): Promise<string | null>;
  set(owner: string, token: string | null): Promise<void>;
}

const FileSchema = z.record(TokenOwnerSchema, z.string().regex(/^[A-Za-z0-9+/=]*$/));

export function secretsInfo(safeStorage: SafeStorageLike, platform: string): SecretsInfo {
  if (!safeStorage.isEncryptionAvailable()) return { backend: 'unavailable', detail: '' };
  if (platform !== 'linux' || !safeStorage.getSelectedStorageBackend) return { backend: 'os', detail: platform };
  const detail = safeStorage.getSelectedStorageBackend();
  return { backend: detail === 'basic_text' || detail === 'unknown' ? 'basic_text' : 'os', detail };
}

export function createTokenStore(dir: string, safeStorage: SafeStorageLike, platform: string = process.platform): TokenStore {
  const path = join(dir, TOKENS_FILE);
  const memory = new Map<string, string>();
  let queue: Promise<unknown> = Promise.resolve();

  async function readAll(): Promise<Record<string, string>> {
    try {
      const parsed = FileSchema.safeParse(JSON.parse(await readFile(path, 'utf8')));
      return parsed.success ? parsed.data : {};
    } catch {
      return {};
    }
  }

  return {
    info: () => secretsInfo(safeStorage, platform),
    async get(owner) {
      const key = TokenOwnerSchema.parse(owner);
      if (memory.has(key)) return memory.get(key) ?? null;
      if (!safeStorage.isEncryptionAvailable()) return null;
      const stored = (await readAll())[key];
      if (!stored) return null;
      try {
        const token = safeStorage.decryptString(Buffer.from(stored, 'base64'));
        return TokenSchema.safeParse(token).success ? token : null;
      } catch {
        // Encrypted under another OS account or a reset keyring: as if signed out.
        return null;
      }
    },
    async set(owner, token) {
      const key = TokenOwnerSchema.parse(owner);
      if (token !== null) TokenSchema.parse(token);
      const run = queue.then(async () => {
        if (!safeStorage.isEncryptionAvailable()) {
          if (token === null) memory.delete(key);
          else memory.set(key, token);
          return;
        }
        memory.delete(key);
        const all = await readAll();
        if (token === null) delete all[key];
        else all[key] = safeStorage.encryptString(token).toString('base64');
        await writeFileAtomic(path, `${JSON.stringify(all)}\n`);
      });
      queue = run.catch(() => undefined);
      await run;
    },
  };
}
