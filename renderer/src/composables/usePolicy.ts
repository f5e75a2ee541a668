/**
 * The policy in force at this desk (the one the last sync brought, or the default until the first
 * sync) as live state, so a view shows deadlines and limits from the rule book without reaching
 * the local store itself.
 */
import { DEFAULT_POLICY, type Policy } from '../../../shared/domain';
import { readPolicy } from '../sync/local';
import { useLiveQuery, type LiveQueryState } from './useLiveQuery';

export function usePolicy(): LiveQueryState<Policy> {
  return useLiveQuery<Policy>((db) => readPolicy(db), DEFAULT_POLICY);
}
