/** The deadline sweeper: due system actions applied once, as system events, never early. */
import { describe, expect, it } from 'vitest';
import type { Db } from '../../server/db/db';
import { indexDeadlines, sweepOnce, systemCommandId } from '../../server/sweeper';
import { backends, dbPerSuite } from './support/harness';
import { ACTORS, applyOk, createDomainOrder, inspection, rules, silentLog } from './support/domain-fixtures';

const DAY = 86_400_000;
const T0 = new Date('2026-05-04T02:00:00Z');
const at = (ms: number) => new Date(T0.getTime() + ms);

describe.each(backends)('deadline sweeper on %s', (backend) => {
  const t = dbPerSuite(backend);

  const sweep = (db: Db, now: Date) => sweepOnce({ db, rules, clock: () => now, log: silentLog });
  const caseOf = async (id: string) => {
    const [row] = await t.db.query<{ state: string; version: number; next_action: string | null; next_due_at: Date | null }>(
      'SELECT state, version, next_action, next_due_at FROM cases WHERE id = $1',
      [id],
    );
    return row;
  };
  const eventsOf = (id: string) =>
    t.db.query<{ version: number; type: string; actor_id: string; role: string; command_id: string }>(
      'SELECT version, type, actor_id, role, command_id::text AS command_id FROM case_events WHERE case_id = $1 ORDER BY version',
      [id],
    );
  const openReturn = async (caseId: string, orderId: string, when: Date) =>
    applyOk(t.db, ACTORS.buyer, caseId, 'buyer.apply', 0, { orderId, lineId: `${orderId}-L1`, caseType: 'return_refund', quantity: 1, reason: 'quality_issue' }, when);

  it('auto-approves a case past its review deadline exactly once, never before it is due', async () => {
    const orderId = await createDomainOrder(t.db, at(-DAY));
    await openReturn('sw-review', orderId, T0);
    expect(await caseOf('sw-review')).toMatchObject({ state: 'pending_review', next_action: 'system.auto_approve', next_due_at: at(7 * DAY) });

    // One minute before the deadline nothing happens.
    expect(await sweep(t.db, at(7 * DAY - 60_000))).toMatchObject({ due: 0, applied: 0 });
    expect(await caseOf('sw-review')).toMatchObject({ state: 'pending_review', version: 1 });

    // Two sweepers (two API instances) at the same time.
    const due = at(7 * DAY + 60_000);
    let reports;
    if (backend === 'postgres') {
      const other = await t.reopen();
      reports = await Promise.all([sweep(t.db, due), sweep(other, due)]);
    } else {
      reports = [await sweep(t.db, due), await sweep(t.db, due)];
    }
    expect(reports.reduce((n, r) => n + r.applied, 0)).toBe(1);
    expect(reports.reduce((n, r) => n + r.refused, 0)).toBe(0);

    const events = await eventsOf('sw-review');
    expect(events.map((e) => [e.version, e.type, e.actor_id, e.role])).toEqual([
      [1, 'case.applied', 'staff-buyer1', 'buyer'],
      [2, 'case.approved', 'system', 'system'],
    ]);
    expect(events[1]?.command_id).toBe(systemCommandId('sw-review', 1, 'system.auto_approve'));
    // The next deadline (buyer must ship back) is indexed; sweeping again changes nothing yet.
    expect(await caseOf('sw-review')).toMatchObject({ state: 'awaiting_buyer_shipment', version: 2, next_action: 'system.auto_close', next_due_at: at(14 * DAY + 60_000) });
    expect(await sweep(t.db, due)).toMatchObject({ due: 0, applied: 0 });
    const [commands] = await t.db.query<{ n: unknown }>("SELECT count(*) AS n FROM commands WHERE case_id = 'sw-review' AND type LIKE 'system.%'");
    expect(Number(commands?.n)).toBe(1);
  });

  it('auto-closes a rejected case the buyer left idle', async () => {
    const orderId = await createDomainOrder(t.db, at(-DAY));
    await openReturn('sw-rejected', orderId, T0);
    await applyOk(t.db, ACTORS.cs, 'sw-rejected', 'cs.reject', 1, { reason: '照片不清晰' }, at(DAY));
    expect(await sweep(t.db, at(8 * DAY - 1000))).toMatchObject({ applied: 0 });
    expect(await sweep(t.db, at(8 * DAY))).toMatchObject({ applied: 1 });
    expect(await caseOf('sw-rejected')).toMatchObject({ state: 'closed', next_action: null, next_due_at: null });
    const events = await eventsOf('sw-rejected');
    expect(events.at(-1)).toMatchObject({ type: 'case.closed', role: 'system' });
  });

  it('auto-confirms an exchange the buyer never confirmed', async () => {
    const orderId = await createDomainOrder(t.db, at(-DAY));
    const id = 'sw-exchange';
    await applyOk(t.db, ACTORS.buyer, id, 'buyer.apply', 0, { orderId, lineId: `${orderId}-L1`, caseType: 'exchange', quantity: 1, reason: 'quality_issue', exchangeSku: 'SKU-KETTLE-RED' }, T0);
    let v = await applyOk(t.db, ACTORS.cs, id, 'cs.approve', 1, {}, at(3_600_000));
    v = await applyOk(t.db, ACTORS.buyer, id, 'buyer.ship_back', v, { carrier: 'SF', trackingNumber: 'SF1234567890123' }, at(2 * 3_600_000));
    v = await applyOk(t.db, ACTORS.wh, id, 'warehouse.receive', v, { inspection: inspection() }, at(DAY));
    await applyOk(t.db, ACTORS.wh, id, 'warehouse.ship_exchange', v, { carrier: 'SF', trackingNumber: 'SF9876543210987' }, at(2 * DAY));
    expect(await caseOf(id)).toMatchObject({ state: 'awaiting_buyer_confirmation', next_action: 'system.auto_confirm', next_due_at: at(12 * DAY) });
    expect(await sweep(t.db, at(12 * DAY - 1))).toMatchObject({ applied: 0 });
    expect(await sweep(t.db, at(12 * DAY))).toMatchObject({ applied: 1 });
    expect(await caseOf(id)).toMatchObject({ state: 'completed', next_action: null });
    expect((await eventsOf(id)).some((e) => e.type === 'case.receipt_confirmed' && e.role === 'system')).toBe(true);
  });
  it('indexes the deadlines of open cases stored before the deadline columns, and leaves ended ones alone', async () => {
    const orderId = await createDomainOrder(t.db, at(-DAY));
    await openReturn('sw-index-open', orderId, T0);
    // As stored before the columns existed: nothing indexed.
    await t.db.query('UPDATE cases SET next_due_at = NULL, next_action = NULL');
    const [open] = await t.db.query<{ n: unknown }>("SELECT count(*) AS n FROM cases WHERE NOT deleted AND state NOT IN ('completed', 'closed')");
    expect(await indexDeadlines(t.db, rules)).toBe(Number(open?.n));
    expect(await caseOf('sw-index-open')).toMatchObject({ state: 'pending_review', next_action: 'system.auto_approve', next_due_at: at(7 * DAY) });
    // The rejected case the sweeper closed and the completed exchange stay without a deadline.
    expect(await caseOf('sw-rejected')).toMatchObject({ state: 'closed', next_action: null, next_due_at: null });
    expect(await caseOf('sw-exchange')).toMatchObject({ state: 'completed', next_action: null, next_due_at: null });
  });
});
