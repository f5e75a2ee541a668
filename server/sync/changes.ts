import type { Queryable } from '../db/db';
import { toInt } from '../db/db';

/** Key of the transaction-level advisory lock held from taking a change number until commit. */
export const CHANGE_SEQ_LOCK_KEY = 7_305_002;

/**
 * Takes the next change number for a row that pull must see.
 *
 * A sequence alone is not enough: with several connections, a transaction holding number 7 may
 * commit after one holding 8, and a client that already pulled up to 8 would never see 7. Holding
 * an advisory lock from `nextval` until commit makes numbers become visible in order. Callers take
 * it as late as possible (after their row locks), so the serialised window is only the final write.
 */
export async function nextChangeSeq(tx: Queryable): Promise<number> {
  const [seq] = await nextChangeSeqs(tx, 1);
  if (seq === undefined) throw new Error('nextval returned no row');
  return seq;
}

/**
 * `n` change numbers in one statement: the lock is taken in the FROM subquery, before any
 * `nextval` of the select list runs.
 */
export async function nextChangeSeqs(tx: Queryable, n: number): Promise<number[]> {
  if (n <= 0) return [];
  const rows = await tx.query<{ seq: unknown }>(
    "SELECT nextval('change_seq') AS seq FROM (SELECT pg_advisory_xact_lock($1)) AS locked, generate_series(1, $2::int) ORDER BY 1",
    [CHANGE_SEQ_LOCK_KEY, n],
  );
  return rows.map((r) => toInt(r.seq));
}

export interface OrderLineRecord {
  id: string;
  sku: string;
  quantity: number;
  unitPrice: number;
  discount: number;
  coins: number;
  paid: number;
  data?: Record<string, unknown>;
}

export interface OrderRecord {
  id: string;
  orderNo: string;
  state: string;
  buyerId?: string | null;
  buyerName?: string | null;
  buyerPhone?: string | null;
  address?: string | null;
  shippingFee: number;
  paidAt?: string | null;
  shippedAt?: string | null;
  signedAt?: string | null;
  confirmedAt?: string | null;
  completedAt?: string | null;
  lines: readonly OrderLineRecord[];
  /** Everything else the clients need about the order. */
  data?: Record<string, unknown>;
}

/** Inserts or replaces an order and its lines, giving it a new change number. */
export async function upsertOrder(tx: Queryable, order: OrderRecord): Promise<number> {
  const seq = await nextChangeSeq(tx);
  await tx.query(
    `INSERT INTO orders (id, order_no, state, buyer_id, buyer_name, buyer_phone, address, shipping_fee,
       paid_at, shipped_at, signed_at, confirmed_at, completed_at, data, change_seq, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14::jsonb, $15, now())
     ON CONFLICT (id) DO UPDATE SET order_no = EXCLUDED.order_no, state = EXCLUDED.state,
       buyer_id = EXCLUDED.buyer_id, buyer_name = EXCLUDED.buyer_name, buyer_phone = EXCLUDED.buyer_phone,
       address = EXCLUDED.address, shipping_fee = EXCLUDED.shipping_fee, paid_at = EXCLUDED.paid_at,
       shipped_at = EXCLUDED.shipped_at, signed_at = EXCLUDED.signed_at, confirmed_at = EXCLUDED.confirmed_at,
       completed_at = EXCLUDED.completed_at,
       data = EXCLUDED.data, change_seq = EXCLUDED.change_seq, updated_at = now()`,
    [
      order.id,
      order.orderNo,
      order.state,
      order.buyerId ?? null,
      order.buyerName ?? null,
      order.buyerPhone ?? null,
      order.address ?? null,
      order.shippingFee,
      order.paidAt ?? null,
      order.shippedAt ?? null,
      order.signedAt ?? null,
      order.confirmedAt ?? null,
      order.completedAt ?? null,
      JSON.stringify(order.data ?? {}),
      seq,
    ],
  );
  await tx.query('DELETE FROM order_lines WHERE order_id = $1', [order.id]);
  let position = 0;
  for (const line of order.lines) {
    position += 1;
    await tx.query(
      `INSERT INTO order_lines (id, order_id, position, sku, quantity, unit_price, discount, coins, paid_amount, data)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb)`,
      [line.id, order.id, position, line.sku, line.quantity, line.unitPrice, line.discount, line.coins, line.paid, JSON.stringify(line.data ?? {})],
    );
  }
  return seq;
}

/** Marks a case deleted; pull then reports a tombstone so clients drop it. Events stay. */
export async function tombstoneCase(tx: Queryable, caseId: string): Promise<number | null> {
  const locked = await tx.query('SELECT id FROM cases WHERE id = $1 FOR UPDATE', [caseId]);
  if (locked.length === 0) return null;
  const seq = await nextChangeSeq(tx);
  await tx.query('UPDATE cases SET deleted = true, change_seq = $2, updated_at = now() WHERE id = $1', [caseId, seq]);
  return seq;
}
