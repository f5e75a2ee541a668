/**
 * Distinct values of an index read by skipping: the same values as a unique-key walk, in index
 * order, rows without the field left out, one short read per value, and the limit respected.
 */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import Dexie, { type Table } from 'dexie';
import { distinctKeys } from '../../../renderer/src/db/distinct';
import { uniqueName } from '../sync/fixtures';

interface Row {
  id: string;
  data: { warehouse?: string; amount?: number };
}

let db: Dexie & { rows: Table<Row, string> };

beforeEach(async () => {
  db = new Dexie(uniqueName('distinct')) as typeof db;
  db.version(1).stores({ rows: 'id, data.warehouse, data.amount' });
  await db.open();
  const warehouses = ['WH-SH', 'WH-GZ', 'WH-SH', 'WH-BJ', 'WH-GZ', 'WH-SH', '仓库-成都'];
  await db.rows.bulkPut([
    ...warehouses.map((w, i) => ({ id: `r${i}`, data: { warehouse: w, amount: (i % 3) * 100 } })),
    { id: 'no-warehouse', data: {} },
  ]);
});
afterEach(() => db.close());

describe('distinctKeys', () => {
  it('gives the values a unique-key walk gives, in index order', async () => {
    const walked = await db.rows.orderBy('data.warehouse').uniqueKeys();
    expect(await distinctKeys(db.rows, 'data.warehouse')).toEqual(walked);
    expect(walked).toEqual(['WH-BJ', 'WH-GZ', 'WH-SH', '仓库-成都']);
    expect(await distinctKeys(db.rows, 'data.amount')).toEqual([0, 100, 200]);
  });

  it('reads once per value (and once more to find the end), and stops at the limit', async () => {
    const where = vi.spyOn(db.rows, 'where');
    expect(await distinctKeys(db.rows, 'data.warehouse')).toHaveLength(4);
    expect(where).toHaveBeenCalledTimes(4);
    expect(await distinctKeys(db.rows, 'data.warehouse', 2)).toEqual(['WH-BJ', 'WH-GZ']);
  });

  it('is empty for an empty table', async () => {
    await db.rows.clear();
    expect(await distinctKeys(db.rows, 'data.warehouse')).toEqual([]);
  });
});
