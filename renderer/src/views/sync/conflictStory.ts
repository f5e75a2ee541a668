/**
 * A conflict told in plain words: what this workstation recorded (who, when, the facts of it),
 * what the server holds instead (who did what, when), and what to do with the goods or the case
 * now. No payload JSON, no internal ids, no version numbers: a worker reads the case number, the
 * names of states and grades, and a sentence per side.
 */
import type { AfterSalesCase } from '../../../../shared/domain';
import type { AnyCommand, ConflictRow } from '../../db/types';
import { commandText, formatMinor, stateText } from '../../format/labels';

type Translate = (key: string, params?: Record<string, unknown>) => string;
type HasKey = (key: string) => boolean;
export type FormatTime = (iso: string) => string;

export interface ConflictStory {
  /** One sentence: who recorded what on this workstation, and when. */
  mine: string;
  /** The facts of the local intent (counts, grade, category, amounts), one per line. */
  facts: string[];
  /** One sentence: what the server's case says happened instead. */
  theirs: string;
  /** What to do now (physical follow-up), when the situation calls for one. */
  advice: string | null;
}

function labelOr(t: Translate, te: HasKey, key: string, fallback: string): string {
  return te(key) ? t(key) : fallback;
}

/** The facts of a command's payload a person needs to recognise it. */
export function commandFacts(t: Translate, te: HasKey, command: AnyCommand): string[] {
  const facts: string[] = [];
  switch (command.type) {
    case 'warehouse.receive': {
      const inspection = command.payload.inspection;
      const items = inspection.received.map((r) => t('conflicts.facts.item', { sku: r.sku, quantity: r.quantity })).join(t('conflicts.facts.separator'));
      facts.push(t('conflicts.facts.counted', { items }));
      facts.push(t('conflicts.facts.grade', { grade: labelOr(t, te, `scanStation.grades.${inspection.condition}`, inspection.condition) }));
      facts.push(t('conflicts.facts.disposition', { disposition: labelOr(t, te, `scanStation.dispositions.${inspection.disposition.kind}`, inspection.disposition.kind) }));
      if (inspection.notes) facts.push(t('conflicts.facts.notes', { notes: inspection.notes }));
      break;
    }
    case 'warehouse.raise_dispute':
      facts.push(t('conflicts.facts.category', { category: labelOr(t, te, `scanStation.disputeCategories.${command.payload.category}`, command.payload.category) }));
      if (command.payload.notes) facts.push(t('conflicts.facts.notes', { notes: command.payload.notes }));
      break;
    case 'cs.resolve_dispute':
      facts.push(t('conflicts.facts.resolution', { resolution: labelOr(t, te, `cs.resolutions.${command.payload.resolution}`, command.payload.resolution) }));
      if (command.payload.resolution === 'agreed_amount') facts.push(t('conflicts.facts.amount', { amount: formatMinor(command.payload.amount) }));
      facts.push(t('conflicts.facts.reason', { reason: command.payload.reason }));
      break;
    case 'cs.override_amount':
      facts.push(t('conflicts.facts.amount', { amount: formatMinor(command.payload.cash) }));
      facts.push(t('conflicts.facts.reason', { reason: command.payload.reason }));
      break;
    case 'finance.record_carrier_compensation':
      facts.push(t('conflicts.facts.amount', { amount: formatMinor(command.payload.amount) }));
      facts.push(t('conflicts.facts.claimRef', { claimRef: command.payload.claimRef }));
      break;
    case 'finance.approve_refund':
      if (command.payload.reference) facts.push(t('conflicts.facts.reference', { reference: command.payload.reference }));
      break;
    case 'warehouse.ship_exchange':
    case 'warehouse.ship_reship':
      if (command.payload.trackingNumber) facts.push(t('conflicts.facts.tracking', { tracking: command.payload.trackingNumber }));
      break;
    default:
      if ('reason' in command.payload && typeof command.payload.reason === 'string') facts.push(t('conflicts.facts.reason', { reason: command.payload.reason }));
  }
  return facts;
}

/** What the server's case says happened since the intent was recorded. */
export function serverHappening(t: Translate, te: HasKey, server: AfterSalesCase | null, formatTime: FormatTime): string {
  if (!server) return t('conflicts.theirs.unknown');
  const state = stateText(t, te, server.state);
  const lastDispute = server.disputes.at(-1);
  if (server.state === 'disputed' && lastDispute) {
    return t('conflicts.theirs.disputed', {
      who: lastDispute.raisedBy,
      time: formatTime(lastDispute.raisedAt),
      category: labelOr(t, te, `scanStation.disputeCategories.${lastDispute.category}`, lastDispute.category),
    });
  }
  if (server.escalation && server.escalation.at >= server.stateEnteredAt) {
    return t('conflicts.theirs.escalated', { who: server.escalation.by, time: formatTime(server.escalation.at), state });
  }
  if (server.receivedBy && server.inspection && ['awaiting_refund', 'awaiting_exchange_shipment', 'completed'].includes(server.state)) {
    return t('conflicts.theirs.received', { who: server.receivedBy, time: formatTime(server.stateEnteredAt), state });
  }
  if (server.state === 'rejected' && server.lastRejection) {
    return t('conflicts.theirs.rejected', { role: t(`session.roles.${server.lastRejection.by}`), time: formatTime(server.lastRejection.at), reason: server.lastRejection.reason });
  }
  return t('conflicts.theirs.state', { state, time: formatTime(server.stateEnteredAt) });
}

/** The physical follow-up a refused warehouse intent leaves behind, if any. */
export function adviceFor(t: Translate, command: AnyCommand, server: AfterSalesCase | null): string | null {
  if (command.type !== 'warehouse.receive') return null;
  if (server?.state === 'disputed') return t('conflicts.advice.disputeShelf');
  if (server && ['closed', 'completed'].includes(server.state)) return t('conflicts.advice.closedCase');
  if (server && server.receivedBy !== null) return t('conflicts.advice.alreadyReceived');
  return t('conflicts.advice.holdParcel');
}

export function conflictStory(t: Translate, te: HasKey, conflict: ConflictRow, current: AfterSalesCase | null, formatTime: FormatTime): ConflictStory {
  const server = current ?? conflict.serverCase;
  return {
    mine: t('conflicts.mine', { who: conflict.command.actor.id, command: commandText(t, te, conflict.command.type), time: formatTime(conflict.command.occurredAt) }),
    facts: commandFacts(t, te, conflict.command),
    theirs: serverHappening(t, te, server, formatTime),
    advice: adviceFor(t, conflict.command, server),
  };
}
