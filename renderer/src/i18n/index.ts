import { createI18n } from 'vue-i18n';
import zhCN from './zh-CN';
import enUS from './en-US';
import type { MessageSchema } from './zh-CN';

export const SUPPORTED_LOCALES = ['zh-CN', 'en-US'] as const;
export type AppLocale = (typeof SUPPORTED_LOCALES)[number];
export const DEFAULT_LOCALE: AppLocale = 'zh-CN';

export function isAppLocale(value: unknown): value is AppLocale {
  return typeof value === 'string' && (SUPPORTED_LOCALES as readonly string[]).includes(value);
}

export const messages: Record<AppLocale, MessageSchema> = { 'zh-CN': zhCN, 'en-US': enUS };

/** Told about every translation key a locale lacks when it is looked up (with `t`, not `te`). */
export type MissingKeyReporter = (locale: string, key: string) => void;

const reportedMissing = new Set<string>();
/** In the app: each missing key once, on the console (the screen shows the fallback or the key). */
const consoleReporter: MissingKeyReporter = (locale, key) => {
  const id = `${locale}:${key}`;
  if (reportedMissing.has(id)) return;
  reportedMissing.add(id);
  console.error(`[i18n] missing translation "${key}" in ${locale}`);
};
let missingKeyReporter: MissingKeyReporter = consoleReporter;

/**
 * Replaces the missing-key reporter (tests make a missing key fail the test); `null` restores the
 * console one. Returns the previous reporter.
 */
export function setMissingKeyReporter(reporter: MissingKeyReporter | null): MissingKeyReporter {
  const previous = missingKeyReporter;
  missingKeyReporter = reporter ?? consoleReporter;
  return previous;
}

export function createAppI18n(locale: AppLocale = DEFAULT_LOCALE) {
  return createI18n<[MessageSchema], AppLocale, false>({
    legacy: false,
    locale,
    fallbackLocale: DEFAULT_LOCALE,
    messages,
    // Called for each locale that lacks the key (en-US first, then the zh-CN fallback); returning
    // nothing keeps vue-i18n's own result. Its warnings are replaced by the reporter.
    missing: (missingLocale, key) => {
      missingKeyReporter(missingLocale, key);
    },
    missingWarn: false,
    fallbackWarn: false,
  });
}
