/**
 * Successive partial refunds on a line whose paid amount does not split evenly between its units,
 * and the one-active-case rule for a case waiting after a rejection. Both once survived every
 * other test when broken on purpose, so they are pinned here with exact figures.
 */
import { describe, expect, it } from 'vitest';
import {
  computeRefund,
  decide,
  evolve,
  foldCase,
  isTerminal,
  unitShares,
  type AfterSalesCase,
  type Order,
  type OrderLine,
  type PayloadOf,
} from '../../../shared/domain';
import { command, ctx, makeOrder, refundInput, T0 } from './fixtures';
import { FLOWS, snapshots } from './paths';

/** 3 units of A at 400 fen less 100 fen discount and 100 fen coins: 1000 fen paid, which 3 does not divide. */
const UNEVEN: OrderLine = { id: 'L-U', sku: 'A', quantity: 3, unitPrice: 400, discount: 100, coins: 100, paid: 1000 };

function unevenOrder(): Order {
  // Unit price 400 × 3 = 1200 = paid 1000 + discount 100 + coins 100. No shipping fee and no
  // invoice, so the cash of each refund is exactly its goods share.
  return { ...makeOrder('completed'), lines: [UNEVEN], shippingFee: 0, invoiceIssued: false };
}

/** Applies for a refund of `quantity` units of L-U, approves it and pays it; returns the completed case. */
function refundUnits(order: Order, caseId: string, quantity: number, earlier: readonly AfterSalesCase[]): AfterSalesCase {
  const applied = decide(
    undefined,
    command('buyer.apply', { orderId: 'O1', lineId: 'L-U', caseType: 'refund_only', quantity, reason: 'quality_issue', description: '', evidence: [] }, { caseId }),
    ctx(order, T0, earlier),
  );
  if (!applied.ok) throw new Error(JSON.stringify(applied.rejection));
  let c = foldCase(applied.events);
  for (const step of [command('cs.approve', {}, { c }), null] as const) {
    const cmd = step ?? command('finance.approve_refund', { reference: `PAY-${caseId}` }, { c });
    const d = decide(c, cmd, ctx(order, T0, earlier));
    if (!d.ok) throw new Error(JSON.stringify(d.rejection));
    for (const e of d.events) c = evolve(c, e);
  }
  expect(c.state).toBe('completed');
  return c;
}

describe('successive partial refunds on a line that does not split evenly', () => {
  it('the rule book splits 1000 fen over 3 units as 334 + 333 + 333 (extra fen on the first units) and coins 100 as 33 + 33 + 34', () => {
    expect(unitShares(1000, 3)).toEqual([334, 333, 333]);
    const shares = [0, 1, 2].map((done) => computeRefund(refundInput(unevenOrder(), { line: UNEVEN, reason: 'quality_issue', physicalReturn: false, unitsAlreadyRefunded: done, orderUnitsRefunded: done })));
    expect(shares.map((r) => r.goods)).toEqual([334, 333, 333]);
    expect(shares.map((r) => r.coins)).toEqual([33, 33, 34]);
  });

  it('three one-unit refunds through decide pay 334, 333 and 333 fen — exactly the 1000 fen paid — and coins 33, 33, 34', () => {
    const order = unevenOrder();
    const done: AfterSalesCase[] = [];
    for (const id of ['RMA-U1', 'RMA-U2', 'RMA-U3']) done.push(refundUnits(order, id, 1, done));
    expect(done.map((c) => c.refund?.goods)).toEqual([334, 333, 333]);
    expect(done.map((c) => c.refund?.cash)).toEqual([334, 333, 333]);
    expect(done.map((c) => c.refund?.coins)).toEqual([33, 33, 34]);
    expect(done.reduce((s, c) => s + (c.refund?.cash ?? 0), 0)).toBe(UNEVEN.paid);
    expect(done.reduce((s, c) => s + (c.refund?.coins ?? 0), 0)).toBe(UNEVEN.coins);
  });

  it('two units then one pay 667 then 333; one unit then two pay 334 then 666', () => {
    const order = unevenOrder();
    const a1 = refundUnits(order, 'RMA-A1', 2, []);
    const a2 = refundUnits(order, 'RMA-A2', 1, [a1]);
    expect([a1.refund?.cash, a2.refund?.cash]).toEqual([667, 333]);
    expect([a1.refund?.coins, a2.refund?.coins]).toEqual([66, 34]);
    const b1 = refundUnits(order, 'RMA-B1', 1, []);
    const b2 = refundUnits(order, 'RMA-B2', 2, [b1]);
    expect([b1.refund?.cash, b2.refund?.cash]).toEqual([334, 666]);
    expect([b1.refund?.coins, b2.refund?.coins]).toEqual([33, 67]);
  });

  it('a refund still awaiting payment is active on the line: a second application waits for it', () => {
    const order = unevenOrder();
    const first = refundUnits(order, 'RMA-P1', 1, []);
    const pending: AfterSalesCase = { ...first, state: 'awaiting_refund' };
    const applied = decide(
      undefined,
      command('buyer.apply', { orderId: 'O1', lineId: 'L-U', caseType: 'refund_only', quantity: 1, reason: 'quality_issue', description: '', evidence: [] }, { caseId: 'RMA-P2' }),
      ctx(order, T0, [pending]),
    );
    expect(applied.ok ? null : applied.rejection.code).toBe('active_case_exists');
  });
});

describe('one active case per line counts a case waiting after a rejection', () => {
  const apply = (caseId: string) =>
    command('buyer.apply', { orderId: 'O1', lineId: 'L-A', caseType: 'return_refund', quantity: 1, reason: 'quality_issue', description: '', evidence: [] }, { caseId });

  it('a second application on the line is refused while the first is rejected, and accepted once it is closed', () => {
    const order = makeOrder('completed');
    const d1 = decide(undefined, apply('RMA-R1'), ctx(order));
    if (!d1.ok) throw new Error(JSON.stringify(d1.rejection));
    let first = foldCase(d1.events);
    const rej = decide(first, command('cs.reject', { reason: 'no proof' }, { c: first }), ctx(order));
    if (!rej.ok) throw new Error(JSON.stringify(rej.rejection));
    for (const e of rej.events) first = evolve(first, e);
    expect(first.state).toBe('rejected');

    const second = decide(undefined, apply('RMA-R2'), ctx(order, T0, [first]));
    expect(second).toEqual({ ok: false, rejection: { code: 'active_case_exists', params: { lineId: 'L-A', caseId: 'RMA-R1' } } });

    const withdrawn = decide(first, command('buyer.withdraw', {}, { c: first }), ctx(order));
    if (!withdrawn.ok) throw new Error(JSON.stringify(withdrawn.rejection));
    for (const e of withdrawn.events) first = evolve(first, e);
    expect(isTerminal(first.state)).toBe(true);
    expect(decide(undefined, apply('RMA-R3'), ctx(order, T0, [first])).ok).toBe(true);
  });

  it('every reachable non-terminal state blocks a second application on the same line; terminal states never do', () => {
    const seen = new Set<string>();
    for (const snap of snapshots()) {
      const flow = FLOWS.find((f) => snap.label.startsWith(`${f.label}#`));
      if (!flow) throw new Error(`flow of ${snap.label}`);
      const second = decide(undefined, command('buyer.apply', flow.apply as PayloadOf<'buyer.apply'>, { caseId: `${snap.c.id}-2` }), ctx(snap.order, T0, [snap.c]));
      const code = second.ok ? null : second.rejection.code;
      if (isTerminal(snap.c.state)) expect(code, snap.label).not.toBe('active_case_exists');
      else {
        expect(code, `${snap.label} (${snap.c.state})`).toBe('active_case_exists');
        seen.add(snap.c.state);
      }
    }
    // The flows reach every non-terminal state, so the rule was checked in each of them.
    expect([...seen].sort()).toEqual(
      ['awaiting_buyer_confirmation', 'awaiting_buyer_shipment', 'awaiting_exchange_shipment', 'awaiting_receipt', 'awaiting_refund', 'disputed', 'pending_review', 'rejected'].sort(),
    );
  });
});
