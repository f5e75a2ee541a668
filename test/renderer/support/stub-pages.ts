/**
 * The routed screens replaced by empty pages, for the tests of what is around them (the sign-in
 * guard, the shell's header): the real screens would bring their stores and lookups along. The
 * router imports its screens lazily, so mocking them before the first navigation is enough.
 */
import { vi } from 'vitest';
import { h, type Component } from 'vue';

/** The screens the router loads, from `renderer/src`. */
const PAGES = [
  'views/signin/SignInView.vue',
  'views/settings/SettingsView.vue',
  'views/scan/ScanStationView.vue',
  'views/sync/SyncView.vue',
  'views/finance/FinanceView.vue',
  'views/dashboard/DashboardView.vue',
  'views/cs/QueuesView.vue',
  'views/cs/CasePage.vue',
] as const;

/** An empty page a test can find by `data-testid`. */
const stubPage = (testId: string): { default: Component } => ({ default: { render: () => h('div', { 'data-testid': testId }) } });

/**
 * Replaces every routed screen with an empty page (`data-testid="page"`, the sign-in screen's
 * `sign-in-view`); the shell (AppShell) too unless `keepShell`. Call at the top of a test file,
 * before anything navigates.
 */
export function stubRoutedPages({ keepShell = false }: { keepShell?: boolean } = {}): void {
  if (!keepShell) vi.doMock('../../../renderer/src/components/AppShell.vue', () => stubPage('shell'));
  for (const page of PAGES) vi.doMock(`../../../renderer/src/${page}`, () => stubPage(page === 'views/signin/SignInView.vue' ? 'sign-in-view' : 'page'));
}
