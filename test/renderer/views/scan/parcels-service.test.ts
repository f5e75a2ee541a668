import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { createSeededRng, generateTrackingNumber } from '../../../../shared/barcode';
import { openDeskDb, type DeskDb } from '../../../../renderer/src/db/schema';
import { configureRuntime, resetRuntime } from '../../../../renderer/src/sync/runtime';
import { useSessionStore } from '../../../../renderer/src/stores/session';
import { useSyncStore } from '../../../../renderer/src/stores/sync';
import { claimInputs, registerInput, unmatchedParcels, waitingParcel, waitingParcelById } from '../../../../renderer/src/views/scan/parcels';
import { NOW, putSnapshot, uniqueName } from '../../sync/fixtures';
import { awaitingReceipt } from './support';

/** The station's parcels service: a registered parcel waits in its warehouse until a claim matches it. */

const rng = createSeededRng(41);
const UNKNOWN = generateTrackingNumber('ZTO', rng);
const TRACKING = generateTrackingNumber('SF', rng);

let db: DeskDb;

beforeEach(async () => {
  db = await openDeskDb(uniqueName());
  await putSnapshot(db, awaitingReceipt('C1', 'O1', TRACKING), 'RMA260301000001');
  configureRuntime({ db: async () => db, clock: () => new Date(NOW), pbkdf2Iterations: 1000, fetch: (async () => { throw new TypeError('offline'); }) as typeof fetch });
  setActivePinia(createPinia());
  useSessionStore().staff = { id: 'staff-wh1', username: 'wh1', displayName: '仓库 Wang', role: 'warehouse', warehouseId: 'WH-SH' };
});
afterEach(() => {
  resetRuntime();
  db.close();
});

describe('parcels service', () => {
  it('claims a waiting parcel for the case decided on, and nothing once it is matched', async () => {
    const registered = await useSyncStore().issue(registerInput('P1', 'cmd-register', { trackingNumber: UNKNOWN, carrier: 'ZTO', shelf: ' U-01 ', notes: '', photos: [] }));
    expect(registered.ok).toBe(true);
    const waiting = await waitingParcelById(db, 'P1');
    expect(waiting).toMatchObject({ id: 'P1', shelf: 'U-01', unmatched: 1, warehouseId: 'WH-SH' });
    expect(await waitingParcel(db, UNKNOWN, 'WH-SH')).toEqual(waiting);
    expect((await unmatchedParcels(db, 'WH-SH')).map((p) => p.id)).toEqual(['P1']);
    expect(await unmatchedParcels(db, 'WH-BJ')).toEqual([]);

    expect(await claimInputs(db, null, 'C1', 'cmd-match')).toEqual([]);
    const claim = await claimInputs(db, 'P1', 'C1', 'cmd-match');
    expect(claim).toEqual([{ type: 'parcel.match', caseId: 'P1', id: 'cmd-match', baseVersion: waiting!.version, payload: { caseId: 'C1' } }]);
    expect((await useSyncStore().issue(claim[0]!)).ok).toBe(true);

    expect(await waitingParcelById(db, 'P1')).toBeUndefined();
    expect(await claimInputs(db, 'P1', 'C1', 'cmd-again')).toEqual([]);
    expect(await unmatchedParcels(db, 'WH-SH')).toEqual([]);
  });
});
