/**
 * Command ids and device ids are bound to who sent them. A retry (same id, same actor, same
 * content) is answered `duplicate`; the same id used for anything else is refused on its own
 * (`command_id_reused`) instead of being told the first command's answer. A base version the case
 * never had is refused, not replaced. A device id belongs to the staff member who first
 * registered it: another account cannot push under it (or move its acknowledgement).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { toInt } from '../../server/db/db';
import type { PushResponse } from '../../shared/sync';
import { backends, loginAll, serverPerSuite, type LoggedIn } from './support/harness';
import { command, createOrder, describeCase, openCase, push } from './support/fixtures';

describe.each(backends)('command and device ids on %s', (backend) => {
  const server = serverPerSuite(backend);
  let buyer: LoggedIn;
  let cs: LoggedIn;
  let admin: LoggedIn;

  beforeAll(async () => {
    [buyer, cs, admin] = await loginAll(server, ['buyer1', 'cs1', 'admin']);
  });

  const newCase = async () => openCase(server, buyer, await createOrder(server.db));
  const caseOf = async (caseId: string) => {
    const [row] = await server.db.query<{ version: unknown; state: string }>('SELECT version, state FROM cases WHERE id = $1', [caseId]);
    return { version: toInt(row?.version), state: row?.state };
  };
  const storedCommand = async (id: string) => {
    const [row] = await server.db.query<{ type: string; actor_id: string; status: string }>('SELECT type, actor_id, status FROM commands WHERE command_id = $1', [id]);
    return row;
  };

  it('answers a retry with the first answer, whatever its time and sequence', async () => {
    const caseId = await newCase();
    const approve = command({ type: 'cs.approve', caseId, baseVersion: 1 });
    const [first] = (await push(server, cs, [approve])).results;
    expect(first).toMatchObject({ status: 'applied', version: 2 });
    const retry = { ...approve, deviceSeq: approve.deviceSeq + 100, occurredAt: new Date().toISOString(), id: approve.id.toUpperCase() };
    const [again] = (await push(server, cs, [retry])).results;
    expect(again).toEqual({ id: retry.id, status: 'duplicate', original: first });
  });

  it('refuses an id used again with other content, for another case or by another user', async () => {
    const caseId = await newCase();
    const other = await newCase();
    const approve = command({ type: 'cs.approve', caseId, baseVersion: 1 });
    const [first] = (await push(server, cs, [approve])).results;
    expect(first).toMatchObject({ status: 'applied' });
    const attempts = [
      // The case: a second client's rejection under the first one's id.
      { session: cs, wire: { ...command({ type: 'cs.reject', caseId, baseVersion: 1, payload: { reason: 'no' } }), id: approve.id } },
      { session: cs, wire: { ...command({ type: 'cs.approve', caseId, baseVersion: 1, payload: { returnAddress: { warehouseId: 'WH-GZ', name: 'x', phone: 'x', address: 'x' } } }), id: approve.id } },
      { session: cs, wire: { ...command({ type: 'cs.approve', caseId: other, baseVersion: 1 }), id: approve.id } },
      { session: admin, wire: { ...approve } },
    ];
    for (const { session, wire } of attempts) {
      const [answer] = (await push(server, session, [wire])).results;
      expect(answer).toEqual({ id: approve.id, status: 'rejected', code: 'command_id_reused', params: { commandId: approve.id } });
    }
    // The first command's record is untouched, and the reuses changed nothing.
    expect(await storedCommand(approve.id)).toEqual({ type: 'cs.approve', actor_id: 'staff-cs1', status: 'applied' });
    expect(await caseOf(caseId)).toEqual({ version: 2, state: 'awaiting_buyer_shipment' });
    expect(await caseOf(other)).toEqual({ version: 1, state: 'pending_review' });
  });

  it('refuses an id repeated with other content within one batch, and answers a plain repeat as a duplicate', async () => {
    const caseId = await newCase();
    const escalate = command({ type: 'cs.escalate', caseId, baseVersion: 1, payload: { reason: 'buyer called' } });
    const { results } = await push(server, cs, [escalate, { ...escalate, payload: { reason: 'something else' } }, escalate]);
    expect(results.map((r) => (r.status === 'rejected' ? r.code : r.status))).toEqual(['applied', 'command_id_reused', 'duplicate']);
    expect(await caseOf(caseId)).toMatchObject({ version: 2 });
  });

  it('refuses a base version the case never had instead of replacing it', async () => {
    const caseId = await newCase();
    const [ahead] = (await push(server, cs, [command({ type: 'cs.approve', caseId, baseVersion: 7 })])).results;
    expect(ahead).toMatchObject({ status: 'rejected', code: 'sync.version_ahead', params: { baseVersion: 7, version: 1 } });
    expect(await caseOf(caseId)).toEqual({ version: 1, state: 'pending_review' });
    // A stale version is still judged against the current case.
    expect((await push(server, buyer, [command(describeCase(caseId, 0, 'older view'))])).results[0]).toMatchObject({ status: 'applied', version: 2 });
  });

  it('refuses a push under a device id another staff member registered first', async () => {
    const wh = await server.login('wh1', 'dev-wh1-station');
    const caseId = await newCase();
    expect((await push(server, wh, [command({ type: 'warehouse.reject', caseId, baseVersion: 1, payload: { reason: 'x' }, deviceSeq: 5 })])).results[0]).toMatchObject({ status: 'rejected' });
    // The buyer signs in naming the warehouse's device and tries to move its acknowledgement.
    const intruder = await server.login('buyer1', 'dev-wh1-station');
    const res = await server.request<{ code: string }>('POST', '/sync/push', {
      token: intruder.token,
      json: { deviceId: intruder.deviceId, commands: [command({ ...describeCase(caseId, 1, 'mine now'), deviceSeq: Number.MAX_SAFE_INTEGER })] },
    });
    expect([res.status, res.body.code]).toEqual([403, 'auth.device_owned_by_other']);
    const [device] = await server.db.query<{ last_acked_seq: unknown; owner_id: string }>(`SELECT last_acked_seq, owner_id FROM devices WHERE id = 'dev-wh1-station'`);
    expect({ seq: toInt(device?.last_acked_seq), owner: device?.owner_id }).toEqual({ seq: 5, owner: 'staff-wh1' });
    expect(await caseOf(caseId)).toEqual({ version: 1, state: 'pending_review' });
    // The storefront goes through the same pipeline under the token's device: refused too.
    const store = await server.request<{ code: string }>('POST', `/store/cases/${caseId}/withdraw`, { token: intruder.token, json: {} });
    expect([store.status, store.body.code]).toEqual([403, 'auth.device_owned_by_other']);
    // The owner still pushes from it.
    const mine = await server.login('wh1', 'dev-wh1-station');
    const answer = await server.request<PushResponse>('POST', '/sync/push', { token: mine.token, json: { deviceId: mine.deviceId, commands: [command({ type: 'warehouse.reject', caseId, baseVersion: 1, payload: { reason: 'y' }, deviceSeq: 6 })] } });
    expect(answer.status).toBe(200);
    expect(answer.body.lastAckedSeq).toBe(6);
  });
});
