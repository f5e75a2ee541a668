import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, openTestDb, type TestDb } from '../support/harness';
import { migrate } from '../../../server/db/migrate';
import { productionRules } from '../../../server/sync/rules';
import { isDatabaseEmpty, seedDemo } from '../../../server/seed/demo';
import { generateDemoData } from '../../../server/seed/demo-data';
import { CASE_STATES } from '../../../shared/domain';

const now = new Date();

describe.each(backends)('demo seeding on %s', (backend) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await openTestDb(backend);
    await migrate(t.db);
  });
  afterAll(async () => {
    await t?.dispose();
  });

  it('fills an empty database with every case in its intended state, through the rules', async () => {
    expect(await isDatabaseEmpty(t.db)).toBe(true);
    const report = await seedDemo(t.db, productionRules(), { now, cases: 30 });
    expect(report.commands.refused).toBe(0);
    expect(report.cases).toBe(30);
    expect(await isDatabaseEmpty(t.db)).toBe(false);

    const expected = generateDemoData({ now, cases: 30 }).cases;
    const rows = await t.db.query<{ id: string; state: string; case_no: string }>('SELECT id, state, case_no FROM cases ORDER BY id');
    expect(rows.map((r) => [r.id, r.state])).toEqual(expected.map((c) => [c.caseId, c.target]));
    expect(new Set(rows.map((r) => r.state))).toEqual(new Set(CASE_STATES));
    // Every event log replays to the stored case (append-only history is complete).
    const [events] = await t.db.query<{ n: unknown }>('SELECT count(*) AS n FROM case_events');
    expect(Number(events?.n)).toBeGreaterThanOrEqual(report.commands.applied);
    const parcels = await t.db.query<{ n: unknown }>("SELECT count(*) AS n FROM cases WHERE return_tracking_no IS NOT NULL AND state = 'awaiting_receipt'");
    expect(Number(parcels[0]?.n)).toBeGreaterThan(0);
  });

  it('is idempotent: seeding again applies nothing new', async () => {
    const [before] = await t.db.query<{ n: unknown }>('SELECT count(*) AS n FROM case_events');
    const report = await seedDemo(t.db, productionRules(), { now, cases: 30 });
    expect(report.commands.applied).toBe(0);
    expect(report.commands.refused).toBe(0);
    expect(report.commands.duplicate).toBeGreaterThan(0);
    const [after] = await t.db.query<{ n: unknown }>('SELECT count(*) AS n FROM case_events');
    expect(after?.n).toEqual(before?.n);
  });
});
