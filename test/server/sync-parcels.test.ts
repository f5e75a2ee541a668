/**
 * Return parcels (无主件) through the one push endpoint and the pull feed: registered, matched to
 * a case and received in one request (in order), replayed once, refused for another warehouse
 * exactly as a missing parcel, a stale version put in front of a person as a conflict, and each
 * warehouse's feed carrying only its own parcels.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PullResponseSchema, PushResponseSchema, type Change, type PushResult } from '../../shared/sync';
import { ACTORS, RETURN_ADDRESS, applyOk, createDomainOrder, inspection } from './support/domain-fixtures';
import { backends, startServer, type LoggedIn, type TestServer } from './support/harness';

describe.each(backends)('return parcels in push and pull on %s', (backend) => {
  let server: TestServer;
  let wh1: LoggedIn;
  let wh1b: LoggedIn;
  let wh2: LoggedIn;
  let cs: LoggedIn;
  let seq = 0;

  beforeAll(async () => {
    server = await startServer(backend);
    [wh1, wh1b, wh2, cs] = await Promise.all([server.login('wh1'), server.login('wh1'), server.login('wh2'), server.login('cs1')]);
  });
  afterAll(async () => {
    await server?.close();
  });

  const cmd = (type: string, parcelId: string, baseVersion: number, payload: unknown, id: string = randomUUID()) => {
    seq += 1;
    return { id, deviceSeq: seq, type, caseId: parcelId, baseVersion, occurredAt: new Date().toISOString(), payload };
  };

  async function push(session: LoggedIn, commands: unknown[]): Promise<PushResult[]> {
    const res = await server.request('POST', '/sync/push', { token: session.token, json: { deviceId: session.deviceId, commands } });
    expect(res.status).toBe(200);
    return PushResponseSchema.parse(res.body).results;
  }

  async function feed(session: LoggedIn, since = 0): Promise<Change[]> {
    const out: Change[] = [];
    let cursor = since;
    for (;;) {
      const res = await server.request('GET', `/sync/pull?since=${cursor}&limit=2`, { token: session.token });
      expect(res.status).toBe(200);
      const page = PullResponseSchema.parse(res.body);
      out.push(...page.changes);
      cursor = page.nextCursor;
      if (!page.hasMore) return out;
    }
  }

  /** A case of WH-SH waiting for its return parcel (tracking number YT…), version 3. */
  async function awaitingCase(): Promise<string> {
    const orderId = await createDomainOrder(server.db, new Date(Date.now() - 86_400_000));
    const caseId = `case-${randomUUID().slice(0, 8)}`;
    const t = new Date();
    await applyOk(server.db, ACTORS.buyer, caseId, 'buyer.apply', 0, { orderId, lineId: `${orderId}-L1`, caseType: 'return_refund', quantity: 1, reason: 'quality_issue' }, t);
    await applyOk(server.db, ACTORS.cs, caseId, 'cs.approve', 1, { returnAddress: RETURN_ADDRESS }, t);
    await applyOk(server.db, ACTORS.buyer, caseId, 'buyer.ship_back', 2, { carrier: 'YTO', trackingNumber: 'YT9999999999' }, t);
    return caseId;
  }

  it('registers on one station and matches on another of the same warehouse, then receives the case in the same request', async () => {
    const parcelId = randomUUID();
    const [registered] = await push(wh1, [cmd('parcel.register', parcelId, 0, { trackingNumber: 'sf-0001 234', carrier: 'SF', shelf: 'U-01', notes: 'box torn' })]);
    expect(registered).toMatchObject({ status: 'applied', version: 1, events: 1 });

    // The other station of the warehouse pulls it.
    const pulled = (await feed(wh1b)).filter((c) => c.kind === 'parcel' && c.id === parcelId);
    expect(pulled).toHaveLength(1);
    expect(pulled[0]).toMatchObject({ version: 1, deleted: false, data: { status: 'unmatched', trackingNumber: 'SF0001234', warehouseId: 'WH-SH', shelf: 'U-01', receivedBy: 'staff-wh1' } });

    const caseId = await awaitingCase();
    const results = await push(wh1b, [cmd('parcel.match', parcelId, 1, { caseId }), cmd('warehouse.receive', caseId, 3, { inspection: inspection() })]);
    expect(results.map((r) => r.status)).toEqual(['applied', 'applied']);

    const after = (await feed(wh1)).filter((c) => c.id === parcelId || c.id === caseId);
    expect(after.find((c) => c.id === parcelId)).toMatchObject({ kind: 'parcel', version: 2, data: { status: 'matched', caseId } });
    expect(after.find((c) => c.id === caseId)).toMatchObject({ kind: 'case', data: { state: 'awaiting_refund' } });
  });

  it('applies a replayed command id once and answers the stored result', async () => {
    const parcelId = randomUUID();
    const register = cmd('parcel.register', parcelId, 0, { trackingNumber: 'JT0000000009', shelf: 'U-02' });
    const [first] = await push(wh1, [register]);
    const [again] = await push(wh1, [register]);
    expect(first).toMatchObject({ status: 'applied', version: 1 });
    expect(again).toEqual({ id: register.id, status: 'duplicate', original: first });
    const [move] = await push(wh1, [cmd('parcel.move_shelf', parcelId, 1, { shelf: 'U-03' })]);
    expect(move).toMatchObject({ status: 'applied', version: 2 });
    const events = await server.db.query<{ n: unknown }>('SELECT count(*) AS n FROM parcel_events WHERE parcel_id = $1', [parcelId]);
    expect(Number(events[0]?.n)).toBe(2);
    // Another command under a used id is refused, not answered with the first one's result.
    const [reusedId] = await push(wh1, [{ ...cmd('parcel.move_shelf', parcelId, 2, { shelf: 'U-04' }), id: register.id }]);
    expect(reusedId).toMatchObject({ status: 'rejected', code: 'command_id_reused' });
  });

  it('says nothing about another warehouse’s parcel: the same reply as a missing one', async () => {
    const parcelId = randomUUID();
    await push(wh1, [cmd('parcel.register', parcelId, 0, { trackingNumber: 'SF5555555555', shelf: 'U-05' })]);
    const missingId = randomUUID();
    const commandId = randomUUID();
    const [foreign] = await push(wh2, [cmd('parcel.move_shelf', parcelId, 1, { shelf: 'X-1' }, commandId)]);
    const [missing] = await push(wh2, [cmd('parcel.move_shelf', missingId, 1, { shelf: 'X-1' })]);
    expect(foreign).toEqual({ id: commandId, status: 'rejected', code: 'parcel_not_found', params: { parcelId } });
    expect(missing).toMatchObject({ status: 'rejected', code: 'parcel_not_found', params: { parcelId: missingId } });
    expect(Object.keys(foreign as object).sort()).toEqual(Object.keys(missing as object).sort());
    // Nothing of it in the other warehouse's feed, ever; customer service (all) sees it.
    expect((await feed(wh2)).some((c) => c.kind === 'parcel' && c.id === parcelId)).toBe(false);
    expect((await feed(wh2)).filter((c) => c.kind === 'parcel').every((c) => (c.data as { warehouseId: string }).warehouseId === 'WH-GZ')).toBe(true);
    expect((await feed(cs)).some((c) => c.kind === 'parcel' && c.id === parcelId)).toBe(true);
    // Customer service may not handle parcels: one permission check, the rule book's code.
    const [refused] = await push(cs, [cmd('parcel.move_shelf', parcelId, 1, { shelf: 'X-1' })]);
    expect(refused).toMatchObject({ status: 'rejected', code: 'role_not_allowed' });
  });

  it('turns a command built on an older version that no longer fits into a conflict with the parcel', async () => {
    const parcelId = randomUUID();
    await push(wh1, [cmd('parcel.register', parcelId, 0, { trackingNumber: 'SF7777777777', shelf: 'U-07' })]);
    const caseId = await awaitingCase();
    expect(await push(wh1, [cmd('parcel.match', parcelId, 1, { caseId })])).toMatchObject([{ status: 'applied', version: 2 }]);
    // Station B, offline, moved the parcel it saw at version 1.
    const [stale] = await push(wh1b, [cmd('parcel.move_shelf', parcelId, 1, { shelf: 'U-08' })]);
    expect(stale).toMatchObject({ status: 'conflict', code: 'sync.conflict', rejection: { code: 'invalid_state' }, case: { id: parcelId, version: 2, state: 'matched' } });
    // A stale command that still fits is applied on the current parcel.
    const other = randomUUID();
    await push(wh1, [cmd('parcel.register', other, 0, { trackingNumber: 'SF8888888888', shelf: 'U-09' })]);
    await push(wh1, [cmd('parcel.move_shelf', other, 1, { shelf: 'U-10' })]);
    expect(await push(wh1b, [cmd('parcel.move_shelf', other, 1, { shelf: 'U-11' })])).toMatchObject([{ status: 'applied', version: 3 }]);
    // A second parcel for a case that already has one is refused.
    const third = randomUUID();
    await push(wh1, [cmd('parcel.register', third, 0, { trackingNumber: 'SF9999999990', shelf: 'U-12' })]);
    expect(await push(wh1, [cmd('parcel.match', third, 1, { caseId })])).toMatchObject([{ status: 'rejected' }]);
  });

  it('refuses a match to a case of another warehouse as if the case did not exist', async () => {
    const parcelId = randomUUID();
    await push(wh2, [cmd('parcel.register', parcelId, 0, { trackingNumber: 'SF1212121212', shelf: 'G-01' })]);
    const caseId = await awaitingCase();
    expect(await push(wh2, [cmd('parcel.match', parcelId, 1, { caseId })])).toMatchObject([{ status: 'rejected', code: 'case_not_found', params: { caseId } }]);
  });

  it('acknowledges the device’s parcel commands', async () => {
    const res = await server.request<{ lastAckedSeq: number }>('POST', '/sync/push', {
      token: wh1.token,
      json: { deviceId: wh1.deviceId, commands: [cmd('parcel.register', randomUUID(), 0, { trackingNumber: 'SF3434343434', shelf: 'U-13' })] },
    });
    expect(res.body.lastAckedSeq).toBe(seq);
  });
});
