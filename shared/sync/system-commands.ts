/**
 * How the server names the commands of its deadline sweeper, shared so a workstation can tell from
 * a synced case that the sweeper acted on it (staff notifications) without a second feed.
 *
 * A system command's id is a name-based UUID (RFC 9562 v5 layout over SHA-1) of (case id, case
 * version it was issued at, action): the same due deadline always gives the same id, so several
 * sweepers take effect once. The folded case lists the ids of the commands it folded
 * (`commandIds`), so the id of `system.auto_approve` issued at version n sits among them exactly
 * when the sweeper approved the case.
 */

/** The name hashed into a system command's id. */
export function systemCommandName(caseId: string, version: number, action: string): string {
  return `after-sales-desk/system/${caseId}@${version}/${action}`;
}

/** A SHA-1 digest (20 bytes) written as a version-5 UUID. */
export function uuidFromSha1(hash: Uint8Array): string {
  const bytes = Array.from(hash.subarray(0, 16));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** Whether a command id has the name-based (v5) layout: random client ids (v4) never do. */
export function isNameBasedUuid(id: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i.test(id);
}
