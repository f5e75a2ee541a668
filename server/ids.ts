import { createHash } from 'node:crypto';

/**
 * Name-based UUID (RFC 9562 v5 layout over SHA-1): the same name always gives the same id, so a
 * command derived from stable facts (a demo step, a due deadline) can be issued twice and take
 * effect once.
 */
export function nameBasedUuid(name: string): string {
  const hash = createHash('sha1').update(name).digest();
  hash[6] = ((hash[6] ?? 0) & 0x0f) | 0x50;
  hash[8] = ((hash[8] ?? 0) & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
