/**
 * The case's timeline (协商历史) as this workstation knows it: the steps the server's case records
 * (each with its time and the role that took it), and every command issued here on the case with
 * its actor, workstation, when it happened, when the server acknowledged it, and whether it is
 * still pending, in conflict or refused. A command that is also a recorded step is shown once.
 *
 * The sync feed carries the folded case, not its event list, so steps the case keeps no time for
 * (a receipt, an interception) are placed after the step before them and marked as such.
 */
import type { AfterSalesCase, Role } from '../../../../shared/domain';
import type { OutboxRow, OutboxStatus } from '../../db/types';

export type TimelineSync = 'server' | OutboxStatus;

export interface TimelineEntry {
  key: string;
  /** Event name, translated under `cs.timeline.events.<event>`. */
  event: string;
  params: Record<string, string | number>;
  /** When it happened (at the workstation that recorded it). */
  at: string;
  /** True when the case keeps no time for this step: `at` is the step before it. */
  approximate: boolean;
  actorId: string | null;
  role: Role | null;
  /** Device id of the workstation (commands issued here). */
  workstation: string | null;
  /** When the server acknowledged it (commands issued here). */
  recordedAt: string | null;
  sync: TimelineSync;
}

type Draft = Omit<TimelineEntry, 'key' | 'approximate' | 'workstation' | 'recordedAt' | 'sync' | 'at'> & { at: string | null };

function closedBy(c: AfterSalesCase): Role {
  if (c.closeCause === 'withdrawn') return 'buyer';
  if (c.closeCause === 'returned_to_buyer') return 'cs';
  return 'system';
}

/** The steps the case itself records, in the order they happen in a case's life. */
function recordedSteps(c: AfterSalesCase): Draft[] {
  const steps: Draft[] = [{ event: 'applied', params: { quantity: c.quantity, reason: c.reason }, at: c.openedAt, actorId: c.buyerId, role: 'buyer' }];
  if (c.interception) steps.push({ event: c.interception === 'intercepted' ? 'intercepted' : 'interception_failed', params: {}, at: null, actorId: null, role: 'cs' });
  if (c.escalation) steps.push({ event: 'escalated', params: { reason: c.escalation.reason }, at: c.escalation.at, actorId: c.escalation.by, role: null });
  if (c.lastRejection) steps.push({ event: 'rejected', params: { reason: c.lastRejection.reason }, at: c.lastRejection.at, actorId: null, role: c.lastRejection.by });
  // The case keeps where the goods go back to, not when it was approved.
  if (c.returnAddress) steps.push({ event: 'approved', params: { warehouse: c.returnAddress.warehouseId }, at: null, actorId: null, role: null });
  if (c.reshipCause) steps.push({ event: 'reship_created', params: { cause: c.reshipCause }, at: null, actorId: null, role: 'cs' });
  if (c.returnShipment) {
    steps.push({ event: 'return_shipped', params: { carrier: c.returnShipment.carrier, tracking: c.returnShipment.trackingNumber }, at: c.returnShipment.shippedAt, actorId: c.buyerId, role: 'buyer' });
  }
  if (c.inspection && c.receivedBy) steps.push({ event: 'received', params: { condition: c.inspection.condition }, at: null, actorId: c.receivedBy, role: 'warehouse' });
  for (const d of c.disputes) {
    steps.push({ event: 'dispute_raised', params: { category: d.category }, at: d.raisedAt, actorId: d.raisedBy, role: 'warehouse' });
    if (d.resolution && d.resolvedAt) steps.push({ event: 'dispute_resolved', params: { resolution: d.resolution, amount: d.agreedAmount ?? 0 }, at: d.resolvedAt, actorId: null, role: 'cs' });
  }
  for (const a of c.refund?.adjustments ?? []) {
    if (a.kind === 'dispute_agreement') continue;
    steps.push({ event: 'adjusted', params: { kind: a.kind, amount: a.amount, reason: a.reason }, at: a.at, actorId: a.by, role: null });
  }
  if (c.outboundShipment) {
    steps.push({ event: 'outbound_shipped', params: { carrier: c.outboundShipment.carrier ?? '', tracking: c.outboundShipment.trackingNumber ?? '' }, at: c.outboundShipment.shippedAt, actorId: null, role: 'warehouse' });
  }
  for (const n of c.notes ?? []) steps.push({ event: 'note', params: { text: n.text }, at: n.at, actorId: n.by, role: n.role });
  if (c.carrierCompensation) steps.push({ event: 'compensation', params: { amount: c.carrierCompensation.amount }, at: c.carrierCompensation.recordedAt, actorId: null, role: 'finance' });
  if (c.endedAt) steps.push({ event: c.state === 'completed' ? 'completed' : 'closed', params: { cause: c.closeCause ?? '' }, at: c.endedAt, actorId: null, role: c.state === 'completed' ? null : closedBy(c) });
  else steps.push({ event: 'entered_state', params: { state: c.state }, at: c.stateEnteredAt, actorId: null, role: null });
  return steps;
}

/**
 * Builds the timeline, newest first. `snapshot` is the server's case (undefined for a case opened
 * offline here); `outbox` this workstation's commands on it.
 */
export function buildTimeline(snapshot: AfterSalesCase | undefined, outbox: readonly OutboxRow[]): TimelineEntry[] {
  const entries: TimelineEntry[] = [];
  let previous = snapshot?.openedAt ?? '';
  const unmatched = new Set(outbox.map((r) => r.id));
  for (const [i, step] of (snapshot ? recordedSteps(snapshot) : []).entries()) {
    const at = step.at ?? previous;
    previous = at;
    // The same step issued from here: its workstation and acknowledgement join the recorded step.
    const mine = step.at !== null ? outbox.find((r) => unmatched.has(r.id) && r.occurredAt === step.at && (step.role === null || r.command.actor.role === step.role)) : undefined;
    if (mine) unmatched.delete(mine.id);
    entries.push({
      ...step,
      key: `step-${i}`,
      at,
      approximate: step.at === null,
      actorId: step.actorId ?? mine?.command.actor.id ?? null,
      role: step.role ?? mine?.command.actor.role ?? null,
      workstation: mine?.deviceId ?? null,
      recordedAt: mine && mine.status === 'acked' ? mine.updatedAt : null,
      sync: 'server',
    });
  }
  for (const row of outbox) {
    if (!unmatched.has(row.id)) continue;
    entries.push({
      key: row.id,
      event: 'command',
      params: { type: row.type },
      at: row.occurredAt,
      approximate: false,
      actorId: row.command.actor.id,
      role: row.command.actor.role,
      workstation: row.deviceId,
      recordedAt: row.status === 'acked' ? row.updatedAt : null,
      sync: row.status,
    });
  }
  // Newest first; a stable sort keeps steps of the same time in their life order (reversed).
  return entries.map((e, i) => ({ e, i })).sort((a, b) => (a.e.at === b.e.at ? b.i - a.i : a.e.at < b.e.at ? 1 : -1)).map(({ e }) => e);
}
