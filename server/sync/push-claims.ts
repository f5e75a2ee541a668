/**
 * The first steps of the command pipeline, before any case is read: each command checked on its
 * own against the wire schema, the requests whose device belongs to someone else set aside, and
 * every command id claimed — or found answered before, by the same actor with the same content
 * (a retry: `duplicate`) or not (`command_id_reused`).
 */
import { createHash } from 'node:crypto';
import { PushCommandSchema, StoredResultSchema, type PushCommand, type PushResult, type StoredResult } from '../../shared/sync';
import type { Queryable } from '../db/db';
import { HttpError } from '../errors';
import type { PushContext } from './push-common';

/** One push request: who pushed (token) and its commands, in order, each still to be checked. */
export interface PushGroup {
  ctx: PushContext;
  commands: readonly unknown[];
}

/** One well-formed command of the transaction, with the request it came in. */
export interface Entry {
  group: number;
  /** Position in its request. */
  index: number;
  ctx: PushContext;
  command: PushCommand;
  /** UUIDs compare case-insensitively, as the uuid column does. */
  key: string;
  /** What the command says, hashed: a retry says the same. */
  hash: string;
  /** Server time when the command is applied. */
  now: string;
}

/** The id a malformed command is answered under: what it sent, if that is a string at all. */
function idOf(raw: unknown): string {
  const id = typeof raw === 'object' && raw !== null ? (raw as { id?: unknown }).id : undefined;
  return typeof id === 'string' ? id.slice(0, 100) : '';
}

/** A command that does not fit the wire schema: refused alone, not stored (there may be no id to store it under). */
function malformed(raw: unknown, issues: readonly { path: PropertyKey[]; message: string }[]): PushResult {
  const first = issues[0];
  return { id: idOf(raw), status: 'rejected', code: 'payload_invalid', params: { path: first ? first.path.map(String).join('.') : '', message: first?.message ?? 'invalid command', issues: issues.length } };
}

/** JSON with object keys in order, so the same content always hashes the same. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * What a command asks, as a hash: type, case and payload. Its time, device sequence and base
 * version are left out: a deadline's system command is issued again with a new time, and the
 * storefront retries an action with the case's version as it is then.
 */
export function contentHash(command: PushCommand): string {
  return createHash('sha256').update(canonical([command.type, command.caseId, command.payload])).digest('hex');
}

/** Checks every command of every request; answers the malformed ones in place. */
export function parseGroups(groups: readonly PushGroup[]): { entries: Entry[]; results: PushResult[][] } {
  const entries: Entry[] = [];
  const results: PushResult[][] = groups.map(({ commands }) => new Array<PushResult>(commands.length));
  groups.forEach(({ ctx, commands }, group) =>
    commands.forEach((raw, index) => {
      const parsed = PushCommandSchema.safeParse(raw);
      if (!parsed.success) {
        (results[group] as PushResult[])[index] = malformed(raw, parsed.error.issues);
        return;
      }
      const command = parsed.data;
      entries.push({ group, index, ctx, command, key: command.id.toLowerCase(), hash: contentHash(command), now: ctx.clock().toISOString() });
    }),
  );
  return { entries, results };
}

/**
 * A device id belongs to the staff member who first registered it (`devices.owner_id`, kept by a
 * trigger): a request of anyone else under that id is refused whole, so one account cannot move
 * another workstation's acknowledgement or speak for it. Commands the server issues itself (the
 * sweeper, the demo seed) are not checked.
 */
export async function foreignDevices(tx: Queryable, groups: readonly PushGroup[]): Promise<Map<number, HttpError>> {
  const refused = new Map<number, HttpError>();
  const checked = groups.map((g, i) => ({ g, i })).filter(({ g }) => g.ctx.origin !== 'server');
  if (checked.length === 0) return refused;
  const rows = await tx.query<{ id: string; owner_id: string | null }>('SELECT id, owner_id FROM devices WHERE id = ANY($1::text[])', [[...new Set(checked.map(({ g }) => g.ctx.deviceId))]]);
  const owners = new Map(rows.map((r) => [r.id, r.owner_id]));
  for (const { g, i } of checked) {
    const owner = owners.get(g.ctx.deviceId);
    if (owner && owner !== g.ctx.actor.id) refused.set(i, new HttpError(403, 'auth.device_owned_by_other', 'this device id belongs to another staff member: sign in from your own workstation'));
  }
  return refused;
}

/** What was stored with a command id: who sent it, what it said, and the answer given. */
interface StoredCommand {
  actorId: string;
  caseId: string;
  type: string;
  /** Null for commands stored before the content was hashed. */
  hash: string | null;
  result: StoredResult;
}

/** The same command again (a retry), or another command under an id already used. */
export function sameCommand(entry: Entry, stored: Pick<StoredCommand, 'actorId' | 'caseId' | 'type' | 'hash'>): boolean {
  return stored.actorId === entry.ctx.actor.id && stored.caseId === entry.command.caseId && stored.type === entry.command.type && (stored.hash === null || stored.hash === entry.hash);
}

/** A command id already taken by another command: refused, not stored, and nothing of the other command told. */
export function reused(entry: Entry): PushResult {
  return { id: entry.command.id, status: 'rejected', code: 'command_id_reused', params: { commandId: entry.command.id } };
}

/**
 * Claims every command id (in id order: two transactions sharing ids never wait on each other in
 * a circle). An id already there — answered before, or by a transaction this one just waited
 * for — comes back with what was stored with it.
 */
export async function claimIds(tx: Queryable, firsts: readonly Entry[]): Promise<{ claimed: Set<string>; stored: Map<string, StoredCommand> }> {
  const claims = [...firsts]
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map(({ key, ctx, command, hash, now }) => ({ id: key, device_id: ctx.deviceId, seq: command.deviceSeq, case_id: command.caseId, type: command.type, actor_id: ctx.actor.id, hash, at: now }));
  const rows = await tx.query<{ command_id: string }>(
    `INSERT INTO commands (command_id, device_id, device_seq, case_id, type, actor_id, payload_hash, status, result, recorded_at)
     SELECT x.id, x.device_id, x.seq, x.case_id, x.type, x.actor_id, x.hash, 'pending', NULL, x.at
       FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, device_id text, seq bigint, case_id text, type text, actor_id text, hash text, at timestamptz)
      ORDER BY x.id
     ON CONFLICT (command_id) DO NOTHING
     RETURNING command_id::text AS command_id`,
    [JSON.stringify(claims)],
  );
  const claimed = new Set(rows.map((r) => r.command_id.toLowerCase()));
  const stored = new Map<string, StoredCommand>();
  const known = firsts.map((e) => e.key).filter((key) => !claimed.has(key));
  if (known.length > 0) {
    const found = await tx.query<{ command_id: string; actor_id: string; case_id: string; type: string; payload_hash: string | null; result: unknown }>(
      'SELECT command_id::text AS command_id, actor_id, case_id, type, payload_hash, result FROM commands WHERE command_id = ANY($1::uuid[])',
      [known],
    );
    for (const r of found) {
      stored.set(r.command_id.toLowerCase(), { actorId: r.actor_id, caseId: r.case_id, type: r.type, hash: r.payload_hash, result: StoredResultSchema.parse(r.result) });
    }
  }
  return { claimed, stored };
}
