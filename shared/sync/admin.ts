/**
 * Wire format of site administration (`/admin/*`), shared by the central API and the desk's
 * administration screen: the rows the API answers with, and the rules a form checks before it
 * sends, so the screen answers at once with the server's own limits.
 */
import { z } from 'zod';
import { StaffSchema } from './wire';

/** Fewest characters (code points) of a password chosen at set-up or by an administrator. */
export const MIN_PASSWORD_LENGTH = 10;

/** Characters, not UTF-16 units: what the password rule counts. */
export const passwordLength = (password: string): number => [...password].length;

/** A warehouse id: letters, digits, - and _ (up to 32), starting with a letter or a digit. */
export const WAREHOUSE_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/;

export const WarehouseSchema = z.object({
  id: z.string(),
  name: z.string(),
  address: z.string(),
  phone: z.string(),
  active: z.boolean(),
});
export type Warehouse = z.infer<typeof WarehouseSchema>;
export const WarehouseListSchema = z.object({ warehouses: z.array(WarehouseSchema) });

/** A staff account as administration sees it: the signed-in view of a person, and its state. */
export const AdminStaffSchema = StaffSchema.extend({ active: z.boolean(), createdAt: z.string() });
export type AdminStaff = z.infer<typeof AdminStaffSchema>;
export const StaffListSchema = z.object({ staff: z.array(AdminStaffSchema) });
