/**
 * What the conflict inbox may offer for one conflict, decided the way the answer itself would
 * be: the refused intent re-decided on the case as this workstation now holds it (the server's
 * case), and the hand-over to customer service checked against the role and the case. An action
 * that would fail is offered disabled, with the reason, instead of failing after a click.
 */
import { canIssue, checkCommand, decideParcel, type Actor, type AfterSalesCase, type Command, type ParcelCommand, type Policy } from '../../../shared/domain';
import type { DeskDb } from '../db/schema';
import type { ConflictRow, Rejection } from '../db/types';
import { contextFrom, CONTEXT_UNAVAILABLE, decideWith, orderIdOf, readContextRows, readPolicy } from './local';
import { isParcelCommand } from './parcels';

export type OptionCheck = { ok: true } | { ok: false; rejection: Rejection };

export interface ConflictOptions {
  /** The case number users know the case by (null when this workstation holds no copy). */
  caseNo: string | null;
  /** The case as this workstation holds it now (the server's answer, plus later local work). */
  current: AfterSalesCase | null;
  reissue: OptionCheck;
  escalate: OptionCheck;
}

/** Whether the refused intent, issued again by `actor` now, would be accepted (pure). */
export function reissueCheck(conflict: ConflictRow, current: AfterSalesCase | undefined, rows: Parameters<typeof decideWith>[0], actor: Actor, now: string, policy: Parameters<typeof decideWith>[4]): OptionCheck {
  const command = { ...conflict.command, actor, occurredAt: now, baseVersion: current?.version ?? conflict.command.baseVersion } as Command;
  const decision = decideWith(rows, current, command, now, policy);
  return decision.ok ? { ok: true } : { ok: false, rejection: decision.rejection };
}

/** Whether `actor` may hand the case to customer service intervention now (pure). */
export function escalateCheck(current: AfterSalesCase | undefined, rows: Parameters<typeof decideWith>[0], actor: Actor, now: string, policy: Parameters<typeof decideWith>[4]): OptionCheck {
  if (!canIssue(actor.role, 'cs.escalate')) return { ok: false, rejection: { code: 'role_not_allowed', params: { role: actor.role, commandType: 'cs.escalate' } } };
  if (!current) return { ok: false, rejection: { code: 'case_not_found', params: {} } };
  const ctx = contextFrom(rows, now, policy);
  if (!ctx) return { ok: false, rejection: { code: CONTEXT_UNAVAILABLE, params: { orderId: current.orderId } } };
  return checkCommand(current, 'cs.escalate', actor, ctx);
}

/** Reads what the checks need for one conflict and runs them. */
export async function conflictOptions(db: DeskDb, conflict: ConflictRow, actor: Actor, clock: () => Date = () => new Date()): Promise<ConflictOptions> {
  const [view, snapshot, policy] = await Promise.all([db.caseView.get(conflict.caseId), db.cases.get(conflict.caseId), readPolicy(db)]);
  const current = view?.data ?? snapshot?.data ?? conflict.serverCase ?? undefined;
  const now = clock().toISOString();
  if (isParcelCommand(conflict.command)) return parcelOptions(db, conflict.command, actor, now, policy);
  const rows = await readContextRows(db, orderIdOf(current, conflict.command));
  return {
    caseNo: view?.caseNo ?? snapshot?.caseNo ?? null,
    current: current ?? null,
    reissue: reissueCheck(conflict, current, rows, actor, now, policy),
    escalate: escalateCheck(current, rows, actor, now, policy),
  };
}

/**
 * A refused parcel command (无主件): re-issuing it is decided on the parcel (and, for a match, the
 * case) as this workstation holds them now; customer service has nothing to take over.
 */
async function parcelOptions(db: DeskDb, command: ParcelCommand, actor: Actor, now: string, policy: Policy): Promise<ConflictOptions> {
  const parcel = await db.parcels.get(command.parcelId);
  const matched = command.type === 'parcel.match' ? (await db.caseView.get(command.payload.caseId))?.data : undefined;
  const decision = decideParcel(parcel, { ...command, actor, occurredAt: now, baseVersion: parcel?.version ?? 0 }, { policy, now, case: matched });
  return {
    caseNo: null,
    current: null,
    reissue: decision.ok ? { ok: true } : { ok: false, rejection: decision.rejection },
    escalate: { ok: false, rejection: { code: 'role_not_allowed', params: { role: actor.role, commandType: 'cs.escalate' } } },
  };
}
