// Each renderer test starts with empty web storage, and fails when it looked up a translation key
// that a locale lacks (the screen would show the raw key or the other language).
import { afterEach, beforeEach } from 'vitest';
import { setMissingKeyReporter } from '../../renderer/src/i18n';

const missingKeys: string[] = [];
setMissingKeyReporter((locale, key) => {
  missingKeys.push(`${key} (${locale})`);
});

beforeEach(() => {
  localStorage.clear();
  missingKeys.length = 0;
});

afterEach(() => {
  if (missingKeys.length === 0) return;
  const found = [...new Set(missingKeys.splice(0))];
  throw new Error(`translation keys missing: ${found.join(', ')}`);
});
