/**
 * Which customer-service actions are offered, per role and case state: asked of the rule book.
 * Each row is a situation a case really reaches through the rules (not a hand-made state).
 */
import { describe, expect, it } from 'vitest';
import { isTerminal, type Actor, type AfterSalesCase, type Role } from '../../../../shared/domain';
import { availableCsCommands, type CsCommandType } from '../../../../renderer/src/views/cs/availability';
import { BUYER, CS, RETURN_ADDRESS, WAREHOUSE, command, wireOrder } from '../../sync/fixtures';
import { inspection } from '../../../shared/domain/inspection';
import { caseOn, contextOf, wireOrderIn } from './support';

const ADMIN: Actor = { id: 'staff-admin', role: 'admin' };
const FINANCE: Actor = { id: 'staff-fin1', role: 'finance' };
const ACTORS: Record<Exclude<Role, 'system'>, Actor> = { cs: CS, admin: ADMIN, warehouse: WAREHOUSE, finance: FINANCE, buyer: BUYER };

const completed = wireOrder('O1');
const returns = { caseType: 'return_refund', reason: 'quality_issue' };
const approve = command('cs.approve', 'C', 1, { returnAddress: RETURN_ADDRESS }, CS);
const shipBack = command('buyer.ship_back', 'C', 2, { carrier: 'SF', trackingNumber: 'SF1234567890' }, BUYER);
const received = inspection({ checklist: { seals: true }, weightGrams: 1200, disposition: { kind: 'restock', location: 'A-1' } });

interface Situation {
  name: string;
  wire: Record<string, unknown>;
  c: AfterSalesCase;
  cs: CsCommandType[];
}

const situations: Situation[] = [
  { name: 'return pending review', wire: completed, c: caseOn(completed, 'C', returns), cs: ['cs.approve', 'cs.reject', 'cs.escalate'] },
  { name: 'rejected, awaiting the buyer', wire: completed, c: caseOn(completed, 'C', returns, [command('cs.reject', 'C', 1, { reason: 'x' }, CS)]), cs: ['cs.escalate'] },
  {
    name: 'rejected and escalated (platform may overturn)',
    wire: completed,
    c: caseOn(completed, 'C', returns, [command('cs.reject', 'C', 1, { reason: 'x' }, CS), command('cs.escalate', 'C', 2, { reason: 'y' }, CS)]),
    cs: ['cs.approve'],
  },
  { name: 'awaiting the buyer’s shipment', wire: completed, c: caseOn(completed, 'C', returns, [approve]), cs: ['cs.escalate'] },
  { name: 'awaiting receipt', wire: completed, c: caseOn(completed, 'C', returns, [approve, shipBack]), cs: ['cs.escalate'] },
  {
    name: 'disputed by the warehouse',
    wire: completed,
    c: caseOn(completed, 'C', returns, [approve, shipBack, command('warehouse.raise_dispute', 'C', 3, { category: 'empty_parcel', notes: '', photos: [] }, WAREHOUSE)]),
    cs: ['cs.resolve_dispute', 'cs.escalate'],
  },
  { name: 'awaiting refund', wire: completed, c: caseOn(completed, 'C', returns, [approve, shipBack, command('warehouse.receive', 'C', 3, { inspection: received }, WAREHOUSE)]), cs: ['cs.override_amount', 'cs.escalate'] },
  { name: 'withdrawn (closed)', wire: completed, c: caseOn(completed, 'C', returns, [command('buyer.withdraw', 'C', 1, {}, BUYER)]), cs: [] },
  {
    name: 'cancel after payment, pending review',
    wire: wireOrderIn('O2', 'awaiting_shipment'),
    c: caseOn(wireOrderIn('O2', 'awaiting_shipment'), 'C', { caseType: 'cancel_after_payment', reason: 'changed_mind' }),
    cs: ['cs.approve', 'cs.reject', 'cs.intercept_result', 'cs.escalate'],
  },
  {
    name: 'refund only on a shipped, unsigned order (parcel not received)',
    wire: wireOrderIn('O3', 'shipped'),
    c: caseOn(wireOrderIn('O3', 'shipped'), 'C', { caseType: 'refund_only', reason: 'not_received' }),
    cs: ['cs.approve', 'cs.reject', 'cs.create_reship', 'cs.escalate'],
  },
];

describe('customer-service actions offered, from the rule book', () => {
  for (const s of situations) {
    it.each(Object.entries(ACTORS))(`${s.name}: %s`, (role, actor) => {
      // Bookkeeping on top of the decisions: an owner on every open case, a note on every case.
      const bookkeeping: CsCommandType[] = isTerminal(s.c.state) ? ['cs.add_note'] : ['cs.add_note', 'cs.assign'];
      const expected = role === 'cs' || role === 'admin' ? [...s.cs, ...bookkeeping] : [];
      expect(availableCsCommands(s.c, actor, contextOf(s.wire)).commands).toEqual(expected);
    });
  }

  it('says when an approval needs a return address (the goods come back) and when it does not', () => {
    const ret = situations[0]!;
    expect(availableCsCommands(ret.c, CS, contextOf(ret.wire)).approvalNeedsAddress).toBe(true);
    const cancel = situations.find((s) => s.name.startsWith('cancel'))!;
    expect(availableCsCommands(cancel.c, CS, contextOf(cancel.wire)).approvalNeedsAddress).toBe(false);
  });
});
