/**
 * Unmatched parcels (无主件) between real workstation stores and the central API: a parcel
 * registered at one desk reaches the other desks of its warehouse (and no other warehouse's), is
 * matched on the second desk while it works without the network, and the first desk then sees it
 * matched. A desk that moved a parcel on a version another desk has changed gets a conflict for a
 * person, with the parcel shown as the server holds it.
 */
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { dispatch, dispatchAll } from '../../renderer/src/sync/dispatch';
import { inspection, openClient, serverCase, shippedBackCase, startCentralApi, syncOnce, type TestServer } from './support/world';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 120_000 });

let server: TestServer;

beforeAll(async () => {
  server = await startCentralApi();
});
afterAll(async () => {
  await server.close();
});

describe('unmatched parcels across workstations', () => {
  it('registers on desk A, matches offline on desk B of the same warehouse, and A sees it matched; another warehouse never sees it', async () => {
    const { caseId, since } = await shippedBackCase(server, { carrier: 'YTO', trackingNumber: 'YT0000000001' });

    const deskA = await openClient(server.url, await server.login('wh1'), 'wh1', since);
    const deskB = await openClient(server.url, await server.login('wh1'), 'wh1', since);
    const guangzhou = await openClient(server.url, await server.login('wh2'), 'wh2', since);
    await Promise.all([syncOnce(deskA), syncOnce(deskB), syncOnce(guangzhou)]);

    const parcelId = globalThis.crypto.randomUUID();
    const registered = await dispatch(deskA.db, { type: 'parcel.register', caseId: parcelId, payload: { trackingNumber: 'SF 5550 001', carrier: 'SF', shelf: 'U-07' } }, { actor: deskA.actor });
    if (!registered.ok) throw new Error(registered.rejection.code);
    await syncOnce(deskA);
    expect(await deskA.db.outbox.get(registered.commandId)).toMatchObject({ status: 'acked', ackedVersion: 1 });

    await Promise.all([syncOnce(deskB), syncOnce(guangzhou)]);
    expect(await deskB.db.parcels.get(parcelId)).toMatchObject({ status: 'unmatched', serverVersion: 1, pendingCount: 0, trackingNumber: 'SF5550001' });
    expect(await guangzhou.db.parcels.get(parcelId)).toBeUndefined();
    expect(await guangzhou.db.parcelSnapshots.count()).toBe(0);

    // Desk B, without the network: the match and the receipt, recorded together.
    const matched = await dispatchAll(
      deskB.db,
      [
        { type: 'parcel.match', caseId: parcelId, payload: { caseId } },
        { type: 'warehouse.receive', caseId, payload: { inspection: inspection() } },
      ],
      { actor: deskB.actor },
    );
    if (!matched.ok) throw new Error(matched.rejection.code);
    expect(await deskB.db.parcels.get(parcelId)).toMatchObject({ status: 'matched', caseId, pendingCount: 1 });
    expect((await server.db.query<{ status: string }>('SELECT status FROM parcels WHERE id = $1', [parcelId]))[0]?.status).toBe('unmatched');

    await syncOnce(deskB);
    expect(await deskB.db.parcels.get(parcelId)).toMatchObject({ status: 'matched', caseId, pendingCount: 0, serverVersion: 2 });
    expect((await serverCase(server, caseId))?.state).toBe('awaiting_refund');

    await syncOnce(deskA);
    expect(await deskA.db.parcels.get(parcelId)).toMatchObject({ status: 'matched', caseId, unmatched: 0, pendingCount: 0 });
    // Applied once: two events, whatever was pushed again.
    await syncOnce(deskB);
    expect(Number((await server.db.query<{ n: unknown }>('SELECT count(*) AS n FROM parcel_events WHERE parcel_id = $1', [parcelId]))[0]?.n)).toBe(2);
  });

  it('puts a shelf move built on an older version in front of a person when the parcel was matched meanwhile', async () => {
    const { caseId, since } = await shippedBackCase(server, { carrier: 'YTO', trackingNumber: 'YT0000000002' });
    const deskA = await openClient(server.url, await server.login('wh1'), 'wh1', since);
    const deskB = await openClient(server.url, await server.login('wh1'), 'wh1', since);

    const parcelId = globalThis.crypto.randomUUID();
    await dispatch(deskA.db, { type: 'parcel.register', caseId: parcelId, payload: { trackingNumber: 'SF5550002', shelf: 'U-08' } }, { actor: deskA.actor });
    await syncOnce(deskA);
    await syncOnce(deskB);
    // B moves it (offline); A matches it and syncs first.
    const moved = await dispatch(deskB.db, { type: 'parcel.move_shelf', caseId: parcelId, payload: { shelf: 'U-99' } }, { actor: deskB.actor });
    if (!moved.ok) throw new Error(moved.rejection.code);
    await dispatch(deskA.db, { type: 'parcel.match', caseId: parcelId, payload: { caseId } }, { actor: deskA.actor });
    await syncOnce(deskA);
    await syncOnce(deskB);
    expect(await deskB.db.outbox.get(moved.commandId)).toMatchObject({ status: 'conflict' });
    expect(await deskB.db.conflicts.get(moved.commandId)).toMatchObject({ open: 1, kind: 'conflict', rejection: { code: 'invalid_state' } });
    expect(await deskB.db.parcels.get(parcelId)).toMatchObject({ status: 'matched', caseId, shelf: 'U-08', pendingCount: 0 });
  });
});
