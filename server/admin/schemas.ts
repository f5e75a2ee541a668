/**
 * Wire format of site set-up (`/setup`) and administration (`/admin/*`): warehouses and staff.
 * Names may hold any printable text (Chinese, emoji, accents); control and text-direction
 * characters are refused like everywhere else on the wire.
 */
import { z } from 'zod';
import { DeviceIdSchema, STAFF_ROLES, textProblem } from '../../shared/sync';
import { WAREHOUSE_ID_PATTERN } from '../../shared/sync/admin';

// The rows these routes answer with are shared with the desk's administration screen.
export { AdminStaffSchema, MIN_PASSWORD_LENGTH, StaffListSchema, WarehouseListSchema, WarehouseSchema, type AdminStaff, type Warehouse } from '../../shared/sync/admin';

function text(min: number, max: number, kind: 'text' | 'identifier' = 'text') {
  return z
    .string()
    .trim()
    .min(min)
    .max(max)
    .transform((value) => value.normalize('NFC'))
    .superRefine((value, ctx) => {
      const problem = textProblem(value, kind);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    });
}

/** A sign-in name: no spaces inside (they are easily mistyped and invisible). */
export const UsernameSchema = text(1, 64, 'identifier').refine((value) => !/\s/u.test(value), 'a user name cannot contain spaces');
export const DisplayNameSchema = text(1, 100);
/** Length is checked by the handler (`setup.weak_password`), so a short one is not just "invalid". */
export const NewPasswordSchema = z.string().min(1).max(256);
export const WarehouseIdSchema = z
  .string()
  .trim()
  .regex(WAREHOUSE_ID_PATTERN, 'letters, digits, - and _ (up to 32)');

export const SetupStatusSchema = z.object({
  /** True until the first administrator exists: the desktop app then offers to create one. */
  needsAdmin: z.boolean(),
  version: z.string(),
  /** The server's clock, for the client's time-skew check. */
  time: z.string(),
  /** Sync protocol this server speaks, and the oldest client protocol it still serves. */
  protocol: z.object({ current: z.number().int(), minimum: z.number().int() }),
});

export const SetupAdminBodySchema = z.object({
  username: UsernameSchema,
  displayName: DisplayNameSchema,
  password: NewPasswordSchema,
  /** The workstation's id for the session this opens (generated when absent). */
  deviceId: DeviceIdSchema.optional(),
});

export const WarehouseParamsSchema = z.object({ id: WarehouseIdSchema });
export const CreateWarehouseBodySchema = z.object({
  id: WarehouseIdSchema,
  name: text(1, 100),
  address: text(0, 300).default(''),
  phone: text(0, 40).default(''),
});
export const UpdateWarehouseBodySchema = z
  .object({ name: text(1, 100), address: text(0, 300), phone: text(0, 40), active: z.boolean() })
  .partial()
  .refine((body) => Object.keys(body).length > 0, 'nothing to change');

export const StaffParamsSchema = z.object({ id: z.string().min(1).max(128) });
export const CreateStaffBodySchema = z.object({
  username: UsernameSchema,
  displayName: DisplayNameSchema,
  role: z.enum(STAFF_ROLES),
  warehouseId: WarehouseIdSchema.nullable().default(null),
  password: NewPasswordSchema,
});
export const UpdateStaffBodySchema = z
  .object({ username: UsernameSchema, displayName: DisplayNameSchema, role: z.enum(STAFF_ROLES), warehouseId: WarehouseIdSchema.nullable(), active: z.boolean() })
  .partial()
  .refine((body) => Object.keys(body).length > 0, 'nothing to change');
export const ResetPasswordBodySchema = z.object({ password: NewPasswordSchema });
