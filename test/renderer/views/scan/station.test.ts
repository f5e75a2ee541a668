import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import { classifyBarcode, createSeededRng, generateEan13, generateTrackingNumber } from '../../../../shared/barcode';
import type { DeskDb } from '../../../../renderer/src/db/schema';
import { useSessionStore } from '../../../../renderer/src/stores/session';
import { useScanStationStore } from '../../../../renderer/src/views/scan/station';
import { inspectionFor } from '../../../../renderer/src/views/scan/inspection';
import { useSyncStore } from '../../../../renderer/src/stores/sync';
import { todaysScans } from '../../../../renderer/src/views/scan/sessionLog';
import { BUYER, CS, RETURN_ADDRESS, SKU, WAREHOUSE, clock, command, putSnapshot, serverCaseAfter } from '../../sync/fixtures';
import { inspection } from '../../../shared/domain/inspection';
import { putAwaitingReceipt, scan, stationDeskPerTest, tickingClock } from './support';

const rng = createSeededRng(7);
const TRACKING = generateTrackingNumber('SF', rng);
const SHARED = generateTrackingNumber('YTO', rng);
const UNKNOWN = generateTrackingNumber('ZTO', rng);
const OTHER_GTIN = generateEan13('690', rng);

/** Every checklist item answered as checked and fine (the buyer claimed a quality problem; graded 'new' is confirmed). */
const ALL_FINE = { packaging: true, seals: true, accessories: true, serialNumber: true };

const desk = stationDeskPerTest(
  async (db) => {
    await putAwaitingReceipt(db, TRACKING, SHARED, SHARED);
    await putSnapshot(db, serverCaseAfter('C4', 'O4'), 'RMA260301000004');
  },
  // A clock that moves a second per reading, so the log's order is the order of events.
  { clock: tickingClock, restoreMocks: true },
);

describe('scan station', () => {
  it('opens the inspection for a tracking number and logs the scan', async () => {
    const station = useScanStationStore();
    expect(await scan(TRACKING)).toBe(true);
    expect(station.phase).toBe('inspect');
    expect(station.cases.map((c) => c.caseNo)).toEqual(['RMA260301000001']);
    expect(station.banner.key).toBe('scanStation.banner.found');
    const log = await todaysScans(desk.db, clock());
    expect(log[0]).toMatchObject({ code: TRACKING, kind: 'tracking', outcome: 'opened', caseNo: 'RMA260301000001' });
  });

  it('counts items by SKU, flags a foreign product, and receives offline with the inspection once everything is right', async () => {
    const station = useScanStationStore();
    await scan(TRACKING);
    expect(station.blockers).toEqual(['count_mismatch', 'no_grade', 'checklist', 'no_weight', 'no_location']);
    expect(await scan(OTHER_GTIN)).toBe(false);
    expect(station.blockers).toContain('wrong_sku');
    station.adjust(OTHER_GTIN, -1);
    expect(await scan(SKU)).toBe(true);
    station.setGrade('opened_resalable');
    station.patchDraft({ weightGrams: 1250, location: 'A-01-03', checklist: { packaging: true, seals: false, accessories: true, serialNumber: 'na' } });
    // The buyer claimed a quality problem; graded resalable, the worker confirms it on purpose.
    expect(station.blockers).toEqual(['grade_unconfirmed']);
    expect(await station.accept()).toEqual({ ok: false, rejection: { code: 'scan.grade_unconfirmed', params: {} } });
    station.patchDraft({ gradeConfirmed: true });
    expect(station.blockers).toEqual([]);

    const result = await station.accept();
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const row = await desk.db.outbox.get(result.commandIds[0]!);
    expect(row).toMatchObject({ type: 'warehouse.receive', caseId: 'C1', status: 'pending' });
    expect(row?.command.payload).toMatchObject({
      inspection: {
        received: [{ sku: SKU, quantity: 1 }],
        condition: 'opened_resalable',
        checklist: { packaging: true, seals: false, accessories: true, serialNumber: null },
        weightGrams: 1250,
        disposition: { kind: 'restock', location: 'A-01-03' },
      },
    });
    const view = await desk.db.caseView.get('C1');
    expect(view).toMatchObject({ state: 'awaiting_refund', pending: 1 });
    expect(station.phase).toBe('idle');
    // A parcel found by its own tracking number is recorded by the case's receipt: no parcel command.
    expect(await desk.db.parcels.count()).toBe(0);
    expect(await desk.db.outbox.count()).toBe(1);
    const [entry] = await todaysScans(desk.db, clock());
    expect(entry).toMatchObject({ outcome: 'received', commandId: result.commandIds[0], sync: 'pending' });
  });

  it('refuses to receive while the count differs, and raises a dispute with the inspection in the notes', async () => {
    const station = useScanStationStore();
    await scan(TRACKING);
    const refused = await station.accept();
    expect(refused).toEqual({ ok: false, rejection: { code: 'scan.count_mismatch', params: {} } });
    const result = await station.dispute('empty_parcel', '计数 SKU 0/1');
    expect(result.ok).toBe(true);
    expect((await desk.db.caseView.get('C1'))?.state).toBe('disputed');
    const row = (await desk.db.outbox.toArray()).find((r) => r.type === 'warehouse.raise_dispute');
    expect(row?.command.payload).toMatchObject({ category: 'empty_parcel', notes: '计数 SKU 0/1' });
  });

  it('sends what was counted, and the rules refuse to receive a short parcel', async () => {
    const station = useScanStationStore();
    await scan(TRACKING);
    station.setGrade('new');
    station.patchDraft({ weightGrams: 300, location: 'A-01-01', checklist: { packaging: true, seals: true, accessories: true, serialNumber: true } });
    expect(station.blockers).toEqual(['count_mismatch', 'grade_unconfirmed']);
    const inspection = inspectionFor(station.draft, 'C1');
    expect(inspection.received).toEqual([{ sku: SKU, quantity: 0 }]);
    const refused = await useSyncStore().issue({ type: 'warehouse.receive', caseId: 'C1', payload: { inspection } });
    expect(refused).toEqual({ ok: false, rejection: { code: 'received_quantity_mismatch', params: { expected: 1, received: 0 } } });
    expect(await desk.db.outbox.count()).toBe(0);
    expect((await desk.db.caseView.get('C1'))?.state).toBe('awaiting_receipt');
  });

  it('records a decision with its log row in one transaction: a failed log write undoes it', async () => {
    const station = useScanStationStore();
    await scan(TRACKING);
    await scan(SKU);
    station.setGrade('new');
    station.patchDraft({ weightGrams: 900, location: 'A-01-02', checklist: ALL_FINE, gradeConfirmed: true });
    const quota = vi.spyOn(desk.db.scanLog, 'bulkPut').mockImplementation((() => Promise.reject(new DOMException('The quota has been exceeded.', 'QuotaExceededError'))) as unknown as DeskDb['scanLog']['bulkPut']);
    expect(await station.accept()).toEqual({ ok: false, rejection: { code: 'storage.quota_exceeded', params: {} } });
    expect(quota).toHaveBeenCalledOnce();
    // Nothing half-written: no command, no effect; the parcel stays on the bench.
    expect(await desk.db.outbox.count()).toBe(0);
    expect(await desk.db.overlay.count()).toBe(0);
    expect((await desk.db.caseView.get('C1'))?.state).toBe('awaiting_receipt');
    expect(station.phase).toBe('inspect');
    expect((await todaysScans(desk.db, clock()))[0]).toMatchObject({ outcome: 'opened', commandId: null });

    quota.mockRestore();
    const result = await station.accept();
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const [entry] = await todaysScans(desk.db, clock());
    expect(entry).toMatchObject({ outcome: 'received', commandId: result.commandIds[0], parcelId: null, sync: 'pending' });
    expect(await desk.db.outbox.get(result.commandIds[0]!)).toMatchObject({ type: 'warehouse.receive', caseId: 'C1' });
  });

  it('shows a case changed by a pull at once, without a new scan, and keeps the inspection under way', async () => {
    const station = useScanStationStore();
    expect(await scan(TRACKING)).toBe(true);
    await scan(SKU);
    const parcelNo = station.benchNo;
    // Another workstation received the goods; the next pull brings the case as the server has it.
    const elsewhere = inspection({ sku: SKU, checklist: { packaging: null, accessories: null }, weightGrams: 900, disposition: { kind: 'scrap' } });
    const receivedElsewhere = serverCaseAfter('C1', 'O1', [
      command('cs.approve', 'C1', 1, { returnAddress: RETURN_ADDRESS }, CS),
      command('buyer.ship_back', 'C1', 2, { carrier: 'SF', trackingNumber: TRACKING }, BUYER),
      command('warehouse.receive', 'C1', 3, { inspection: elsewhere }, WAREHOUSE),
    ]);
    await putSnapshot(desk.db, receivedElsewhere, 'RMA260301000001');
    await vi.waitFor(() => expect(station.cases[0]?.state).toBe('awaiting_refund'));
    expect(station.receivable).toBe(false);
    expect(station.disputable).toBe(false);
    expect(station.banner).toMatchObject({ tone: 'warning', key: 'scanStation.banner.notReceivable', params: { state: 'awaiting_refund' } });
    // Same parcel, same draft: only the case's row changed.
    expect(station.benchNo).toBe(parcelNo);
    expect(station.draft.counts[SKU]).toBe(1);
    expect((await station.accept()).ok).toBe(false);
  });

  it('explains an invalid code without looking it up', async () => {
    const station = useScanStationStore();
    const bad = `${OTHER_GTIN.slice(0, 12)}${(Number(OTHER_GTIN[12]) + 1) % 10}`;
    expect(await scan(bad)).toBe(false);
    expect(station.phase).toBe('idle');
    expect(station.banner).toMatchObject({ tone: 'error', key: 'scanStation.banner.invalid' });
    expect((await todaysScans(desk.db, clock()))[0]).toMatchObject({ outcome: 'invalid', kind: 'invalid' });
  });

  it('registers an unknown parcel as unmatched on a shelf and matches it later to a case found by its number', async () => {
    const station = useScanStationStore();
    expect(await scan(UNKNOWN)).toBe(false);
    expect(station.phase).toBe('register');
    expect(await station.registerUnmatched()).toEqual({ ok: false, rejection: { code: 'scan.no_shelf', params: {} } });
    station.register.shelf = 'U-02';
    expect((await station.registerUnmatched()).ok).toBe(true);
    const parcel = await desk.db.parcels.where('trackingNumber').equals(UNKNOWN).first();
    expect(parcel).toMatchObject({ unmatched: 1, status: 'unmatched', shelf: 'U-02', warehouseId: 'WH-SH', receivedBy: 'staff-wh1', pendingCount: 1 });
    // A parcel command in the outbox (it syncs to the warehouse), logged with its scan.
    const registered = await desk.db.outbox.where('caseId').equals(parcel!.id).first();
    expect(registered).toMatchObject({ type: 'parcel.register', status: 'pending' });
    expect((await todaysScans(desk.db, clock()))[0]).toMatchObject({ outcome: 'unmatched_registered', parcelId: parcel!.id, commandId: registered!.id, sync: 'pending' });

    // The same parcel scanned again is recognised as already registered.
    await scan(UNKNOWN);
    expect(station.banner.key).toBe('scanStation.banner.alreadyUnmatched');

    // Matched from the parcel side: the case is found by its case number.
    await station.startMatch(parcel!.id);
    await scan('RMA260301000001');
    expect(station.phase).toBe('inspect');
    await scan(SKU);
    station.setGrade('new');
    station.patchDraft({ weightGrams: 900, location: 'B-02-01', checklist: ALL_FINE, gradeConfirmed: true });
    expect((await station.accept()).ok).toBe(true);
    expect(await desk.db.parcels.get(parcel!.id)).toMatchObject({ unmatched: 0, status: 'matched', caseId: 'C1' });
    expect((await todaysScans(desk.db, clock()))[0]).toMatchObject({ outcome: 'matched', caseNo: 'RMA260301000001' });
    // The match goes before the receipt, in device order.
    expect((await desk.db.outbox.orderBy('seq').toArray()).map((r) => r.type)).toEqual(['parcel.register', 'parcel.match', 'warehouse.receive']);
  });

  it('lists several cases for one parcel and receives them together', async () => {
    const station = useScanStationStore();
    await scan(SHARED);
    expect(station.phase).toBe('pick');
    expect(station.matches.map((m) => m.id).sort()).toEqual(['C2', 'C3']);
    await station.pick([...station.matches]);
    expect(station.draft.expected).toHaveLength(2);
    station.adjust(SKU, 2);
    station.setGrade('new');
    station.patchDraft({ weightGrams: 2400, location: 'A-02-01', checklist: ALL_FINE, gradeConfirmed: true });
    const result = await station.accept();
    expect(result.ok && result.commandIds.length).toBe(2);
    expect((await desk.db.caseView.bulkGet(['C2', 'C3'])).map((v) => v?.state)).toEqual(['awaiting_refund', 'awaiting_refund']);
  });

  it('finds cases by the buyer phone tail and shows a case that cannot be received with a warning', async () => {
    const station = useScanStationStore();
    await station.handleScan('8000', classifyBarcode('8000'));
    expect(station.phase).toBe('pick');
    expect(station.matches).toHaveLength(4);
    // Waiting-for-goods cases first.
    expect(station.matches.at(-1)?.id).toBe('C4');
    await scan('RMA260301000004');
    expect(station.phase).toBe('inspect');
    expect(station.receivable).toBe(false);
    expect(station.banner).toMatchObject({ tone: 'warning', key: 'scanStation.banner.notReceivable' });
  });

  it('offers what the shared rules accept: nothing for staff of another warehouse, or without one', async () => {
    const station = useScanStationStore();
    const session = useSessionStore();
    session.staff = { ...session.staff!, warehouseId: 'WH-BJ' };
    expect(await scan(TRACKING)).toBe(false);
    expect(station.phase).toBe('inspect');
    expect(station.banner).toMatchObject({ tone: 'warning', key: 'scanStation.banner.wrongWarehouse', params: { warehouse: 'WH-SH' } });
    expect([station.receivable, station.disputable]).toEqual([false, false]);
    expect(station.rules.byCase.get('C1')?.available).toEqual([]);
    // The station used to let staff without a warehouse through; the rules do not.
    station.cancel();
    session.staff = { ...session.staff, warehouseId: null };
    await scan(TRACKING);
    expect(station.banner.key).toBe('scanStation.banner.wrongWarehouse');
    // In the right warehouse, receiving, refusing and disputing are offered.
    station.cancel();
    session.staff = { ...session.staff, warehouseId: 'WH-SH' };
    expect(await scan(TRACKING)).toBe(true);
    expect(station.rules.byCase.get('C1')?.available).toEqual(['warehouse.receive', 'warehouse.reject', 'warehouse.raise_dispute']);
    expect([station.receivable, station.disputable]).toEqual([true, true]);
  });

  it('says why a case cannot be received when its order is not on this workstation', async () => {
    const station = useScanStationStore();
    await desk.db.orders.delete('O1');
    expect(await scan(TRACKING)).toBe(false);
    expect(station.banner).toMatchObject({ key: 'scanStation.banner.cannotReceive', params: { reason: 'sync.context_unavailable' } });
    expect(station.receivable).toBe(false);
  });

  it('counts only cases this worker may receive in a several-match scan', async () => {
    const station = useScanStationStore();
    await scan(SHARED);
    expect(station.banner).toMatchObject({ key: 'scanStation.banner.several', params: { count: 2, receivable: 2 } });
    station.cancel();
    const session = useSessionStore();
    session.staff = { ...session.staff!, warehouseId: 'WH-BJ' };
    await scan(SHARED);
    expect(station.banner).toMatchObject({ key: 'scanStation.banner.several', params: { count: 2, receivable: 0 } });
    await station.pick([...station.matches]);
    expect(station.banner.key).toBe('scanStation.banner.togetherOnlyReceivable');
  });

  it('keeps an inspection in progress when another parcel is scanned by mistake', async () => {
    const station = useScanStationStore();
    await scan(TRACKING);
    await scan(SKU);
    expect(await scan(UNKNOWN)).toBe(false);
    expect(station.banner.key).toBe('scanStation.banner.finishFirst');
    expect(station.phase).toBe('inspect');
    expect(station.draft.counts[SKU]).toBe(1);
  });
});
