/**
 * What the warehouse worker may do with the cases at the bench, as the shared rules say
 * (`availableCommands` and `canReceive` of shared/domain), decided with the context this
 * workstation holds — the same context `dispatch` decides with, so the station offers exactly
 * what recording would accept.
 */
import { availableCommands, canReceive, type Actor, type CommandType } from '../../../../shared/domain';
import type { DeskDb } from '../../db/schema';
import type { CaseViewRow, OrderRow, Rejection } from '../../db/types';
import { CONTEXT_UNAVAILABLE, contextFrom, readContextRows, readPolicy } from '../../sync/local';

export type Check = { ok: true } | { ok: false; rejection: Rejection };

export interface CaseRules {
  /** Command types the worker could issue on the case now. */
  available: readonly CommandType[];
  /** Whether its goods may be received now, and why not. */
  receive: Check;
}

export interface BenchRules {
  byCase: ReadonlyMap<string, CaseRules>;
  /** The orders read for them (undefined: not on this workstation). */
  orders: ReadonlyMap<string, OrderRow | undefined>;
}

export const NO_RULES: BenchRules = { byCase: new Map(), orders: new Map() };

const SIGNED_OUT: CaseRules = { available: [], receive: { ok: false, rejection: { code: 'session.signed_out', params: {} } } };

/** The rules of each case in `views`, reading each order's context once. */
export async function rulesFor(db: DeskDb, views: readonly CaseViewRow[], actor: Actor | null, now: string): Promise<BenchRules> {
  if (views.length === 0) return NO_RULES;
  const orderIds = [...new Set(views.map((v) => v.orderId))];
  // Every read goes out at once: the policy, and each order with its cases.
  const [policy, read] = await Promise.all([readPolicy(db), Promise.all(orderIds.map((id) => readContextRows(db, id)))]);
  const rows = new Map(orderIds.map((id, i) => [id, read[i]!] as const));
  const contexts = new Map(orderIds.map((id) => [id, contextFrom(rows.get(id)!, now, policy)] as const));
  const byCase = new Map<string, CaseRules>();
  for (const view of views) {
    const context = contexts.get(view.orderId) ?? null;
    if (!actor) byCase.set(view.id, SIGNED_OUT);
    else if (!context) byCase.set(view.id, { available: [], receive: { ok: false, rejection: { code: CONTEXT_UNAVAILABLE, params: { orderId: view.orderId } } } });
    else byCase.set(view.id, { available: availableCommands(view.data, actor, context), receive: canReceive(view.data, actor, context) });
  }
  return { byCase, orders: new Map(orderIds.map((id) => [id, rows.get(id)?.order])) };
}

export function receivableIn(rules: BenchRules, id: string): boolean {
  return rules.byCase.get(id)?.receive.ok ?? false;
}

export function availableIn(rules: BenchRules, id: string, type: CommandType): boolean {
  return rules.byCase.get(id)?.available.includes(type) ?? false;
}
