/**
 * Parcel commands (`parcel.*`) in the push pipeline. They arrive through the same push request as
 * case commands and share its guarantees: the device's owner is checked, every command id is
 * claimed once in `commands` (a retry gets the stored answer, an id reused for something else is
 * refused), the one permission check answers `role_not_allowed`, a command built on an older
 * version is judged against the parcel as it is now and becomes a conflict (with the parcel's
 * snapshot) only when it no longer fits, and the device's acknowledgement moves on.
 *
 * Parcels are few beside cases (a warehouse registers a handful a day), so a run of parcel
 * commands is decided one command at a time in one transaction, each with its own statements.
 * Another warehouse's parcel, and a case the actor may not see, are answered exactly as a missing
 * one: nothing of them is told.
 */
import { randomUUID } from 'node:crypto';
import {
  canIssueParcel,
  decideParcel,
  evolveParcelAll,
  isParcelCommandType,
  mayHandleParcel,
  validateParcelCommand,
  type AfterSalesCase,
  type Parcel,
  type ParcelCommand,
  type ParcelDecision,
} from '../../shared/domain';
import type { CaseSnapshot, PushResult, StoredResult } from '../../shared/sync';
import type { Queryable } from '../db/db';
import { toInt, toIso } from '../db/db';
import { nextChangeSeq } from './changes';
import { retriedTransaction } from './push-common';
import { claimIds, foreignDevices, parseGroups, reused, sameCommand, type Entry, type PushGroup } from './push-claims';
import type { BatchOutcome } from './push-batch';
import { mayActOn, type Rejection } from './rules';
import { eventTimes } from './time-trust';

/** Whether a pushed command (not yet checked) is a parcel command. */
export function isParcelPush(raw: unknown): boolean {
  const type = typeof raw === 'object' && raw !== null ? (raw as { type?: unknown }).type : undefined;
  return typeof type === 'string' && isParcelCommandType(type);
}

interface ParcelRow {
  id: string;
  version: number;
  data: Parcel;
  latestAt: string | null;
}

/** A parcel as the conflict answer carries it (in the `case` field of a conflict, with no case number). */
function parcelSnapshot(p: Parcel): CaseSnapshot {
  return { id: p.id, caseNo: '', version: p.version, state: p.status, deleted: false, data: p };
}

/** Applies a run of parcel commands of one request in one transaction, in order. */
export async function applyParcelGroup(group: PushGroup): Promise<BatchOutcome> {
  return retriedTransaction(group.ctx.db, (tx) => runParcels(tx, group));
}

async function loadParcel(tx: Queryable, id: string): Promise<ParcelRow | null> {
  const [row] = await tx.query<{ id: string; version: unknown; data: Parcel; latest_at: unknown }>(
    `SELECT p.id, p.version, p.data, (SELECT max(e.occurred_at) FROM parcel_events e WHERE e.parcel_id = p.id) AS latest_at
       FROM parcels p WHERE p.id = $1 FOR UPDATE OF p`,
    [id],
  );
  return row ? { id: row.id, version: toInt(row.version), data: row.data, latestAt: row.latest_at === null ? null : toIso(row.latest_at) } : null;
}

/** The case a match names, as the actor may see it, and the parcel already matched to it. */
async function loadCase(tx: Queryable, entry: Entry, caseId: string): Promise<{ case: AfterSalesCase | undefined; caseParcelId: string | null }> {
  const [row] = await tx.query<{ data: AfterSalesCase; deleted: boolean; parcel_id: string | null }>(
    'SELECT c.data, c.deleted, (SELECT p.id FROM parcels p WHERE p.case_id = c.id) AS parcel_id FROM cases c WHERE c.id = $1 FOR SHARE OF c',
    [caseId],
  );
  if (!row || row.deleted || !mayActOn(entry.ctx.actor, row.data)) return { case: undefined, caseParcelId: null };
  return { case: row.data, caseParcelId: row.parcel_id };
}

async function decideOne(tx: Queryable, entry: Entry): Promise<StoredResult> {
  const { ctx, command, now } = entry;
  const rejected = (r: Rejection): StoredResult => ({ id: command.id, status: 'rejected', code: r.code, params: { ...r.params } });
  const type = command.type;
  if (!isParcelCommandType(type)) return rejected({ code: 'command.unknown_type', params: { type } });
  // The one permission check, with the rule book's own code.
  if (!canIssueParcel(ctx.actor.role, type)) return rejected({ code: 'role_not_allowed', params: { role: ctx.actor.role, commandType: type } });
  const validation = validateParcelCommand({ id: command.id, type, parcelId: command.caseId, baseVersion: command.baseVersion, occurredAt: command.occurredAt, actor: ctx.actor, payload: command.payload });
  if (!validation.ok) return rejected(validation.rejection);
  const valid: ParcelCommand = validation.command;

  const row = await loadParcel(tx, valid.parcelId);
  // Another warehouse's parcel is answered as a missing one (a register under its id too).
  const visible = row && mayHandleParcel(ctx.actor, row.data) ? row : null;
  if (row && !visible) return rejected({ code: valid.type === 'parcel.register' ? 'parcel_already_exists' : 'parcel_not_found', params: { parcelId: valid.parcelId } });
  const current = visible?.version ?? 0;
  if (visible && valid.baseVersion > current) return rejected({ code: 'sync.version_ahead', params: { baseVersion: valid.baseVersion, version: current } });
  const times = eventTimes(ctx, command, now, ctx.rules.policy, visible?.latestAt ?? null, valid.baseVersion === current);
  if (!times.ok) return rejected(times.rejection);

  const matched = valid.type === 'parcel.match' ? await loadCase(tx, entry, valid.payload.caseId) : { case: undefined, caseParcelId: null };
  const state = visible?.data;
  const judged: ParcelCommand = { ...valid, occurredAt: times.occurredAt, baseVersion: state ? state.version : valid.baseVersion };
  const decision: ParcelDecision = decideParcel(state, judged, { policy: ctx.rules.policy, now, ...matched });
  if (!decision.ok) {
    if (state && valid.baseVersion !== current) {
      return { id: command.id, status: 'conflict', code: 'sync.conflict', rejection: { code: decision.rejection.code, params: { ...decision.rejection.params } }, case: parcelSnapshot(state) };
    }
    return rejected(decision.rejection);
  }
  if (decision.events.length === 0) return { id: command.id, status: 'applied', version: current, events: 0 };
  const next = evolveParcelAll(state, decision.events);
  if (!next) throw new Error('a parcel decision folded to nothing');
  const seq = await nextChangeSeq(tx);
  const doc = JSON.stringify(next);
  if (state) {
    await tx.query('UPDATE parcels SET status = $2, case_id = $3, version = $4, data = $5::jsonb, change_seq = $6, updated_at = $7 WHERE id = $1', [next.id, next.status, next.caseId, next.version, doc, seq, now]);
  } else {
    await tx.query(
      `INSERT INTO parcels (id, warehouse_id, tracking_number, status, case_id, version, data, change_seq, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8, $9, $9)`,
      [next.id, next.warehouseId, next.trackingNumber, next.status, next.caseId, next.version, doc, seq, now],
    );
  }
  for (const e of decision.events) {
    await tx.query(
      `INSERT INTO parcel_events (parcel_id, version, type, data, actor_id, role, command_id, occurred_at, recorded_at)
       VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7, $8, $9)`,
      [e.parcelId, e.version, e.type, JSON.stringify(e.data), e.actor.id, e.actor.role, e.commandId, times.occurredAt, now],
    );
  }
  return { id: command.id, status: 'applied', version: next.version, events: decision.events.length };
}

async function runParcels(tx: Queryable, group: PushGroup): Promise<BatchOutcome> {
  const refused = (await foreignDevices(tx, [group])).get(0);
  if (refused) return { results: [], lastAckedSeq: null, refused };
  const { entries, results } = parseGroups([group]);
  const out = results[0] as PushResult[];
  const firsts = new Map<string, Entry>();
  for (const e of entries) if (!firsts.has(e.key)) firsts.set(e.key, e);
  const { claimed, stored } = await claimIds(tx, [...firsts.values()]);
  const answers = new Map<string, StoredResult>();
  let ack = -1;
  for (const entry of entries) {
    const before = stored.get(entry.key);
    const first = firsts.get(entry.key);
    let result: PushResult;
    if (before) {
      if (!sameCommand(entry, before)) {
        out[entry.index] = reused(entry);
        continue;
      }
      result = { id: entry.command.id, status: 'duplicate', original: before.result };
    } else if (first !== entry && first && !sameCommand(entry, { actorId: first.ctx.actor.id, caseId: first.command.caseId, type: first.command.type, hash: first.hash })) {
      out[entry.index] = reused(entry);
      continue;
    } else if (answers.has(entry.key) || !claimed.has(entry.key)) {
      const original = answers.get(entry.key);
      if (!original) throw new Error('a repeated parcel command has no answer');
      result = { id: entry.command.id, status: 'duplicate', original };
    } else {
      let answer: StoredResult;
      try {
        answer = await decideOne(tx, entry);
      } catch (error) {
        // A defect while deciding: this command alone is refused and not stored (a retry decides again).
        const errorId = randomUUID();
        entry.ctx.log.error({ err: error, errorId, commandId: entry.command.id, type: entry.command.type }, 'deciding a parcel command failed');
        await tx.query('DELETE FROM commands WHERE command_id = $1', [entry.key]);
        out[entry.index] = { id: entry.command.id, status: 'rejected', code: 'server.rule_error', params: { errorId } };
        continue;
      }
      answers.set(entry.key, answer);
      await tx.query('UPDATE commands SET status = $2, result = $3::jsonb WHERE command_id = $1', [entry.key, answer.status, JSON.stringify(answer)]);
      result = answer;
    }
    out[entry.index] = result;
    ack = Math.max(ack, entry.command.deviceSeq);
  }
  let lastAckedSeq: number | null = null;
  if (ack >= 0) {
    const [row] = await tx.query<{ last_acked_seq: unknown }>(
      `INSERT INTO devices (id, staff_id, last_acked_seq, last_seen_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (id) DO UPDATE SET last_acked_seq = GREATEST(devices.last_acked_seq, EXCLUDED.last_acked_seq), last_seen_at = EXCLUDED.last_seen_at
       RETURNING last_acked_seq`,
      [group.ctx.deviceId, group.ctx.actor.id, ack, group.ctx.clock().toISOString()],
    );
    lastAckedSeq = row ? toInt(row.last_acked_seq) : null;
  }
  return { results: out, lastAckedSeq };
}
