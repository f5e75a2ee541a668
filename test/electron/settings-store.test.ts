import { describe, expect, it } from 'vitest';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DEFAULT_SETTINGS, DeskSettingsSchema, SettingsPatchSchema } from '../../shared/ipc/settings';
import { ipcRequestSchemas, ipcChannels } from '../../shared/ipc/contract';
import { loadSettings, SETTINGS_FILE, SettingsError } from '../../electron/settings-store';
import { tempDirPerTest } from './support';

const tmp = tempDirPerTest('desk-settings-');

describe('settings schema', () => {
  it('accepts the defaults and refuses unknown fields, bad addresses and control characters', () => {
    expect(DeskSettingsSchema.parse(DEFAULT_SETTINGS)).toEqual(DEFAULT_SETTINGS);
    expect(DeskSettingsSchema.safeParse({ ...DEFAULT_SETTINGS, extra: 1 }).success).toBe(false);
    expect(DeskSettingsSchema.safeParse({ ...DEFAULT_SETTINGS, mode: 'cloud' }).success).toBe(false);
    for (const apiUrl of ['ftp://api.example.com', 'https://user:pw@api.example.com', 'https://api.example.com/?x=1', 'not a url', 'javascript:alert(1)']) {
      expect(DeskSettingsSchema.safeParse({ ...DEFAULT_SETTINGS, mode: 'central', apiUrl }).success, apiUrl).toBe(false);
    }
    expect(DeskSettingsSchema.safeParse({ ...DEFAULT_SETTINGS, mode: 'central', apiUrl: 'https://desk-api.example.com/v1' }).success).toBe(true);
    expect(SettingsPatchSchema.safeParse({ stationName: 'Dock\u00073' }).success).toBe(false);
    // The mode changes only through chooseMode, never through a settings patch.
    expect(SettingsPatchSchema.safeParse({ mode: 'demo' }).success).toBe(false);
    expect(SettingsPatchSchema.safeParse({ apiUrl: 'https://x.example.com' }).success).toBe(false);
  });

  it('checks the IPC payloads of the settings and keychain channels', () => {
    expect(ipcRequestSchemas[ipcChannels.settingsUpdate].safeParse([{ stationName: 'Dock 3' }]).success).toBe(true);
    expect(ipcRequestSchemas[ipcChannels.settingsChooseMode].safeParse([{ mode: 'central' }]).success).toBe(false);
    expect(ipcRequestSchemas[ipcChannels.settingsChooseMode].safeParse([{ mode: 'central', apiUrl: 'https://api.example.com' }]).success).toBe(true);
    expect(ipcRequestSchemas[ipcChannels.secretsSetToken].safeParse(['wh1', 'short']).success).toBe(false);
    expect(ipcRequestSchemas[ipcChannels.secretsSetToken].safeParse(['WH1', 'token-abcdefghijklmnop']).success).toBe(false);
    expect(ipcRequestSchemas[ipcChannels.secretsSetToken].safeParse(['wh1', null]).success).toBe(true);
  });
});

describe('settings store', () => {
  it('starts from the defaults and keeps what was saved across restarts', async () => {
    const store = await loadSettings(tmp.path);
    expect(store.get()).toEqual(DEFAULT_SETTINGS);
    await store.update({ stationName: 'Dock 3', warehouseId: 'WH-SH', printer: { deviceName: 'Zebra_ZD421', silent: true } });
    await store.chooseMode({ mode: 'central', apiUrl: 'https://desk-api.example.com/' });
    const again = await loadSettings(tmp.path);
    expect(again.get()).toMatchObject({ stationName: 'Dock 3', warehouseId: 'WH-SH', mode: 'central', apiUrl: 'https://desk-api.example.com', printer: { deviceName: 'Zebra_ZD421', silent: true } });
    // No temporary file is left behind by the atomic writes.
    expect(await readdir(tmp.path)).toEqual([SETTINGS_FILE]);
  });

  it('refuses a bad patch with settings.invalid and changes nothing', async () => {
    const store = await loadSettings(tmp.path);
    await store.update({ stationName: 'Dock 3' });
    const before = await readFile(join(tmp.path, SETTINGS_FILE), 'utf8');
    await expect(store.update({ stationName: 'x'.repeat(81) })).rejects.toMatchObject({ code: 'settings.invalid' });
    await expect(store.update({ printer: { deviceName: '', silent: true } })).rejects.toBeInstanceOf(SettingsError);
    await expect(store.chooseMode({ mode: 'central', apiUrl: 'ftp://x' })).rejects.toMatchObject({ code: 'settings.invalid' });
    expect(store.get().stationName).toBe('Dock 3');
    expect(await readFile(join(tmp.path, SETTINGS_FILE), 'utf8')).toBe(before);
  });

  it('sets a damaged file aside and starts from the defaults', async () => {
    await writeFile(join(tmp.path, SETTINGS_FILE), '{"version":1,"mode":"dem');
    const store = await loadSettings(tmp.path, () => new Date('2026-03-01T08:00:00Z'));
    expect(store.recovered).toBe(true);
    expect(store.get()).toEqual(DEFAULT_SETTINGS);
    expect((await readdir(tmp.path)).sort()).toEqual([`${SETTINGS_FILE}.damaged-2026-03-01T08-00-00-000Z`]);
    await store.update({ stationName: 'A' });
    expect(JSON.parse(await readFile(join(tmp.path, SETTINGS_FILE), 'utf8'))).toMatchObject({ stationName: 'A' });
  });

  it('applies concurrent updates in call order', async () => {
    const store = await loadSettings(tmp.path);
    await Promise.all([store.update({ stationName: 'one' }), store.update({ warehouseId: 'WH-BJ' }), store.update({ stationName: 'three' })]);
    const again = await loadSettings(tmp.path);
    expect(again.get()).toMatchObject({ stationName: 'three', warehouseId: 'WH-BJ' });
  });
});
