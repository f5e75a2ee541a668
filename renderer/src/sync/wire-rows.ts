/**
 * The wire's documents as the local store keeps them, and outbox rows as the wire sends them.
 * The API client has already checked every reply against the `shared/sync` schemas; the
 * documents inside (a case, an order) are read here once, with the shared order schema, when
 * they are written to the store. Nothing else in the renderer parses them again.
 */
import { z } from 'zod';
import { CaseStateSchema, parcelFromWire, type AfterSalesCase } from '../../../shared/domain';
import { WireOrderLineSchema, WireOrderSchema } from '../../../shared/sync/order-context';
import type { Change, PushCommand } from '../../../shared/sync/wire';
import { phoneTail } from '../db/schema';
import type { OrderLineRow, OrderRow, OutboxRow, ParcelSnapshotRow } from '../db/types';
import { SyncApiError } from './api';

/** The fields of a case the store indexes and merges on; the rest is carried as the server folded it. */
const CaseDataSchema = z.looseObject({
  id: z.string(),
  orderId: z.string(),
  lineId: z.string(),
  sku: z.string(),
  state: CaseStateSchema,
  type: z.string(),
  version: z.number().int(),
  commandIds: z.array(z.string()),
  stateEnteredAt: z.string(),
});

/** A case document from a pull page or a conflict answer; null when it is not one. */
export function caseFromWire(data: unknown): AfterSalesCase | null {
  return CaseDataSchema.safeParse(data).success ? (data as AfterSalesCase) : null;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The order fields the store keeps in its own columns, as the shared order schema declares them.
 * The times are kept as the feed sent them (nothing here reads them): normalising five dates of
 * every order of a first download would cost more than the rest of reading it, and the rules
 * read the document itself through the same shared schema.
 */
const StoredOrderSchema = z.object(WireOrderSchema.pick({ orderNo: true, state: true, buyerId: true, buyerName: true, buyerPhone: true, shippingFee: true, lines: true }).shape);
type StoredOrder = z.output<typeof StoredOrderSchema>;
type StoredField = keyof typeof StoredOrderSchema.shape;

/** One field read with its own schema: undefined when it does not fit. */
function field<K extends StoredField>(raw: Record<string, unknown>, key: K): StoredOrder[K] | undefined {
  const parsed = StoredOrderSchema.shape[key].safeParse(raw[key]);
  return parsed.success ? (parsed.data as StoredOrder[K]) : undefined;
}

/**
 * An order that does not fit the schema as a whole (a field the feed left out for this
 * workstation, a line the rules cannot use): every field that fits is kept, lines that do not
 * are left out. One odd order must not stop a pull; the rules decline to decide on it anyway.
 */
function partialOrder(id: string, raw: Record<string, unknown>): StoredOrder {
  const lines: OrderLineRow[] = [];
  for (const line of Array.isArray(raw.lines) ? raw.lines : []) {
    const parsed = WireOrderLineSchema.safeParse(line);
    if (parsed.success) lines.push(parsed.data);
  }
  return {
    orderNo: field(raw, 'orderNo') ?? id,
    state: field(raw, 'state') ?? '',
    buyerId: field(raw, 'buyerId'),
    buyerName: field(raw, 'buyerName'),
    buyerPhone: field(raw, 'buyerPhone'),
    shippingFee: field(raw, 'shippingFee') ?? 0,
    lines,
  };
}

const time = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** An order change as stored; lenient so one odd order never stops the whole pull. */
export function orderRowFromChange(change: Change): OrderRow {
  const raw = isRecord(change.data) ? change.data : {};
  const whole = StoredOrderSchema.safeParse(raw);
  const order = whole.success ? whole.data : partialOrder(change.id, raw);
  const buyerPhone = order.buyerPhone ?? null;
  return {
    id: change.id,
    orderNo: order.orderNo,
    state: order.state,
    buyerId: order.buyerId ?? null,
    buyerName: order.buyerName ?? null,
    buyerPhone,
    buyerPhoneTail: phoneTail(buyerPhone) || null,
    shippingFee: order.shippingFee,
    paidAt: time(raw.paidAt),
    shippedAt: time(raw.shippedAt),
    signedAt: time(raw.signedAt),
    completedAt: time(raw.completedAt),
    lines: order.lines,
    skus: [...new Set(order.lines.map((l) => l.sku))],
    changeSeq: change.seq,
    raw,
  };
}

/** An outbox row as the push request carries it. */
export function commandToWire(row: OutboxRow): PushCommand {
  return { id: row.id, deviceSeq: row.seq, type: row.type, caseId: row.caseId, baseVersion: row.baseVersion, occurredAt: row.occurredAt, payload: row.command.payload };
}

/** A parcel change as stored (the feed's parcel document, read with the shared parcel schema). */
export function parcelSnapshotFromChange(change: Change): ParcelSnapshotRow {
  const data = parcelFromWire(change.data);
  if (!data || change.version === null) throw new SyncApiError('server', 'sync.invalid_reply', 200, `parcel ${change.id} is not a parcel`);
  return { id: change.id, version: change.version, changeSeq: change.seq, data };
}
