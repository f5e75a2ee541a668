/** The production adapter over shared/domain, driven through the real push endpoint. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { productionRules } from '../../server/sync/rules';
import type { PullResponse } from '../../shared/sync';
import { backends, startServer, type LoggedIn, type TestServer } from './support/harness';
import { pushOne, type CommandInit } from './support/fixtures';
import { RETURN_ADDRESS, inspection } from './support/domain-fixtures';
import { KETTLE, kettleOrder, writeOrders } from './support/orders';
import { createStaff, DEMO_PASSWORD } from '../../server/seed/staff';

const NOW = new Date('2026-03-10T02:00:00Z');
const INSPECTION = inspection();

describe.each(backends)('production rules (shared/domain) on %s', (backend) => {
  let server: TestServer;
  const s = {} as Record<'buyer' | 'cs' | 'wh1' | 'wh2' | 'fin', LoggedIn>;

  beforeAll(async () => {
    server = await startServer(backend, { rules: productionRules(), clock: () => NOW });
    await writeOrders(server.db, [kettleOrder('order-1', new Date('2026-03-05T02:00:00Z'), { orderNo: 'NO-1', products: [KETTLE] })]);
    s.buyer = await server.login('buyer1');
    s.cs = await server.login('cs1');
    s.wh1 = await server.login('wh1');
    s.wh2 = await server.login('wh2');
    s.fin = await server.login('fin1');
  });
  afterAll(async () => {
    await server?.close();
  });

  /** Pushes one command that happened now on the server's clock. */
  const pushAt = (session: LoggedIn, init: CommandInit) => pushOne(server, session, { occurredAt: NOW.toISOString(), ...init });

  it('runs a return through the shared rules and enforces their permissions and warehouses', async () => {
    const caseId = 'case-domain-1';
    const applied = await pushAt(s.buyer, {
      type: 'buyer.apply',
      caseId,
      baseVersion: 0,
      payload: { orderId: 'order-1', lineId: 'order-1-L1', caseType: 'return_refund', quantity: 1, reason: 'quality_issue' },
    });
    expect(applied).toMatchObject({ status: 'applied', version: 1 });
    expect(await pushAt(s.wh1, { type: 'cs.approve', caseId, baseVersion: 1, payload: { returnAddress: RETURN_ADDRESS } })).toMatchObject({
      status: 'rejected',
      code: 'role_not_allowed',
    });
    expect(await pushAt(s.cs, { type: 'cs.approve', caseId, baseVersion: 1, payload: { returnAddress: RETURN_ADDRESS } })).toMatchObject({ status: 'applied', version: 2 });
    expect(await pushAt(s.buyer, { type: 'buyer.ship_back', caseId, baseVersion: 2, payload: { carrier: 'SF', trackingNumber: 'sf-1234-5678' } })).toMatchObject({ status: 'applied', version: 3 });
    const [row] = await server.db.query<{ state: string; return_tracking_no: string }>('SELECT state, return_tracking_no FROM cases WHERE id = $1', [caseId]);
    expect(row).toEqual({ state: 'awaiting_receipt', return_tracking_no: 'SF12345678' });

    expect(await pushAt(s.fin, { type: 'warehouse.receive', caseId, baseVersion: 3, payload: { inspection: INSPECTION } })).toMatchObject({ code: 'role_not_allowed' });
    // Another warehouse's case is answered as if it did not exist.
    expect(await pushAt(s.wh2, { type: 'warehouse.receive', caseId, baseVersion: 3, payload: { inspection: INSPECTION } })).toEqual({
      id: expect.any(String) as unknown,
      status: 'rejected',
      code: 'case_not_found',
      params: { caseId },
    });
    expect(await pushAt(s.wh1, { type: 'warehouse.receive', caseId, baseVersion: 3, payload: { inspection: INSPECTION } })).toMatchObject({ status: 'applied' });
    expect(await pushAt(s.wh1, { type: 'finance.approve_refund', caseId, baseVersion: 4, payload: {} })).toMatchObject({ code: 'role_not_allowed' });
    const refund = await pushAt(s.fin, { type: 'finance.approve_refund', caseId, baseVersion: 4, payload: { reference: 'PAY-1' } });
    expect(refund).toMatchObject({ status: 'applied' });

    const pulled = await server.request<PullResponse>('GET', '/sync/pull?since=0', { token: s.cs.token });
    const snapshot = pulled.body.changes.find((c) => c.id === caseId);
    expect(snapshot?.data).toMatchObject({ id: caseId, state: 'completed', orderId: 'order-1', buyerId: 'staff-buyer1' });
  });

  it('applies a stale command that still fits, and reports one that no longer does as a conflict', async () => {
    const caseId = 'case-domain-2';
    await pushAt(s.buyer, { type: 'buyer.apply', caseId, baseVersion: 0, payload: { orderId: 'order-1', lineId: 'order-1-L1', caseType: 'return_refund', quantity: 1, reason: 'quality_issue' } });
    // Two CS workstations saw version 1; one escalates, the other approves offline.
    expect(await pushAt(s.cs, { type: 'cs.escalate', caseId, baseVersion: 1, payload: { reason: 'buyer called twice' } })).toMatchObject({ status: 'applied', version: 2 });
    expect(await pushAt(s.cs, { type: 'cs.approve', caseId, baseVersion: 1, payload: { returnAddress: RETURN_ADDRESS } })).toMatchObject({ status: 'applied', version: 3 });
    const stale = await pushAt(s.cs, { type: 'cs.reject', caseId, baseVersion: 2, payload: { reason: 'too late' } });
    expect(stale).toMatchObject({ status: 'conflict', rejection: { code: 'invalid_state' }, case: { version: 3, state: 'awaiting_buyer_shipment' } });
  });

  it('rejects an unknown type, a bad payload and an order that does not exist', async () => {
    expect(await pushAt(s.cs, { type: 'cs.levitate', caseId: 'x', baseVersion: 0 })).toMatchObject({ status: 'rejected', code: 'command.unknown_type' });
    expect(await pushAt(s.buyer, { type: 'buyer.apply', caseId: 'case-domain-3', baseVersion: 0, payload: { orderId: 'order-1' } })).toMatchObject({ status: 'rejected', code: 'payload_invalid' });
    expect(
      await pushAt(s.buyer, { type: 'buyer.apply', caseId: 'case-domain-4', baseVersion: 0, payload: { orderId: 'order-404', lineId: 'L', caseType: 'return_refund', quantity: 1, reason: 'quality_issue' } }),
    ).toMatchObject({ status: 'rejected', code: 'order_mismatch' });
    expect(await pushAt(s.cs, { type: 'cs.approve', caseId: 'case-missing', baseVersion: 0, payload: {} })).toMatchObject({ status: 'rejected', code: 'case_not_found' });
  });

  it('hands a case only to an active customer-service agent or supervisor', async () => {
    const caseId = 'case-domain-owner';
    await writeOrders(server.db, [kettleOrder('order-owner', new Date('2026-03-05T02:00:00Z'), { orderNo: 'NO-OWNER', products: [KETTLE] })]);
    await pushAt(s.buyer, { type: 'buyer.apply', caseId, baseVersion: 0, payload: { orderId: 'order-owner', lineId: 'order-owner-L1', caseType: 'return_refund', quantity: 1, reason: 'quality_issue' } });
    await createStaff(server.db, { id: 'staff-cs-gone', username: 'cs-gone', displayName: '离职 Former', role: 'cs', warehouseId: null }, DEMO_PASSWORD);
    await server.db.query(`UPDATE staff SET disabled = true WHERE id = 'staff-cs-gone'`);
    const admin = await server.login('admin');
    for (const owner of ['staff-wh1', 'staff-buyer1', 'staff-fin1', 'staff-cs-gone', 'staff-nobody']) {
      expect(await pushAt(admin, { type: 'cs.assign', caseId, baseVersion: 1, payload: { owner } }), owner).toMatchObject({ status: 'rejected', code: 'owner_not_assignable', params: { owner } });
    }
    const [before] = await server.db.query<{ version: unknown }>('SELECT version FROM cases WHERE id = $1', [caseId]);
    expect(Number(before?.version)).toBe(1);
    expect(await pushAt(admin, { type: 'cs.assign', caseId, baseVersion: 1, payload: { owner: 'staff-cs1' } })).toMatchObject({ status: 'applied', version: 2 });
    // The agent releases it (no owner to check), and the supervisor may take it.
    expect(await pushAt(s.cs, { type: 'cs.assign', caseId, baseVersion: 2, payload: { owner: null } })).toMatchObject({ status: 'applied', version: 3 });
    expect(await pushAt(admin, { type: 'cs.assign', caseId, baseVersion: 3, payload: { owner: 'staff-admin' } })).toMatchObject({ status: 'applied', version: 4 });
  });
});
