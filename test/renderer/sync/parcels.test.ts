/**
 * Return parcels (无主件) in the local store: recorded through the outbox with an optimistic
 * merge, pushed with the case commands, pulled as the warehouse's, and a refused one put in the
 * inbox with the parcel back as the server holds it.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { Parcel } from '../../../shared/domain';
import type { Change, PushRequest, PushResponse } from '../../../shared/sync/wire';
import type { DeskDb } from '../../../renderer/src/db/schema';
import { dispatch, dispatchAll } from '../../../renderer/src/sync/dispatch';
import type { SyncApi } from '../../../renderer/src/sync/api';
import { SyncEngine } from '../../../renderer/src/sync/engine';
import { nextBatch } from '../../../renderer/src/sync/outbox';
import { inspection } from '../../shared/domain/inspection';
import { CS, RETURN_ADDRESS, WAREHOUSE, clock, command, fakeSyncApi, putSnapshot, seededDb, serverCaseAfter } from './fixtures';

const INSPECTION = inspection({ weightGrams: 1200 });

const register = (parcelId: string, shelf = 'U-01') => ({ type: 'parcel.register' as const, caseId: parcelId, payload: { trackingNumber: 'sf 0001-234', carrier: 'SF', shelf } });

/** A parcel as another station registered it and the server folded it (version 1). */
function pulledParcel(id: string, shelf = 'U-01'): Parcel {
  return {
    id,
    trackingNumber: 'SF0001234',
    carrier: 'SF',
    warehouseId: 'WH-SH',
    receivedAt: '2026-03-01T09:00:00.000Z',
    receivedBy: 'staff-wh2',
    status: 'unmatched',
    caseId: null,
    matchedAt: null,
    notes: '',
    photos: [],
    version: 1,
    shelf,
    disposedAt: null,
    disposalReason: null,
    commandIds: ['00000000-0000-4000-8000-000000000001'],
    updatedAt: '2026-03-01T09:00:00.000Z',
  };
}

const parcelChange = (p: Parcel, seq: number): Change => ({ seq, kind: 'parcel', id: p.id, deleted: false, version: p.version, caseNo: null, data: p });

/** A feed that brings `parcel` as change 10 on the first pull, and nothing after. */
function pullOnce(parcel: Parcel): SyncApi['pull'] {
  let pulled = false;
  return async (since) => {
    const changes = pulled ? [] : [parcelChange(parcel, 10)];
    pulled = true;
    return { changes, nextCursor: Math.max(since, 10), hasMore: false, lastAckedSeq: 0 };
  };
}

/** P1 matched to C1 and C1's goods received, as one all-or-none dispatch. */
const matchAndReceive = (received = INSPECTION) => [
  { type: 'parcel.match' as const, caseId: 'P1', payload: { caseId: 'C1' } },
  { type: 'warehouse.receive' as const, caseId: 'C1', payload: { inspection: received } },
];

/** C1 waiting for its return parcel at WH-SH (version 3). */
async function awaitingDb(): Promise<DeskDb> {
  const { db } = await seededDb();
  await putSnapshot(
    db,
    serverCaseAfter('C1', 'O1', [command('cs.approve', 'C1', 1, { returnAddress: RETURN_ADDRESS }, CS), command('buyer.ship_back', 'C1', 2, { carrier: 'YTO', trackingNumber: 'YT9999999999' }, { id: 'buyer-1', role: 'buyer' })]),
  );
  return db;
}

describe('parcels in the local store', () => {
  it('records a register through the outbox and shows the parcel at once, pending sync', async () => {
    const { db } = await seededDb();
    const result = await dispatch(db, { ...register('P1'), id: '11111111-1111-4111-8111-111111111111' }, { actor: WAREHOUSE, clock });
    expect(result.ok).toBe(true);
    expect(await db.outbox.get('11111111-1111-4111-8111-111111111111')).toMatchObject({ caseId: 'P1', type: 'parcel.register', status: 'pending', parcelEvents: [{ type: 'parcel.registered', version: 1 }] });
    expect(await db.parcels.get('P1')).toMatchObject({ status: 'unmatched', unmatched: 1, trackingNumber: 'SF0001234', shelf: 'U-01', warehouseId: 'WH-SH', version: 1, serverVersion: 0, pendingCount: 1 });
    // The rules refuse what the role may not do, and nothing is written.
    expect(await dispatch(db, register('P2'), { actor: CS, clock })).toMatchObject({ ok: false, rejection: { code: 'role_not_allowed' } });
    expect(await db.parcels.get('P2')).toBeUndefined();
  });

  it('matches a pulled parcel offline with the case’s receipt, all or none, in device order', async () => {
    const db = await awaitingDb();
    const pushes: PushRequest[] = [];
    const api = fakeSyncApi({
      pull: pullOnce(pulledParcel('P1')),
      push: async (body): Promise<PushResponse> => {
        pushes.push(body);
        return { results: body.commands.map((c) => ({ id: c.id, status: 'applied' as const, version: c.type === 'parcel.match' ? 2 : 4, events: 1 })), lastAckedSeq: 0 };
      },
    });
    const engine = new SyncEngine({ db, api, clock });
    expect((await engine.syncOnce()).ok).toBe(true);
    expect(await db.parcels.get('P1')).toMatchObject({ status: 'unmatched', serverVersion: 1, pendingCount: 0, receivedBy: 'staff-wh2' });

    // A refusal of the receipt (wrong count) undoes the match too.
    const bad = await dispatchAll(db, matchAndReceive({ ...INSPECTION, received: [] }), { actor: WAREHOUSE, clock });
    expect(bad).toMatchObject({ ok: false, index: 1 });
    expect(await db.parcels.get('P1')).toMatchObject({ status: 'unmatched', pendingCount: 0 });
    expect(await db.outbox.count()).toBe(0);

    const both = await dispatchAll(db, matchAndReceive(), { actor: WAREHOUSE, clock });
    expect(both.ok).toBe(true);
    expect(await db.parcels.get('P1')).toMatchObject({ status: 'matched', caseId: 'C1', unmatched: 0, pendingCount: 1 });
    expect((await db.caseView.get('C1'))?.state).toBe('awaiting_refund');

    expect((await engine.syncOnce()).ok).toBe(true);
    expect(pushes.at(-1)?.commands.map((c) => [c.type, c.caseId, c.baseVersion])).toEqual([
      ['parcel.match', 'P1', 1],
      ['warehouse.receive', 'C1', 3],
    ]);
    // Still matched while the server's parcel has not come back yet.
    expect(await db.parcels.get('P1')).toMatchObject({ status: 'matched', pendingCount: 1 });
  });

  it('holds a case’s decision behind the match of its parcel until the match can go', async () => {
    const db = await awaitingDb();
    expect((await dispatch(db, register('P1'), { actor: WAREHOUSE, clock })).ok).toBe(true);
    const both = await dispatchAll(db, matchAndReceive(), { actor: WAREHOUSE, clock });
    expect(both.ok).toBe(true);
    // The register goes first; the match waits behind it (one per parcel), and the receipt behind the match.
    expect((await nextBatch(db, 10)).map((r) => r.type)).toEqual(['parcel.register']);
    // The parcel on its way: the same.
    expect((await nextBatch(db, 10, new Set(['P1']))).map((r) => r.type)).toEqual([]);
    await db.outbox.filter((r) => r.type === 'parcel.register').modify({ status: 'acked', ackedVersion: 1 });
    expect((await nextBatch(db, 10)).map((r) => r.type)).toEqual(['parcel.match', 'warehouse.receive']);
  });

  it('puts a refused parcel command in the inbox and shows the parcel as the server holds it', async () => {
    const db = await awaitingDb();
    const server = { ...pulledParcel('P1'), status: 'matched' as const, caseId: 'C9', version: 2 };
    const api = fakeSyncApi({
      pull: pullOnce(pulledParcel('P1')),
      push: async (body): Promise<PushResponse> => ({
        results: body.commands.map((c) => ({ id: c.id, status: 'conflict' as const, code: 'sync.conflict' as const, rejection: { code: 'invalid_state', params: { state: 'matched' } }, case: { id: 'P1', caseNo: '', version: 2, state: 'matched', deleted: false, data: server } })),
        lastAckedSeq: 0,
      }),
    });
    const engine = new SyncEngine({ db, api, clock });
    await engine.syncOnce();
    const moved = await dispatch(db, { type: 'parcel.move_shelf', caseId: 'P1', payload: { shelf: 'U-09' } }, { actor: WAREHOUSE, clock });
    expect(moved.ok).toBe(true);
    expect(await db.parcels.get('P1')).toMatchObject({ shelf: 'U-09', pendingCount: 1 });
    await engine.syncOnce();
    expect(await db.conflicts.where('caseId').equals('P1').first()).toMatchObject({ kind: 'conflict', open: 1, rejection: { code: 'invalid_state' }, serverVersion: 2 });
    expect(await db.parcels.get('P1')).toMatchObject({ status: 'matched', caseId: 'C9', shelf: 'U-01', pendingCount: 0, serverVersion: 2 });
  });
});
