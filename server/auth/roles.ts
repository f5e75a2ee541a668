import { STAFF_ROLES } from '../../shared/sync';

export { STAFF_ROLES };
/** Roles a staff account (or a buyer account) can hold. `system` is reserved for the deadline sweeper. */
export type StaffRole = (typeof STAFF_ROLES)[number];
export type ActorRole = StaffRole | 'system';

export function isStaffRole(value: string): value is StaffRole {
  return (STAFF_ROLES as readonly string[]).includes(value);
}
