/**
 * Which customer-service commands a person may issue on a case now (当前可执行的操作): the rule
 * book's `availableCommands` (it asks `decide` itself), narrowed to the CS commands. The approval
 * probe's decision also tells whether the goods come back, so the approval form asks for a return
 * address exactly when the rule needs one.
 */
import { availableCommands, decide, probeCommand, type Actor, type AfterSalesCase, type CommandType, type DecideContext } from '../../../../shared/domain';

export const CS_COMMAND_TYPES = ['cs.approve', 'cs.reject', 'cs.intercept_result', 'cs.create_reship', 'cs.resolve_dispute', 'cs.override_amount', 'cs.escalate', 'cs.assign', 'cs.add_note'] as const;
export type CsCommandType = (typeof CS_COMMAND_TYPES)[number];

function isCsCommand(type: CommandType): type is CsCommandType {
  return (CS_COMMAND_TYPES as readonly string[]).includes(type);
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
  const commands = availableCommands(c, actor, ctx).filter(isCsCommand);
  let approvalNeedsAddress = false;
  if (commands.includes('cs.approve')) {
    const decision = decide(c, probeCommand(c, 'cs.approve', actor, ctx), ctx);
    const approved = decision.ok ? decision.events.find((e) => e.type === 'case.approved') : undefined;
    approvalNeedsAddress = approved?.type === 'case.approved' && approved.data.returnAddress !== null;
  }
  return { commands, approvalNeedsAddress };
}
