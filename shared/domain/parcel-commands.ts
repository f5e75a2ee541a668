/**
 * Commands on a return parcel (退货包裹), its own aggregate beside the case: registering one that
 * matches no case (登记无主件), matching it to a case by hand (认领), moving it to another shelf,
 * and disposing of it once the policy's holding period is over (处理). They travel in the same
 * sync envelope as case commands, with the parcel's id as the aggregate id (`parcelId`; on the
 * wire the envelope's `caseId` field carries it) and the parcel's version as `baseVersion`.
 */
import { z } from 'zod';
import { ActorSchema, IsoTimeSchema, PhotoRefSchema, type Role } from './model';

const shelf = z.string().trim().min(1).max(40);

const envelope = {
  /** Client UUID: idempotency key. */
  id: z.string().min(1).max(100),
  parcelId: z.string().min(1).max(100),
  /** Parcel version the issuer saw (0 for `parcel.register`). */
  baseVersion: z.number().int().nonnegative(),
  occurredAt: IsoTimeSchema,
  actor: ActorSchema,
};

function command<T extends string, P extends z.ZodType>(type: T, payload: P) {
  return z.object({ ...envelope, type: z.literal(type), payload });
}

export const RegisterParcelPayloadSchema = z.object({
  trackingNumber: z.string().trim().min(1).max(60),
  carrier: z.string().min(1).max(40).nullable().default(null),
  shelf,
  notes: z.string().max(1000).default(''),
  photos: z.array(PhotoRefSchema).max(20).default([]),
  /** The warehouse the parcel lies in: the actor's own (warehouse staff), named by an admin. */
  warehouseId: z.string().min(1).max(100).optional(),
});
export const MatchParcelPayloadSchema = z.object({ caseId: z.string().min(1).max(100) });
export const MoveParcelPayloadSchema = z.object({ shelf });
export const DisposeParcelPayloadSchema = z.object({ reason: z.string().trim().min(1).max(2000) });

export const ParcelCommandSchema = z.discriminatedUnion('type', [
  command('parcel.register', RegisterParcelPayloadSchema),
  command('parcel.match', MatchParcelPayloadSchema),
  command('parcel.move_shelf', MoveParcelPayloadSchema),
  command('parcel.dispose', DisposeParcelPayloadSchema),
]);

export type ParcelCommand = z.infer<typeof ParcelCommandSchema>;
export type ParcelCommandInput = z.input<typeof ParcelCommandSchema>;
export type ParcelCommandType = ParcelCommand['type'];
export type ParcelCommandOf<T extends ParcelCommandType> = Extract<ParcelCommand, { type: T }>;

export const PARCEL_COMMAND_TYPES: readonly ParcelCommandType[] = ParcelCommandSchema.options.map((o) => o.shape.type.value);

/** Whether a command type (as sent) is a parcel command. */
export function isParcelCommandType(type: string): type is ParcelCommandType {
  return (PARCEL_COMMAND_TYPES as readonly string[]).includes(type);
}

/**
 * Role → parcel command types: the warehouse staff who handle the parcels, and the supervisor
 * (admin) who may clear a shelf. Warehouse staff act only on their own warehouse's parcels.
 */
export const PARCEL_PERMISSIONS: Readonly<Record<Role, readonly ParcelCommandType[]>> = Object.freeze({
  buyer: [],
  cs: [],
  warehouse: PARCEL_COMMAND_TYPES,
  finance: [],
  admin: PARCEL_COMMAND_TYPES,
  system: [],
});

export function canIssueParcel(role: Role, type: ParcelCommandType): boolean {
  return PARCEL_PERMISSIONS[role]?.includes(type) ?? false;
}
