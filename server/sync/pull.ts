import type { Queryable } from '../db/db';
import { toInt } from '../db/db';
import { ORDER_JSON_SQL } from './order-json';

interface ChangeRow {
  seq: unknown;
  kind: 'case' | 'order';
  id: string;
  deleted: boolean;
  version: unknown;
  case_no: string | null;
  /** JSON text, as PostgreSQL writes it. */
  data: string | null;
}

/** One page of the pull feed, its changes already written as JSON. */
export interface PullPage {
  /** JSON array of `Change` objects. */
  changesJson: string;
  count: number;
  nextCursor: number;
  hasMore: boolean;
  remaining?: number;
}

/**
 * Cases and orders changed after `since`, in change-number order. One statement over both tables
 * so the page is a consistent snapshot; `limit + 1` rows tell whether more remain. Each table is
 * read through its change_seq index up to the page size before the two are merged (a merge of the
 * whole tables would sort every remaining row on every page), and order documents are built only
 * for the orders on the page.
 *
 * The documents leave the database as JSON text and go into the reply as they are: parsing them
 * only to write them out again took about a fifth of the time of a page.
 */
export async function pullChanges(db: Queryable, since: number, limit: number): Promise<PullPage> {
  const rows = await db.query<ChangeRow>(
    `SELECT c.seq, c.kind, c.id, c.deleted, c.version, c.case_no,
            (CASE WHEN c.kind = 'order' THEN (SELECT ${ORDER_JSON_SQL} FROM orders o WHERE o.id = c.id) ELSE c.data END)::text AS data
       FROM ((SELECT change_seq AS seq, 'case' AS kind, id, deleted, version, case_no,
                     CASE WHEN deleted THEN NULL ELSE data END AS data
                FROM cases WHERE change_seq > $1 ORDER BY change_seq LIMIT $2)
             UNION ALL
             (SELECT change_seq AS seq, 'order' AS kind, id, false AS deleted, NULL::integer AS version, NULL::text AS case_no, NULL::jsonb AS data
                FROM orders WHERE change_seq > $1 ORDER BY change_seq LIMIT $2)) AS c
      ORDER BY c.seq
      LIMIT $2`,
    [since, limit + 1],
  );
  const hasMore = rows.length > limit;
  const page = hasMore ? rows.slice(0, limit) : rows;
  const changesJson = `[${page.map(changeJson).join(',')}]`;
  const last = page.at(-1);
  const nextCursor = last ? toInt(last.seq) : since;
  const result: PullPage = { changesJson, count: page.length, nextCursor, hasMore };
  if (since === 0) result.remaining = hasMore ? await countAfter(db, nextCursor) : 0;
  return result;
}

/** A `Change` as JSON; `data` is already JSON text. */
function changeJson(r: ChangeRow): string {
  const version = r.version === null ? 'null' : String(toInt(r.version));
  return `{"seq":${toInt(r.seq)},"kind":${JSON.stringify(r.kind)},"id":${JSON.stringify(r.id)},"deleted":${r.deleted ? 'true' : 'false'},"version":${version},"caseNo":${JSON.stringify(r.case_no)},"data":${r.data ?? 'null'}}`;
}

/** The reply to a pull (a `PullResponse`) as JSON text. */
export function pullResponseJson(page: PullPage, lastAckedSeq: number): string {
  const remaining = page.remaining === undefined ? '' : `,"remaining":${page.remaining}`;
  return `{"changes":${page.changesJson},"nextCursor":${page.nextCursor},"hasMore":${page.hasMore ? 'true' : 'false'},"lastAckedSeq":${lastAckedSeq}${remaining}}`;
}

/**
 * Cases and orders changed after `seq`. Counting walks the change_seq indexes over every row
 * after the cursor, so it is done for the first page of the feed only (a first download), not
 * for every page.
 */
async function countAfter(db: Queryable, seq: number): Promise<number> {
  const rows = await db.query<{ n: unknown }>(
    `SELECT (SELECT count(*) FROM cases WHERE change_seq > $1) + (SELECT count(*) FROM orders WHERE change_seq > $1) AS n`,
    [seq],
  );
  return toInt(rows[0]?.n ?? 0);
}
