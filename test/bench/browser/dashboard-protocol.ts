/**
 * What the dashboard benchmark's seeding page (`dashboard-seed.mts`, on the app's origin) exposes
 * to the Node driver (`../dashboard.bench.ts`). Plain data only: every call crosses `page.evaluate`.
 */

export interface DashboardSeedOptions {
  /** Cases to write (each with its order and its merged view row). */
  cases: number;
  /** Days the cases are spread over, ending today. */
  days: number;
  /** Seed of the data (same seed, same store). */
  seed: number;
}

export interface DashboardSeedResult {
  seconds: number;
  cases: number;
  /** Cases per state written. */
  states: Record<string, number>;
  usageBytes: number | null;
}

export interface DashboardSeedPage {
  seed(options: DashboardSeedOptions): Promise<DashboardSeedResult>;
}
