import { defineStore } from 'pinia';
import { ref, watch } from 'vue';
import { z } from 'zod';
import { DEFAULT_LOCALE, SUPPORTED_LOCALES, type AppLocale } from '../i18n';
import { preferenceStorage, readPreference, savePreference } from './preferences';
import { getDesk } from '../platform/desk';

export type ThemeName = 'light' | 'dark';

export const PREFERENCES_KEY = 'desk.preferences.v1';

const PreferencesSchema = z.object({
  locale: z.enum(SUPPORTED_LOCALES).catch(DEFAULT_LOCALE),
  theme: z.enum(['light', 'dark']).catch('light'),
});
type Preferences = z.infer<typeof PreferencesSchema>;

function readPreferences(saved: unknown): Preferences {
  // Unknown or damaged values fall back one field at a time instead of resetting everything.
  const parsed = PreferencesSchema.safeParse(saved);
  return parsed.success ? parsed.data : { locale: DEFAULT_LOCALE, theme: 'light' };
}

/** UI preferences (language, theme) that persist across restarts. */
export const useSettingsStore = defineStore('settings', () => {
  const storage = preferenceStorage();
  const initial = readPreferences(readPreference(storage, PREFERENCES_KEY));
  const locale = ref<AppLocale>(initial.locale);
  const theme = ref<ThemeName>(initial.theme);

  watch([locale, theme], () => savePreference(storage, PREFERENCES_KEY, { locale: locale.value, theme: theme.value }));
  // The desktop app's menus and dialogs follow the language chosen here (kept by the main process).
  watch(locale, (next) => void getDesk()?.settings?.update({ locale: next }).catch(() => undefined));

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
