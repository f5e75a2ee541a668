/**
 * Role → command types. The server enforces it for every command; `decide` checks it too.
 *
 * Receiving goods and paying refunds are different departments (DOMAIN §4), so no role spans
 * warehouse and finance. `admin` is a CS supervisor: it may issue every CS command (including
 * escalation to platform intervention) but never a buyer, warehouse, finance or system command.
 * System commands come only from the deadline sweeper.
 */
import { COMMAND_TYPES, type CommandType } from './commands';
import type { Role } from './model';

function byPrefix(prefix: string): readonly CommandType[] {
  return COMMAND_TYPES.filter((t) => t.startsWith(prefix));
}

export const PERMISSIONS: Readonly<Record<Role, readonly CommandType[]>> = Object.freeze({
  buyer: byPrefix('buyer.'),
  cs: byPrefix('cs.'),
  warehouse: byPrefix('warehouse.'),
  finance: byPrefix('finance.'),
  admin: byPrefix('cs.'),
  system: byPrefix('system.'),
});

const allowed: Readonly<Record<Role, ReadonlySet<CommandType>>> = {
  buyer: new Set(PERMISSIONS.buyer),
  cs: new Set(PERMISSIONS.cs),
  warehouse: new Set(PERMISSIONS.warehouse),
  finance: new Set(PERMISSIONS.finance),
  admin: new Set(PERMISSIONS.admin),
  system: new Set(PERMISSIONS.system),
};

export function canIssue(role: Role, type: CommandType): boolean {
  return allowed[role]?.has(type) ?? false;
}

/**
 * The roles a case may be handed to (its owner, 跟进人): those who may take and release cases
 * (`cs.assign`). The rule book has no staff list, so the central API checks the named account.
 */
export const CASE_OWNER_ROLES = ['cs', 'admin'] as const satisfies readonly Role[];
