/** Carrier compensation for a lost parcel, through the local store. */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDeskDb, type DeskDb } from '../../../../renderer/src/db/schema';
import { dispatch } from '../../../../renderer/src/sync/dispatch';
import { orderRowFromChange } from '../../../../renderer/src/sync/engine';
import { recordCompensation, type FinanceIssue } from '../../../../renderer/src/views/finance/batch';
import { compensationOpen, loadLostParcelCases } from '../../../../renderer/src/views/finance/financeQuery';
import { CS, clock, command, putSnapshot, uniqueName } from '../../sync/fixtures';
import { caseOn, wireOrderIn } from '../cs/support';
import { FINANCE } from './support';

let db: DeskDb;
const issue: FinanceIssue = (input) => dispatch(db, input, { actor: FINANCE, clock });

beforeEach(async () => {
  db = await openDeskDb(uniqueName('compensation'));
});
afterEach(() => db.close());

describe('carrier compensation', () => {
  it('lists reships for a lost parcel and records the claim once, with its amount', async () => {
    const wire = wireOrderIn('OL', 'shipped');
    const lost = caseOn(wire, 'LOST', { caseType: 'reship', reason: 'parcel_lost' }, [command('cs.create_reship', 'LOST', 1, { cause: 'lost_parcel' }, CS)]);
    await db.orders.put(orderRowFromChange({ seq: 1, kind: 'order', id: 'OL', deleted: false, version: null, caseNo: null, data: wire }));
    await putSnapshot(db, lost, 'RMA-LOST');
    const [row] = await loadLostParcelCases(db);
    expect(row?.view.caseNo).toBe('RMA-LOST');
    expect(compensationOpen(row!.view.data)).toBe(true);

    const result = await recordCompensation(issue, { id: 'LOST', version: row!.view.version }, '  SF-CLAIM-0042 ', 3550);
    expect(result.ok).toBe(true);
    const [after] = await loadLostParcelCases(db);
    expect(after?.view.data.carrierCompensation).toMatchObject({ amount: 3550, claimRef: 'SF-CLAIM-0042' });
    expect(compensationOpen(after!.view.data)).toBe(false);
    // A second claim on the same case is refused by the rules.
    const again = await recordCompensation(issue, { id: 'LOST', version: after!.view.version }, 'SF-CLAIM-0043', 100);
    expect(again.ok).toBe(false);
  });
});
