/**
 * Runs a composable that needs the translations and naive-ui's message API (`useMessage`) inside
 * a mounted message provider, so a test can call what it returns and read the messages it showed.
 * Unmounted, with the document emptied, after each test of the file that uses it.
 */
import { afterEach } from 'vitest';
import { defineComponent, h } from 'vue';
import { mount, type VueWrapper } from '@vue/test-utils';
import { NMessageProvider } from 'naive-ui';
import { createAppI18n, type AppLocale } from '../../../renderer/src/i18n';

let mounted: VueWrapper | undefined;
afterEach(() => {
  mounted?.unmount();
  mounted = undefined;
  document.body.innerHTML = '';
});

export function inMessageHost<T>(use: () => T, locale: AppLocale = 'en-US'): T {
  let result: { value: T } | undefined;
  const Child = defineComponent({
    setup() {
      result = { value: use() };
      return () => null;
    },
  });
  mounted = mount(() => h(NMessageProvider, null, { default: () => h(Child) }), { attachTo: document.body, global: { plugins: [createAppI18n(locale)] } });
  if (!result) throw new Error('the composable did not run');
  return result.value;
}

/** The texts of the messages on screen, oldest first. */
export const shownMessages = (): string[] => [...document.body.querySelectorAll('.n-message__content')].map((m) => m.textContent ?? '');
