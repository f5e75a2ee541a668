/**
 * What an actor may do to a case now (可执行操作), asked of `decide` itself: every command type
 * the actor's role may issue is decided, with a small valid payload, against the case and its
 * context; the accepted ones are available. The payloads below only fill the command's shape —
 * every condition comes from `decide`, so a view that shows these cannot disagree with the rules.
 *
 * "Available" means some payload would be accepted: the payload the user then enters (an amount,
 * the counted goods) is decided on its own when the command is issued.
 */
import type { Command, CommandType, PayloadOf } from './commands';
import { decide, type DecideContext } from './decide';
import type { Actor, AfterSalesCase, ReturnAddress } from './model';
import { PERMISSIONS } from './permissions';
import type { Rejection } from './rejections';

export type CommandCheck = { ok: true } | { ok: false; rejection: Rejection };

/** A command id no client or server ever issues (so `duplicate_command` never answers a probe). */
const PROBE_ID = '\u0000probe';
const REASON = 'probe';
const TRACKING = { carrier: 'probe', trackingNumber: 'PROBE-000' };
const PROBE_OWNER = 'probe-owner';
const ADDRESS: ReturnAddress = { warehouseId: 'probe', name: 'probe', phone: 'probe', address: 'probe' };

type Probe<T extends CommandType> = (c: AfterSalesCase, ctx: DecideContext, actor: Actor) => PayloadOf<T>;

/** One valid payload per command type (the mapped type makes a new command type add its own). */
const PROBES: { [T in CommandType]: Probe<T> } = {
  'buyer.apply': (c) => ({ orderId: c.orderId, lineId: c.lineId, caseType: c.type, quantity: c.quantity, reason: c.reason, description: '', evidence: [] }),
  'buyer.modify': () => ({}),
  'buyer.withdraw': () => ({}),
  'buyer.ship_back': () => ({ ...TRACKING, invoiceReturned: false }),
  'buyer.confirm_receipt': () => ({}),
  // An approval needs a return address only when the case has none and the policy names none.
  'cs.approve': (c, ctx) => ({ returnAddress: c.returnAddress ?? ctx.policy.defaultReturnAddress ?? ADDRESS }),
  'cs.reject': () => ({ reason: REASON }),
  'cs.intercept_result': () => ({ intercepted: false }),
  'cs.create_reship': () => ({ cause: 'missing_item' }),
  'cs.resolve_dispute': () => ({ resolution: 'return_to_buyer', reason: REASON }),
  'cs.override_amount': () => ({ cash: 0, kind: 'override', reason: REASON }),
  'cs.escalate': () => ({ reason: REASON }),
  'cs.add_note': () => ({ text: REASON }),
  // Whether the actor may change the owner at all: an agent takes an unowned case or releases
  // their own (the supervisor's probe names someone new; who exactly is chosen in the form).
  'cs.assign': (c, _ctx, actor) => ({ owner: actor.role === 'admin' ? ((c.owner ?? null) === PROBE_OWNER ? null : PROBE_OWNER) : (c.owner ?? null) === null ? actor.id : (c.owner ?? null) === actor.id ? null : actor.id }),
  // The goods the case expects, exactly: whether what was counted fits is decided on the real inspection.
  'warehouse.receive': (c) => ({
    inspection: {
      received: [{ sku: c.sku, quantity: c.quantity }],
      condition: 'new',
      checklist: { packaging: null, seals: null, accessories: null, serialNumber: null },
      weightGrams: 0,
      photos: [],
      notes: '',
      disposition: { kind: 'scrap' },
    },
  }),
  'warehouse.reject': () => ({ reason: REASON }),
  'warehouse.raise_dispute': () => ({ category: 'empty_parcel', notes: '', photos: [] }),
  'warehouse.ship_exchange': () => TRACKING,
  'warehouse.ship_reship': () => TRACKING,
  'finance.approve_refund': () => ({ reference: '' }),
  'finance.reject_refund': () => ({ reason: REASON }),
  'finance.record_carrier_compensation': () => ({ amount: 0, claimRef: REASON }),
  'system.auto_close': () => ({}),
  'system.auto_approve': () => ({}),
  'system.auto_confirm': () => ({}),
};

/** The command `checkCommand` decides: `type` on `c` by `actor` now, with a small valid payload. */
export function probeCommand<T extends CommandType>(c: AfterSalesCase, type: T, actor: Actor, ctx: DecideContext): Command {
  const payload = (PROBES[type] as Probe<T>)(c, ctx, actor);
  return { id: PROBE_ID, type, caseId: c.id, baseVersion: c.version, occurredAt: ctx.now, actor, payload } as Command;
}

/** Whether `decide` would accept a command of this type from `actor` on `c` now, and why not. */
export function checkCommand(c: AfterSalesCase, type: CommandType, actor: Actor, ctx: DecideContext): CommandCheck {
  const decision = decide(c, probeCommand(c, type, actor, ctx), ctx);
  return decision.ok ? { ok: true } : { ok: false, rejection: decision.rejection };
}

/** The command types `decide` would accept from `actor` on `c` now, in `COMMAND_TYPES` order. */
export function availableCommands(c: AfterSalesCase, actor: Actor, ctx: DecideContext): CommandType[] {
  return PERMISSIONS[actor.role].filter((type) => checkCommand(c, type, actor, ctx).ok);
}

/** Whether the warehouse `actor` may receive the goods of `c` now (state, warehouse, case, context). */
export function canReceive(c: AfterSalesCase, actor: Actor, ctx: DecideContext): CommandCheck {
  return checkCommand(c, 'warehouse.receive', actor, ctx);
}
