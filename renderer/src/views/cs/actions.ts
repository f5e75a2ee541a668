/**
 * Customer-service actions (客服操作) as commands: each form's draft becomes the command's payload,
 * checked with that command's own zod schema (from the rule book's `CommandSchema`) before it is
 * dispatched through the local store — so it works offline, shows as pending until the server
 * acknowledges it, and a refusal names the field to fix.
 */
import type { z } from 'zod';
import { CommandSchema, type ReturnAddress } from '../../../../shared/domain';
import type { DispatchResult } from '../../sync/dispatch';
import type { CsCommandType } from './availability';

/** Rejection templates (拒绝理由模板): translated under `cs.reject.templates.<key>`. */
export const REJECT_TEMPLATES = ['evidence_unclear', 'outside_window', 'used_or_damaged', 'not_seven_day', 'description_mismatch'] as const;
export type RejectTemplate = (typeof REJECT_TEMPLATES)[number];

/** Steps that cannot be taken back once dispatched: the form confirms before sending. */
export const IRREVERSIBLE: ReadonlySet<CsCommandType> = new Set<CsCommandType>(['cs.resolve_dispute', 'cs.override_amount', 'cs.escalate', 'cs.create_reship', 'cs.intercept_result']);

export type ActionDraft =
  | { type: 'cs.approve'; returnAddress: ReturnAddress | null }
  | { type: 'cs.reject'; template: string | null; text: string }
  | { type: 'cs.intercept_result'; intercepted: boolean | null }
  | { type: 'cs.create_reship'; cause: 'missing_item' | 'lost_parcel' | null }
  | { type: 'cs.resolve_dispute'; resolution: 'agreed_amount' | 'return_to_buyer' | 'full_refund' | null; amount: number | null; buyerAgreed: boolean; reason: string }
  | { type: 'cs.override_amount'; cash: number | null; kind: 'override' | 'shipping_subsidy'; reason: string }
  | { type: 'cs.escalate'; reason: string }
  | { type: 'cs.add_note'; text: string }
  | { type: 'cs.assign'; owner: string | null };

/** The payload schema of one command type, taken from the rule book's command union. */
export function payloadSchema(type: CsCommandType): z.ZodType {
  const option = CommandSchema.options.find((o) => o.shape.type.value === type);
  if (!option) throw new Error(`no schema for ${type}`);
  return option.shape.payload as z.ZodType;
}

/** Joins a template's wording and the free text: "照片不清晰：请补充正面照片". */
export function rejectReason(templateText: string | null, text: string): string {
  const free = text.trim();
  if (templateText && free) return `${templateText}：${free}`;
  return templateText ?? free;
}

/**
 * The payload a draft stands for. `templateText` is the chosen template in the current language
 * (what the buyer will read). A dispute settled at an agreed amount needs the buyer's agreement,
 * recorded in the reason of the audit trail.
 */
export function payloadOf(draft: ActionDraft, words: { templateText: string | null; buyerAgreedNote: string }): unknown {
  switch (draft.type) {
    case 'cs.approve':
      return draft.returnAddress ? { returnAddress: draft.returnAddress } : {};
    case 'cs.reject':
      return { reason: rejectReason(draft.template ? words.templateText : null, draft.text) };
    case 'cs.intercept_result':
      return { intercepted: draft.intercepted };
    case 'cs.create_reship':
      return { cause: draft.cause };
    case 'cs.resolve_dispute':
      if (draft.resolution === 'agreed_amount') {
        const reason = draft.reason.trim();
        return { resolution: draft.resolution, amount: draft.amount, reason: reason && draft.buyerAgreed ? `${reason}（${words.buyerAgreedNote}）` : reason };
      }
      return { resolution: draft.resolution, reason: draft.reason };
    case 'cs.override_amount':
      return { cash: draft.cash, kind: draft.kind, reason: draft.reason };
    case 'cs.escalate':
      return { reason: draft.reason };
    case 'cs.add_note':
      return { text: draft.text };
    case 'cs.assign':
      return { owner: draft.owner };
  }
}

export type Checked = { ok: true; payload: unknown } | { ok: false; fields: string[] };

/** Validates a payload with its command's schema; on failure, the payload fields to fix. */
export function checkPayload(type: CsCommandType, payload: unknown): Checked {
  const result = payloadSchema(type).safeParse(payload);
  if (result.success) return { ok: true, payload: result.data };
  return { ok: false, fields: [...new Set(result.error.issues.map((i) => String(i.path[0] ?? '')))] };
}

/** What the views dispatch through (the sync store's `issue`). */
export type Issue = (input: { type: CsCommandType; caseId: string; payload: unknown; baseVersion?: number }) => Promise<DispatchResult>;

export type ActionResult = DispatchResult | { ok: false; rejection: { code: 'cs.form_invalid'; params: { fields: string } } };

/**
 * Checks a draft: what the rule book's schema asks of its payload, and what the rule needs beyond
 * it (a settlement at an agreed amount is only made with the buyer's agreement).
 */
export function checkDraft(draft: ActionDraft, words: { templateText: string | null; buyerAgreedNote: string }): Checked {
  const checked = checkPayload(draft.type, payloadOf(draft, words));
  const missingAgreement = draft.type === 'cs.resolve_dispute' && draft.resolution === 'agreed_amount' && !draft.buyerAgreed;
  if (!missingAgreement) return checked;
  return { ok: false, fields: [...(checked.ok ? [] : checked.fields), 'buyerAgreed'] };
}

/** Checks and dispatches one action on one case (the version the person saw is the base). */
export async function runAction(issue: Issue, caseId: string, baseVersion: number, type: CsCommandType, payload: unknown): Promise<ActionResult> {
  const checked = checkPayload(type, payload);
  if (!checked.ok) return { ok: false, rejection: { code: 'cs.form_invalid', params: { fields: checked.fields.join(', ') } } };
  return issue({ type, caseId, payload: checked.payload, baseVersion });
}

export interface BulkOutcome {
  applied: string[];
  refused: Array<{ caseId: string; code: string }>;
}

/** Bulk approval: each case its own command, one after the other; one refusal does not stop the rest. */
export async function approveEach(issue: Issue, cases: ReadonlyArray<{ id: string; version: number }>, returnAddress: ReturnAddress | null): Promise<BulkOutcome> {
  const outcome: BulkOutcome = { applied: [], refused: [] };
  for (const c of cases) {
    const result = await runAction(issue, c.id, c.version, 'cs.approve', returnAddress ? { returnAddress } : {});
    if (result.ok) outcome.applied.push(c.id);
    else outcome.refused.push({ caseId: c.id, code: result.rejection.code });
  }
  return outcome;
}
