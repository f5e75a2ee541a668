/// <reference lib="dom" />
/**
 * Seeding page of the dashboard benchmark (added to a blank page on the app's origin before the
 * app first opens its store): the signed-in supervisor's session (admin) and `cases` cases in
 * twenty stages spread over `days` days (`staged-cases.mts`), so every chart of the dashboard has
 * figures.
 */
import type { DashboardSeedOptions, DashboardSeedPage } from './dashboard-protocol';
import { expose, seedStore, staffSession } from './seed-store.mts';
import { stagedCases } from './staged-cases.mts';

const SESSION = staffSession({ id: 'staff-admin', username: 'admin', displayName: '主管 Admin', role: 'admin', warehouseId: null });

const page: DashboardSeedPage = {
  async seed(options: DashboardSeedOptions) {
    const r = await seedStore(SESSION, options.cases, stagedCases(options, Date.now()));
    return { seconds: r.seconds, cases: options.cases, states: r.states, usageBytes: r.usageBytes };
  },
};
expose('dashboardSeed', page);
