import { describe, expect, it } from 'vitest';
import { createAppI18n, setMissingKeyReporter } from '../../../renderer/src/i18n';

describe('missing translation keys', () => {
  it('are reported for each locale that lacks them, while the fallback still shows', () => {
    const seen: string[] = [];
    const previous = setMissingKeyReporter((locale, key) => seen.push(`${locale}:${key}`));
    try {
      const { t, te } = createAppI18n('en-US').global;
      expect(t('nav.scan')).toBe('Scan station');
      expect(seen).toEqual([]);
      // Absent everywhere: the raw key would show.
      expect(t('labels.printer.printed')).toBe('labels.printer.printed');
      // Once per locale of the fallback chain (English, then Chinese).
      expect(seen.length).toBeGreaterThanOrEqual(2);
      expect(seen.every((s) => s.endsWith(':labels.printer.printed'))).toBe(true);
      expect(seen[0]?.startsWith('en')).toBe(true);
      expect(seen.at(-1)?.startsWith('zh')).toBe(true);
      // Checking whether a key exists is not a lookup.
      const reported = seen.length;
      expect(te('labels.printer.printed')).toBe(false);
      expect(seen).toHaveLength(reported);
    } finally {
      setMissingKeyReporter(previous);
    }
  });

  // The renderer test setup turns a missing key into a failure of the test that looked it up.
  it.fails('make the test that looked one up fail', () => {
    createAppI18n('zh-CN').global.t('scanStation.no.such.key');
  });
});
