import type { Queryable } from '../db/db';
import { hashPassword } from '../auth/password';
import type { StaffRole } from '../auth/roles';

/** Documented password of every demo account. Demo and test databases only. */
export const DEMO_PASSWORD = 'demo1234';

export interface StaffSeed {
  id: string;
  username: string;
  displayName: string;
  role: StaffRole;
  warehouseId: string | null;
}

/** One account per role, plus a second warehouse so warehouse scoping can be shown. */
export const DEMO_STAFF: readonly StaffSeed[] = [
  { id: 'staff-buyer1', username: 'buyer1', displayName: '买家 Buyer One', role: 'buyer', warehouseId: null },
  { id: 'staff-cs1', username: 'cs1', displayName: '客服 Chen', role: 'cs', warehouseId: null },
  { id: 'staff-wh1', username: 'wh1', displayName: '仓库 Wang (上海仓)', role: 'warehouse', warehouseId: 'WH-SH' },
  { id: 'staff-wh2', username: 'wh2', displayName: '仓库 Guo (广州仓)', role: 'warehouse', warehouseId: 'WH-GZ' },
  { id: 'staff-fin1', username: 'fin1', displayName: '财务 Fang', role: 'finance', warehouseId: null },
  { id: 'staff-admin', username: 'admin', displayName: '主管 Admin', role: 'admin', warehouseId: null },
];

/** The warehouses the demo accounts work in (the admin screen lists them). */
const DEMO_WAREHOUSES: readonly { id: string; name: string; address: string; phone: string }[] = [
  { id: 'WH-SH', name: '上海嘉定退货仓', address: '上海市嘉定区安亭镇墨玉南路888号 退货组', phone: '021-59990000' },
  { id: 'WH-GZ', name: '广州白云退货仓', address: '广州市白云区太和镇 退货组', phone: '020-37770000' },
];

export async function createStaff(db: Queryable, staff: StaffSeed, password: string): Promise<boolean> {
  const passwordHash = await hashPassword(password);
  const rows = await db.query(
    `INSERT INTO staff (id, username, display_name, role, warehouse_id, password_hash)
     VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT DO NOTHING RETURNING id`,
    [staff.id, staff.username, staff.displayName, staff.role, staff.warehouseId, passwordHash],
  );
  return rows.length > 0;
}

/** Creates the demo accounts that do not exist yet; returns the usernames created. */
export async function seedDemoStaff(db: Queryable, password: string = DEMO_PASSWORD): Promise<string[]> {
  for (const warehouse of DEMO_WAREHOUSES) {
    await db.query('INSERT INTO warehouses (id, name, address, phone) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING', [warehouse.id, warehouse.name, warehouse.address, warehouse.phone]);
  }
  const created: string[] = [];
  for (const staff of DEMO_STAFF) {
    if (await createStaff(db, staff, password)) created.push(staff.username);
  }
  return created;
}
