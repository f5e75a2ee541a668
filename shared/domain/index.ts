/**
 * After-sales domain core (售后规则): one rule book for the central API (authoritative) and the
 * desktop client (optimistic, offline). Pure TypeScript: no DOM, Node or Electron.
 *
 *   validateCommand(input)               → Command | payload_invalid rejection (at the boundary)
 *   decide(case | undefined, cmd, ctx)   → { ok: true, events } | { ok: false, rejection }
 *   evolve(case | undefined, event)      → case            foldCase(events) → case
 *   nextDeadline(case, policy)           → due system action / service level, or null
 *   availableCommands(case, actor, ctx)  → the command types decide would accept now (canReceive…)
 *   decideParcel / evolveParcel      → return parcels (无主件) as their own aggregate
 *   computeRefund(…), allocate…(), shippingFee(…) — integer minor units only
 */
export * from './model';
export * from './policy';
export * from './commands';
export * from './case-events';
export * from './rejections';
export * from './permissions';
export * from './money';
export * from './shipping';
export * from './time';
export * from './eligibility';
export * from './decide';
export * from './evolve';
export * from './status';
export * from './order';
export * from './parcels';
export * from './parcel-commands';
export * from './parcel-rules';
export * from './warehouse';
export * from './available';
export * from './scenario';
