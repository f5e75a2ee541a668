/**
 * The one command pipeline: every push request — a workstation's batch, a storefront action, a
 * system command of the deadline sweeper, one command or five hundred — is decided and written
 * here, in one transaction ("group commit").
 *
 * Every statement costs a round trip (on embedded PGlite a fixed slice of the one database
 * thread), so a batch is read, decided and written with a handful of statements instead of about
 * ten per command:
 *
 *  1. claim every command id (`commands` insert, `ON CONFLICT DO NOTHING`, in id order);
 *  2. lock and read the batch's cases (`FOR UPDATE`, in id order);
 *  3. read (and lock) the orders and their cases once (`loadBatchContext`);
 *  4. decide the commands one after another in memory with the shared rule book: each sees the
 *     cases and orders exactly as the commands before it left them, as if they had been committed;
 *  5. number new cases, take the change numbers (advisory lock, see `./changes.ts`) and write
 *     cases, events, order effects, stock, answers and the device acknowledgement in one statement.
 *
 * Each command stays atomic and isolated: its effects enter the batch's write set only once it
 * has been decided completely, so a command whose rules fail leaves nothing behind (its claim is
 * removed and it is answered `server.rule_error`, not stored) and its neighbours are unaffected.
 */
import { randomUUID } from 'node:crypto';
import { CASE_OWNER_ROLES, COMMAND_TYPES, canIssue, evolve, validateCommand, type AfterSalesCase, type CaseEvent, type Command } from '../../shared/domain';
import { StoredResultSchema, type CaseSnapshot, type PushResult, type StoredResult } from '../../shared/sync';
import type { HttpError } from '../errors';
import type { Queryable } from '../db/db';
import { toInt, toIso } from '../db/db';
import { nextChangeSeqs } from './changes';
import { assignCaseNos, caseNumberDay, guard, orderDiffers, retriedTransaction, RuleFailure, type CaseRow } from './push-common';
import { claimIds, foreignDevices, parseGroups, reused, sameCommand, type Entry, type PushGroup } from './push-claims';
import { writeBatch, type EventRow } from './push-write';
import { eventTimes } from './time-trust';
import { caseIndex, decideOnServer, loadBatchContext, mayActOn, orderFollowUp, type CaseIndex, type LoadedContext, type OrderWrite, type Rejection, type StockRestore } from './rules';

export interface BatchOutcome {
  results: PushResult[];
  /** The device's acknowledgement after the batch; null when no command was answered. */
  lastAckedSeq: number | null;
  /** Set when the whole request is refused (its device belongs to someone else). */
  refused?: HttpError;
}

export type { PushGroup } from './push-claims';

/**
 * Applies the groups' commands in one transaction, group after group, each in order. A retryable
 * database error (two connections creating the same case, a deadlock) retries the transaction;
 * any error that remains is thrown, and nothing of the transaction stays. All groups share one
 * database and one rule book (the first group's).
 */
export async function applyGroups(groups: readonly PushGroup[]): Promise<BatchOutcome[]> {
  const [first] = groups;
  if (!first) return [];
  return retriedTransaction(first.ctx.db, (tx) => runBatch(tx, groups));
}

const KNOWN_TYPES: ReadonlySet<string> = new Set(COMMAND_TYPES);

/** What is known about a command before any case is read. */
type Verdict = { kind: 'valid'; command: Command } | { kind: 'rejected'; rejection: Rejection };

/** A case as the batch currently sees it. */
interface CaseDraft {
  /** The row as stored (`data` in its stored JSON form); null while the case does not exist. */
  row: CaseRow | null;
  existed: boolean;
  /** When the case's latest event happened (ISO); null while it has none. */
  latestAt: string | null;
  /** Set once a command of the batch changed the case. */
  write?: { index: CaseIndex; createdAt: string; updatedAt: string; appliedAt: string };
}

/** JSON as the database gives it back (what the next batch would read). */
const stored = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** Who may issue what, and whether the payload fits its command type: pure, before any case is read. */
function verdictOf({ ctx, command }: Entry): Verdict {
  if (!KNOWN_TYPES.has(command.type)) return { kind: 'rejected', rejection: { code: 'command.unknown_type', params: { type: command.type } } };
  // The one permission check, with the rule book's own code (the offline client's `decide` answers the same).
  if (!canIssue(ctx.actor.role, command.type as Command['type'])) {
    return { kind: 'rejected', rejection: { code: 'role_not_allowed', params: { role: ctx.actor.role, commandType: command.type } } };
  }
  const validation = validateCommand({ ...command, actor: ctx.actor });
  return validation.ok ? { kind: 'valid', command: validation.command } : { kind: 'rejected', rejection: validation.rejection };
}

/** The staff id a valid `cs.assign` hands its case to (null: released, or another command). */
function assignedOwner(verdict: Verdict | null): string | null {
  return verdict?.kind === 'valid' && verdict.command.type === 'cs.assign' ? verdict.command.payload.owner : null;
}

/**
 * A case's owner is a colleague who can own cases — an active customer-service agent or
 * supervisor — which only the server knows (the rule book has no staff list): a `cs.assign` naming
 * anyone else (a buyer, warehouse staff, a deactivated or unknown account) is refused
 * `owner_not_assignable`. One statement for the batch.
 */
async function withAssignableOwners(tx: Queryable, verdicts: (Verdict | null)[]): Promise<(Verdict | null)[]> {
  const owners = [...new Set(verdicts.map(assignedOwner).filter((owner): owner is string => owner !== null))].sort();
  if (owners.length === 0) return verdicts;
  const rows = await tx.query<{ id: string }>('SELECT id FROM staff WHERE id = ANY($1::text[]) AND role = ANY($2::text[]) AND NOT disabled', [owners, CASE_OWNER_ROLES]);
  const assignable = new Set(rows.map((row) => row.id));
  return verdicts.map((verdict) => {
    const owner = assignedOwner(verdict);
    return owner === null || assignable.has(owner) ? verdict : { kind: 'rejected', rejection: { code: 'owner_not_assignable', params: { owner } } };
  });
}

async function runBatch(tx: Queryable, groups: readonly PushGroup[]): Promise<BatchOutcome[]> {
  const policy = groups[0]?.ctx.rules.policy;
  if (!policy) return [];
  const refused = await foreignDevices(tx, groups);
  const parsed = parseGroups(groups);
  const results = parsed.results;
  const entries = parsed.entries.filter((e) => !refused.has(e.group));

  // 1. Claims: each command id once (a repeat within the batch is answered like a retry).
  const firstOf = new Map<string, Entry>();
  for (const entry of entries) if (!firstOf.has(entry.key)) firstOf.set(entry.key, entry);
  const { claimed, stored: answeredBefore } = await claimIds(tx, [...firstOf.values()]);

  const verdicts = await withAssignableOwners(
    tx,
    entries.map((entry): Verdict | null => (claimed.has(entry.key) ? verdictOf(entry) : null)),
  );

  // 2. The cases, locked in id order.
  const caseIds = [...new Set(verdicts.flatMap((v) => (v?.kind === 'valid' ? [v.command.caseId] : [])))].sort();
  const drafts = new Map<string, CaseDraft>();
  if (caseIds.length > 0) {
    const rows = await tx.query<CaseRow & { latest_at: unknown }>(
      `SELECT c.id, c.case_no, c.version, c.state, c.deleted, c.data, (SELECT max(e.occurred_at) FROM case_events e WHERE e.case_id = c.id) AS latest_at
         FROM cases c WHERE c.id = ANY($1::text[]) ORDER BY c.id FOR UPDATE OF c`,
      [caseIds],
    );
    for (const { latest_at, ...row } of rows) drafts.set(row.id, { row: { ...row, version: toInt(row.version) }, existed: true, latestAt: latest_at === null ? null : toIso(latest_at) });
  }
  const draftOf = (caseId: string): CaseDraft => {
    let draft = drafts.get(caseId);
    if (!draft) drafts.set(caseId, (draft = { row: null, existed: false, latestAt: null }));
    return draft;
  };

  // 3. The orders and their cases, for the whole batch.
  const items: { command: Command; state: AfterSalesCase | null }[] = [];
  for (const v of verdicts) {
    if (v?.kind !== 'valid') continue;
    const row = drafts.get(v.command.caseId)?.row ?? null;
    if (!row?.deleted) items.push({ command: v.command, state: row ? row.data : null });
  }
  const context = await loadBatchContext(tx, items, policy);

  // 4. Decide in order, in memory.
  const events: EventRow[] = [];
  const orderWrites = new Map<string, OrderWrite & { updatedAt: string }>();
  const restocks = new Map<string, StockRestore & { recordedAt: string }>();
  const answers = new Map<string, StoredResult>();
  const pendingCaseNos: { snapshot: CaseSnapshot; draft: CaseDraft }[] = [];
  const answerOf: (PushResult | { duplicateOf: string })[] = [];
  // Per device: the highest sequence answered in this transaction.
  const acks = new Map<string, { id: string; staff_id: string; seq: number; at: string }>();

  const decideOne = ({ ctx, command, now }: Entry, verdict: Verdict): StoredResult => {
    const rejected = (rejection: Rejection): StoredResult => ({ id: command.id, status: 'rejected', code: rejection.code, params: { ...rejection.params } });
    if (verdict.kind === 'rejected') return rejected(verdict.rejection);
    const valid = verdict.command;
    const draft = draftOf(command.caseId);
    const row = draft.row;
    // A case the actor may not see answers exactly as a case that does not exist: no conflict,
    // no snapshot, nothing of the case (decided on the case as the batch has it now).
    if (row && !mayActOn(ctx.actor, row.data)) return rejected({ code: 'case_not_found', params: { caseId: command.caseId } });
    if (row?.deleted) return rejected({ code: 'case.deleted', params: { caseId: command.caseId } });
    const currentVersion = row ? row.version : 0;
    // A version the case never had is refused, not replaced by the current one.
    if (command.baseVersion > currentVersion && row) return rejected({ code: 'sync.version_ahead', params: { baseVersion: command.baseVersion, version: currentVersion } });
    const times = eventTimes(ctx, command, now, policy, draft.latestAt, command.baseVersion === currentVersion);
    if (!times.ok) return rejected(times.rejection);
    const state = row ? row.data : null;

    const loaded: LoadedContext = context.contextOf(valid, state);
    // The case is folded on the server's time: what it decides starts no one's clock early.
    const decision = guard(() => decideOnServer(state, { ...valid, occurredAt: times.effectiveAt }, loaded, now));
    if (!decision.ok) {
      // The command was issued against an older case and no longer fits: a human decides.
      if (row && command.baseVersion !== currentVersion) {
        const snapshot: CaseSnapshot = { id: row.id, caseNo: row.case_no, version: currentVersion, state: row.state, deleted: row.deleted, data: row.data };
        if (!draft.existed && !row.case_no) pendingCaseNos.push({ snapshot, draft });
        return { id: command.id, status: 'conflict', code: 'sync.conflict', rejection: { code: decision.rejection.code, params: { ...decision.rejection.params } }, case: snapshot };
      }
      return rejected(decision.rejection);
    }
    if (decision.events.length === 0) return { id: command.id, status: 'applied', version: currentVersion, events: 0 };

    const proposed: readonly CaseEvent[] = decision.events;
    const folded = guard(() => proposed.reduce<AfterSalesCase | undefined>((s, e) => evolve(s, e), state ?? undefined));
    if (!folded) throw new RuleFailure('a decision without events folded to nothing');
    const index = guard(() => caseIndex(folded, policy));
    const followUp = guard(() => orderFollowUp(folded, loaded, policy));
    const version = folded.version;

    // Decided: from here on the command only enters the batch's write set.
    const data = stored(folded);
    draft.row = { id: command.caseId, case_no: row?.case_no ?? '', version, state: index.state, deleted: false, data };
    draft.write = { index, createdAt: draft.write?.createdAt ?? now, updatedAt: now, appliedAt: draft.write?.appliedAt ?? times.effectiveAt };
    if (draft.latestAt === null || Date.parse(times.occurredAt) > Date.parse(draft.latestAt)) draft.latestAt = times.occurredAt;
    for (const e of proposed) {
      events.push({ case_id: e.caseId, version: e.version, type: e.type, data: e.data ?? null, actor_id: e.actor.id, role: e.actor.role, command_id: e.commandId, occurred_at: times.occurredAt, recorded_at: now });
    }
    let orderWrite: OrderWrite | null = null;
    if (followUp) {
      if (followUp.previous === undefined || orderDiffers(followUp.previous, followUp)) {
        orderWrite = { orderId: followUp.orderId, state: followUp.state, settlement: followUp.settlement };
        orderWrites.set(followUp.orderId, { ...orderWrite, updatedAt: now });
      }
      for (const restock of followUp.restocks) {
        const key = JSON.stringify([restock.caseId, restock.sku, restock.location]);
        if (!restocks.has(key)) restocks.set(key, { ...restock, recordedAt: now });
      }
    }
    context.applied(data, orderWrite);
    return { id: command.id, status: 'applied', version, events: proposed.length };
  };

  entries.forEach((entry, i) => {
    const { ctx, command, key } = entry;
    const before = answeredBefore.get(key);
    const first = firstOf.get(key);
    const verdict = verdicts[i];
    if (before) {
      // Not acknowledged when refused: nothing was stored for this command.
      if (!sameCommand(entry, before)) return void answerOf.push(reused(entry));
      answerOf.push({ id: command.id, status: 'duplicate', original: before.result });
    } else if (first !== entry && first && !sameCommand(entry, { actorId: first.ctx.actor.id, caseId: first.command.caseId, type: first.command.type, hash: first.hash })) {
      return void answerOf.push(reused(entry));
    } else if (answers.has(key) || !verdict) {
      answerOf.push({ duplicateOf: key });
    } else {
      try {
        const answer = decideOne(entry, verdict);
        answers.set(key, answer);
        answerOf.push(answer);
      } catch (error) {
        // Whatever failed while deciding this command (the rules, or the server around them)
        // refuses this command alone; nothing of it entered the batch's writes.
        const errorId = randomUUID();
        ctx.log.error({ err: error instanceof RuleFailure ? error.cause : error, errorId, commandId: command.id, type: command.type }, 'deciding a command failed');
        // Not stored: the same command is evaluated again when the client retries.
        answerOf.push({ id: command.id, status: 'rejected', code: 'server.rule_error', params: { errorId } });
        return;
      }
    }
    const ack = acks.get(ctx.deviceId);
    if (!ack || ack.seq < command.deviceSeq) acks.set(ctx.deviceId, { id: ctx.deviceId, staff_id: ctx.actor.id, seq: command.deviceSeq, at: entry.now });
  });

  // 5. Numbers for new cases, per business day in order of application.
  const byDay = new Map<string, CaseDraft[]>();
  for (const draft of drafts.values()) {
    if (draft.existed || !draft.write || !draft.row || draft.row.case_no) continue;
    const day = caseNumberDay(draft.write.appliedAt).iso;
    byDay.set(day, [...(byDay.get(day) ?? []), draft]);
  }
  for (const day of [...byDay.keys()].sort()) {
    const group = byDay.get(day) ?? [];
    const numbers = await assignCaseNos(tx, group[0]?.write?.appliedAt ?? '', group.length);
    group.forEach((draft, k) => {
      if (draft.row) draft.row.case_no = numbers[k] ?? '';
    });
  }
  for (const { snapshot, draft } of pendingCaseNos) snapshot.caseNo = draft.row?.case_no ?? '';

  const written = [...drafts.values()].filter((d) => d.write);
  const seqs = await nextChangeSeqs(tx, written.length + orderWrites.size);
  const updates: unknown[] = [];
  const inserts: unknown[] = [];
  written.forEach((draft, k) => {
    const w = draft.write;
    const row = draft.row;
    if (!w || !row) return;
    const columns = {
      id: row.id,
      version: row.version,
      state: w.index.state,
      type: w.index.type,
      order_id: w.index.orderId,
      line_id: w.index.lineId,
      return_tracking_no: w.index.returnTrackingNo,
      data: row.data,
      change_seq: seqs[k],
      updated_at: w.updatedAt,
      next_due_at: w.index.nextDueAt,
      next_action: w.index.nextDueAt !== null ? w.index.nextAction : null,
    };
    if (draft.existed) updates.push(columns);
    else inserts.push({ ...columns, case_no: row.case_no, created_at: w.createdAt });
  });
  const orders = [...orderWrites.values()].map((o, k) => ({ id: o.orderId, state: o.state, settlement: o.settlement, change_seq: seqs[written.length + k], updated_at: o.updatedAt }));
  const stock = [...restocks.values()].map((r) => ({ case_id: r.caseId, sku: r.sku, location: r.location, quantity: r.quantity, recorded_at: r.recordedAt }));
  const answered = [...answers.entries()].map(([id, result]) => ({ id, status: result.status, result }));
  const unanswered = [...claimed].filter((key) => !answers.has(key));

  const devices = [...acks.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const acked = await writeBatch(tx, { updates, inserts, events, orders, stock, answered, unanswered, devices });

  entries.forEach((entry, i) => {
    const answer = answerOf[i] as PushResult | { duplicateOf: string };
    let result: PushResult;
    if ('duplicateOf' in answer) {
      const original = answers.get(answer.duplicateOf);
      if (!original) throw new Error('a repeated command has no answer');
      result = { id: entry.command.id, status: 'duplicate', original: StoredResultSchema.parse(stored(original)) };
    } else {
      result = answer;
    }
    (results[entry.group] as PushResult[])[entry.index] = result;
  });
  return groups.map(({ ctx }, g) => {
    const refusal = refused.get(g);
    return refusal ? { results: [], lastAckedSeq: null, refused: refusal } : { results: results[g] ?? [], lastAckedSeq: acked.get(ctx.deviceId) ?? null };
  });
}
