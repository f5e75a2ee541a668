/**
 * Publishes the theme's text, status and tag colours as CSS variables on the document root, once
 * per theme change. Pages that repeat small pieces of text and tags many times (the case page's
 * timeline, its header and cards) draw them as plain elements with the `ui-*` classes (App.vue)
 * instead of one Naive UI component each: every Naive UI instance builds its own merged theme when
 * it mounts, which made the case page allocate several megabytes per open.
 */
import { defineComponent, watchEffect } from 'vue';
import { useThemeVars } from 'naive-ui';

/** The CSS variable each theme colour is published as. */
export const THEME_CSS_VARS = {
  '--ui-text-1': 'textColor1',
  '--ui-text-2': 'textColor2',
  '--ui-text-3': 'textColor3',
  '--ui-tag-bg': 'tagColor',
  '--ui-rail': 'railColor',
  '--ui-info': 'infoColor',
  '--ui-success': 'successColor',
  '--ui-warning': 'warningColor',
  '--ui-error': 'errorColor',
} as const;

export default defineComponent({
  name: 'ThemeCssVars',
  setup() {
    const vars = useThemeVars();
    watchEffect(() => {
      const style = document.documentElement.style;
      for (const [name, key] of Object.entries(THEME_CSS_VARS)) style.setProperty(name, vars.value[key]);
    });
    return () => null;
  },
});
