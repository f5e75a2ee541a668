/**
 * Finance actions as commands through the local store (offline first, pending until the server
 * acknowledges them): batch approval — one `finance.approve_refund` per case, one after the
 * other, each decided on its own so one refusal does not stop the rest — rejection back one step
 * (to the warehouse's re-check, or to CS when no goods came back), and the carrier's compensation
 * for a lost parcel. Payloads are checked with the rule book's schemas before they are sent.
 */
import { CommandSchema, type CommandType } from '../../../../shared/domain';
import type { DispatchResult } from '../../sync/dispatch';

export type FinanceCommandType = Extract<CommandType, `finance.${string}`>;

/** What the views dispatch through (the sync store's `issue`). */
export type FinanceIssue = (input: { type: FinanceCommandType; caseId: string; payload: unknown; baseVersion?: number }) => Promise<DispatchResult>;

export interface BatchCase {
  id: string;
  caseNo: string;
  /** The case version the person saw when confirming. */
  version: number;
}

export interface BatchFailure {
  caseId: string;
  caseNo: string;
  code: string;
  params: Readonly<Record<string, string | number | boolean | null>>;
}

export interface BatchOutcome {
  applied: string[];
  failed: BatchFailure[];
}

export interface BatchProgress {
  done: number;
  total: number;
  failed: number;
}

function payloadCheck(type: FinanceCommandType, payload: unknown): { ok: true; payload: unknown } | { ok: false; fields: string[] } {
  const option = CommandSchema.options.find((o) => o.shape.type.value === type);
  if (!option) throw new Error(`no schema for ${type}`);
  const result = option.shape.payload.safeParse(payload);
  if (result.success) return { ok: true, payload: result.data };
  return { ok: false, fields: [...new Set(result.error.issues.map((i) => String(i.path[0] ?? '')))] };
}

export type FinanceResult = DispatchResult | { ok: false; rejection: { code: 'finance.form_invalid'; params: { fields: string } } };

/** Checks a payload with its command's schema, then dispatches it on the version the person saw. */
export async function runFinance(issue: FinanceIssue, type: FinanceCommandType, c: Pick<BatchCase, 'id' | 'version'>, payload: unknown): Promise<FinanceResult> {
  const checked = payloadCheck(type, payload);
  if (!checked.ok) return { ok: false, rejection: { code: 'finance.form_invalid', params: { fields: checked.fields.join(', ') } } };
  return issue({ type, caseId: c.id, payload: checked.payload, baseVersion: c.version });
}

/**
 * Approves each case with its own command, in order, reporting progress after each one. A case
 * the rules refuse (already paid at another desk, sent back meanwhile) is listed with its reason.
 */
export async function approveRefunds(
  issue: FinanceIssue,
  cases: readonly BatchCase[],
  options: { reference?: string; onProgress?: (progress: BatchProgress) => void } = {},
): Promise<BatchOutcome> {
  const outcome: BatchOutcome = { applied: [], failed: [] };
  const payload = { reference: options.reference ?? '' };
  let done = 0;
  for (const c of cases) {
    let result: FinanceResult;
    try {
      result = await runFinance(issue, 'finance.approve_refund', c, payload);
    } catch (error) {
      // A storage failure on one case is reported on that case; the others still go.
      console.error('finance approval failed', c.caseNo, error);
      result = { ok: false, rejection: { code: 'storage.unknown', params: {} } };
    }
    if (result.ok) outcome.applied.push(c.id);
    else outcome.failed.push({ caseId: c.id, caseNo: c.caseNo, code: result.rejection.code, params: result.rejection.params });
    done += 1;
    options.onProgress?.({ done, total: cases.length, failed: outcome.failed.length });
  }
  return outcome;
}

export function rejectRefund(issue: FinanceIssue, c: Pick<BatchCase, 'id' | 'version'>, reason: string): Promise<FinanceResult> {
  return runFinance(issue, 'finance.reject_refund', c, { reason });
}

export function recordCompensation(issue: FinanceIssue, c: Pick<BatchCase, 'id' | 'version'>, claimRef: string, amount: number | null): Promise<FinanceResult> {
  return runFinance(issue, 'finance.record_carrier_compensation', c, { claimRef: claimRef.trim(), amount });
}

/** Yuan typed in a form (two decimals at most) to minor units; null when empty or not an amount. */
export function yuanToMinor(yuan: number | null): number | null {
  if (yuan === null || !Number.isFinite(yuan) || yuan < 0) return null;
  return Math.round(yuan * 100);
}
