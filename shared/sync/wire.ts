/**
 * Wire format of the central API's sync protocol, auth and attachment replies, shared by the
 * server (which answers) and the desktop client (which parses every reply). Field names and
 * meaning are those of the server's sync routes; the command payload stays opaque here because
 * the after-sales rules validate it per command type and answer with a rejection, never a 400.
 */
import { z } from 'zod';
import { WirePayloadSchema, WireTimeSchema, textProblem, wireIdentifier } from './wire-text';

export const MAX_PUSH_BATCH = 500;
export const MAX_PULL_LIMIT = 1000;
const DEFAULT_PULL_LIMIT = 500;

const JsonParamsSchema = z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]));

/**
 * One command as the server checks it, each on its own: a command that does not fit is refused
 * alone (`payload_invalid`) and the rest of its batch goes on. Every string that reaches the
 * database is checked for what PostgreSQL refuses (see `./wire-text.ts`).
 */
export const PushCommandSchema = z.object({
  /** Client UUID: the idempotency key. */
  id: z.uuid(),
  /** Position in the device's outbox (per-device sequence). */
  deviceSeq: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  type: wireIdentifier(80),
  caseId: wireIdentifier(100),
  /** Case version the issuer saw (0 when the command creates the case). */
  baseVersion: z.number().int().nonnegative().max(2_147_483_647),
  /** When it happened at the workstation (2000–2099). */
  occurredAt: WireTimeSchema,
  payload: WirePayloadSchema,
});
export type PushCommand = z.infer<typeof PushCommandSchema>;

export const DeviceIdSchema = wireIdentifier(128);

/** A push request as a client builds it. */
export const PushRequestSchema = z.object({
  deviceId: DeviceIdSchema,
  commands: z.array(PushCommandSchema).min(1).max(MAX_PUSH_BATCH),
});
export type PushRequest = z.infer<typeof PushRequestSchema>;

/**
 * A push request as the route accepts it: the envelope only, each command an object of its own.
 * The commands are checked one by one (`PushCommandSchema`), so one malformed command cannot make
 * the whole request — and the good commands in it — fail.
 */
export const PushEnvelopeSchema = z.object({
  deviceId: DeviceIdSchema,
  commands: z.array(z.looseObject({})).min(1).max(MAX_PUSH_BATCH),
});

export const CaseSnapshotSchema = z.object({
  id: z.string(),
  caseNo: z.string(),
  version: z.number().int(),
  state: z.string(),
  deleted: z.boolean(),
  data: z.unknown(),
});
export type CaseSnapshot = z.infer<typeof CaseSnapshotSchema>;

const AppliedSchema = z.object({
  id: z.string(),
  status: z.literal('applied'),
  /** Case version after the command. */
  version: z.number().int(),
  events: z.number().int(),
});
const ConflictSchema = z.object({
  id: z.string(),
  status: z.literal('conflict'),
  code: z.literal('sync.conflict'),
  /** Why the command no longer fits the case that moved on since `baseVersion`. */
  rejection: z.object({ code: z.string(), params: JsonParamsSchema }),
  case: CaseSnapshotSchema,
});
const RejectedSchema = z.object({
  id: z.string(),
  status: z.literal('rejected'),
  code: z.string(),
  params: JsonParamsSchema,
});
export const StoredResultSchema = z.discriminatedUnion('status', [AppliedSchema, ConflictSchema, RejectedSchema]);
export type StoredResult = z.infer<typeof StoredResultSchema>;

const DuplicateSchema = z.object({
  id: z.string(),
  status: z.literal('duplicate'),
  /** The answer given when the command was first received. */
  original: StoredResultSchema,
});
export const PushResultSchema = z.discriminatedUnion('status', [AppliedSchema, ConflictSchema, RejectedSchema, DuplicateSchema]);
export type PushResult = z.infer<typeof PushResultSchema>;

export const PushResponseSchema = z.object({
  results: z.array(PushResultSchema),
  /** Highest `deviceSeq` of this device the server has answered. */
  lastAckedSeq: z.number().int(),
});
export type PushResponse = z.infer<typeof PushResponseSchema>;

export const PullQuerySchema = z.object({
  since: z.coerce.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER).default(0),
  limit: z.coerce.number().int().min(1).max(MAX_PULL_LIMIT).default(DEFAULT_PULL_LIMIT),
});

export const ChangeSchema = z.object({
  seq: z.number().int(),
  /** `parcel`: a return parcel (无主件 and matched ones) of the scope, with its version. */
  kind: z.enum(['case', 'order', 'parcel']),
  id: z.string(),
  deleted: z.boolean(),
  /** Cases and parcels: version; cases only: case number. */
  version: z.number().int().nullable(),
  caseNo: z.string().nullable(),
  /** The folded case, the order with its lines, or the parcel; null for a tombstone. */
  data: z.unknown(),
});
export type Change = z.infer<typeof ChangeSchema>;

export const PullResponseSchema = z.object({
  changes: z.array(ChangeSchema),
  /** Pass as `since` next time. Equals `since` when nothing changed. */
  nextCursor: z.number().int(),
  hasMore: z.boolean(),
  lastAckedSeq: z.number().int(),
  /**
   * Changes after this page when it was read (optional: sent with the first page of the feed,
   * `since` = 0, so a first download can show how far it has come).
   */
  remaining: z.number().int().nonnegative().optional(),
  /**
   * Which slice of the data this feed is (`all`, `all:reduced`, `warehouse:<id>`, `none`): a
   * workstation whose store was pulled under another scope starts over from cursor 0.
   */
  scope: z.string().max(200).optional(),
});
export type PullResponse = z.infer<typeof PullResponseSchema>;

/** Every error body: a machine code the client switches on, optional details. */
export const ErrorBodySchema = z.object({
  code: z.string(),
  message: z.string().optional(),
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  params: z.record(z.string(), z.unknown()).optional(),
});
export type ErrorBody = z.infer<typeof ErrorBodySchema>;

export const STAFF_ROLES = ['buyer', 'cs', 'warehouse', 'finance', 'admin'] as const;

export const StaffSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(STAFF_ROLES),
  warehouseId: z.string().nullable(),
});
export type Staff = z.infer<typeof StaffSchema>;

export const LoginRequestSchema = z.object({
  username: z
    .string()
    .trim()
    .min(1)
    .max(64)
    .refine((value) => textProblem(value, 'identifier') === null, 'contains a character a user name cannot have'),
  password: z.string().min(1).max(256),
  /** The workstation's stable id; sessions and push acknowledgements are per device. */
  deviceId: DeviceIdSchema,
});
export const LoginResponseSchema = z.object({ token: z.string(), expiresAt: z.string(), staff: StaffSchema });
export type LoginResponse = z.infer<typeof LoginResponseSchema>;

export const HealthSchema = z.object({ ok: z.literal(true), time: z.string(), version: z.string() });

export const ATTACHMENT_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/bmp'] as const;
export const AttachmentPutResponseSchema = z.object({ sha256: z.string(), size: z.number().int(), mime: z.enum(ATTACHMENT_TYPES), existing: z.boolean() });
