/** POST /sync/push with the real rule book: answers, idempotency, conflicts, acknowledgements. */
import { classifyBarcode } from '../../shared/barcode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../server/app';
import { toInt } from '../../server/db/db';
import { tombstoneCase } from '../../server/sync/changes';
import type { PushResponse, PushResult } from '../../shared/sync';
import { backends, postOnNewConnection, startServer, type LoggedIn, type TestServer } from './support/harness';
import { applyPayload, command, createOrder, describeCase, openCase, push, pushOne } from './support/fixtures';
import { inspection, rules } from './support/domain-fixtures';
import { STAFF_ROLES, type StaffRole } from '../../server/auth/roles';

const USER_OF: Readonly<Record<StaffRole, string>> = { buyer: 'buyer1', cs: 'cs1', warehouse: 'wh1', finance: 'fin1', admin: 'admin' };

describe.each(backends)('sync push on %s', (backend) => {
  let server: TestServer;
  const sessions = {} as Record<StaffRole, LoggedIn>;

  beforeAll(async () => {
    server = await startServer(backend);
    for (const role of STAFF_ROLES) sessions[role] = await server.login(USER_OF[role]);
  });
  afterAll(async () => {
    await server?.close();
  });

  const eventsOf = (caseId: string) =>
    server.db.query<{ version: number; type: string; actor_id: string; role: string; command_id: string; occurred_at: Date; recorded_at: Date }>(
      'SELECT version, type, actor_id, role, command_id::text AS command_id, occurred_at, recorded_at FROM case_events WHERE case_id = $1 ORDER BY version',
      [caseId],
    );
  const caseRow = async (caseId: string) => {
    const [row] = await server.db.query<{ case_no: string; version: number; state: string; return_tracking_no: string | null; data: { description: string } }>(
      'SELECT case_no, version, state, return_tracking_no, data FROM cases WHERE id = $1',
      [caseId],
    );
    return row;
  };
  const newCase = async () => openCase(server, sessions.buyer, await createOrder(server.db));

  it('applies a command and records who did it from the token, not from the body', async () => {
    const orderId = await createOrder(server.db);
    const cmd = { ...command({ type: 'buyer.apply', caseId: 'case-first', baseVersion: 0, payload: applyPayload(orderId), deviceSeq: 41 }), actor: { id: 'staff-admin', role: 'admin' } };
    const res = await server.request<PushResponse>('POST', '/sync/push', { token: sessions.buyer.token, json: { deviceId: sessions.buyer.deviceId, commands: [cmd] } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ results: [{ id: cmd.id, status: 'applied', version: 1, events: 1 }], lastAckedSeq: 41 });
    const events = await eventsOf('case-first');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ version: 1, type: 'case.applied', actor_id: 'staff-buyer1', role: 'buyer', command_id: cmd.id });
    const row = await caseRow('case-first');
    expect(row).toMatchObject({ version: 1, state: 'pending_review' });
    expect(row?.case_no).toMatch(/^RMA\d{12}$/);
    expect(classifyBarcode(row?.case_no ?? '')).toMatchObject({ kind: 'case' });
  });

  it('walks a case through every department, each command in its own request', async () => {
    const caseId = await newCase();
    expect(await pushOne(server, sessions.cs, { type: 'cs.approve', caseId, baseVersion: 1 })).toMatchObject({ status: 'applied', version: 2 });
    expect(await pushOne(server, sessions.buyer, { type: 'buyer.ship_back', caseId, baseVersion: 2, payload: { carrier: 'SF', trackingNumber: 'SF1234567890' } })).toMatchObject({ status: 'applied', version: 3 });
    expect(await pushOne(server, sessions.warehouse, { type: 'warehouse.receive', caseId, baseVersion: 3, payload: { inspection: inspection() } })).toMatchObject({ status: 'applied', version: 4, events: 1 });
    expect(await pushOne(server, sessions.finance, { type: 'finance.approve_refund', caseId, baseVersion: 4, payload: { reference: 'PAY-1' } })).toMatchObject({ status: 'applied', version: 5 });
    expect(await caseRow(caseId)).toMatchObject({ version: 5, state: 'completed', return_tracking_no: 'SF1234567890' });
    expect((await eventsOf(caseId)).map((e) => [e.version, e.type, e.role])).toEqual([
      [1, 'case.applied', 'buyer'],
      [2, 'case.approved', 'cs'],
      [3, 'case.return_shipped', 'buyer'],
      [4, 'case.goods_received', 'warehouse'],
      [5, 'case.refund_approved', 'finance'],
    ]);
    expect(await server.db.query<{ id: string }>('SELECT id FROM cases WHERE return_tracking_no = $1', ['SF1234567890'])).toEqual([{ id: caseId }]);
  });

  it('answers a batch pushed twice with duplicates carrying the first answers', async () => {
    const caseId = await newCase();
    const batch = [
      command({ type: 'cs.escalate', caseId, baseVersion: 1, payload: { reason: 'called the buyer' } }),
      command({ type: 'cs.approve', caseId, baseVersion: 2 }),
      command({ type: 'cs.approve', caseId, baseVersion: 3 }),
    ];
    const first = await push(server, sessions.cs, batch);
    expect(first.results.map((r) => r.status)).toEqual(['applied', 'applied', 'rejected']);
    const second = await push(server, sessions.cs, batch);
    second.results.forEach((r, i) => expect(r).toEqual({ id: batch[i]?.id, status: 'duplicate', original: first.results[i] }));
    expect(await eventsOf(caseId)).toHaveLength(3);
  });

  it('applies a batch pushed concurrently over two connections exactly once', async () => {
    const caseIds = [await newCase(), await newCase()];
    const batch = caseIds.flatMap((caseId) => [
      command({ type: 'cs.escalate', caseId, baseVersion: 1, payload: { reason: 'one' } }),
      command({ type: 'cs.approve', caseId, baseVersion: 2 }),
    ]);
    const body = { deviceId: sessions.cs.deviceId, commands: batch };
    const [a, b] = await Promise.all([
      postOnNewConnection(server.url, '/sync/push', sessions.cs.token, body),
      postOnNewConnection(server.url, '/sync/push', sessions.cs.token, body),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    const ra = (a.body as PushResponse).results;
    const rb = (b.body as PushResponse).results;
    batch.forEach((cmd, i) => {
      const pair = [ra[i], rb[i]] as PushResult[];
      expect(pair.filter((r) => r.status === 'applied')).toHaveLength(1);
      const applied = pair.find((r) => r.status === 'applied');
      expect(pair.find((r) => r.status === 'duplicate')).toEqual({ id: cmd.id, status: 'duplicate', original: applied });
    });
    for (const caseId of caseIds) expect((await eventsOf(caseId)).map((e) => e.type)).toEqual(['case.applied', 'case.escalated', 'case.approved']);
  });

  it('applies a command with a stale base version when it is still legal', async () => {
    const caseId = await newCase();
    await pushOne(server, sessions.cs, { type: 'cs.approve', caseId, baseVersion: 1 });
    expect(await pushOne(server, sessions.admin, { type: 'cs.escalate', caseId, baseVersion: 1, payload: { reason: 'offline note' } })).toMatchObject({ status: 'applied', version: 3 });
  });

  it('reports a conflict with the current case when a stale command no longer fits, and repeats it on retry', async () => {
    const caseId = await newCase();
    expect(await pushOne(server, sessions.cs, { type: 'cs.approve', caseId, baseVersion: 1 })).toMatchObject({ status: 'applied' });
    const reject = command({ type: 'cs.reject', caseId, baseVersion: 1, payload: { reason: 'photos unclear' } });
    const [conflict] = (await push(server, sessions.admin, [reject])).results;
    expect(conflict).toMatchObject({
      id: reject.id,
      status: 'conflict',
      code: 'sync.conflict',
      rejection: { code: 'invalid_state', params: { state: 'awaiting_buyer_shipment' } },
      case: { id: caseId, version: 2, state: 'awaiting_buyer_shipment', deleted: false },
    });
    const [again] = (await push(server, sessions.admin, [reject])).results;
    expect(again).toEqual({ id: reject.id, status: 'duplicate', original: conflict });
    expect(await caseRow(caseId)).toMatchObject({ version: 2, state: 'awaiting_buyer_shipment' });
  });

  it('stores rejections so a retry gets the same answer', async () => {
    const caseId = await newCase();
    const illegal = command({ type: 'finance.approve_refund', caseId, baseVersion: 1 });
    const [first] = (await push(server, sessions.finance, [illegal])).results;
    expect(first).toEqual({ id: illegal.id, status: 'rejected', code: 'invalid_state', params: { state: 'pending_review', commandType: 'finance.approve_refund' } });
    const [again] = (await push(server, sessions.finance, [illegal])).results;
    expect(again).toEqual({ id: illegal.id, status: 'duplicate', original: first });
    const [stored] = await server.db.query<{ status: string }>('SELECT status FROM commands WHERE command_id = $1', [illegal.id]);
    expect(stored?.status).toBe('rejected');

    expect(await pushOne(server, sessions.cs, { type: 'cs.reject', caseId, baseVersion: 1, payload: { reason: '' } })).toMatchObject({ status: 'rejected', code: 'payload_invalid' });
    expect(await pushOne(server, sessions.cs, { type: 'cs.teleport', caseId, baseVersion: 1 })).toMatchObject({ status: 'rejected', code: 'command.unknown_type', params: { type: 'cs.teleport' } });
    expect(await pushOne(server, sessions.cs, { type: 'cs.approve', caseId: 'case-missing', baseVersion: 0 })).toMatchObject({ status: 'rejected', code: 'case_not_found' });
    expect(await pushOne(server, sessions.buyer, { type: 'buyer.apply', caseId: 'case-no-order', baseVersion: 0, payload: applyPayload('order-missing') })).toMatchObject({
      status: 'rejected',
      code: 'order_mismatch',
    });
    expect(await eventsOf(caseId)).toHaveLength(1);
  });

  it('refuses a command alone when the rules fail on it, stores nothing for it, and applies its neighbours', async () => {
    const broken = await newCase();
    const fine = await newCase();
    // A case the rule book cannot read (a defect, simulated): deciding on it throws.
    await server.db.query(`UPDATE cases SET data = data - 'commandIds' WHERE id = $1`, [broken]);
    const boom = command({ type: 'cs.approve', caseId: broken, baseVersion: 1 });
    const batch = [command({ type: 'cs.escalate', caseId: fine, baseVersion: 1, payload: { reason: 'before' } }), boom, command({ type: 'cs.approve', caseId: fine, baseVersion: 2 })];
    // The failing command has the highest sequence: it is not acknowledged.
    boom.deviceSeq = Math.max(...batch.map((c) => c.deviceSeq)) + 1;
    const answer = await push(server, sessions.cs, batch);
    expect(answer.results.map((r) => r.status)).toEqual(['applied', 'rejected', 'applied']);
    expect(answer.results[1]).toMatchObject({ code: 'server.rule_error', params: { errorId: expect.any(String) as unknown } });
    expect(answer.lastAckedSeq).toBe(Math.max(...batch.filter((c) => c !== boom).map((c) => c.deviceSeq)));
    expect((await push(server, sessions.cs, [boom])).results[0]).toMatchObject({ status: 'rejected', code: 'server.rule_error' });
    expect(await server.db.query('SELECT 1 FROM commands WHERE command_id = $1', [boom.id])).toHaveLength(0);
    expect((await eventsOf(fine)).map((e) => e.type)).toEqual(['case.applied', 'case.escalated', 'case.approved']);
  });

  it('refuses commands on a deleted case', async () => {
    const caseId = await newCase();
    await server.db.transaction((tx) => tombstoneCase(tx, caseId));
    expect(await pushOne(server, sessions.cs, { type: 'cs.approve', caseId, baseVersion: 1 })).toMatchObject({ status: 'rejected', code: 'case.deleted' });
  });

  it('acknowledges the highest device sequence answered', async () => {
    const session = await server.login('buyer1', 'dev-ack');
    const caseId = await newCase();
    const body = await push(server, session, [command({ ...describeCase(caseId, 1, 'a'), deviceSeq: 7 }), command({ ...describeCase(caseId, 2, 'b'), deviceSeq: 9 })]);
    expect(body.lastAckedSeq).toBe(9);
    const older = await push(server, session, [command({ ...describeCase(caseId, 3, 'c'), deviceSeq: 8 })]);
    expect(older.lastAckedSeq).toBe(9);
    const [device] = await server.db.query<{ last_acked_seq: unknown }>(`SELECT last_acked_seq FROM devices WHERE id = 'dev-ack'`);
    expect(toInt(device?.last_acked_seq)).toBe(9);
    expect((await caseRow(caseId))?.data.description).toBe('c');
  });

  it('creates a case once when two first commands race for the same case id', async () => {
    const orderId = await createOrder(server.db);
    const caseId = 'case-race';
    const apply = () => command({ type: 'buyer.apply', caseId, baseVersion: 0, payload: applyPayload(orderId) });
    const [a, b] = await Promise.all([
      postOnNewConnection(server.url, '/sync/push', sessions.buyer.token, { deviceId: sessions.buyer.deviceId, commands: [apply()] }),
      postOnNewConnection(server.url, '/sync/push', sessions.buyer.token, { deviceId: sessions.buyer.deviceId, commands: [apply()] }),
    ]);
    const results = [a, b].map((r) => (r.body as PushResponse).results[0]);
    // The loser saw version 0 and the case now exists: a conflict, with the winner's case.
    expect(results.map((r) => r?.status).sort()).toEqual(['applied', 'conflict']);
    expect(results.find((r) => r?.status === 'conflict')).toMatchObject({ rejection: { code: 'case_already_exists' }, case: { id: caseId, version: 1 } });
    expect(await eventsOf(caseId)).toHaveLength(1);
  });

  it('rejects the envelope itself with 4xx: wrong device, oversized batch, no token', async () => {
    const cs = sessions.cs;
    const one = command({ type: 'cs.approve', caseId: 'x', baseVersion: 0 });
    const other = await server.request<{ code: string }>('POST', '/sync/push', { token: cs.token, json: { deviceId: 'someone-else', commands: [one] } });
    expect([other.status, other.body.code]).toEqual([403, 'auth.device_mismatch']);
    const tooMany = Array.from({ length: 501 }, () => command({ type: 'cs.approve', caseId: 'x', baseVersion: 0 }));
    const big = await server.request<{ code: string }>('POST', '/sync/push', { token: cs.token, json: { deviceId: cs.deviceId, commands: tooMany } });
    expect([big.status, big.body.code]).toEqual([400, 'body.invalid']);
    const none = await server.request<{ code: string }>('POST', '/sync/push', { token: cs.token, json: { deviceId: cs.deviceId, commands: [] } });
    expect([none.status, none.body.code]).toEqual([400, 'body.invalid']);
    const anonymous = await server.request<{ code: string }>('POST', '/sync/push', { json: { deviceId: cs.deviceId, commands: [one] } });
    expect([anonymous.status, anonymous.body.code]).toEqual([401, 'auth.missing']);
  });

  if (backend === 'postgres') {
    it('applies a batch once when two API instances on one database receive it at the same time', async () => {
      const secondDb = await server.testDb.reopen();
      const second = await buildServer({ db: secondDb, rules });
      await second.listen({ port: 0, host: '127.0.0.1' });
      const address = second.server.address();
      if (address === null || typeof address === 'string') throw new Error('no TCP address');
      try {
        const caseIds = [await newCase(), await newCase()];
        const batch = caseIds.flatMap((caseId) => [command({ type: 'cs.escalate', caseId, baseVersion: 1, payload: { reason: 'a' } }), command({ type: 'cs.approve', caseId, baseVersion: 2 })]);
        const body = { deviceId: sessions.cs.deviceId, commands: batch };
        const [a, b] = await Promise.all([
          postOnNewConnection(server.url, '/sync/push', sessions.cs.token, body),
          postOnNewConnection(`http://127.0.0.1:${address.port}`, '/sync/push', sessions.cs.token, body),
        ]);
        const results = [...(a.body as PushResponse).results, ...(b.body as PushResponse).results];
        expect(results.filter((r) => r.status === 'applied')).toHaveLength(batch.length);
        expect(results.filter((r) => r.status === 'duplicate')).toHaveLength(batch.length);
        for (const caseId of caseIds) expect((await eventsOf(caseId)).map((e) => e.type)).toEqual(['case.applied', 'case.escalated', 'case.approved']);
      } finally {
        await second.close();
      }
    });
  }

  it('answers 503 sync.rules_unavailable when started without rules', async () => {
    const bare = await buildServer({ db: server.db });
    const res = await bare.inject({
      method: 'POST',
      url: '/sync/push',
      headers: { authorization: `Bearer ${sessions.cs.token}` },
      payload: { deviceId: sessions.cs.deviceId, commands: [command({ type: 'cs.approve', caseId: 'x', baseVersion: 0 })] },
    });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({ code: 'sync.rules_unavailable' });
    await bare.close();
  });
});
