/**
 * Transition coverage: from every state every case type can reach, try every command type (with
 * each payload variant) and record which are accepted and where they lead. The accepted set must
 * equal the transition table below, which is the state machine of DOMAIN.md §3 written out.
 */
import { describe, expect, it } from 'vitest';
import { CASE_STATES, CASE_TYPES, COMMAND_TYPES, decide, evolve, type CaseType } from '../../../shared/domain';
import { at, command, ctx, makeOrder, T0 } from './fixtures';
import { commandFor, payloadVariants, snapshots } from './paths';

/** `<case type> <from state> <command type> -> <to state>` */
const TRANSITIONS = [
  'cancel_after_payment none buyer.apply -> awaiting_refund',
  'cancel_after_payment none buyer.apply -> pending_review',
  'exchange none buyer.apply -> pending_review',
  'refund_only none buyer.apply -> pending_review',
  'repair none buyer.apply -> pending_review',
  'reship none buyer.apply -> pending_review',
  'return_refund none buyer.apply -> pending_review',
  'cancel_after_payment awaiting_refund cs.escalate -> awaiting_refund',
  'cancel_after_payment awaiting_refund cs.override_amount -> awaiting_refund',
  'cancel_after_payment awaiting_refund finance.approve_refund -> completed',
  'cancel_after_payment awaiting_refund finance.reject_refund -> pending_review',
  'cancel_after_payment pending_review buyer.modify -> pending_review',
  'cancel_after_payment pending_review buyer.withdraw -> closed',
  'cancel_after_payment pending_review cs.approve -> awaiting_refund',
  'cancel_after_payment pending_review cs.escalate -> pending_review',
  'cancel_after_payment pending_review cs.intercept_result -> awaiting_refund',
  'cancel_after_payment pending_review cs.intercept_result -> pending_review',
  'cancel_after_payment pending_review cs.reject -> rejected',
  'cancel_after_payment pending_review system.auto_approve -> awaiting_refund',
  'cancel_after_payment rejected buyer.modify -> pending_review',
  'cancel_after_payment rejected buyer.withdraw -> closed',
  'cancel_after_payment rejected cs.approve -> awaiting_refund',
  'cancel_after_payment rejected cs.escalate -> rejected',
  'cancel_after_payment rejected system.auto_close -> closed',
  'exchange awaiting_buyer_confirmation buyer.confirm_receipt -> completed',
  'exchange awaiting_buyer_confirmation cs.escalate -> awaiting_buyer_confirmation',
  'exchange awaiting_buyer_confirmation system.auto_confirm -> completed',
  'exchange awaiting_buyer_shipment buyer.ship_back -> awaiting_receipt',
  'exchange awaiting_buyer_shipment buyer.withdraw -> closed',
  'exchange awaiting_buyer_shipment cs.escalate -> awaiting_buyer_shipment',
  'exchange awaiting_buyer_shipment system.auto_close -> closed',
  'exchange awaiting_exchange_shipment cs.escalate -> awaiting_exchange_shipment',
  'exchange awaiting_exchange_shipment warehouse.ship_exchange -> awaiting_buyer_confirmation',
  'exchange awaiting_receipt buyer.withdraw -> closed',
  'exchange awaiting_receipt cs.escalate -> awaiting_receipt',
  'exchange awaiting_receipt system.auto_close -> closed',
  'exchange awaiting_receipt warehouse.raise_dispute -> disputed',
  'exchange awaiting_receipt warehouse.receive -> awaiting_exchange_shipment',
  'exchange awaiting_receipt warehouse.reject -> pending_review',
  'exchange awaiting_refund cs.override_amount -> awaiting_refund',
  'exchange awaiting_refund finance.approve_refund -> completed',
  'exchange awaiting_refund finance.reject_refund -> awaiting_receipt',
  'exchange disputed cs.resolve_dispute -> awaiting_refund',
  'exchange disputed cs.resolve_dispute -> closed',
  'exchange pending_review buyer.modify -> pending_review',
  'exchange pending_review buyer.withdraw -> closed',
  'exchange pending_review cs.approve -> awaiting_buyer_shipment',
  'exchange pending_review cs.approve -> awaiting_exchange_shipment',
  'exchange pending_review cs.escalate -> pending_review',
  'exchange pending_review cs.reject -> rejected',
  'exchange pending_review system.auto_approve -> awaiting_buyer_shipment',
  'exchange pending_review system.auto_approve -> awaiting_exchange_shipment',
  'exchange rejected buyer.modify -> pending_review',
  'exchange rejected buyer.withdraw -> closed',
  'exchange rejected cs.approve -> awaiting_buyer_shipment',
  'exchange rejected cs.escalate -> rejected',
  'exchange rejected system.auto_close -> closed',
  'refund_only awaiting_refund cs.escalate -> awaiting_refund',
  'refund_only awaiting_refund cs.override_amount -> awaiting_refund',
  'refund_only awaiting_refund finance.approve_refund -> completed',
  'refund_only awaiting_refund finance.reject_refund -> pending_review',
  'refund_only pending_review buyer.modify -> pending_review',
  'refund_only pending_review buyer.withdraw -> closed',
  'refund_only pending_review cs.approve -> awaiting_refund',
  'refund_only pending_review cs.create_reship -> awaiting_exchange_shipment',
  'refund_only pending_review cs.escalate -> pending_review',
  'refund_only pending_review cs.intercept_result -> awaiting_refund',
  'refund_only pending_review cs.intercept_result -> pending_review',
  'refund_only pending_review cs.reject -> rejected',
  'refund_only pending_review system.auto_approve -> awaiting_refund',
  'refund_only rejected buyer.modify -> pending_review',
  'refund_only rejected buyer.withdraw -> closed',
  'refund_only rejected cs.approve -> awaiting_refund',
  'refund_only rejected cs.escalate -> rejected',
  'refund_only rejected system.auto_close -> closed',
  'repair awaiting_buyer_confirmation buyer.confirm_receipt -> completed',
  'repair awaiting_buyer_confirmation cs.escalate -> awaiting_buyer_confirmation',
  'repair awaiting_buyer_confirmation system.auto_confirm -> completed',
  'repair awaiting_buyer_shipment buyer.ship_back -> awaiting_receipt',
  'repair awaiting_buyer_shipment buyer.withdraw -> closed',
  'repair awaiting_buyer_shipment cs.escalate -> awaiting_buyer_shipment',
  'repair awaiting_buyer_shipment system.auto_close -> closed',
  'repair awaiting_exchange_shipment cs.escalate -> awaiting_exchange_shipment',
  'repair awaiting_exchange_shipment warehouse.ship_exchange -> awaiting_buyer_confirmation',
  'repair awaiting_receipt buyer.withdraw -> closed',
  'repair awaiting_receipt cs.escalate -> awaiting_receipt',
  'repair awaiting_receipt system.auto_close -> closed',
  'repair awaiting_receipt warehouse.raise_dispute -> disputed',
  'repair awaiting_receipt warehouse.receive -> awaiting_exchange_shipment',
  'repair awaiting_receipt warehouse.reject -> pending_review',
  'repair awaiting_refund cs.escalate -> awaiting_refund',
  'repair awaiting_refund cs.override_amount -> awaiting_refund',
  'repair awaiting_refund finance.approve_refund -> completed',
  'repair awaiting_refund finance.reject_refund -> awaiting_receipt',
  'repair disputed cs.escalate -> disputed',
  'repair disputed cs.resolve_dispute -> awaiting_refund',
  'repair disputed cs.resolve_dispute -> closed',
  'repair pending_review buyer.modify -> pending_review',
  'repair pending_review buyer.withdraw -> closed',
  'repair pending_review cs.approve -> awaiting_buyer_shipment',
  'repair pending_review cs.escalate -> pending_review',
  'repair pending_review cs.reject -> rejected',
  'repair pending_review system.auto_approve -> awaiting_buyer_shipment',
  'repair rejected buyer.modify -> pending_review',
  'repair rejected buyer.withdraw -> closed',
  'repair rejected cs.approve -> awaiting_buyer_shipment',
  'repair rejected cs.escalate -> rejected',
  'repair rejected system.auto_close -> closed',
  'reship awaiting_buyer_confirmation buyer.confirm_receipt -> completed',
  'reship awaiting_buyer_confirmation cs.escalate -> awaiting_buyer_confirmation',
  'reship awaiting_buyer_confirmation system.auto_confirm -> completed',
  'reship awaiting_exchange_shipment cs.escalate -> awaiting_exchange_shipment',
  'reship awaiting_exchange_shipment finance.record_carrier_compensation -> awaiting_exchange_shipment',
  'reship awaiting_exchange_shipment warehouse.ship_reship -> awaiting_buyer_confirmation',
  'reship pending_review buyer.modify -> pending_review',
  'reship pending_review buyer.withdraw -> closed',
  'reship pending_review cs.create_reship -> awaiting_exchange_shipment',
  'reship pending_review cs.escalate -> pending_review',
  'reship pending_review cs.reject -> rejected',
  'reship rejected buyer.modify -> pending_review',
  'reship rejected buyer.withdraw -> closed',
  'reship rejected cs.create_reship -> awaiting_exchange_shipment',
  'reship rejected cs.escalate -> rejected',
  'reship rejected system.auto_close -> closed',
  'return_refund awaiting_buyer_shipment buyer.ship_back -> awaiting_receipt',
  'return_refund awaiting_buyer_shipment buyer.withdraw -> closed',
  'return_refund awaiting_buyer_shipment cs.escalate -> awaiting_buyer_shipment',
  'return_refund awaiting_buyer_shipment system.auto_close -> closed',
  'return_refund awaiting_receipt buyer.withdraw -> closed',
  'return_refund awaiting_receipt cs.escalate -> awaiting_receipt',
  'return_refund awaiting_receipt system.auto_close -> closed',
  'return_refund awaiting_receipt warehouse.raise_dispute -> disputed',
  'return_refund awaiting_receipt warehouse.receive -> awaiting_refund',
  'return_refund awaiting_receipt warehouse.reject -> pending_review',
  'return_refund awaiting_refund cs.escalate -> awaiting_refund',
  'return_refund awaiting_refund cs.override_amount -> awaiting_refund',
  'return_refund awaiting_refund finance.approve_refund -> completed',
  'return_refund awaiting_refund finance.reject_refund -> awaiting_receipt',
  'return_refund awaiting_refund finance.reject_refund -> pending_review',
  'return_refund disputed cs.escalate -> disputed',
  'return_refund disputed cs.resolve_dispute -> awaiting_refund',
  'return_refund disputed cs.resolve_dispute -> closed',
  'return_refund pending_review buyer.modify -> pending_review',
  'return_refund pending_review buyer.withdraw -> closed',
  'return_refund pending_review cs.approve -> awaiting_buyer_shipment',
  'return_refund pending_review cs.approve -> awaiting_receipt',
  'return_refund pending_review cs.approve -> awaiting_refund',
  'return_refund pending_review cs.escalate -> pending_review',
  'return_refund pending_review cs.reject -> rejected',
  'return_refund pending_review system.auto_approve -> awaiting_buyer_shipment',
  'return_refund pending_review system.auto_approve -> awaiting_receipt',
  'return_refund pending_review system.auto_approve -> awaiting_refund',
  'return_refund rejected buyer.modify -> pending_review',
  'return_refund rejected buyer.withdraw -> closed',
  'return_refund rejected cs.approve -> awaiting_buyer_shipment',
  'return_refund rejected cs.escalate -> rejected',
  'return_refund rejected system.auto_close -> closed',
];

/** States each case type can be in (reship and cancel never wait for goods). */
const STATES_BY_TYPE: Record<CaseType, string[]> = {
  cancel_after_payment: ['pending_review', 'rejected', 'awaiting_refund', 'completed', 'closed'],
  refund_only: ['pending_review', 'rejected', 'awaiting_refund', 'completed', 'closed'],
  return_refund: ['pending_review', 'rejected', 'awaiting_buyer_shipment', 'awaiting_receipt', 'disputed', 'awaiting_refund', 'completed', 'closed'],
  exchange: ['pending_review', 'rejected', 'awaiting_buyer_shipment', 'awaiting_receipt', 'disputed', 'awaiting_refund', 'awaiting_exchange_shipment', 'awaiting_buyer_confirmation', 'completed', 'closed'],
  reship: ['pending_review', 'rejected', 'awaiting_exchange_shipment', 'awaiting_buyer_confirmation', 'completed', 'closed'],
  repair: ['pending_review', 'rejected', 'awaiting_buyer_shipment', 'awaiting_receipt', 'disputed', 'awaiting_refund', 'awaiting_exchange_shipment', 'awaiting_buyer_confirmation', 'completed', 'closed'],
};

/**
 * Back-office bookkeeping that leaves the state as it is: an internal note in any state (an ended
 * case too), the owner in customer service in any open state.
 */
function bookkeeping(): string[] {
  const held = new Set(snapshots().map((s) => `${s.c.type} ${s.c.state}`));
  return [...held].flatMap((key) => {
    const state = key.split(' ')[1] as string;
    return [`${key} cs.add_note -> ${state}`, ...(['completed', 'closed'].includes(state) ? [] : [`${key} cs.assign -> ${state}`])];
  });
}

function explore(): { transitions: Set<string>; states: Set<string>; pairsTried: number } {
  const transitions = new Set<string>();
  const states = new Set<string>();
  let pairsTried = 0;
  // Applications: every case type, plus the early cancel that is approved at once.
  const applies: Array<[CaseType, string, string, string]> = [
    ['cancel_after_payment', 'awaiting_shipment', 'L-A', 'changed_mind'],
    ['refund_only', 'awaiting_shipment', 'L-A', 'changed_mind'],
    ['return_refund', 'completed', 'L-A', 'quality_issue'],
    ['exchange', 'completed', 'L-A', 'size_or_fit'],
    ['reship', 'shipped', 'L-A', 'missing_item'],
    ['repair', 'completed', 'L-A', 'quality_issue'],
  ];
  for (const [caseType, orderState, lineId, reason] of applies) {
    const order = makeOrder(orderState as 'completed');
    for (const now of [T0, at(order.paidAt ?? T0, 0.25)]) {
      const d = decide(undefined, command('buyer.apply', { orderId: 'O1', lineId, caseType, quantity: 1, reason: reason as 'other', description: '', evidence: [] }), ctx(order, now));
      if (!d.ok) continue;
      let c = undefined;
      for (const e of d.events) c = evolve(c, e);
      if (c) transitions.add(`${caseType} none buyer.apply -> ${c.state}`);
    }
  }
  for (const s of snapshots()) {
    states.add(`${s.c.type}:${s.c.state}`);
    // Far enough in the future for every system deadline to be due.
    const now = at(T0, 24 * 400);
    for (const type of COMMAND_TYPES) {
      for (const payload of payloadVariants(type, s.c)) {
        pairsTried += 1;
        const d = decide(s.c, commandFor(type, payload, s.c, now), ctx(s.order, now));
        if (!d.ok) continue;
        let n = s.c;
        for (const e of d.events) n = evolve(n, e);
        transitions.add(`${s.c.type} ${s.c.state} ${type} -> ${n.state}`);
        states.add(`${n.type}:${n.state}`);
      }
    }
  }
  return { transitions, states, pairsTried };
}

describe('state machine coverage', () => {
  const result = explore();

  it('reaches every state of every case type', () => {
    for (const type of CASE_TYPES) {
      const reached = [...result.states].filter((s) => s.startsWith(`${type}:`)).map((s) => s.slice(type.length + 1));
      expect(reached.sort(), type).toEqual([...STATES_BY_TYPE[type]].sort());
    }
    const allStates = new Set([...result.states].map((s) => s.split(':')[1]));
    expect([...allStates].sort()).toEqual([...CASE_STATES].sort());
  });

  it('accepts exactly the transitions of the table, and exercises each of them', () => {
    const accepted = [...result.transitions].sort();
    console.log(`transition coverage: ${accepted.length} distinct (case type, state, command → state) transitions exercised; ${result.pairsTried} (state, command, payload) combinations tried`);
    const bookkept = bookkeeping();
    expect(accepted).toEqual([...TRANSITIONS, ...bookkept].sort());
    expect(accepted.length - bookkept.length).toBe(157);
  });

  it('accepts no command in a terminal state but an internal note, which changes nothing', () => {
    const terminal = [...result.transitions].filter((t) => / (completed|closed) [a-z_.]+ -> /.test(t));
    expect(terminal.filter((t) => !t.includes(' cs.add_note -> '))).toEqual([]);
    expect(terminal.every((t) => / (completed|closed) cs\.add_note -> \1$/.test(t))).toBe(true);
    expect(terminal.length).toBeGreaterThanOrEqual(6);
  });
});
