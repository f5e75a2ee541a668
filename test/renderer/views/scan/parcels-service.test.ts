import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { createSeededRng, generateTrackingNumber } from '../../../../shared/barcode';
import { useSyncStore } from '../../../../renderer/src/stores/sync';
import { claimInputs, registerInput, unmatchedParcels, waitingParcel, waitingParcelById } from '../../../../renderer/src/views/scan/parcels';
import { putAwaitingReceipt, stationDeskPerTest } from './support';

/** The station's parcels service: a registered parcel waits in its warehouse until a claim matches it. */

const rng = createSeededRng(41);
const UNKNOWN = generateTrackingNumber('ZTO', rng);
const TRACKING = generateTrackingNumber('SF', rng);

const desk = stationDeskPerTest((db) => putAwaitingReceipt(db, TRACKING));

describe('parcels service', () => {
  it('claims a waiting parcel for the case decided on, and nothing once it is matched', async () => {
    const registered = await useSyncStore().issue(registerInput('P1', 'cmd-register', { trackingNumber: UNKNOWN, carrier: 'ZTO', shelf: ' U-01 ', notes: '', photos: [] }));
    expect(registered.ok).toBe(true);
    const { db } = desk;
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
