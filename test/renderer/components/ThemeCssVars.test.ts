/**
 * The plain text and tags of the case page take their colours from CSS variables that follow the
 * theme: light and dark values from Naive UI's own theme, updated when the theme changes.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { h, ref } from 'vue';
import { mount, type VueWrapper } from '@vue/test-utils';
import { NConfigProvider, darkTheme, lightTheme, type GlobalTheme } from 'naive-ui';
import ThemeCssVars, { THEME_CSS_VARS } from '../../../renderer/src/components/ThemeCssVars';
import { tagClass } from '../../../renderer/src/components/plain';

let wrapper: VueWrapper | undefined;
afterEach(() => {
  wrapper?.unmount();
  wrapper = undefined;
  for (const name of Object.keys(THEME_CSS_VARS)) document.documentElement.style.removeProperty(name);
});

const cssVar = (name: string): string => document.documentElement.style.getPropertyValue(name);

describe('theme colours as CSS variables', () => {
  it('publishes the light theme’s colours and follows a switch to dark', async () => {
    const theme = ref<GlobalTheme | null>(null);
    wrapper = mount({ render: () => h(NConfigProvider, { theme: theme.value }, () => h(ThemeCssVars)) });
    expect(cssVar('--ui-text-3')).toBe(lightTheme.common.textColor3);
    expect(cssVar('--ui-warning')).toBe(lightTheme.common.warningColor);
    expect(cssVar('--ui-tag-bg')).toBe(lightTheme.common.tagColor);
    theme.value = darkTheme;
    await wrapper.vm.$nextTick();
    expect(cssVar('--ui-text-3')).toBe(darkTheme.common.textColor3);
    expect(cssVar('--ui-tag-bg')).toBe(darkTheme.common.tagColor);
    expect(darkTheme.common.textColor3).not.toBe(lightTheme.common.textColor3);
    // Every published variable has a value.
    for (const name of Object.keys(THEME_CSS_VARS)) expect(cssVar(name), name).not.toBe('');
  });
});

describe('plain tag classes', () => {
  it('name the size always, the type unless default, and round on request', () => {
    expect(tagClass()).toEqual(['ui-tag', 'ui-tag--medium']);
    expect(tagClass('warning', 'tiny')).toEqual(['ui-tag', 'ui-tag--tiny', 'ui-tag--warning']);
    expect(tagClass('success', 'small', true)).toEqual(['ui-tag', 'ui-tag--small', 'ui-tag--success', 'ui-tag--round']);
  });
});
