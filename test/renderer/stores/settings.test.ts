import { beforeEach, describe, expect, it } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { nextTick } from 'vue';
import { PREFERENCES_KEY, useSettingsStore } from '../../../renderer/src/stores/settings';

describe('settings store', () => {
  beforeEach(() => setActivePinia(createPinia()));

  it('starts in Chinese with the light theme', () => {
    const settings = useSettingsStore();
    expect(settings.locale).toBe('zh-CN');
    expect(settings.theme).toBe('light');
  });

  it('keeps language and theme across a restart', async () => {
    const first = useSettingsStore();
    first.setLocale('en-US');
    first.toggleTheme();
    await nextTick();
    expect(JSON.parse(localStorage.getItem(PREFERENCES_KEY) ?? '{}')).toEqual({ locale: 'en-US', theme: 'dark' });

    setActivePinia(createPinia()); // a fresh app start reads what was saved
    const again = useSettingsStore();
    expect(again.locale).toBe('en-US');
    expect(again.theme).toBe('dark');
  });

  it('falls back field by field when saved preferences are damaged', () => {
    localStorage.setItem(PREFERENCES_KEY, JSON.stringify({ locale: 'fr-FR', theme: 'dark' }));
    const settings = useSettingsStore();
    expect(settings.locale).toBe('zh-CN');
    expect(settings.theme).toBe('dark');

    localStorage.setItem(PREFERENCES_KEY, '{not json');
    setActivePinia(createPinia());
    expect(useSettingsStore().theme).toBe('light');
  });
});
