/**
 * The refund queue on a real local store (fake IndexedDB): what is read through the indexes, and
 * batch approval / rejection / compensation dispatched as commands through `dispatch`.
 */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDeskDb, type DeskDb } from '../../../../renderer/src/db/schema';
import { dispatch, dispatchAll } from '../../../../renderer/src/sync/dispatch';
import { approveRefunds, recordCompensation, rejectRefund, type FinanceIssue, type FinanceIssueAll } from '../../../../renderer/src/views/finance/batch';
import { canIssue } from '../../../../renderer/src/views/finance/availability';
import { loadApprovals, loadLostParcelCases, loadPaidRefunds, loadRefundQueue, loadSettlements } from '../../../../renderer/src/views/finance/financeQuery';
import { selectionTotals } from '../../../../renderer/src/views/finance/refunds';
import { DEFAULT_POLICY } from '../../../../shared/domain';
import { CS, NOW, WAREHOUSE, clock, uniqueName } from '../../sync/fixtures';
import { FINANCE, seedRefunds } from './support';

let db: DeskDb;
const issueAs =
  (actor: typeof FINANCE | typeof CS): FinanceIssue =>
  (input) =>
    dispatch(db, input, { actor, clock });

beforeEach(async () => {
  db = await openDeskDb(uniqueName('finance'));
});
afterEach(() => db.close());

describe('refund queue on the local store', () => {
  it('lists the cases awaiting refund with their orders and refunds of 58.50 each', async () => {
    await seedRefunds(db, 3);
    const rows = await loadRefundQueue(db);
    expect(rows.map((r) => r.view.id).sort()).toEqual(['R1', 'R2', 'R3']);
    expect(rows.every((r) => r.order?.orderNo === `NO-O${r.view.id}`)).toBe(true);
    // Goods 97.00 / 2 = 48.50 plus 10.00 return shipping (quality problem): 58.50; coins 1.00 / 2.
    expect(rows[0]?.view.data.refund).toMatchObject({ goods: 4850, coins: 50, returnShipping: 1000, taxDeduction: 0, cash: 5850 });
    expect(selectionTotals(rows.map((r) => r.view.data))).toEqual({ count: 3, cash: 17550, coins: 150 });
  });

  it('approves each chosen case with its own command, reports progress, and lists a refusal by case', async () => {
    await seedRefunds(db, 4);
    const rows = await loadRefundQueue(db);
    const cases = rows.map((r) => ({ id: r.view.id, caseNo: r.view.caseNo, version: r.view.version }));
    // R2 is approved first on its own: the batch then finds it already paid.
    expect((await issueAs(FINANCE)({ type: 'finance.approve_refund', caseId: 'R2', payload: { reference: '' } })).ok).toBe(true);
    const progress: number[] = [];
    const outcome = await approveRefunds(issueAs(FINANCE), cases, { reference: 'PAY-1', onProgress: (p) => progress.push(p.done) });
    expect(outcome.applied.sort()).toEqual(['R1', 'R3', 'R4']);
    expect(outcome.failed).toEqual([{ caseId: 'R2', caseNo: 'RMA260300000002', code: 'case_terminal', params: expect.objectContaining({ state: 'completed' }) as unknown }]);
    expect(progress).toEqual([1, 2, 3, 4]);
    expect(await loadRefundQueue(db)).toEqual([]);
    const outbox = (await db.outbox.toArray()).filter((o) => o.type === 'finance.approve_refund');
    expect(outbox).toHaveLength(4);
    expect(outbox.filter((o) => (o.command.payload as { reference: string }).reference === 'PAY-1')).toHaveLength(3);
    // Paid today (the fixtures' clock): in the day's export, with this desk as approver.
    const paid = await loadPaidRefunds(db, '2026-03-01T00:00:00.000Z', '2026-03-02T00:00:00.000Z');
    expect(paid.map((r) => r.view.id).sort()).toEqual(['R1', 'R2', 'R3', 'R4']);
    expect(await loadPaidRefunds(db, '2026-03-02T00:00:00.000Z', '2026-03-03T00:00:00.000Z')).toEqual([]);
    const approvals = await loadApprovals(db, ['R1', 'R9']);
    expect([...approvals]).toEqual([['R1', { by: 'staff-fin1', at: NOW }]]);
  });

  it('records chunks of approvals in one transaction each; a refusal undoes only that case, the chunk is recorded again without it', async () => {
    await seedRefunds(db, 7);
    const rows = await loadRefundQueue(db);
    const cases = rows.map((r) => ({ id: r.view.id, caseNo: r.view.caseNo, version: r.view.version }));
    // R4 was rejected back to the warehouse meanwhile, at another desk.
    expect((await rejectRefund(issueAs(FINANCE), { id: 'R4', version: 4 }, '复核')).ok).toBe(true);
    let transactions = 0;
    const issueAll: FinanceIssueAll = (inputs) => {
      transactions += 1;
      return dispatchAll(db, inputs, { actor: FINANCE, clock });
    };
    const progress: number[] = [];
    const outcome = await approveRefunds(issueAs(FINANCE), cases, { issueAll, chunk: 3, onProgress: (p) => progress.push(p.done) });
    expect(outcome.applied.sort()).toEqual(['R1', 'R2', 'R3', 'R5', 'R6', 'R7']);
    expect(outcome.failed.map((f) => [f.caseId, f.code])).toEqual([['R4', 'version_conflict']]);
    expect(progress).toEqual([3, 6, 7]);
    // Chunks of 3, 3 and 1: R4's chunk once refused and once without it; the last case goes through `dispatch` alone.
    expect(transactions).toBe(3);
    // Exactly one approval per applied case: nothing of the undone round was kept.
    const approvals = (await db.outbox.toArray()).filter((o) => o.type === 'finance.approve_refund');
    expect(approvals.map((o) => o.caseId).sort()).toEqual(['R1', 'R2', 'R3', 'R5', 'R6', 'R7']);
    expect(await loadRefundQueue(db)).toEqual([]);
  });

  it('refuses approval to anyone but finance', async () => {
    await seedRefunds(db, 1);
    const outcome = await approveRefunds(issueAs(CS), [{ id: 'R1', caseNo: 'RMA1', version: 4 }]);
    expect(outcome.applied).toEqual([]);
    expect(outcome.failed[0]?.code).toBe('role_not_allowed');
    const [r] = await loadRefundQueue(db);
    expect(canIssue(r!, 'finance.approve_refund', FINANCE, DEFAULT_POLICY, NOW)).toBe(true);
    expect(canIssue(r!, 'finance.approve_refund', WAREHOUSE, DEFAULT_POLICY, NOW)).toBe(false);
    expect(canIssue(r!, 'finance.reject_refund', CS, DEFAULT_POLICY, NOW)).toBe(false);
  });

  it('rejects one step back to the warehouse with the reason; an empty reason is refused before dispatch', async () => {
    await seedRefunds(db, 1);
    const empty = await rejectRefund(issueAs(FINANCE), { id: 'R1', version: 4 }, '  ');
    expect(empty).toMatchObject({ ok: false, rejection: { code: 'finance.form_invalid', params: { fields: 'reason' } } });
    const result = await rejectRefund(issueAs(FINANCE), { id: 'R1', version: 4 }, '验货照片与金额不符，请复核');
    expect(result.ok).toBe(true);
    const view = await db.caseView.get('R1');
    expect(view?.state).toBe('awaiting_receipt');
    expect(view?.data.lastRejection).toMatchObject({ by: 'finance', reason: '验货照片与金额不符，请复核' });
    expect(view?.queue).toBe('warehouse');
  });

  it('shows each order\'s settlement: frozen while a case waits, settlable once paid', async () => {
    await seedRefunds(db, 1);
    // Paid 97.00 + 10.00 shipping, no subsidy or fee.
    expect((await loadSettlements(db, ['OR1']))[0]).toMatchObject({ orderNo: 'NO-OR1', settlement: { frozen: true, settlement: 10700, awaitingRefund: 5850 } });
    await approveRefunds(issueAs(FINANCE), [{ id: 'R1', caseNo: 'x', version: 4 }]);
    expect((await loadSettlements(db, ['OR1']))[0]).toMatchObject({ settlement: { frozen: false, settlement: 4850, refunded: 5850 } });
  });

  it('finds no lost-parcel reship among refunds, and a compensation outside one is refused by the rules', async () => {
    await seedRefunds(db, 1);
    expect(await loadLostParcelCases(db)).toEqual([]);
    const bad = await recordCompensation(issueAs(FINANCE), { id: 'R1', version: 4 }, 'CLAIM-1', null);
    expect(bad).toMatchObject({ ok: false, rejection: { code: 'finance.form_invalid', params: { fields: 'amount' } } });
    const refused = await recordCompensation(issueAs(FINANCE), { id: 'R1', version: 4 }, 'CLAIM-1', 3000);
    expect(refused.ok).toBe(false);
  });
});
