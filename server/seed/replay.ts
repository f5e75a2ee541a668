/**
 * Plays a demo case's steps through the shared rules in memory: the same validate → decide →
 * evolve path the server runs, so a script that would be rejected is caught before it is stored.
 */
import { nameBasedUuid } from '../ids';
import { DEFAULT_POLICY, decide, evolveAll, validateCommand, type AfterSalesCase, type CaseEvent, type Policy, type Product } from '../../shared/domain';
import type { DemoCase, DemoOrder } from './demo-data';

export interface ReplayedStep {
  commandId: string;
  command: ReturnType<typeof validatedOrThrow>;
  events: CaseEvent[];
}

function validatedOrThrow(input: unknown) {
  const result = validateCommand(input);
  if (!result.ok) throw new Error(`demo command invalid: ${result.rejection.code} ${JSON.stringify(result.rejection.params)}`);
  return result.command;
}

/** Deterministic command ids for demo steps (name-based UUID, RFC 9562 v5), so re-seeding is idempotent. */
export function demoCommandId(caseId: string, step: number): string {
  return nameBasedUuid(`after-sales-desk/demo/${caseId}#${step}`);
}

export function replayDemoCase(
  demo: DemoCase,
  order: DemoOrder,
  products: Readonly<Record<string, Product>>,
  policy: Policy = DEFAULT_POLICY,
): { state: AfterSalesCase; steps: ReplayedStep[] } {
  let state: AfterSalesCase | undefined;
  const steps: ReplayedStep[] = [];
  const startMs = Date.parse(demo.startAt);
  demo.steps.forEach((step, index) => {
    const occurredAt = new Date(startMs + step.atMinute * 60_000).toISOString();
    const commandId = demoCommandId(demo.caseId, index);
    const command = validatedOrThrow({
      id: commandId,
      type: step.type,
      caseId: demo.caseId,
      baseVersion: state?.version ?? 0,
      occurredAt,
      actor: step.actor,
      payload: step.payload,
    });
    const decision = decide(state, command, { order: order.order, products, policy, now: occurredAt, otherCases: [] });
    if (!decision.ok) {
      throw new Error(`demo ${demo.caseId} step ${index} (${step.type}) rejected: ${decision.rejection.code} ${JSON.stringify(decision.rejection.params)}`);
    }
    state = evolveAll(state, decision.events);
    steps.push({ commandId, command, events: decision.events });
  });
  if (!state) throw new Error(`demo ${demo.caseId} has no steps`);
  return { state, steps };
}
