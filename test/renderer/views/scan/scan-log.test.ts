import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openDeskDb, type DeskDb } from '../../../../renderer/src/db/schema';
import type { ScanLogRow } from '../../../../renderer/src/db/types';
import type { StorageProblem } from '../../../../renderer/src/db/storage';
import { createScanLog } from '../../../../renderer/src/views/scan/sessionLog';
import { NOW, uniqueName } from '../../sync/fixtures';

/** The session-log writer on its own: rows at once, writes in order, failures reported and survived. */

let db: DeskDb;
let silent = false;
let problems: StorageProblem[] = [];

const SCAN = { code: 'SF1234567890', kind: 'tracking', outcome: 'opened', caseId: 'C1', caseNo: 'RMA1', commandId: null, parcelId: null } as const;

function writer() {
  return createScanLog({ now: () => NOW, staffId: () => 'staff-wh1', silent: () => silent, failed: (p) => problems.push(p) });
}

/** A put that waits for `release` before writing. */
function gatedPut(): { release(): void; calls: string[] } {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const calls: string[] = [];
  const put = db.scanLog.put.bind(db.scanLog);
  vi.spyOn(db.scanLog, 'put').mockImplementation((async (row: ScanLogRow) => {
    calls.push(`put ${row.outcome}`);
    await gate;
    return put(row);
  }) as unknown as DeskDb['scanLog']['put']);
  return { release, calls };
}

beforeEach(async () => {
  db = await openDeskDb(uniqueName());
  silent = false;
  problems = [];
});
afterEach(() => {
  vi.restoreAllMocks();
  db.close();
});

describe('session log writer', () => {
  it('returns a scan row at once and writes it after', async () => {
    const log = writer();
    const gate = gatedPut();
    const row = log.write(db, SCAN);
    expect(row).toMatchObject({ ...SCAN, at: NOW, staffId: 'staff-wh1' });
    expect(await db.scanLog.count()).toBe(0);
    gate.release();
    await vi.waitFor(async () => expect(await db.scanLog.get(row.id)).toEqual(row));
  });

  it('follows the bench row: an update waits for its put, and the decision row waits for both', async () => {
    const log = writer();
    const gate = gatedPut();
    log.start(db, { ...SCAN, outcome: 'several', caseId: null, caseNo: null });
    log.update(db, { outcome: 'opened', caseId: 'C1', caseNo: 'RMA1' });
    expect(log.row.value).toMatchObject({ outcome: 'opened', caseNo: 'RMA1' });
    let final: ScanLogRow | null = null;
    const decided = log.finalRow({ outcome: 'received', commandId: 'cmd-1' }).then((r) => (final = r));
    await Promise.resolve();
    expect(final).toBeNull();
    gate.release();
    await decided;
    expect(final).toMatchObject({ outcome: 'received', caseId: 'C1', commandId: 'cmd-1' });
    expect(await db.scanLog.toArray()).toMatchObject([{ outcome: 'opened', caseNo: 'RMA1', commandId: null }]);
    expect(gate.calls).toEqual(['put several']);
  });

  it('writes nothing for a read-only lookup, and nothing is updated once the parcel left the bench', async () => {
    const log = writer();
    silent = true;
    log.start(db, SCAN);
    log.update(db, { outcome: 'received' });
    silent = false;
    const kept = log.write(db, { ...SCAN, outcome: 'invalid', kind: 'invalid' });
    log.forget();
    log.update(db, { outcome: 'received' });
    expect(await log.finalRow({ outcome: 'disputed' })).toBeNull();
    expect(await db.scanLog.toArray()).toEqual([kept]);
  });

  it('reports a failed write as a storage problem and still writes the next one', async () => {
    const log = writer();
    const put = db.scanLog.put.bind(db.scanLog);
    const quota = vi.spyOn(db.scanLog, 'put').mockImplementationOnce((() => Promise.reject(new DOMException('The quota has been exceeded.', 'QuotaExceededError'))) as unknown as DeskDb['scanLog']['put']);
    quota.mockImplementation(put as DeskDb['scanLog']['put']);
    log.write(db, SCAN);
    const next = log.write(db, { ...SCAN, code: 'SF0000000001' });
    await vi.waitFor(async () => expect(await db.scanLog.toArray()).toEqual([next]));
    expect(problems).toEqual(['quota_exceeded']);
    expect(log.problem.value).toBe('quota_exceeded');
  });
});
