/**
 * The rule book of a return parcel (退货包裹): `decideParcel(parcel, command, context)` → events or
 * a typed rejection, `evolveParcel(parcel, event)` → parcel. Pure, like `decide`/`evolve` of a
 * case, and run by the server (authoritative) and the offline workstation (optimistic) alike.
 *
 * Matching checks the case with the warehouse rules of `./warehouse.ts`: it must wait for its
 * goods, and its return parcel must be addressed to the parcel's warehouse. A differing return
 * tracking number does not block a match: that is exactly why a parcel stays unmatched (the buyer
 * entered another number, or none), and a person matching it by hand has the goods in front of them.
 */
import { z } from 'zod';
import type { Actor, IsoTime, ReturnParcel, AfterSalesCase } from './model';
import type { Policy } from './policy';
import { reject, type Rejection } from './rejections';
import { canIssueParcel, ParcelCommandSchema, type ParcelCommand } from './parcel-commands';
import { normalizeTrackingNumber, registerUnmatchedParcel } from './parcels';
import { awaitsGoods, warehouseMismatch } from './warehouse';

/** A parcel as its events left it. */
export interface Parcel extends ReturnParcel {
  version: number;
  /** Shelf it waits on ('' once it went with its case). */
  shelf: string;
  disposedAt: IsoTime | null;
  disposalReason: string | null;
  /** Ids of the commands applied to it (idempotency). */
  commandIds: string[];
  updatedAt: IsoTime;
}

export interface ParcelEventData {
  'parcel.registered': { trackingNumber: string; carrier: string | null; warehouseId: string; shelf: string; notes: string; photos: string[] };
  'parcel.matched': { caseId: string };
  'parcel.shelf_moved': { from: string; to: string };
  'parcel.disposed': { reason: string };
}
export type ParcelEventType = keyof ParcelEventData;

export type ParcelEvent = {
  [T in ParcelEventType]: { type: T; parcelId: string; version: number; occurredAt: IsoTime; actor: Actor; commandId: string; data: ParcelEventData[T] };
}[ParcelEventType];

export type ParcelDecision = { ok: true; events: ParcelEvent[] } | { ok: false; rejection: Rejection };

/** What a parcel decision needs besides the parcel. */
export interface ParcelContext {
  policy: Policy;
  /** Authoritative time (the holding period is judged against it). */
  now: IsoTime;
  /** For `parcel.match`: the case named, as the actor may see it (undefined: not found). */
  case?: AfterSalesCase | undefined;
  /** For `parcel.match`: the id of a parcel already matched to that case, if any. */
  caseParcelId?: string | null | undefined;
}

/** Validates an incoming parcel command at the boundary (shape, payload, defaults). */
export function validateParcelCommand(input: unknown): { ok: true; command: ParcelCommand } | { ok: false; rejection: Rejection } {
  const res = ParcelCommandSchema.safeParse(input);
  if (res.success) return { ok: true, command: res.data };
  const first = res.error.issues[0];
  return reject('payload_invalid', { path: first ? first.path.join('.') : '', message: first ? first.message : 'invalid command', issues: res.error.issues.length });
}

/** When the holding period of a parcel received at `receivedAt` is over. */
export function holdingEndsAt(receivedAt: IsoTime, policy: Policy): IsoTime {
  return new Date(Date.parse(receivedAt) + policy.parcels.holdingDays * 86_400_000).toISOString();
}

/** Whether `actor` works where the parcel lies (admin: everywhere). */
export function mayHandleParcel(actor: Actor, parcel: Pick<ReturnParcel, 'warehouseId'>): boolean {
  if (actor.role === 'admin') return true;
  return actor.role === 'warehouse' && actor.warehouseId !== undefined && actor.warehouseId === parcel.warehouseId;
}

function event<T extends ParcelEventType>(p: { id: string; version: number }, cmd: ParcelCommand, type: T, data: ParcelEventData[T]): ParcelDecision {
  return { ok: true, events: [{ type, parcelId: p.id, version: p.version + 1, occurredAt: cmd.occurredAt, actor: cmd.actor, commandId: cmd.id, data } as ParcelEvent] };
}

function decideRegister(cmd: Extract<ParcelCommand, { type: 'parcel.register' }>): ParcelDecision {
  const p = cmd.payload;
  const own = cmd.actor.role === 'warehouse' ? cmd.actor.warehouseId : undefined;
  if (cmd.actor.role === 'warehouse' && (own === undefined || (p.warehouseId !== undefined && p.warehouseId !== own))) {
    return reject('wrong_warehouse', { expected: own ?? null, actual: p.warehouseId ?? null });
  }
  const warehouseId = own ?? p.warehouseId;
  if (warehouseId === undefined) return reject('warehouse_required', {});
  const trackingNumber = normalizeTrackingNumber(p.trackingNumber);
  if (trackingNumber === '') return reject('payload_invalid', { path: 'payload.trackingNumber', message: 'empty tracking number', issues: 1 });
  return event({ id: cmd.parcelId, version: 0 }, cmd, 'parcel.registered', { trackingNumber, carrier: p.carrier, warehouseId, shelf: p.shelf, notes: p.notes, photos: p.photos });
}

/**
 * Decides a parcel command (`undefined` before `parcel.register`). Checks, in order: the role may
 * issue it; the parcel exists (or not, for register); the command was not applied before; the
 * actor works where the parcel lies; it was not disposed of; `baseVersion` matches; its own rule.
 */
export function decideParcel(parcel: Parcel | undefined, cmd: ParcelCommand, ctx: ParcelContext): ParcelDecision {
  if (!canIssueParcel(cmd.actor.role, cmd.type)) return reject('role_not_allowed', { role: cmd.actor.role, commandType: cmd.type });
  if (parcel === undefined) {
    if (cmd.type !== 'parcel.register') return reject('parcel_not_found', { parcelId: cmd.parcelId });
    if (cmd.baseVersion !== 0) return reject('version_conflict', { expected: cmd.baseVersion, actual: 0 });
    return decideRegister(cmd);
  }
  // Another warehouse's parcel answers exactly like a missing one.
  if (parcel.id !== cmd.parcelId || !mayHandleParcel(cmd.actor, parcel)) return reject('parcel_not_found', { parcelId: cmd.parcelId });
  if (parcel.commandIds.includes(cmd.id)) return reject('duplicate_command', { commandId: cmd.id });
  if (cmd.type === 'parcel.register') return reject('parcel_already_exists', { parcelId: parcel.id });
  if (parcel.status === 'disposed') return reject('parcel_disposed', { parcelId: parcel.id });
  if (cmd.baseVersion !== parcel.version) return reject('version_conflict', { expected: cmd.baseVersion, actual: parcel.version });

  switch (cmd.type) {
    case 'parcel.match': {
      if (parcel.status !== 'unmatched') return reject('invalid_state', { state: parcel.status, commandType: cmd.type });
      const c = ctx.case;
      if (c === undefined || c.id !== cmd.payload.caseId) return reject('case_not_found', { caseId: cmd.payload.caseId });
      if (!awaitsGoods(c)) return reject('invalid_state', { state: c.state, commandType: cmd.type });
      const elsewhere = warehouseMismatch(c, cmd.actor) ?? warehouseMismatch(c, { id: cmd.actor.id, role: 'warehouse', warehouseId: parcel.warehouseId });
      if (elsewhere) return { ok: false, rejection: elsewhere };
      if (ctx.caseParcelId && ctx.caseParcelId !== parcel.id) return reject('case_has_parcel', { caseId: c.id });
      return event(parcel, cmd, 'parcel.matched', { caseId: c.id });
    }
    case 'parcel.move_shelf':
      if (parcel.status !== 'unmatched') return reject('invalid_state', { state: parcel.status, commandType: cmd.type });
      if (parcel.shelf === cmd.payload.shelf) return { ok: true, events: [] };
      return event(parcel, cmd, 'parcel.shelf_moved', { from: parcel.shelf, to: cmd.payload.shelf });
    case 'parcel.dispose': {
      if (parcel.status !== 'unmatched') return reject('invalid_state', { state: parcel.status, commandType: cmd.type });
      const until = holdingEndsAt(parcel.receivedAt, ctx.policy);
      if (Date.parse(ctx.now) < Date.parse(until)) return reject('holding_period_not_over', { until, holdingDays: ctx.policy.parcels.holdingDays });
      return event(parcel, cmd, 'parcel.disposed', { reason: cmd.payload.reason });
    }
  }
}

/** Applies one parcel event (throws on an event that does not follow the parcel's version). */
export function evolveParcel(parcel: Parcel | undefined, e: ParcelEvent): Parcel {
  if (e.version !== (parcel?.version ?? 0) + 1) throw new Error(`parcel event version ${e.version} does not follow ${parcel?.version ?? 0}`);
  const stamp = { version: e.version, updatedAt: e.occurredAt };
  if (e.type === 'parcel.registered') {
    if (parcel) throw new Error('parcel registered twice');
    const base = registerUnmatchedParcel({
      id: e.parcelId,
      trackingNumber: e.data.trackingNumber,
      carrier: e.data.carrier,
      warehouseId: e.data.warehouseId,
      receivedAt: e.occurredAt,
      receivedBy: e.actor.id,
      notes: e.data.notes,
      photos: e.data.photos,
    });
    return { ...base, ...stamp, shelf: e.data.shelf, disposedAt: null, disposalReason: null, commandIds: [e.commandId] };
  }
  if (!parcel) throw new Error(`${e.type} before the parcel was registered`);
  const next = { ...parcel, ...stamp, commandIds: [...parcel.commandIds, e.commandId] };
  switch (e.type) {
    case 'parcel.matched':
      return { ...next, status: 'matched', caseId: e.data.caseId, matchedAt: e.occurredAt };
    case 'parcel.shelf_moved':
      return { ...next, shelf: e.data.to };
    case 'parcel.disposed':
      return { ...next, status: 'disposed', disposedAt: e.occurredAt, disposalReason: e.data.reason };
  }
}

export function evolveParcelAll(parcel: Parcel | undefined, events: readonly ParcelEvent[]): Parcel | undefined {
  return events.reduce<Parcel | undefined>((p, e) => evolveParcel(p, e), parcel);
}

/** A parcel document as stored or sent (the fields the rules read); for reading wire data. */
export const ParcelDataSchema = z.looseObject({
  id: z.string(),
  trackingNumber: z.string(),
  warehouseId: z.string(),
  status: z.enum(['unmatched', 'matched', 'disposed']),
  version: z.number().int(),
  commandIds: z.array(z.string()),
  receivedAt: z.string(),
  shelf: z.string(),
});

/** A parcel document from the wire; null when it is not one. */
export function parcelFromWire(data: unknown): Parcel | null {
  return ParcelDataSchema.safeParse(data).success ? (data as Parcel) : null;
}
