/**
 * What the signed-in person may do to a finance row, asked of the rule book (`checkCommand`):
 * a warehouse or CS user gets nothing, a case that left `awaiting_refund` can no longer be paid.
 */
import { checkCommand, type Actor, type Policy } from '../../../../shared/domain';
import { rowContext } from '../cs/casePage';
import type { FinanceCommandType } from './batch';
import type { RefundRow } from './refunds';

export function canIssue(row: RefundRow, type: FinanceCommandType, actor: Actor | null, policy: Policy, now: string): boolean {
  if (!actor || actor.role !== 'finance') return false;
  const ctx = rowContext(row, policy, now);
  return ctx !== null && checkCommand(row.view.data, type, actor, ctx).ok;
}
