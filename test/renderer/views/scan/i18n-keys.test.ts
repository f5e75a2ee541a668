import { describe, expect, it } from 'vitest';
import { createAppI18n } from '../../../../renderer/src/i18n';

/**
 * Every translation key the scan station and the label components name literally exists in both
 * languages (a raw key such as `labels.printer.printed` on screen is a bug this catches).
 */
const SOURCES: Record<string, string> = {
  ...import.meta.glob('../../../../renderer/src/views/scan/*.{ts,vue}', { query: '?raw', import: 'default', eager: true }),
  ...import.meta.glob('../../../../renderer/src/components/labels/*.{ts,vue}', { query: '?raw', import: 'default', eager: true }),
};
// Quoted keys only: backticks are template literals with parameters, or code named in comments.
const KEY = /['"]((?:scanStation|labels|status|sync|settings|common)\.[A-Za-z0-9_.]*[A-Za-z0-9_])['"]/g;

function keysUsed(): Map<string, string> {
  const out = new Map<string, string>();
  for (const [file, text] of Object.entries(SOURCES)) for (const m of text.matchAll(KEY)) out.set(m[1]!, file.replace(/^(\.\.\/)+/, ''));
  return out;
}

describe('scan station translation keys', () => {
  it('finds the keys it checks (the scan is not empty)', () => {
    const keys = keysUsed();
    expect(keys.has('labels.print.printed')).toBe(true);
    expect(keys.get('scanStation.banner.countedExtra')).toBe('renderer/src/views/scan/bench.ts');
    expect(keys.size).toBeGreaterThan(40);
  });

  it.each(['zh-CN', 'en-US'] as const)('has every literal key in %s', (locale) => {
    const i18n = createAppI18n(locale);
    const missing = [...keysUsed()].filter(([key]) => !i18n.global.te(key, locale)).map(([key, file]) => `${key} (${file})`);
    expect(missing).toEqual([]);
  });
});

describe('scan station refusal banner', () => {
  it.each([
    ['zh-CN', '本地规则'],
    ['en-US', 'local rules'],
  ] as const)('in %s says what the worker can do, not which rules refused', (locale, jargon) => {
    const text = createAppI18n(locale).global.t('scanStation.banner.refused', { caseNo: 'RMA1' });
    expect(text).not.toContain(jargon);
    expect(text).toContain('RMA1');
    expect(text).toContain('Esc');
  });
});
