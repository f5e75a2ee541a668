/**
 * The write of a push batch: everything its commands decided, in one statement of data-modifying
 * CTEs (one parameter per table, rows as a JSON array).
 */
import type { Queryable } from '../db/db';
import { toInt } from '../db/db';

/** A `case_events` row. */
export interface EventRow {
  case_id: string;
  version: number;
  type: string;
  data: unknown;
  actor_id: string;
  role: string;
  command_id: string;
  occurred_at: string;
  recorded_at: string;
}

export interface BatchWrites {
  updates: unknown[];
  inserts: unknown[];
  events: EventRow[];
  orders: unknown[];
  stock: unknown[];
  answered: unknown[];
  unanswered: string[];
  /** One row per device, in id order: the highest sequence answered. */
  devices: readonly { id: string; staff_id: string; seq: number; at: string }[];
}

/**
 * Everything the batch decided, in one statement of data-modifying CTEs (one parameter per table,
 * rows as a JSON array). Each row is written once: a case changed by several commands carries its
 * last state and number. Returns the devices' acknowledged sequences.
 */
export async function writeBatch(tx: Queryable, w: BatchWrites): Promise<Map<string, number>> {
  const params: unknown[] = [];
  const rows = (value: unknown): string => {
    params.push(JSON.stringify(value));
    return `jsonb_to_recordset($${params.length}::jsonb)`;
  };
  // Updates also name their keys as an array: the target table is then reached through its
  // primary key instead of being scanned to join the JSON rows.
  const keys = (values: readonly unknown[], type: 'text' | 'uuid'): string => {
    params.push(values);
    return `ANY($${params.length}::${type}[])`;
  };
  const idsOf = (values: readonly unknown[]): unknown[] => values.map((v) => (v as { id: unknown }).id);
  const parts: string[] = [];
  if (w.updates.length > 0) {
    parts.push(`updated_cases AS (
      UPDATE cases c SET version = x.version, state = x.state, type = x.type, order_id = x.order_id, line_id = x.line_id,
             return_tracking_no = x.return_tracking_no, data = x.data, change_seq = x.change_seq, updated_at = x.updated_at,
             next_due_at = x.next_due_at, next_action = x.next_action
        FROM ${rows(w.updates)} AS x(id text, version integer, state text, type text, order_id text, line_id text, return_tracking_no text,
             data jsonb, change_seq bigint, updated_at timestamptz, next_due_at timestamptz, next_action text)
       WHERE c.id = ${keys(idsOf(w.updates), 'text')} AND c.id = x.id)`);
  }
  if (w.inserts.length > 0) {
    parts.push(`inserted_cases AS (
      INSERT INTO cases (id, case_no, order_id, line_id, type, state, version, data, return_tracking_no, created_at, updated_at, change_seq, next_due_at, next_action)
      SELECT x.id, x.case_no, x.order_id, x.line_id, x.type, x.state, x.version, x.data, x.return_tracking_no, x.created_at, x.updated_at, x.change_seq, x.next_due_at, x.next_action
        FROM ${rows(w.inserts)} AS x(id text, case_no text, order_id text, line_id text, type text, state text, version integer, data jsonb,
             return_tracking_no text, created_at timestamptz, updated_at timestamptz, change_seq bigint, next_due_at timestamptz, next_action text))`);
  }
  if (w.events.length > 0) {
    // JSON null event data is stored as the JSON value null, as a jsonb parameter would be.
    parts.push(`appended_events AS (
      INSERT INTO case_events (case_id, version, type, data, actor_id, role, command_id, occurred_at, recorded_at)
      SELECT x.case_id, x.version, x.type, coalesce(x.data, 'null'::jsonb), x.actor_id, x.role, x.command_id, x.occurred_at, x.recorded_at
        FROM ${rows(w.events)} AS x(case_id text, version integer, type text, data jsonb, actor_id text, role text, command_id uuid,
             occurred_at timestamptz, recorded_at timestamptz))`);
  }
  if (w.orders.length > 0) {
    parts.push(`updated_orders AS (
      UPDATE orders o SET state = x.state, data = o.data || jsonb_build_object('settlement', x.settlement), change_seq = x.change_seq, updated_at = x.updated_at
        FROM ${rows(w.orders)} AS x(id text, state text, settlement jsonb, change_seq bigint, updated_at timestamptz)
       WHERE o.id = ${keys(idsOf(w.orders), 'text')} AND o.id = x.id)`);
  }
  if (w.stock.length > 0) {
    // Each (case, SKU, location) is restored at most once, also across batches.
    parts.push(`moved AS (
      INSERT INTO stock_movements (case_id, sku, location, quantity, recorded_at)
      SELECT x.case_id, x.sku, x.location, x.quantity, x.recorded_at
        FROM ${rows(w.stock)} AS x(case_id text, sku text, location text, quantity integer, recorded_at timestamptz)
      ON CONFLICT (case_id, sku, location) DO NOTHING
      RETURNING sku, quantity, recorded_at)`);
    parts.push(`restocked AS (
      INSERT INTO product_stock (sku, on_hand, updated_at)
      SELECT sku, sum(quantity), max(recorded_at) FROM moved GROUP BY sku
      ON CONFLICT (sku) DO UPDATE SET on_hand = product_stock.on_hand + EXCLUDED.on_hand, updated_at = EXCLUDED.updated_at)`);
  }
  if (w.answered.length > 0) {
    parts.push(`answered AS (
      UPDATE commands k SET status = x.status, result = x.result
        FROM ${rows(w.answered)} AS x(id uuid, status text, result jsonb)
       WHERE k.command_id = ${keys(idsOf(w.answered), 'uuid')} AND k.command_id = x.id)`);
  }
  if (w.unanswered.length > 0) {
    parts.push(`unclaimed AS (DELETE FROM commands WHERE command_id = ${keys(w.unanswered, 'uuid')})`);
  }
  if (w.devices.length > 0) {
    parts.push(`acked AS (
      INSERT INTO devices (id, staff_id, last_acked_seq, last_seen_at)
      SELECT x.id, x.staff_id, x.seq, x.at FROM ${rows(w.devices)} AS x(id text, staff_id text, seq bigint, at timestamptz) ORDER BY x.id
      ON CONFLICT (id) DO UPDATE SET last_acked_seq = GREATEST(devices.last_acked_seq, EXCLUDED.last_acked_seq),
        last_seen_at = EXCLUDED.last_seen_at
      RETURNING id, last_acked_seq)`);
  }
  const acked = new Map<string, number>();
  if (parts.length === 0) return acked;
  const result = await tx.query<{ id: string | null; last_acked_seq: unknown }>(
    `WITH ${parts.join(',\n')}\n${w.devices.length > 0 ? 'SELECT id, last_acked_seq FROM acked' : 'SELECT NULL AS id, NULL AS last_acked_seq'}`,
    params,
  );
  for (const row of result) if (row.id !== null) acked.set(row.id, toInt(row.last_acked_seq));
  return acked;
}
