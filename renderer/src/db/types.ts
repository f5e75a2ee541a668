/**
 * Rows of the workstation's local store. Server snapshots (`cases`, `orders`) and the local
 * overlay (`overlay`, one row per command not yet reflected in a snapshot) are kept apart;
 * `caseView` is their merge, rewritten in the same transaction whenever either side changes,
 * so the queues can use indexes on the state a user actually sees.
 */
import type { AfterSalesCase, CaseEvent, Command, Parcel, ParcelCommand, ParcelEvent, Rejection as DomainRejection, Role } from '../../../shared/domain';
import type { Staff } from '../../../shared/sync/wire';
import type { WireOrderLineSchema } from '../../../shared/sync/order-context';
import type { z } from 'zod';

/** A rejection as the server or the local rules word it (domain codes and server codes). */
export interface Rejection {
  code: string;
  params: Readonly<Record<string, string | number | boolean | null>>;
}
export type { DomainRejection };

/** A case as last pulled from the central API (authoritative). */
export interface CaseSnapshotRow {
  id: string;
  caseNo: string;
  version: number;
  state: string;
  /** Change number of the pull that brought it. */
  changeSeq: number;
  data: AfterSalesCase;
}

/** An order line as the feed carries it (declared once, in `shared/sync`). */
export type OrderLineRow = z.infer<typeof WireOrderLineSchema>;

/** An order as pulled: the server's columns plus everything it keeps in `data`. */
export interface OrderRow {
  id: string;
  orderNo: string;
  state: string;
  buyerId: string | null;
  buyerName: string | null;
  buyerPhone: string | null;
  /** Last four digits of the buyer's phone (v2). */
  buyerPhoneTail: string | null;
  shippingFee: number;
  paidAt: string | null;
  shippedAt: string | null;
  signedAt: string | null;
  completedAt: string | null;
  lines: OrderLineRow[];
  /** SKUs of the lines (multi-entry index: SKU barcode lookup). */
  skus: string[];
  changeSeq: number;
  /** The order exactly as pulled. */
  raw: Record<string, unknown>;
}

/** The merged case the views read. */
export interface CaseViewRow {
  id: string;
  caseNo: string;
  orderId: string;
  orderNo: string;
  sku: string;
  state: string;
  /** Normalised return tracking number, '' when none yet. */
  returnTrackingNo: string;
  /** Last four digits of the buyer's phone (v2), '' when unknown. */
  buyerPhoneTail: string;
  /** Who acts next (v2): the role queue the case sits in, '' when none. */
  queue: Role | '';
  /** Due time of the next deadline, '' when none. */
  dueAt: string;
  version: number;
  /** Version of the server snapshot under the merge (0: created offline). */
  serverVersion: number;
  /** 1 while local commands are not yet reflected in the server snapshot. */
  pending: 0 | 1;
  pendingCount: number;
  data: AfterSalesCase;
}

/** A command of either aggregate: a case command, or a parcel command (`caseId` then holds the parcel id). */
export type AnyCommand = Command | ParcelCommand;

export type OutboxStatus = 'pending' | 'sending' | 'acked' | 'conflict' | 'rejected' | 'discarded';

/** One command recorded at this workstation. Never compacted: it is the local audit trail. */
export interface OutboxRow {
  /** Client UUID: the idempotency key. */
  id: string;
  /** Per-device sequence. */
  seq: number;
  deviceId: string;
  /** The aggregate: the case, or the parcel of a parcel command. */
  caseId: string;
  type: AnyCommand['type'];
  command: AnyCommand;
  baseVersion: number;
  occurredAt: string;
  status: OutboxStatus;
  attempts: number;
  lastError: string | null;
  /** Case version after the command, once the server applied it. */
  ackedVersion: number | null;
  /** Photos (sha256) the command references; uploaded before it is pushed. */
  attachments: string[];
  createdAt: string;
  updatedAt: string;
  /** Parcel commands (v5): the events the local rules produced when it was issued (its optimistic effect). */
  parcelEvents?: ParcelEvent[];
}

/** The optimistic effect of one command, re-decided whenever the server snapshot changes. */
export interface OverlayRow {
  commandId: string;
  caseId: string;
  seq: number;
  /** Events the local rules produced on the current merged case; empty when it no longer fits. */
  events: CaseEvent[];
  /** Why the command no longer fits the newest server case (it will come back as a conflict). */
  failing: Rejection | null;
}

export type ConflictKind = 'conflict' | 'rejected';
export type ConflictResolution = 'discarded' | 'reissued' | 'escalated';

/** A command the server did not apply: waits in the inbox for a person. No silent last-writer-wins. */
export interface ConflictRow {
  commandId: string;
  caseId: string;
  kind: ConflictKind;
  rejection: Rejection;
  /** The local intent. */
  command: AnyCommand;
  /** The server case when the conflict was answered (conflicts only). */
  serverCase: AfterSalesCase | null;
  serverVersion: number | null;
  createdAt: string;
  /** 1 while open. */
  open: 0 | 1;
  resolution: ConflictResolution | null;
  resolvedAt: string | null;
  /** The command issued to resolve it (re-issue, escalation). */
  followUpId: string | null;
}

/** A return parcel as last pulled (v5): this warehouse's parcels, matched or not. */
export interface ParcelSnapshotRow {
  id: string;
  version: number;
  changeSeq: number;
  data: Parcel;
}

/**
 * A return parcel as the station shows it (无主件 and matched ones): the pulled parcel merged with
 * this desk's parcel commands not yet reflected in it (v5; before, the desk's own record only).
 */
export interface ParcelRow extends Parcel {
  /** 1 while unmatched. */
  unmatched: 0 | 1;
  /** Version of the pulled parcel under the merge (0: not on the server yet). */
  serverVersion: number;
  /** This desk's commands on it not yet reflected in the pulled parcel. */
  pendingCount: number;
}

/** What became of one scan at the station (v3). */
export type ScanOutcome =
  | 'opened'
  | 'several'
  | 'not_found'
  | 'invalid'
  | 'unmatched_registered'
  | 'received'
  | 'disputed'
  | 'matched'
  | 'product';

/** One scan at this station: the session log ("nothing is stuck"). */
export interface ScanLogRow {
  id: string;
  /** When the scan happened at the workstation (ISO). */
  at: string;
  code: string;
  /** What the classifier recognised ('invalid' when a check digit failed). */
  kind: string;
  outcome: ScanOutcome;
  caseId: string | null;
  caseNo: string | null;
  /** The command recorded for it (its outbox row tells the sync state). */
  commandId: string | null;
  parcelId: string | null;
  staffId: string | null;
}

/** A notification read mark of one staff member (v8); `synced` 1 once the central API has it. */
export interface NoticeReadRow {
  staffId: string;
  /** The notice's key (`views/notifications/notices.ts`). */
  key: string;
  readAt: string;
  synced: 0 | 1;
}

/** A photo, stored until the server has it (content-addressed). */
export interface AttachmentRow {
  sha256: string;
  mime: string;
  size: number;
  blob: Blob;
  /** 1 once the server confirmed it. */
  uploaded: 0 | 1;
  createdAt: string;
}

export interface MetaRow {
  key: string;
  value: unknown;
}

/** Offline sign-in verifier: PBKDF2-SHA-256 of the password with a per-user salt. */
export interface PasswordVerifier {
  algorithm: 'PBKDF2-SHA-256';
  iterations: number;
  /** base64 */
  salt: string;
  /** base64 */
  hash: string;
}

export interface SessionRow {
  /** Lower-case username. */
  username: string;
  staff: Staff;
  token: string | null;
  expiresAt: string | null;
  verifier: PasswordVerifier;
  signedInAt: string;
  /** 1 for the account signed in now. */
  current: 0 | 1;
  /**
   * Signed out with commands still waiting: their token stays in the vault so those commands are
   * pushed under their name; cleared once they are answered or the server refuses the token.
   */
  tokenKept?: boolean;
}
