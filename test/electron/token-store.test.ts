import { describe, expect, it } from 'vitest';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { createTokenStore, secretsInfo, TOKENS_FILE, type SafeStorageLike } from '../../electron/token-store';
import { tempDirPerTest } from './support';

const TOKEN = 'token-abcdefghijklmnop';

/** A reversible stand-in for the OS encryption: the bytes are XOR-ed and prefixed. */
function fakeSafeStorage(options: { available?: boolean; backend?: string } = {}): SafeStorageLike & { encrypted: number } {
  const fake = {
    encrypted: 0,
    isEncryptionAvailable: () => options.available ?? true,
    encryptString(plain: string) {
      fake.encrypted++;
      return Buffer.concat([Buffer.from('ENC:'), Buffer.from(plain).map((b) => b ^ 0x5a)]);
    },
    decryptString(data: Buffer) {
      if (data.subarray(0, 4).toString() !== 'ENC:') throw new Error('not ours');
      return Buffer.from(data.subarray(4).map((b) => b ^ 0x5a)).toString();
    },
    ...(options.backend ? { getSelectedStorageBackend: () => options.backend as string } : {}),
  };
  return fake;
}

const tmp = tempDirPerTest('desk-tokens-');

describe('token storage through safeStorage', () => {
  it('writes only the encrypted token and reads it back after a restart', async () => {
    const safe = fakeSafeStorage({ backend: 'gnome_libsecret' });
    const store = createTokenStore(tmp.path, safe, 'linux');
    await store.set('wh1', TOKEN);
    const file = await readFile(join(tmp.path, TOKENS_FILE), 'utf8');
    expect(file).not.toContain(TOKEN);
    expect(safe.encrypted).toBe(1);
    expect(await createTokenStore(tmp.path, safe, 'linux').get('wh1')).toBe(TOKEN);
    expect(await store.get('cs1')).toBeNull();
    await store.set('wh1', null);
    expect(await createTokenStore(tmp.path, safe, 'linux').get('wh1')).toBeNull();
  });

  it('keeps tokens in memory only when no encryption is available', async () => {
    const store = createTokenStore(tmp.path, fakeSafeStorage({ available: false }), 'linux');
    await store.set('wh1', TOKEN);
    expect(await store.get('wh1')).toBe(TOKEN);
    expect(await readdir(tmp.path)).toEqual([]);
    expect(await createTokenStore(tmp.path, fakeSafeStorage({ available: false }), 'linux').get('wh1')).toBeNull();
    expect(store.info()).toEqual({ backend: 'unavailable', detail: '' });
  });

  it('reports the Linux plain-text fallback so Settings can warn', () => {
    expect(secretsInfo(fakeSafeStorage({ backend: 'basic_text' }), 'linux')).toEqual({ backend: 'basic_text', detail: 'basic_text' });
    expect(secretsInfo(fakeSafeStorage({ backend: 'kwallet5' }), 'linux')).toEqual({ backend: 'os', detail: 'kwallet5' });
    expect(secretsInfo(fakeSafeStorage(), 'win32')).toEqual({ backend: 'os', detail: 'win32' });
  });

  it('treats a token it cannot decrypt (another OS account) as none, and refuses bad owners or tokens', async () => {
    await createTokenStore(tmp.path, fakeSafeStorage(), 'win32').set('wh1', TOKEN);
    const other: SafeStorageLike = { ...fakeSafeStorage(), decryptString: () => { throw new Error('wrong key'); } };
    expect(await createTokenStore(tmp.path, other, 'win32').get('wh1')).toBeNull();
    const store = createTokenStore(tmp.path, fakeSafeStorage(), 'win32');
    await expect(store.set('two words', TOKEN)).rejects.toThrow();
    await expect(store.set('WH1', TOKEN)).rejects.toThrow();
    await expect(store.set('wh\u00001', TOKEN)).rejects.toThrow();
    // Any other user name the API accepts is a key like any other.
    await store.set('王仓管', TOKEN);
    expect(await createTokenStore(tmp.path, fakeSafeStorage(), 'win32').get('王仓管')).toBe(TOKEN);
    await expect(store.set('wh1', 'short')).rejects.toThrow();
  });

  it('keeps each person’s token apart at a shift change: one kept for their waiting commands, the next one’s beside it', async () => {
    const safe = fakeSafeStorage({ backend: 'gnome_libsecret' });
    const store = createTokenStore(tmp.path, safe, 'linux');
    const second = 'token-qrstuvwxyz012345';
    // Written together, as a sign-out and the next sign-in may be.
    await Promise.all([store.set('cs1', TOKEN), store.set('cs2', second)]);
    const restarted = createTokenStore(tmp.path, safe, 'linux');
    expect([await restarted.get('cs1'), await restarted.get('cs2')]).toEqual([TOKEN, second]);
    // cs1's commands are answered: only their token goes.
    await restarted.set('cs1', null);
    const again = createTokenStore(tmp.path, safe, 'linux');
    expect([await again.get('cs1'), await again.get('cs2')]).toEqual([null, second]);
  });
});
