import { defineStore } from 'pinia';
import { ref, watch } from 'vue';
import { z } from 'zod';
import { DEFAULT_LOCALE, SUPPORTED_LOCALES, type AppLocale } from '../i18n';

export type ThemeName = 'light' | 'dark';

/** Where UI preferences live; localStorage in the app, a Map in tests. */
export interface PreferenceStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export const PREFERENCES_KEY = 'desk.preferences.v1';

const PreferencesSchema = z.object({
  locale: z.enum(SUPPORTED_LOCALES).catch(DEFAULT_LOCALE),
  theme: z.enum(['light', 'dark']).catch('light'),
});
type Preferences = z.infer<typeof PreferencesSchema>;

function readPreferences(storage: PreferenceStorage | undefined): Preferences {
  const fallback: Preferences = { locale: DEFAULT_LOCALE, theme: 'light' };
  if (!storage) return fallback;
  try {
    const raw = storage.getItem(PREFERENCES_KEY);
    if (!raw) return fallback;
    // Unknown or damaged values fall back one field at a time instead of resetting everything.
    return PreferencesSchema.parse(JSON.parse(raw));
  } catch {
    return fallback;
  }
}

function defaultStorage(): PreferenceStorage | undefined {
  try {
    return globalThis.localStorage;
  } catch {
    return undefined;
  }
}

/** UI preferences (language, theme) that persist across restarts. */
export const useSettingsStore = defineStore('settings', () => {
  const storage = defaultStorage();
  const initial = readPreferences(storage);
  const locale = ref<AppLocale>(initial.locale);
  const theme = ref<ThemeName>(initial.theme);

  watch([locale, theme], () => {
    try {
      storage?.setItem(PREFERENCES_KEY, JSON.stringify({ locale: locale.value, theme: theme.value }));
    } catch {
      // A full or unavailable storage must not break the UI; the choice still applies for this run.
    }
  });

  function setLocale(next: AppLocale): void {
    locale.value = next;
  }
  function setTheme(next: ThemeName): void {
    theme.value = next;
  }
  function toggleTheme(): void {
    theme.value = theme.value === 'dark' ? 'light' : 'dark';
  }

  return { locale, theme, setLocale, setTheme, toggleTheme };
});
