import type { Queryable } from '../db/db';
import { toInt } from '../db/db';
import { ORDER_JSON_SQL, ORDER_JSON_TEXT_SQL } from './order-json';

interface ChangeRow {
  seq: unknown;
  kind: 'case' | 'order' | 'parcel';
  id: string;
  deleted: boolean;
  version: unknown;
  case_no: string | null;
  /** JSON text, as PostgreSQL writes it. */
  data: string | null;
}

/**
 * What one staff member's pull feed holds (docs/api.md, "Trust rules: who sees what"):
 *  - `all`: every case and order — customer service and admin with the buyer's personal data
 *    (they talk to the buyer), finance without it (`reduced`: refunds go back through the payment
 *    channel by order number; finance contacts nobody);
 *  - `warehouse`: the cases whose return parcels are addressed to that warehouse and the reships
 *    without a return address (any warehouse may ship those, as push allows), their orders with
 *    personal data reduced to what matching a parcel needs, and tombstones for cases and orders
 *    that left the warehouse;
 *  - `none`: a warehouse account without a warehouse.
 * Return parcels (migration 006) follow the same scopes: every parcel for `all`, a warehouse's
 * own parcels for `warehouse` (a parcel never changes warehouse, so it never needs an exit).
 */
export type PullScope = { kind: 'all'; pii: 'full' | 'reduced' } | { kind: 'warehouse'; warehouseId: string } | { kind: 'none' };

/**
 * The scope as a short label sent with every page (`scope`): a workstation that finds it differs
 * from the one its store was pulled under (another person signed in on the same desk) must start
 * its store over from cursor 0, since the cursor and the documents it holds belong to the other
 * scope.
 */
export function scopeLabel(scope: PullScope): string {
  switch (scope.kind) {
    case 'all':
      return scope.pii === 'full' ? 'all' : 'all:reduced';
    case 'warehouse':
      return `warehouse:${scope.warehouseId}`;
    case 'none':
      return 'none';
  }
}

export function pullScopeOf(staff: { role: string; warehouseId: string | null }): PullScope {
  switch (staff.role) {
    case 'cs':
    case 'admin':
      return { kind: 'all', pii: 'full' };
    case 'finance':
      return { kind: 'all', pii: 'reduced' };
    case 'warehouse':
      return staff.warehouseId ? { kind: 'warehouse', warehouseId: staff.warehouseId } : { kind: 'none' };
    default:
      return { kind: 'none' };
  }
}

/**
 * The order document with the buyer reduced to a name initial (张*) and the phone's last four
 * digits (****8000: the scan station finds a parcel by them), without the address.
 */
export const REDUCED_ORDER_JSON_SQL = `(${ORDER_JSON_SQL}) || jsonb_build_object(
  'buyerName', CASE WHEN coalesce(o.buyer_name, '') = '' THEN NULL ELSE left(o.buyer_name, 1) || '*' END,
  'buyerPhone', CASE WHEN length(regexp_replace(coalesce(o.buyer_phone, ''), '[^0-9]', '', 'g')) >= 4
                     THEN '****' || right(regexp_replace(o.buyer_phone, '[^0-9]', '', 'g'), 4) END,
  'address', NULL)`;

/** One page of the pull feed, its changes already written as JSON. */
export interface PullPage {
  /** JSON array of `Change` objects. */
  changesJson: string;
  count: number;
  nextCursor: number;
  hasMore: boolean;
  remaining?: number;
  /** {@link scopeLabel} of the scope the page was read for. */
  scope: string;
}

/**
 * Cases and orders of the scope changed after `since`, in change-number order. One statement over
 * the tables so the page is a consistent snapshot; `limit + 1` rows tell whether more remain. Each
 * table is read through its change_seq index up to the page size before they are merged (a merge
 * of the whole tables would sort every remaining row on every page), and order documents are
 * built only for the orders on the page.
 *
 * The documents leave the database as JSON text and go into the reply as they are: parsing them
 * only to write them out again took about a fifth of the time of a page. Case and full order
 * documents are read from the text kept beside them (migration 010), not converted on every read.
 */
export async function pullChanges(db: Queryable, since: number, limit: number, scope: PullScope = { kind: 'all', pii: 'full' }): Promise<PullPage> {
  if (scope.kind === 'none') return { changesJson: '[]', count: 0, nextCursor: since, hasMore: false, scope: 'none', ...(since === 0 ? { remaining: 0 } : {}) };
  const rows = scope.kind === 'all' ? await db.query<ChangeRow>(allSql(scope.pii), [since, limit + 1]) : await db.query<ChangeRow>(WAREHOUSE_SQL, [since, limit + 1, scope.warehouseId]);
  const hasMore = rows.length > limit;
  const page = hasMore ? rows.slice(0, limit) : rows;
  const changesJson = `[${page.map(changeJson).join(',')}]`;
  const last = page.at(-1);
  const nextCursor = last ? toInt(last.seq) : since;
  const result: PullPage = { changesJson, count: page.length, nextCursor, hasMore, scope: scopeLabel(scope) };
  if (since === 0) result.remaining = hasMore ? await countAfter(db, nextCursor, scope) : 0;
  return result;
}

/** The order document as JSON text: kept as text for the full document (migration 010), built for the reduced one. */
const orderDocTextSql = (pii: 'full' | 'reduced'): string => (pii === 'full' ? ORDER_JSON_TEXT_SQL : `(${REDUCED_ORDER_JSON_SQL})::text`);

const allSql = (pii: 'full' | 'reduced'): string => `SELECT c.seq, c.kind, c.id, c.deleted, c.version, c.case_no,
            CASE WHEN c.kind = 'order' THEN (SELECT ${orderDocTextSql(pii)} FROM orders o WHERE o.id = c.id) ELSE c.data END AS data
       FROM ((SELECT change_seq AS seq, 'case' AS kind, id, deleted, version, case_no,
                     CASE WHEN deleted THEN NULL ELSE data_text END AS data
                FROM cases WHERE change_seq > $1 ORDER BY change_seq LIMIT $2)
             UNION ALL
             (SELECT change_seq AS seq, 'order' AS kind, id, false AS deleted, NULL::integer AS version, NULL::text AS case_no, NULL::text AS data
                FROM orders WHERE change_seq > $1 ORDER BY change_seq LIMIT $2)
             UNION ALL
             (SELECT change_seq AS seq, 'parcel' AS kind, id, false AS deleted, version, NULL::text AS case_no, data::text AS data
                FROM parcels WHERE change_seq > $1 ORDER BY change_seq LIMIT $2)) AS c
      ORDER BY c.seq
      LIMIT $2`;

/**
 * A warehouse's feed: its cases and the reships any warehouse may ship (`pull_scope` '*'),
 * tombstones included; the orders of those cases while one of them is live; and what left the
 * warehouse (`scope_exits`, written by the trigger of migration 004). Change numbers are unique
 * within the feed: an exit carries the moved case's new number, under which the case is in
 * another scope (a '*' exit is not sent to the scope the case moved to).
 */
const WAREHOUSE_SQL = `SELECT c.seq, c.kind, c.id, c.deleted, c.version, c.case_no,
            CASE WHEN c.kind = 'order' AND NOT c.deleted THEN (SELECT (${REDUCED_ORDER_JSON_SQL})::text FROM orders o WHERE o.id = c.id) ELSE c.data END AS data
       FROM ((SELECT change_seq AS seq, 'case' AS kind, id, deleted, version, case_no,
                     CASE WHEN deleted THEN NULL ELSE data_text END AS data
                FROM cases WHERE pull_scope = $3 AND change_seq > $1 ORDER BY change_seq LIMIT $2)
             UNION ALL
             (SELECT change_seq AS seq, 'case' AS kind, id, deleted, version, case_no,
                     CASE WHEN deleted THEN NULL ELSE data_text END AS data
                FROM cases WHERE pull_scope = '*' AND change_seq > $1 ORDER BY change_seq LIMIT $2)
             UNION ALL
             (SELECT o.change_seq AS seq, 'order' AS kind, o.id, false AS deleted, NULL::integer AS version, NULL::text AS case_no, NULL::text AS data
                FROM orders o
               WHERE o.change_seq > $1
                 AND EXISTS (SELECT 1 FROM cases k WHERE k.order_id = o.id AND k.pull_scope IN ($3, '*') AND NOT k.deleted)
               ORDER BY o.change_seq LIMIT $2)
             UNION ALL
             (SELECT change_seq AS seq, kind, id, true AS deleted, NULL::integer AS version, NULL::text AS case_no, NULL::text AS data
                FROM scope_exits WHERE scope = $3 AND change_seq > $1 ORDER BY change_seq LIMIT $2)
             UNION ALL
             (SELECT change_seq AS seq, kind, id, true AS deleted, NULL::integer AS version, NULL::text AS case_no, NULL::text AS data
                FROM scope_exits WHERE scope = '*' AND change_seq > $1 AND moved_to IS DISTINCT FROM $3 ORDER BY change_seq LIMIT $2)
             UNION ALL
             (SELECT change_seq AS seq, 'parcel' AS kind, id, false AS deleted, version, NULL::text AS case_no, data::text AS data
                FROM parcels WHERE warehouse_id = $3 AND change_seq > $1 ORDER BY change_seq LIMIT $2)) AS c
      ORDER BY c.seq
      LIMIT $2`;

/** A `Change` as JSON; `data` is already JSON text. */
function changeJson(r: ChangeRow): string {
  const version = r.version === null ? 'null' : String(toInt(r.version));
  return `{"seq":${toInt(r.seq)},"kind":${JSON.stringify(r.kind)},"id":${JSON.stringify(r.id)},"deleted":${r.deleted ? 'true' : 'false'},"version":${version},"caseNo":${JSON.stringify(r.case_no)},"data":${r.data ?? 'null'}}`;
}

/** The reply to a pull (a `PullResponse`) as JSON text. */
export function pullResponseJson(page: PullPage, lastAckedSeq: number): string {
  const remaining = page.remaining === undefined ? '' : `,"remaining":${page.remaining}`;
  return `{"changes":${page.changesJson},"nextCursor":${page.nextCursor},"hasMore":${page.hasMore ? 'true' : 'false'},"lastAckedSeq":${lastAckedSeq}${remaining},"scope":${JSON.stringify(page.scope)}}`;
}

/**
 * Changes of the scope after `seq`. Counting walks the change_seq indexes over every row after
 * the cursor, so it is done for the first page of the feed only (a first download), not for
 * every page.
 */
async function countAfter(db: Queryable, seq: number, scope: PullScope): Promise<number> {
  if (scope.kind === 'none') return 0;
  const rows =
    scope.kind === 'all'
      ? await db.query<{ n: unknown }>(`SELECT (SELECT count(*) FROM cases WHERE change_seq > $1) + (SELECT count(*) FROM orders WHERE change_seq > $1) + (SELECT count(*) FROM parcels WHERE change_seq > $1) AS n`, [seq])
      : await db.query<{ n: unknown }>(
          `SELECT (SELECT count(*) FROM cases WHERE pull_scope IN ($2, '*') AND change_seq > $1)
                + (SELECT count(*) FROM orders o WHERE o.change_seq > $1
                     AND EXISTS (SELECT 1 FROM cases k WHERE k.order_id = o.id AND k.pull_scope IN ($2, '*') AND NOT k.deleted))
                + (SELECT count(*) FROM scope_exits WHERE (scope = $2 OR (scope = '*' AND moved_to IS DISTINCT FROM $2)) AND change_seq > $1)
                + (SELECT count(*) FROM parcels WHERE warehouse_id = $2 AND change_seq > $1) AS n`,
          [seq, scope.warehouseId],
        );
  return toInt(rows[0]?.n ?? 0);
}
