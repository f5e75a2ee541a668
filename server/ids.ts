import { createHash } from 'node:crypto';
import { uuidFromSha1 } from '../shared/sync/system-commands';

/**
 * Name-based UUID (RFC 9562 v5 layout over SHA-1): the same name always gives the same id, so a
 * command derived from stable facts (a demo step, a due deadline) can be issued twice and take
 * effect once.
 */
export function nameBasedUuid(name: string): string {
  return uuidFromSha1(createHash('sha1').update(name).digest());
}
