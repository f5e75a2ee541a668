/**
 * A tiny stand-in for the after-sales rules, enough to exercise the sync machinery: a return
 * case that goes pending_review → awaiting_buyer_shipment → awaiting_receipt → awaiting_refund →
 * completed, a CS rejection, and a note that is legal in every open state.
 */
import { z } from 'zod';
import type { ActorRole } from '../../../server/auth/roles';
import type { CaseRules, CommandEnvelope, Decision, EventEnvelope, Rejection, Validation } from '../../../server/sync/engine-port';

export interface FakeCase {
  id: string;
  orderId: string;
  lineId: string;
  state: string;
  quantity: number;
  trackingNumber: string | null;
  notes: string[];
  version: number;
  history: { type: string; by: string; role: string }[];
}

const payloads = {
  'buyer.apply': z.object({ orderId: z.string().min(1), lineId: z.string().min(1), quantity: z.number().int().positive() }),
  'cs.approve': z.object({}),
  'cs.reject': z.object({ reason: z.string().min(1) }),
  'buyer.ship_back': z.object({ trackingNumber: z.string().min(6) }),
  'warehouse.receive': z.object({}),
  'finance.approve_refund': z.object({}),
  'cs.note': z.object({ text: z.string().min(1) }),
  'cs.explode': z.object({}),
} as const;
type FakeType = keyof typeof payloads;

export const FAKE_ROLES: Readonly<Record<FakeType, readonly ActorRole[]>> = {
  'buyer.apply': ['buyer'],
  'cs.approve': ['cs', 'admin'],
  'cs.reject': ['cs', 'admin'],
  'buyer.ship_back': ['buyer'],
  'warehouse.receive': ['warehouse'],
  'finance.approve_refund': ['finance'],
  'cs.note': ['cs', 'admin', 'warehouse', 'finance'],
  'cs.explode': ['cs', 'admin', 'warehouse', 'finance', 'buyer'],
};
export const FAKE_COMMAND_TYPES = Object.keys(FAKE_ROLES) as FakeType[];

const isFakeType = (type: string): type is FakeType => type in payloads;

type FakeCommand = CommandEnvelope & { type: FakeType; payload: Record<string, unknown> };

const reject = (code: string, params: Rejection['params'] = {}): Decision => ({ ok: false, rejection: { code, params } });

const TRANSITIONS: Partial<Record<FakeType, { from: string; event: string }>> = {
  'cs.approve': { from: 'pending_review', event: 'case.approved' },
  'cs.reject': { from: 'pending_review', event: 'case.rejected' },
  'buyer.ship_back': { from: 'awaiting_buyer_shipment', event: 'case.return_shipped' },
  'warehouse.receive': { from: 'awaiting_receipt', event: 'case.goods_received' },
  'finance.approve_refund': { from: 'awaiting_refund', event: 'case.refund_approved' },
};

const NEXT: Readonly<Record<string, string>> = {
  'case.approved': 'awaiting_buyer_shipment',
  'case.rejected': 'rejected',
  'case.return_shipped': 'awaiting_receipt',
  'case.goods_received': 'awaiting_refund',
  'case.refund_approved': 'completed',
};

export const fakeRules: CaseRules<FakeCase, FakeCommand, { orderExists: boolean }> = {
  allowedRoles: (type) => (isFakeType(type) ? FAKE_ROLES[type] : null),

  validate(command): Validation<FakeCommand> {
    if (!isFakeType(command.type)) return { ok: false, rejection: { code: 'payload_invalid', params: {} } };
    const parsed = payloads[command.type].safeParse(command.payload);
    if (!parsed.success) return { ok: false, rejection: { code: 'payload_invalid', params: { issues: parsed.error.issues.length } } };
    const payload: Record<string, unknown> = { ...parsed.data };
    return { ok: true, command: { ...command, type: command.type, payload } };
  },

  async loadContext(tx, command) {
    if (command.type !== 'buyer.apply') return { orderExists: true };
    const rows = await tx.query('SELECT 1 FROM orders WHERE id = $1', [command.payload.orderId]);
    return { orderExists: rows.length > 0 };
  },

  // The batch form: one query for the orders every application of the batch names.
  async loadBatch(tx, items) {
    const orderIds = [...new Set(items.flatMap(({ command }) => (command.type === 'buyer.apply' ? [String(command.payload.orderId)] : [])))];
    const rows = orderIds.length > 0 ? await tx.query<{ id: string }>('SELECT id FROM orders WHERE id = ANY($1::text[])', [orderIds]) : [];
    const found = new Set(rows.map((r) => r.id));
    return {
      contextOf: (command) => ({ orderExists: command.type !== 'buyer.apply' || found.has(String(command.payload.orderId)) }),
      applied: () => undefined,
    };
  },

  decide(state, command, ctx) {
    if (command.type === 'cs.explode') throw new Error('rules bug');
    if (command.type === 'buyer.apply') {
      if (state) return reject('case_already_exists');
      if (!ctx.extra.orderExists) return reject('order_mismatch', { orderId: String(command.payload.orderId) });
      return { ok: true, events: [{ type: 'case.applied', data: { ...command.payload } }] };
    }
    if (!state) return reject('case_not_found');
    if (state.state === 'completed' || state.state === 'rejected') return reject('case_terminal', { state: state.state });
    if (command.type === 'cs.note') return { ok: true, events: [{ type: 'case.noted', data: { text: command.payload.text } }] };
    const transition = TRANSITIONS[command.type];
    if (!transition || transition.from !== state.state) return reject('invalid_state', { state: state.state });
    // Receiving also records a note: two events from one command.
    if (command.type === 'warehouse.receive') {
      return { ok: true, events: [{ type: transition.event, data: {} }, { type: 'case.noted', data: { text: 'received' } }] };
    }
    return { ok: true, events: [{ type: transition.event, data: { ...command.payload } }] };
  },

  evolve(state, event: EventEnvelope) {
    const data = (event.data ?? {}) as Record<string, unknown>;
    const entry = { type: event.type, by: event.actor.id, role: event.actor.role };
    if (event.type === 'case.applied' || !state) {
      return {
        id: event.caseId,
        orderId: String(data.orderId),
        lineId: String(data.lineId),
        state: 'pending_review',
        quantity: Number(data.quantity),
        trackingNumber: null,
        notes: [],
        version: event.version,
        history: [entry],
      };
    }
    const next: FakeCase = { ...state, version: event.version, history: [...state.history, entry] };
    if (event.type === 'case.noted') next.notes = [...state.notes, String(data.text)];
    if (event.type === 'case.return_shipped') next.trackingNumber = String(data.trackingNumber);
    const nextState = NEXT[event.type];
    if (nextState) next.state = nextState;
    return next;
  },

  index: (state) => ({ type: 'return_refund', state: state.state, orderId: state.orderId, lineId: state.lineId, returnTrackingNo: state.trackingNumber }),
};
