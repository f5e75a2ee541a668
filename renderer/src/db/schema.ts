/**
 * The workstation's IndexedDB schema, declared once with numbered versions. Upgrades only add
 * tables and indexes (and fill new fields); nothing is ever dropped, so a workstation that was
 * offline for weeks upgrades with its queue intact. `test/renderer/db/upgrade.test.ts` writes data
 * with every earlier version and opens it with the current one.
 */
import Dexie, { type Table, type Transaction } from 'dexie';
import { DEFAULT_POLICY, nextDeadline, type ParcelCommand, type Policy } from '../../../shared/domain';
import type {
  AttachmentRow,
  CaseSnapshotRow,
  CaseViewRow,
  ConflictRow,
  MetaRow,
  NoticeReadRow,
  OrderRow,
  OutboxRow,
  OverlayRow,
  ParcelRow,
  ParcelSnapshotRow,
  ScanLogRow,
  SessionRow,
} from './types';

/** Version 1: snapshots, overlay, outbox, conflicts, parcels, attachments, meta, session. */
export const SCHEMA_V1: Readonly<Record<string, string>> = {
  cases: 'id, caseNo, state, changeSeq',
  orders: 'id, orderNo, *skus, changeSeq',
  caseView: 'id, caseNo, orderId, orderNo, sku, returnTrackingNo, state, [state+dueAt], pending',
  overlay: 'commandId, caseId, [caseId+seq]',
  outbox: 'id, &seq, caseId, status, [caseId+seq], [status+seq]',
  conflicts: 'commandId, caseId, open, createdAt',
  parcels: 'id, trackingNumber, caseId, unmatched, receivedAt',
  attachments: 'sha256, uploaded',
  meta: 'key',
  session: 'username, current',
};

/**
 * Version 2: role queues and the buyer's phone tail. The queues list a role's cases by due time
 * (`[queue+dueAt]`); CS finds a buyer's cases by the last four digits of the phone. Both fields
 * are filled for rows written by version 1.
 */
export const SCHEMA_V2: Readonly<Record<string, string>> = {
  orders: 'id, orderNo, *skus, changeSeq, buyerPhoneTail',
  caseView: 'id, caseNo, orderId, orderNo, sku, returnTrackingNo, state, [state+dueAt], pending, [queue+dueAt], buyerPhoneTail',
};

/**
 * Version 3: the scan station's session log (one row per scan with its outcome) and parcel
 * lookups by shelf. Nothing to fill: both are new.
 */
export const SCHEMA_V3: Readonly<Record<string, string>> = {
  parcels: 'id, trackingNumber, caseId, unmatched, receivedAt, [unmatched+receivedAt]',
  scanLog: 'id, at, caseId, commandId',
};

/**
 * Version 4: the customer-service queues. Filters and sorts read indexes on fields of the merged
 * case itself (nested key paths), so no field has to be copied and nothing is filled: IndexedDB
 * builds the new indexes from the rows already there. A row whose path is missing (no return
 * address yet, never escalated, no refund computed) is simply not in that index.
 *  - `dueAt`: every case by its next deadline (overdue = a range of it);
 *  - `[state+data.escalation.at]`: escalated cases per state (platform intervention);
 *  - type, reason, opening time, return warehouse, return carrier and refund cash for filters.
 */
export const SCHEMA_V4: Readonly<Record<string, string>> = {
  caseView:
    'id, caseNo, orderId, orderNo, sku, returnTrackingNo, state, [state+dueAt], pending, [queue+dueAt], buyerPhoneTail, dueAt, [state+data.escalation.at], data.type, data.reason, data.openedAt, data.returnAddress.warehouseId, data.returnShipment.carrier, data.refund.cash',
};

/**
 * Version 5: return parcels as synced facts. `parcelSnapshots` holds the parcels as last pulled
 * (this warehouse's); `parcels` becomes their merge with this desk's parcel commands not yet
 * reflected (like `caseView`), by warehouse. Parcels registered before version 5 lived only on
 * this desk: each unmatched one is queued as a `parcel.register` command so it reaches the central
 * API, and every old row gets the fields of the merged parcel.
 */
export const SCHEMA_V5: Readonly<Record<string, string>> = {
  parcels: 'id, trackingNumber, caseId, unmatched, receivedAt, [unmatched+receivedAt], warehouseId',
  parcelSnapshots: 'id, changeSeq',
};

/**
 * Version 7: finance. The refunds paid in a date range (exports, the day's list) are read by the
 * time the case ended per state (`[state+data.endedAt]`): completed cases in a range without
 * reading the others. It carries every earlier `caseView` index (a version replaces a table's
 * index list); IndexedDB builds it from the rows already there.
 */
export const SCHEMA_V7: Readonly<Record<string, string>> = {
  caseView: `${SCHEMA_V4.caseView}, [state+data.endedAt]`,
};

/**
 * Version 8: staff notifications and the case owner. `noticeReads` keeps the signed-in person's
 * notification read marks (`synced` 0 until the central API has them, so a mark made offline is
 * sent later); the notices themselves are derived from the cases, never stored. `data.owner` lets
 * the customer-service queues filter by the case owner (mine, a colleague's) from an index; a case
 * never assigned has no owner and is simply not in it.
 */
export const SCHEMA_V8: Readonly<Record<string, string>> = {
  caseView: `${SCHEMA_V7.caseView}, data.owner`,
  noticeReads: '[staffId+key], [staffId+synced]',
};

export const CURRENT_VERSION = 8;

/** Last four digits of a phone number ('' when there are fewer than four). */
export function phoneTail(phone: string | null | undefined): string {
  const digits = (phone ?? '').replace(/\D/g, '');
  return digits.length >= 4 ? digits.slice(-4) : '';
}

async function upgradeToV2(tx: Transaction): Promise<void> {
  const policyRow = (await tx.table('meta').get('policy')) as MetaRow | undefined;
  const policy = (policyRow?.value as Policy | undefined) ?? DEFAULT_POLICY;
  const tails = new Map<string, string>();
  await tx
    .table('orders')
    .toCollection()
    .modify((order: OrderRow) => {
      order.buyerPhoneTail = phoneTail(order.buyerPhone) || null;
      tails.set(order.id, order.buyerPhoneTail ?? '');
    });
  await tx
    .table('caseView')
    .toCollection()
    .modify((view: CaseViewRow) => {
      const deadline = nextDeadline(view.data, policy);
      view.queue = deadline?.owner ?? '';
      view.dueAt = deadline?.dueAt ?? '';
      view.buyerPhoneTail = tails.get(view.orderId) ?? '';
    });
}

/** A parcel row as versions 1–4 wrote it (this desk's record only). */
type LegacyParcelRow = Omit<ParcelRow, 'version' | 'shelf' | 'disposedAt' | 'disposalReason' | 'commandIds' | 'updatedAt' | 'serverVersion' | 'pendingCount'> & { shelf?: string };

async function upgradeToV5(tx: Transaction): Promise<void> {
  const legacy = (await tx.table('parcels').toArray()) as LegacyParcelRow[];
  if (legacy.length === 0) return;
  const deviceRow = (await tx.table('meta').get('deviceId')) as MetaRow | undefined;
  const seqRow = (await tx.table('meta').get('nextSeq')) as MetaRow | undefined;
  const deviceId = typeof deviceRow?.value === 'string' ? deviceRow.value : 'desk-unknown';
  let seq = typeof seqRow?.value === 'number' ? seqRow.value : 1;
  const rows: ParcelRow[] = [];
  const outbox: OutboxRow[] = [];
  for (const p of legacy) {
    const shelf = p.shelf?.trim() || '-';
    const row: ParcelRow = { ...p, shelf, version: 0, disposedAt: null, disposalReason: null, commandIds: [], updatedAt: p.receivedAt, serverVersion: 0, pendingCount: 0 };
    if (p.status === 'unmatched') {
      const id = globalThis.crypto.randomUUID();
      const command: ParcelCommand = {
        id,
        type: 'parcel.register',
        parcelId: p.id,
        baseVersion: 0,
        occurredAt: p.receivedAt,
        actor: { id: p.receivedBy, role: 'warehouse', warehouseId: p.warehouseId },
        payload: { trackingNumber: p.trackingNumber, carrier: p.carrier, shelf, notes: p.notes, photos: p.photos },
      };
      outbox.push({ id, seq, deviceId, caseId: p.id, type: command.type, command, baseVersion: 0, occurredAt: p.receivedAt, status: 'pending', attempts: 0, lastError: null, ackedVersion: null, attachments: [...p.photos], createdAt: p.receivedAt, updatedAt: p.receivedAt });
      seq += 1;
      Object.assign(row, { version: 1, commandIds: [id], pendingCount: 1 });
    }
    rows.push(row);
  }
  await tx.table('parcels').bulkPut(rows);
  if (outbox.length > 0) {
    await tx.table('outbox').bulkAdd(outbox);
    await tx.table('meta').put({ key: 'nextSeq', value: seq });
  }
}

export class DeskDb extends Dexie {
  cases!: Table<CaseSnapshotRow, string>;
  orders!: Table<OrderRow, string>;
  caseView!: Table<CaseViewRow, string>;
  overlay!: Table<OverlayRow, string>;
  outbox!: Table<OutboxRow, string>;
  conflicts!: Table<ConflictRow, string>;
  parcels!: Table<ParcelRow, string>;
  parcelSnapshots!: Table<ParcelSnapshotRow, string>;
  attachments!: Table<AttachmentRow, string>;
  meta!: Table<MetaRow, string>;
  session!: Table<SessionRow, string>;
  scanLog!: Table<ScanLogRow, string>;
  noticeReads!: Table<NoticeReadRow, [string, string]>;

  constructor(name: string) {
    // Strict durability: a command the user saw accepted is on disk, not in an OS cache.
    super(name, { chromeTransactionDurability: 'strict' });
    this.version(1).stores(SCHEMA_V1);
    this.version(2).stores(SCHEMA_V2).upgrade(upgradeToV2);
    this.version(3).stores(SCHEMA_V3);
    this.version(4).stores(SCHEMA_V4);
    this.version(5).stores(SCHEMA_V5).upgrade(upgradeToV5);
    this.version(7).stores(SCHEMA_V7);
    this.version(8).stores(SCHEMA_V8);
  }
}

/** Opens (creating or upgrading) the local store. Tests pass a unique name. */
export async function openDeskDb(name = 'after-sales-desk'): Promise<DeskDb> {
  const db = new DeskDb(name);
  await db.open();
  return db;
}
