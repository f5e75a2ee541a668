/**
 * Keeping a projection of a table in memory: reading the table whole in chunks by id, and telling
 * from Dexie's `storagemutated` which rows changed since. The dashboard's feed
 * (`stores/dashboardData.ts`) and the queue index (`views/cs/queueIndex.ts`) are built on these.
 */
import { RangeSet, type IntervalTree, type Table } from 'dexie';

/**
 * Every row of `table`, in id order, projected into `into` under `key`, read `chunk` rows at a
 * time (each its own short read, so other reads of the store wait for one chunk at most).
 * `keepGoing` is asked after each chunk: false stops the read (returns false).
 */
export async function readAll<T, P>(
  table: Table<T, string>,
  project: (row: T) => P,
  into: Map<string, P>,
  key: (row: T) => string,
  chunk: number,
  keepGoing: () => boolean = () => true,
): Promise<boolean> {
  let last: string | undefined;
  for (;;) {
    const rows = await (last === undefined ? table.orderBy(':id') : table.where(':id').above(last)).limit(chunk).toArray();
    if (!keepGoing()) return false;
    for (const row of rows) into.set(key(row), project(row));
    if (rows.length < chunk) return true;
    last = key(rows[rows.length - 1] as T);
  }
}

/** Keys named one by one in a mutated part of `storagemutated`; null when it holds a range (read everything again). */
export function singleKeys(tree: IntervalTree | undefined): string[] | null {
  if (!tree || tree.d === 0) return [];
  const out: string[] = [];
  for (const node of RangeSet(tree)) {
    if (typeof node.from !== 'string' || node.from !== node.to) return null;
    out.push(node.from);
  }
  return out;
}
