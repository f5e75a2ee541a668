/**
 * The commands still waiting to reach the server, oldest first, each with what the desk already
 * knows about it: the case number users know and why the server will refuse it, if it will.
 */
import type { OutboxRow, OverlayRow } from '../../db/types';
import { useLiveQuery, type LiveQueryState } from '../../composables/useLiveQuery';
import { BLOCKED } from '../../sync/local';
import { ACTIVE_STATUSES } from '../../sync/outbox';

export interface PendingItem {
  row: OutboxRow;
  overlay: OverlayRow | undefined;
  caseNo: string;
  /** It waits behind an earlier command of its case that the server will refuse (not refused itself). */
  blocked: boolean;
}

export function usePendingItems(): LiveQueryState<PendingItem[]> {
  return useLiveQuery<PendingItem[]>(async (db) => {
    const rows = await db.outbox.where('status').anyOf([...ACTIVE_STATUSES]).sortBy('seq');
    const overlays = await db.overlay.bulkGet(rows.map((r) => r.id));
    const views = await db.caseView.bulkGet(rows.map((r) => r.caseId));
    return rows.map((row, i) => ({ row, overlay: overlays[i], caseNo: views[i]?.caseNo || row.caseId, blocked: overlays[i]?.failing?.code === BLOCKED }));
  }, []);
}

