/**
 * Wire format of site set-up (`/setup`) and administration (`/admin/*`): warehouses and staff.
 * Names may hold any printable text (Chinese, emoji, accents); control and text-direction
 * characters are refused like everywhere else on the wire.
 */
import { z } from 'zod';
import { DeviceIdSchema, STAFF_ROLES, textProblem } from '../../shared/sync';

/** Fewest characters (code points) of a password chosen at set-up or by an administrator. */
export const MIN_PASSWORD_LENGTH = 10;

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
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/, 'letters, digits, - and _ (up to 32)');

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

export const WarehouseSchema = z.object({
  id: z.string(),
  name: z.string(),
  address: z.string(),
  phone: z.string(),
  active: z.boolean(),
});
export type Warehouse = z.infer<typeof WarehouseSchema>;

export const WarehouseListSchema = z.object({ warehouses: z.array(WarehouseSchema) });
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

export const AdminStaffSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(STAFF_ROLES),
  warehouseId: z.string().nullable(),
  active: z.boolean(),
  createdAt: z.string(),
});
export type AdminStaff = z.infer<typeof AdminStaffSchema>;

export const StaffListSchema = z.object({ staff: z.array(AdminStaffSchema) });
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
