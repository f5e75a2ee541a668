/**
 * Who may act on which case through POST /sync/push: every role × every command type × a case of
 * their own, another buyer's, another warehouse's and one that does not exist. Whether the actor
 * may see the case is decided before anything about it is answered: a refusal is a plain
 * rejection that carries nothing of the case, even when the command names a stale version (which
 * used to answer a conflict with the whole case). Where the actor may act, the answer is the rule
 * book's own (`checkCommand` on the stored case and order).
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMAND_TYPES, PERMISSIONS, checkCommand, probeCommand, type Actor, type AfterSalesCase, type CommandType, type DecideContext } from '../../shared/domain';
import { decisionInputsFromWireOrder, type PushResult } from '../../shared/sync';
import { createStaff, DEMO_PASSWORD } from '../../server/seed/staff';
import { ORDER_JSON_SQL } from '../../server/sync/order-json';
import type { StaffRole } from '../../server/auth/roles';
import { backends, startServer, type LoggedIn, type TestServer } from './support/harness';
import { applyPayload, command, createOrder, push, pushOne } from './support/fixtures';
import { POLICY, RETURN_ADDRESS } from './support/domain-fixtures';

const GZ_ADDRESS = { warehouseId: 'WH-GZ', name: '广州退货仓', phone: '020-55550000', address: '广州市白云区退货路 2 号' };
const ROLES: readonly StaffRole[] = ['buyer', 'cs', 'warehouse', 'finance', 'admin'];
const ACTOR: Readonly<Record<StaffRole, Actor>> = {
  buyer: { id: 'staff-buyer1', role: 'buyer' },
  cs: { id: 'staff-cs1', role: 'cs' },
  warehouse: { id: 'staff-wh1', role: 'warehouse', warehouseId: 'WH-SH' },
  finance: { id: 'staff-fin1', role: 'finance' },
  admin: { id: 'staff-admin', role: 'admin' },
};
const USER: Readonly<Record<StaffRole, string>> = { buyer: 'buyer1', cs: 'cs1', warehouse: 'wh1', finance: 'fin1', admin: 'admin' };

type Column = 'own' | 'other_buyer' | 'other_warehouse' | 'nonexistent';
const COLUMNS: readonly Column[] = ['own', 'other_buyer', 'other_warehouse', 'nonexistent'];

/** The rule under test, stated on its own: who may see a case of each column. */
function mayAct(role: StaffRole, column: Column): boolean {
  if (column === 'other_buyer') return role !== 'buyer';
  if (column === 'other_warehouse') return role !== 'warehouse';
  return true;
}

describe.each(backends)('who may act on which case, on %s', (backend) => {
  let server: TestServer;
  const NOW = new Date();
  const s = {} as Record<StaffRole | 'buyer2', LoggedIn>;

  beforeAll(async () => {
    server = await startServer(backend, { clock: () => NOW });
    await createStaff(server.db, { id: 'staff-buyer2', username: 'buyer2', displayName: '买家 Buyer Two', role: 'buyer', warehouseId: null }, DEMO_PASSWORD);
    // The supervisor's probe of `cs.assign` hands cases to 'probe-owner' (shared/domain/available.ts): the server
    // accepts only an active customer-service or supervisor account as an owner, so the colleague exists.
    await createStaff(server.db, { id: 'probe-owner', username: 'probe-owner', displayName: '客服 Probe', role: 'cs', warehouseId: null }, DEMO_PASSWORD);
    for (const role of ROLES) s[role] = await server.login(USER[role]);
    s.buyer2 = await server.login('buyer2');
  });
  afterAll(async () => {
    await server?.close();
  });

  const stored = async (caseId: string): Promise<AfterSalesCase | null> => {
    const [row] = await server.db.query<{ data: AfterSalesCase }>('SELECT data FROM cases WHERE id = $1', [caseId]);
    return row?.data ?? null;
  };

  /** The context the rule book decides `c` in now: its order as stored, the order's other cases. */
  const contextOf = async (c: AfterSalesCase): Promise<DecideContext> => {
    const [row] = await server.db.query<{ doc: unknown }>(`SELECT ${ORDER_JSON_SQL} AS doc FROM orders o WHERE o.id = $1`, [c.orderId]);
    const inputs = decisionInputsFromWireOrder(row?.doc);
    if (!inputs) throw new Error(`order ${c.orderId} cannot be decided on`);
    const others = await server.db.query<{ data: AfterSalesCase }>('SELECT data FROM cases WHERE order_id = $1 AND id <> $2 AND NOT deleted', [c.orderId, c.id]);
    return { ...inputs, policy: POLICY, now: NOW.toISOString(), otherCases: others.map((o) => o.data) };
  };

  /** A return of `buyer`'s, waiting at `address`'s warehouse for its parcel, with a description no one else may read. */
  const returnWaitingAt = async (buyer: LoggedIn, buyerId: string, address: typeof RETURN_ADDRESS): Promise<string> => {
    const orderId = await createOrder(server.db);
    await server.db.query('UPDATE orders SET buyer_id = $2 WHERE id = $1', [orderId, buyerId]);
    const caseId = `case-${randomUUID().slice(0, 8)}`;
    const steps: [LoggedIn, Parameters<typeof command>[0]][] = [
      [buyer, { type: 'buyer.apply', caseId, baseVersion: 0, payload: applyPayload(orderId, { description: `secret of ${caseId}` }) }],
      [s.cs, { type: 'cs.approve', caseId, baseVersion: 1, payload: { returnAddress: address } }],
      [buyer, { type: 'buyer.ship_back', caseId, baseVersion: 2, payload: { carrier: 'SF', trackingNumber: `SF${Date.now()}` } }],
    ];
    for (const [session, init] of steps) {
      const result = await pushOne(server, session, { ...init, occurredAt: NOW.toISOString() });
      if (result.status !== 'applied') throw new Error(`setting up ${caseId}: ${JSON.stringify(result)}`);
    }
    return caseId;
  };

  it.each(ROLES)('answers %s for every command type on every kind of case', async (role) => {
    const actor = ACTOR[role];
    const own = await returnWaitingAt(s.buyer, 'staff-buyer1', RETURN_ADDRESS);
    const targets: Record<Column, string> = {
      own,
      other_buyer: await returnWaitingAt(s.buyer2, 'staff-buyer2', RETURN_ADDRESS),
      other_warehouse: await returnWaitingAt(s.buyer, 'staff-buyer1', GZ_ADDRESS),
      nonexistent: '',
    };
    const checked: string[] = [];
    for (const type of COMMAND_TYPES as readonly CommandType[]) {
      const permitted = PERMISSIONS[role].includes(type);
      // A new id each time: an application on the previous one created that case.
      targets.nonexistent = `case-none-${randomUUID().slice(0, 8)}`;
      const sent: { column: Column; wire: ReturnType<typeof command>; expected: (result: PushResult) => void; before: AfterSalesCase | null }[] = [];
      for (const column of COLUMNS) {
        const caseId = targets[column];
        const before = await stored(caseId);
        const template = before ?? (await stored(own));
        if (!template) throw new Error('no case to build a payload from');
        const ctx = await contextOf(template);
        let payload: unknown = probeCommand(template, type, actor, ctx).payload;
        let expected: { status: 'applied' } | { status: 'rejected'; code: string; params?: Record<string, unknown> };
        if (!permitted) {
          expected = { status: 'rejected', code: 'role_not_allowed', params: { role, commandType: type } };
        } else if (column === 'nonexistent') {
          if (type === 'buyer.apply') {
            payload = applyPayload(await createOrder(server.db));
            expected = { status: 'applied' };
          } else {
            expected = { status: 'rejected', code: 'case_not_found', params: { caseId } };
          }
        } else if (!mayAct(role, column)) {
          expected = { status: 'rejected', code: 'case_not_found', params: { caseId } };
        } else {
          const verdict = checkCommand(template, type, actor, ctx);
          expected = verdict.ok ? { status: 'applied' } : { status: 'rejected', code: verdict.rejection.code };
        }
        // A case the actor may not see is sent with a stale version: the old leak answered those with a conflict and the case.
        const baseVersion = before === null ? 0 : mayAct(role, column) ? before.version : 0;
        const wire = command({ type, caseId, baseVersion, payload, occurredAt: NOW.toISOString() });
        sent.push({
          column,
          wire,
          before,
          expected: (result) => {
            const label = `${role} × ${type} × ${column}: ${JSON.stringify(result)}`;
            if (expected.status === 'applied') expect(result.status, label).toBe('applied');
            else if (expected.params) expect(result, label).toEqual({ id: wire.id, status: 'rejected', code: expected.code, params: expected.params });
            else expect(result, label).toMatchObject({ status: 'rejected', code: expected.code });
          },
        });
      }
      const { results } = await push(server, s[role], sent.map((x) => x.wire));
      for (const [i, x] of sent.entries()) {
        const result = results[i];
        if (!result) throw new Error('missing answer');
        x.expected(result);
        if (result.status !== 'applied') {
          // No refusal carries case data: no snapshot, and nothing of a case the actor may not see.
          expect(result).not.toHaveProperty('case');
          if (!mayAct(role, x.column)) expect(JSON.stringify(result)).not.toMatch(/secret of|staff-buyer2|WH-GZ/);
        }
        if (x.before && (!mayAct(role, x.column) || !permitted)) expect((await stored(x.wire.caseId))?.version).toBe(x.before.version);
        checked.push(`${type}/${x.column}`);
      }
    }
    expect(checked).toHaveLength(COMMAND_TYPES.length * COLUMNS.length);
  });
});
