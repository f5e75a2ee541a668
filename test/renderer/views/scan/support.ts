/** What the scan-station tests share: cases waiting for goods, a scan handed to the station, and the desk they run on. */
import { beforeEach } from 'vitest';
import { classifyBarcode } from '../../../../shared/barcode';
import { openDeskDb, type DeskDb } from '../../../../renderer/src/db/schema';
import { useSessionStore } from '../../../../renderer/src/stores/session';
import type { Runtime } from '../../../../renderer/src/sync/runtime';
import { useScanStationStore } from '../../../../renderer/src/views/scan/station';
import { deskPerTest, offlineFetch, type Desk } from '../../support/desk';
import { BUYER, CS, NOW, RETURN_ADDRESS, command, putSnapshot, serverCaseAfter, uniqueName } from '../../sync/fixtures';
import { STAFF } from '../signin/fixtures';

/** A case waiting for goods with this return tracking number. */
export function awaitingReceipt(caseId: string, orderId: string, trackingNumber: string) {
  return serverCaseAfter(caseId, orderId, [
    command('cs.approve', caseId, 1, { returnAddress: RETURN_ADDRESS }, CS),
    command('buyer.ship_back', caseId, 2, { carrier: 'SF', trackingNumber }, BUYER),
  ]);
}

/**
 * Cases C1, C2, … (orders O1, O2, …, numbered RMA260301000001, …) waiting for goods with these
 * return tracking numbers, in the store as a pull leaves them.
 */
export async function putAwaitingReceipt(db: DeskDb, ...trackingNumbers: string[]): Promise<void> {
  for (const [i, trackingNumber] of trackingNumbers.entries()) {
    const n = i + 1;
    await putSnapshot(db, awaitingReceipt(`C${n}`, `O${n}`, trackingNumber), `RMA26030100000${n}`);
  }
}

/** A code as the station receives it from the scanner service (already decoded and classified). */
export function scan(text: string): Promise<boolean> {
  return useScanStationStore().handleScan(text, classifyBarcode(text));
}

/** A clock that moves a second per reading from NOW, so a log's order is the order of events. */
export function tickingClock(): Runtime['clock'] {
  let tick = 0;
  return () => new Date(Date.parse(NOW) + 1000 * tick++);
}

/**
 * A warehouse desk at the scan station for each test: the store seeded by `seed`, the network down,
 * wh1 of WH-SH signed in, and the clock from `clock` (standing at NOW by default).
 */
export function stationDeskPerTest(seed: (db: DeskDb) => Promise<void>, { name, clock, restoreMocks }: { name?: string; clock?: () => Runtime['clock']; restoreMocks?: boolean } = {}): Desk {
  const desk = deskPerTest({
    restoreMocks,
    open: async () => {
      const db = await openDeskDb(uniqueName(name));
      await seed(db);
      return db;
    },
    runtime: () => ({ clock: clock?.() ?? (() => new Date(NOW)), pbkdf2Iterations: 1000, fetch: offlineFetch }),
  });
  beforeEach(() => {
    useSessionStore().staff = STAFF.warehouse;
  });
  return desk;
}
