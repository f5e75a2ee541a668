import { beforeEach, describe, expect, it } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { nextTick } from 'vue';
import { DEFAULT_SCANNER_CONFIG, parseScannerConfig } from '../../../shared/scanner';
import { classifyBarcode } from '../../../shared/barcode';
import {
  RECENT_SCAN_LIMIT,
  SCANNER_PREFERENCES_KEY,
  readScannerConfig,
  useScannerStore,
} from '../../../renderer/src/stores/scanner';

function saved(): unknown {
  return JSON.parse(localStorage.getItem(SCANNER_PREFERENCES_KEY) ?? 'null');
}

function scanOf(text: string) {
  return {
    scan: { text, startedAt: 0, endedAt: 100, source: 'scanner' as const },
    classification: classifyBarcode(text),
    failure: null,
    durationMs: 100,
    msPerKey: 7,
  };
}

describe('scanner store', () => {
  beforeEach(() => setActivePinia(createPinia()));

  it('starts with the shared defaults and sound on', () => {
    const store = useScannerStore();
    expect(store.config).toEqual(DEFAULT_SCANNER_CONFIG);
    expect(store.soundEnabled).toBe(true);
    expect(store.recentScans).toEqual([]);
  });

  it('keeps valid settings and the sound choice across a restart', async () => {
    const first = useScannerStore();
    const result = first.setConfig({ ...first.config, maxInterKeyMs: 45, endTimeoutMs: 80, suffix: ['Tab'], prefix: ['F9'] });
    expect(result.ok).toBe(true);
    first.setSoundEnabled(false);
    await nextTick();
    expect(saved()).toMatchObject({ config: { maxInterKeyMs: 45, suffix: ['Tab'], prefix: ['F9'] }, soundEnabled: false });

    setActivePinia(createPinia());
    const again = useScannerStore();
    expect(again.config).toEqual(parseScannerConfig({ maxInterKeyMs: 45, endTimeoutMs: 80, suffix: ['Tab'], prefix: ['F9'] }));
    expect(again.soundEnabled).toBe(false);
  });

  it('refuses invalid settings with the reasons and keeps the ones in force', async () => {
    const store = useScannerStore();
    const before = store.config;
    const result = store.setConfig({ ...store.config, minLength: 20, maxLength: 10 });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues.map((i) => i.path)).toEqual([['minLength']]);
    expect(store.config).toBe(before);
    await nextTick();
    expect(localStorage.getItem(SCANNER_PREFERENCES_KEY)).toBeNull();
  });

  it('does not replace the settings object when nothing changed', () => {
    const store = useScannerStore();
    const before = store.config;
    store.setConfig({ ...DEFAULT_SCANNER_CONFIG, prefix: [], suffix: ['Enter'] });
    expect(store.config).toBe(before);
  });

  it('restores the defaults', async () => {
    const store = useScannerStore();
    store.setConfig({ ...store.config, minLength: 8, acceptInTextFields: true });
    store.setSoundEnabled(false);
    store.restoreDefaults();
    expect(store.config).toEqual(DEFAULT_SCANNER_CONFIG);
    expect(store.soundEnabled).toBe(true);
    await nextTick();
    expect(saved()).toEqual({ config: DEFAULT_SCANNER_CONFIG, soundEnabled: true });
  });

  it('falls back field by field when saved settings are damaged', () => {
    localStorage.setItem(
      SCANNER_PREFERENCES_KEY,
      JSON.stringify({ config: { maxInterKeyMs: -5, minLength: 6, suffix: ['Escape'], prefix: ['F9'] }, soundEnabled: 'loud' }),
    );
    const store = useScannerStore();
    expect(store.config).toEqual(parseScannerConfig({ minLength: 6, prefix: ['F9'] }));
    expect(store.soundEnabled).toBe(true);
  });

  it('falls back to the defaults when saved settings contradict each other or are not JSON', () => {
    expect(readScannerConfig({ minLength: 30, maxLength: 10 })).toEqual(DEFAULT_SCANNER_CONFIG);
    expect(readScannerConfig('nonsense')).toEqual(DEFAULT_SCANNER_CONFIG);

    localStorage.setItem(SCANNER_PREFERENCES_KEY, '{not json');
    expect(useScannerStore().config).toEqual(DEFAULT_SCANNER_CONFIG);
  });

  it('keeps the last scans, newest first, up to the limit, and clears them', () => {
    const store = useScannerStore();
    for (let i = 0; i < RECENT_SCAN_LIMIT + 5; i += 1) store.recordScan(scanOf(`SF${String(i).padStart(13, '0')}`));
    expect(store.recentScans).toHaveLength(RECENT_SCAN_LIMIT);
    expect(store.recentScans[0]?.scan.text).toBe(`SF${String(RECENT_SCAN_LIMIT + 4).padStart(13, '0')}`);
    const ids = store.recentScans.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    store.clearScans();
    expect(store.recentScans).toEqual([]);
  });

  it('does not save the scans themselves', async () => {
    const store = useScannerStore();
    store.recordScan(scanOf('SF1234567890123'));
    store.setSoundEnabled(false);
    await nextTick();
    expect(JSON.stringify(saved())).not.toContain('SF1234567890123');
  });
});
