// @ts-check
/**
 * Lint rules, including the process boundaries of the architecture guide: which folder may import what.
 * shared/   → only shared/ and pure libraries (no DOM, Node built-ins, electron, vue)
 * server/   → shared/, Node, its DB drivers (no renderer, electron)
 * electron/ → shared/, Node, electron (no renderer, vue)
 * renderer/ → shared/, vue, pinia, naive-ui, dexie (no Node built-ins, electron: only window.desk)
 * and inside the renderer, views and components (.vue) → stores and composables → db/ and sync/.
 */
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import pluginVue from 'eslint-plugin-vue';
import globals from 'globals';

/** @param {string} name */
const escape = (name) => name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const nodeBuiltins = builtinModules.filter((m) => !m.startsWith('_'));
const uiPackages = ['vue', 'vue-router', 'vue-i18n', 'pinia', 'naive-ui', 'dexie', '@vicons/[^/]+'];

// Patterns are anchored regular expressions on the import specifier: a bare package name must
// not match a folder of ours that happens to share it (e.g. shared/domain vs. Node's `domain`).
/** @param {string[]} names @param {string} why */
const forbid = (names, why) => [{ regex: `^(${names.join('|')})(/.*)?$`, message: why }];
/** @param {string} why */
const forbidNodeBuiltins = (why) => [{ regex: `^(node:.*|(${nodeBuiltins.map(escape).join('|')})(/.*)?)$`, message: why }];
/** @param {string} folder @param {string} why */
const forbidFolder = (folder, why) => ({ regex: `^(\\.{1,2}/)+(.*/)?${folder}(/.*)?$`, message: why });

const boundary = {
  shared: [
    ...forbidNodeBuiltins('shared/ is pure TypeScript for every process: no Node built-ins.'),
    ...forbid(['electron'], 'shared/ must not import electron.'),
    ...forbid(uiPackages, 'shared/ must not import UI or browser-storage libraries.'),
    forbidFolder('renderer', 'shared/ must not import the renderer.'),
    forbidFolder('server', 'shared/ must not import the server.'),
    forbidFolder('electron', 'shared/ must not import the Electron main process.'),
  ],
  server: [
    ...forbid(['electron'], 'server/ must not import electron.'),
    ...forbid(uiPackages, 'server/ must not import UI libraries.'),
    forbidFolder('renderer', 'server/ must not import the renderer.'),
    forbidFolder('electron', 'server/ must not import the Electron main process.'),
  ],
  electron: [
    ...forbid(uiPackages, 'electron/ must not import UI libraries.'),
    forbidFolder('renderer', 'electron/ must not import the renderer.'),
  ],
  renderer: [
    ...forbidNodeBuiltins('renderer/ runs in a browser: no Node built-ins.'),
    ...forbid(['electron'], 'renderer/ reaches Electron only through window.desk (the preload bridge).'),
    forbidFolder('server', 'renderer/ talks to the server over HTTP, never by import.'),
    forbidFolder('electron', 'renderer/ must not import the Electron main process.'),
  ],
};

/**
 * Views and components (.vue) reach the local store and the sync engine only through stores and
 * composables (GUIDE §4); naming their types is fine. A relative specifier cannot say where it
 * lands, so the pattern is written per folder depth: from `views/<feature>/X.vue`, `../../sync/x`
 * is renderer/src/sync but `../sync/x` is the views/sync feature.
 * @param {number} depth folders between renderer/src and the file
 */
const layering = (depth) => ({
  files: [`renderer/src/{views,components}/${'*/'.repeat(depth - 1)}*.vue`],
  rules: restrict([
    ...boundary.renderer,
    {
      regex: `^(\\.\\./){${depth}}(sync|db)(/.*)?$`,
      allowTypeImports: true,
      message: 'Views and components reach db/ and sync/ through a store (renderer/src/stores) or a composable (renderer/src/composables, a feature\'s use*.ts); type-only imports are fine.',
    },
  ]),
});

/** @param {Array<string | { regex: string; message: string; allowTypeImports?: boolean }>} patterns */
const restrict = (patterns) => ({ 'no-restricted-imports': ['error', { patterns }] });

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'dist-electron/**', 'release/**', 'coverage/**', 'data/**', 'test-results/**', 'test/tools/fixtures/**', '.stryker-tmp/**', 'reports/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...pluginVue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.vue'] } },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'vue/multi-word-component-names': 'off',
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
      'vue/html-indent': 'off',
      'vue/html-closing-bracket-newline': 'off',
      'vue/multiline-html-element-content-newline': 'off',
      'vue/first-attribute-linebreak': 'off',
      eqeqeq: ['error', 'always'],
      'no-console': 'off',
    },
  },
  { files: ['shared/**/*.ts'], rules: restrict(boundary.shared) },
  { files: ['server/**/*.ts'], languageOptions: { globals: globals.node }, rules: restrict(boundary.server) },
  { files: ['electron/**/*.ts'], languageOptions: { globals: globals.node }, rules: restrict(boundary.electron) },
  { files: ['renderer/**/*.{ts,vue}'], languageOptions: { globals: globals.browser }, rules: restrict(boundary.renderer) },
  // Replaces the renderer's rule for these files (flat config does not merge a rule's options).
  ...[1, 2, 3].map(layering),
  { files: ['test/**/*.ts', 'scripts/**/*.{ts,mjs,js}', '*.config.{ts,js}'], languageOptions: { globals: { ...globals.node, ...globals.browser } } },
);
