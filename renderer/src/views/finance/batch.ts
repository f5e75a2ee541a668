/**
 * Finance actions as commands through the local store (offline first, pending until the server
 * acknowledges them): batch approval — one `finance.approve_refund` per case, one after the
 * other, each decided on its own so one refusal does not stop the rest — rejection back one step
 * (to the warehouse's re-check, or to CS when no goods came back), and the carrier's compensation
 * for a lost parcel. Payloads are checked with the rule book's schemas before they are sent.
 */
import { CommandSchema, type CommandType } from '../../../../shared/domain';
import type { DispatchAllResult, DispatchResult } from '../../sync/dispatch';

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

/** Several commands in one transaction, all or none (the sync store's `issueAll`). */
export type FinanceIssueAll = (inputs: ReadonlyArray<{ type: FinanceCommandType; caseId: string; payload: unknown; baseVersion?: number }>) => Promise<DispatchAllResult>;

/** Approvals recorded per transaction when `issueAll` is given: one disk commit per chunk, not per case. */
export const APPROVAL_CHUNK = 20;

export interface ApproveOptions {
  reference?: string;
  onProgress?: (progress: BatchProgress) => void;
  /** Records a chunk of approvals in one transaction; without it, one transaction per case. */
  issueAll?: FinanceIssueAll;
  chunk?: number;
}

function storageFailure(caseNo: string, error: unknown): FinanceResult {
  console.error('finance approval failed', caseNo, error);
  return { ok: false, rejection: { code: 'storage.unknown', params: {} } };
}

/**
 * Approves each case with its own command, in order, reporting progress as it goes. A case the
 * rules refuse (already paid at another desk, sent back meanwhile) is listed with its reason and
 * the others still go. With `issueAll`, the commands of a chunk share one transaction: a refusal
 * undoes the chunk, which is recorded again without the refused case (each command is decided on
 * its own case, so the others' answers do not change).
 */
export async function approveRefunds(issue: FinanceIssue, cases: readonly BatchCase[], options: ApproveOptions = {}): Promise<BatchOutcome> {
  const outcome: BatchOutcome = { applied: [], failed: [] };
  const payload = { reference: options.reference ?? '' };
  const size = Math.max(1, options.chunk ?? APPROVAL_CHUNK);
  let done = 0;
  const report = (): void => options.onProgress?.({ done, total: cases.length, failed: outcome.failed.length });
  const fail = (c: BatchCase, rejection: { code: string; params: BatchFailure['params'] }): void => {
    outcome.failed.push({ caseId: c.id, caseNo: c.caseNo, code: rejection.code, params: rejection.params });
  };

  async function one(c: BatchCase): Promise<void> {
    let result: FinanceResult;
    try {
      result = await runFinance(issue, 'finance.approve_refund', c, payload);
    } catch (error) {
      result = storageFailure(c.caseNo, error);
    }
    if (result.ok) outcome.applied.push(c.id);
    else fail(c, result.rejection);
  }

  const checked = payloadCheck('finance.approve_refund', payload);
  for (let start = 0; start < cases.length; start += options.issueAll ? size : 1) {
    const chunk = cases.slice(start, start + (options.issueAll ? size : 1));
    let pending = [...chunk];
    while (pending.length > 0) {
      if (!options.issueAll || pending.length === 1 || !checked.ok) {
        for (const c of pending) await one(c);
        break;
      }
      let result: DispatchAllResult;
      try {
        result = await options.issueAll(pending.map((c) => ({ type: 'finance.approve_refund' as const, caseId: c.id, payload: checked.payload, baseVersion: c.version })));
      } catch {
        // A storage failure of the chunk: each case on its own, so the failure lands on the right one.
        for (const c of pending) await one(c);
        break;
      }
      if (result.ok) {
        outcome.applied.push(...pending.map((c) => c.id));
        break;
      }
      const refused = pending[result.index];
      if (!refused) throw new Error(`refusal index ${result.index} outside the chunk`);
      fail(refused, result.rejection);
      pending = pending.filter((_, i) => i !== result.index);
    }
    done += chunk.length;
    report();
  }
  // Failures in case order, whichever round found them.
  const order = new Map(cases.map((c, i) => [c.id, i]));
  outcome.failed.sort((a, b) => (order.get(a.caseId) ?? 0) - (order.get(b.caseId) ?? 0));
  return outcome;
}

export function rejectRefund(issue: FinanceIssue, c: Pick<BatchCase, 'id' | 'version'>, reason: string): Promise<FinanceResult> {
  return runFinance(issue, 'finance.reject_refund', c, { reason });
}

export function recordCompensation(issue: FinanceIssue, c: Pick<BatchCase, 'id' | 'version'>, claimRef: string, amount: number | null): Promise<FinanceResult> {
  return runFinance(issue, 'finance.record_carrier_compensation', c, { claimRef: claimRef.trim(), amount });
}
