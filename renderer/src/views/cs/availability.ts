/**
 * Which customer-service commands a person may issue on a case now (当前可执行的操作), asked of
 * the rule book rather than kept in a second table: every command type the actor's role may issue
 * is decided by `decide` on the merged case with the least payload it could carry, and the ones
 * it accepts are offered. A refusal that only says what the form still has to ask for (a return
 * address) counts as available. The decision of an approval also tells whether it needs a return
 * address (the goods come back) — so the form asks exactly for that.
 */
import {
  PERMISSIONS,
  decide,
  type Actor,
  type AfterSalesCase,
  type Command,
  type CommandType,
  type DecideContext,
  type ReturnAddress,
} from '../../../../shared/domain';

export const CS_COMMAND_TYPES = ['cs.approve', 'cs.reject', 'cs.intercept_result', 'cs.create_reship', 'cs.resolve_dispute', 'cs.override_amount', 'cs.escalate'] as const;
export type CsCommandType = (typeof CS_COMMAND_TYPES)[number];

function isCsCommand(type: CommandType): type is CsCommandType {
  return (CS_COMMAND_TYPES as readonly string[]).includes(type);
}

/** Stands in for the address the person will choose; only the decision's shape is used. */
const PROBE_ADDRESS: ReturnAddress = { warehouseId: 'probe', name: 'probe', phone: 'probe', address: 'probe' };
const PROBE_TEXT = 'probe';

function probePayload(type: CsCommandType, c: AfterSalesCase): unknown {
  switch (type) {
    case 'cs.approve':
      return { returnAddress: PROBE_ADDRESS };
    case 'cs.reject':
    case 'cs.escalate':
      return { reason: PROBE_TEXT };
    case 'cs.intercept_result':
      return { intercepted: false };
    case 'cs.create_reship':
      return { cause: 'missing_item' };
    case 'cs.resolve_dispute':
      return { resolution: 'return_to_buyer', reason: PROBE_TEXT };
    case 'cs.override_amount':
      return { cash: Math.max(0, c.refund?.cash ?? 0), kind: 'override', reason: PROBE_TEXT };
  }
}

export interface CsAvailability {
  commands: CsCommandType[];
  /** For an approval: whether the goods come back, so a return address must be chosen. */
  approvalNeedsAddress: boolean;
}

/**
 * The CS commands `decide` would accept from `actor` on case `c` in context `ctx` (the order,
 * the other cases of the order, the policy and the time). Roles outside CS get none.
 */
export function availableCsCommands(c: AfterSalesCase, actor: Actor, ctx: DecideContext): CsAvailability {
  const commands: CsCommandType[] = [];
  let approvalNeedsAddress = false;
  for (const type of PERMISSIONS[actor.role] ?? []) {
    if (!isCsCommand(type)) continue;
    const command = { id: `probe-${type}`, type, caseId: c.id, baseVersion: c.version, occurredAt: ctx.now, actor, payload: probePayload(type, c) } as Command;
    const decision = decide(c, command, ctx);
    if (!decision.ok) continue;
    commands.push(type);
    if (type === 'cs.approve') {
      const approved = decision.events.find((e) => e.type === 'case.approved');
      approvalNeedsAddress = approved?.type === 'case.approved' && approved.data.returnAddress !== null;
    }
  }
  return { commands, approvalNeedsAddress };
}
