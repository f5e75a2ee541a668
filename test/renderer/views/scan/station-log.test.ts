import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import { createSeededRng, generateTrackingNumber } from '../../../../shared/barcode';
import type { DeskDb } from '../../../../renderer/src/db/schema';
import type { ScanLogRow } from '../../../../renderer/src/db/types';
import { useSyncStore } from '../../../../renderer/src/stores/sync';
import { useScanStationStore } from '../../../../renderer/src/views/scan/station';
import { putAwaitingReceipt, scan, stationDeskPerTest, tickingClock } from './support';

/** The scan station's session log is written after the scan is shown, in order, and its failures are reported. */

const rng = createSeededRng(11);
const TRACKING = generateTrackingNumber('SF', rng);
const SHARED = generateTrackingNumber('YTO', rng);

interface Deferred {
  promise: Promise<void>;
  resolve(): void;
}

/** A stand-in for `scanLog.put` (Dexie's promise type aside). */
const asPut = (put: (row: ScanLogRow) => Promise<string>): DeskDb['scanLog']['put'] => put as unknown as DeskDb['scanLog']['put'];

function deferred(): Deferred {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

const desk = stationDeskPerTest(
  (db) => putAwaitingReceipt(db, TRACKING, SHARED, SHARED),
  { clock: tickingClock, restoreMocks: true },
);

describe('scan station session log', () => {
  it('shows the case without waiting for the log write', async () => {
    const station = useScanStationStore();
    const gate = deferred();
    const put = desk.db.scanLog.put.bind(desk.db.scanLog);
    vi.spyOn(desk.db.scanLog, 'put').mockImplementation(
      asPut(async (row) => {
        await gate.promise;
        return put(row);
      }),
    );
    expect(await scan(TRACKING)).toBe(true);
    expect(station.phase).toBe('inspect');
    expect(station.cases.map((c) => c.caseNo)).toEqual(['RMA260301000001']);
    expect(station.order?.id).toBe('O1');
    expect(station.banner.key).toBe('scanStation.banner.found');
    expect(await desk.db.scanLog.count()).toBe(0);
    gate.resolve();
    await vi.waitFor(async () => expect(await desk.db.scanLog.toArray()).toMatchObject([{ code: TRACKING, outcome: 'opened', caseId: 'C1', caseNo: 'RMA260301000001', staffId: 'staff-wh1' }]));
  });

  it('never updates a log row before its put, and keeps the writes in order', async () => {
    const station = useScanStationStore();
    const gate = deferred();
    const calls: string[] = [];
    const put = desk.db.scanLog.put.bind(desk.db.scanLog);
    const update = desk.db.scanLog.update.bind(desk.db.scanLog);
    vi.spyOn(desk.db.scanLog, 'put').mockImplementation(
      asPut(async (row) => {
        calls.push(`put ${row.outcome}`);
        await gate.promise;
        return put(row);
      }),
    );
    vi.spyOn(desk.db.scanLog, 'update').mockImplementation(((id: string, patch: Partial<ScanLogRow>) => {
      calls.push(`update ${patch.outcome ?? ''}`);
      return update(id, patch);
    }) as typeof desk.db.scanLog.update);
    // Several matches, then one picked: the pick's update waits for the scan's put.
    await scan(SHARED);
    expect(station.phase).toBe('pick');
    await station.pick([station.matches[0]!]);
    expect(station.phase).toBe('inspect');
    expect(calls).toEqual(['put several']);
    gate.resolve();
    await vi.waitFor(async () => expect((await desk.db.scanLog.toArray())[0]?.outcome).toBe('opened'));
    expect(calls).toEqual(['put several', 'update opened']);
  });

  it('reports a failed log write as a storage problem and keeps the case on the bench', async () => {
    const station = useScanStationStore();
    const sync = useSyncStore();
    vi.spyOn(desk.db.scanLog, 'put').mockImplementation(asPut(() => Promise.reject(new DOMException('The quota has been exceeded.', 'QuotaExceededError'))));
    expect(await scan(TRACKING)).toBe(true);
    expect(station.phase).toBe('inspect');
    await vi.waitFor(() => expect(station.logProblem).toBe('quota_exceeded'));
    expect(sync.storageProblem).toBe('quota_exceeded');
    expect(station.banner.key).toBe('scanStation.banner.found');
    // The next write still runs.
    vi.mocked(desk.db.scanLog.put).mockRestore();
    station.cancel();
    await scan(TRACKING);
    await vi.waitFor(async () => expect(await desk.db.scanLog.count()).toBe(1));
  });
});
