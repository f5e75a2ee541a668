/**
 * A push batch in one transaction ("group commit").
 *
 * Every statement costs a round trip (on embedded PGlite a fixed slice of the one database
 * thread), so a batch is read, decided and written with a handful of statements instead of about
 * ten per command:
 *
 *  1. claim every command id (`commands` insert, `ON CONFLICT DO NOTHING`, in id order);
 *  2. lock and read the batch's cases (`FOR UPDATE`, in id order);
 *  3. the rules read (and lock) the rest of the context once (`loadBatch`: orders, their cases);
 *  4. decide the commands one after another in memory: each sees the cases and orders exactly as
 *     the commands before it left them, as if they had been committed;
 *  5. number new cases, take the change numbers (advisory lock, see `./changes.ts`) and write
 *     cases, events, order effects, stock, answers and the device acknowledgement in one statement.
 *
 * Each command stays atomic and isolated: its effects enter the batch's write set only once it
 * has been decided completely, so a command whose rules fail leaves nothing behind (its claim is
 * removed and it is answered `server.rule_error`, not stored) and its neighbours are unaffected.
 * A database error rolls the whole batch back; retryable ones (a new case raced by another
 * connection, deadlock, serialisation) retry the batch, and when it still cannot finish, the
 * caller applies the commands one transaction each.
 */
import type { Queryable } from '../db/db';
import { isRetryable, toInt } from '../db/db';
import { nextChangeSeqs } from './changes';
import { ContextNotLoaded, type BatchContext, type BatchItem, type CommandEnvelope, type EventEnvelope, type OrderWrite, type Rejection, type StockRestore } from './engine-port';
import { StoredResultSchema, type CaseSnapshot, type PushCommand, type PushResult, type StoredResult } from '../../shared/sync';
import { MAX_ATTEMPTS, RuleFailure, assignCaseNos, caseNumberDay, envelopeOf, guard, orderDiffers, type CaseRow, type PushContext } from './push-common';

/** This batch cannot take the batch path: the caller applies it one transaction per command. */
class UseSingleCommands extends Error {}

/** One push request: who pushed (token) and its commands, in order. */
export interface PushGroup {
  ctx: PushContext;
  commands: readonly PushCommand[];
}

export interface BatchOutcome {
  results: PushResult[];
  /** The device's acknowledgement after the batch; null when no command was answered. */
  lastAckedSeq: number | null;
}

/**
 * Applies the groups' commands in one transaction, group after group, each in order; null when
 * they must be applied one transaction per command. All groups share one database and one rules
 * object (the first group's).
 */
export async function applyGroups(groups: readonly PushGroup[]): Promise<BatchOutcome[] | null> {
  const [first] = groups;
  if (!first) return [];
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await first.ctx.db.transaction((tx) => runBatch(tx, groups));
    } catch (error) {
      if (error instanceof UseSingleCommands) {
        first.ctx.log.warn({ reason: error.message }, 'push batch applied one command at a time');
        return null;
      }
      if (isRetryable(error)) {
        if (attempt < MAX_ATTEMPTS) continue;
        return null;
      }
      throw error;
    }
  }
}

/** Roles and payload checked before any case is read. */
type Verdict = { kind: 'valid'; command: CommandEnvelope } | { kind: 'rejected'; rejection: Rejection } | { kind: 'rule_error'; error: RuleFailure };

/** A case as the batch currently sees it. */
interface CaseDraft {
  /** The row as stored (`data` in its stored JSON form); null while the case does not exist. */
  row: CaseRow | null;
  existed: boolean;
  /** Set once a command of the batch changed the case. */
  write?: {
    index: { type: string; state: string; orderId: string | null; lineId: string | null; returnTrackingNo: string | null };
    nextDueAt: string | null;
    nextAction: string | null;
    createdAt: string;
    updatedAt: string;
    /** Business day of the application, for a new case without a number. */
    occurredAt: string;
  };
}

interface EventRow {
  case_id: string;
  version: number;
  type: string;
  data: unknown;
  actor_id: string;
  role: string;
  command_id: string;
  occurred_at: string;
  recorded_at: string;
}

/** JSON as the database gives it back (what the per-command path would read in the next command). */
const stored = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** One command of the transaction, with the request it came in. */
interface Entry {
  group: number;
  ctx: PushContext;
  command: PushCommand;
  /** UUIDs compare case-insensitively, as the uuid column does. */
  key: string;
  now: string;
}

async function runBatch(tx: Queryable, groups: readonly PushGroup[]): Promise<BatchOutcome[]> {
  const rules = groups[0]?.ctx.rules;
  const loadBatch = rules?.loadBatch;
  if (!rules || !loadBatch) throw new UseSingleCommands('rules without loadBatch');
  const entries: Entry[] = groups.flatMap(({ ctx, commands }, group) =>
    commands.map((command) => ({ group, ctx, command, key: command.id.toLowerCase(), now: ctx.clock().toISOString() })),
  );

  // 1. Claims, in id order: two transactions sharing command ids never wait on each other in a circle.
  const firstOf = new Map<string, Entry>();
  for (const entry of entries) if (!firstOf.has(entry.key)) firstOf.set(entry.key, entry);
  const claims = [...firstOf.values()]
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map(({ key, ctx, command, now }) => ({ id: key, device_id: ctx.deviceId, seq: command.deviceSeq, case_id: command.caseId, type: command.type, actor_id: ctx.actor.id, at: now }));
  const claimedRows = await tx.query<{ command_id: string }>(
    `INSERT INTO commands (command_id, device_id, device_seq, case_id, type, actor_id, status, result, recorded_at)
     SELECT x.id, x.device_id, x.seq, x.case_id, x.type, x.actor_id, 'pending', NULL, x.at
       FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, device_id text, seq bigint, case_id text, type text, actor_id text, at timestamptz)
      ORDER BY x.id
     ON CONFLICT (command_id) DO NOTHING
     RETURNING command_id::text AS command_id`,
    [JSON.stringify(claims)],
  );
  const claimed = new Set(claimedRows.map((r) => r.command_id.toLowerCase()));
  // Answered before (or being answered by a transaction we just waited for): the stored answer.
  const answeredBefore = new Map<string, StoredResult>();
  const known = [...firstOf.keys()].filter((key) => !claimed.has(key));
  if (known.length > 0) {
    const rows = await tx.query<{ command_id: string; result: unknown }>('SELECT command_id::text AS command_id, result FROM commands WHERE command_id = ANY($1::uuid[])', [known]);
    const byKey = new Map(rows.map((r) => [r.command_id.toLowerCase(), r.result]));
    for (const key of known) answeredBefore.set(key, StoredResultSchema.parse(byKey.get(key)));
  }

  // Roles and payloads: pure, checked before any case is touched.
  const verdicts = entries.map(({ ctx, command, key }): Verdict | null => {
    if (!claimed.has(key)) return null;
    const roles = rules.allowedRoles(command.type);
    if (roles === null) return { kind: 'rejected', rejection: { code: 'command.unknown_type', params: { type: command.type } } };
    if (!roles.includes(ctx.actor.role)) return { kind: 'rejected', rejection: { code: 'auth.forbidden_command', params: { type: command.type, role: ctx.actor.role } } };
    try {
      const validation = guard(() => rules.validate(envelopeOf(ctx, command)));
      return validation.ok ? { kind: 'valid', command: validation.command } : { kind: 'rejected', rejection: validation.rejection };
    } catch (error) {
      if (error instanceof RuleFailure) return { kind: 'rule_error', error };
      throw error;
    }
  });

  // 2. The cases, locked in id order.
  const caseIds = [...new Set(verdicts.flatMap((v) => (v?.kind === 'valid' ? [v.command.caseId] : [])))].sort();
  const drafts = new Map<string, CaseDraft>();
  if (caseIds.length > 0) {
    const rows = await tx.query<CaseRow>('SELECT id, case_no, version, state, deleted, data FROM cases WHERE id = ANY($1::text[]) ORDER BY id FOR UPDATE', [caseIds]);
    for (const row of rows) drafts.set(row.id, { row, existed: true });
  }
  const draftOf = (caseId: string): CaseDraft => {
    let draft = drafts.get(caseId);
    if (!draft) drafts.set(caseId, (draft = { row: null, existed: false }));
    return draft;
  };

  // 3. The rules' context for the whole batch.
  const items: BatchItem<unknown, CommandEnvelope>[] = [];
  for (const v of verdicts) {
    if (v?.kind !== 'valid') continue;
    const row = drafts.get(v.command.caseId)?.row ?? null;
    if (!row?.deleted) items.push({ command: v.command, state: row ? row.data : null });
  }
  let context: BatchContext<unknown, CommandEnvelope, unknown>;
  try {
    context = await loadBatch.call(rules, tx, items);
  } catch (error) {
    if (isRetryable(error)) throw error;
    // The per-command path reports the failure on the command it belongs to.
    throw new UseSingleCommands('loadBatch failed', { cause: error });
  }

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
    if (verdict.kind === 'rule_error') throw verdict.error;
    if (verdict.kind === 'rejected') return rejected(verdict.rejection);
    const valid = verdict.command;
    const draft = draftOf(command.caseId);
    const row = draft.row;
    if (row?.deleted) return rejected({ code: 'case.deleted', params: { caseId: command.caseId } });
    const currentVersion = row ? toInt(row.version) : 0;
    let state: unknown = row ? row.data : null;

    let extra: unknown;
    try {
      extra = context.contextOf(valid, state);
    } catch (error) {
      if (error instanceof ContextNotLoaded) throw new UseSingleCommands(error.message);
      throw new RuleFailure('loadContext failed', { cause: error });
    }
    const decision = guard(() => rules.decide(state, valid, { now, extra }));
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

    const envelopes: EventEnvelope[] = [];
    let version = currentVersion;
    for (const proposed of decision.events) {
      version += 1;
      const event: EventEnvelope = { type: proposed.type, caseId: command.caseId, version, occurredAt: command.occurredAt, actor: ctx.actor, commandId: command.id, data: proposed.data };
      state = guard(() => rules.evolve(state, event));
      envelopes.push(event);
    }
    const folded = state;
    const index = guard(() => rules.index(folded));
    const followUp = rules.effects ? guard(() => rules.effects?.(folded, extra) ?? null) : null;
    if (followUp && followUp.previous === undefined) throw new UseSingleCommands('rules did not say how the order looked');
    const nextDueAt = index.nextAction ? (index.nextDueAt ?? null) : null;
    const nextAction = nextDueAt !== null ? (index.nextAction ?? null) : null;

    // Decided: from here on the command only enters the batch's write set.
    const data = stored(folded);
    const caseNo = row?.case_no ?? index.caseNo ?? '';
    draft.row = { id: command.caseId, case_no: caseNo, version, state: index.state, deleted: false, data };
    draft.write = {
      index: { type: index.type, state: index.state, orderId: index.orderId, lineId: index.lineId, returnTrackingNo: index.returnTrackingNo },
      nextDueAt,
      nextAction,
      createdAt: draft.write?.createdAt ?? now,
      updatedAt: now,
      occurredAt: draft.write?.occurredAt ?? command.occurredAt,
    };
    for (const e of envelopes) {
      events.push({ case_id: e.caseId, version: e.version, type: e.type, data: e.data ?? null, actor_id: e.actor.id, role: e.actor.role, command_id: e.commandId, occurred_at: e.occurredAt, recorded_at: now });
    }
    let orderWrite: OrderWrite | null = null;
    if (followUp) {
      if (followUp.previous !== undefined && orderDiffers(followUp.previous, followUp)) {
        orderWrite = { orderId: followUp.orderId, state: followUp.state, settlement: followUp.settlement };
        orderWrites.set(followUp.orderId, { ...orderWrite, updatedAt: now });
      }
      for (const restock of followUp.restocks) {
        const key = JSON.stringify([restock.caseId, restock.sku, restock.location]);
        if (!restocks.has(key)) restocks.set(key, { ...restock, recordedAt: now });
      }
    }
    context.applied(data, orderWrite);
    return { id: command.id, status: 'applied', version, events: envelopes.length };
  };

  entries.forEach((entry, i) => {
    const { ctx, command, key } = entry;
    const before = answeredBefore.get(key);
    const verdict = verdicts[i];
    if (before) {
      answerOf.push({ id: command.id, status: 'duplicate', original: before });
    } else if (answers.has(key) || !verdict) {
      answerOf.push({ duplicateOf: key });
    } else {
      try {
        const answer = decideOne(entry, verdict);
        answers.set(key, answer);
        answerOf.push(answer);
      } catch (error) {
        if (!(error instanceof RuleFailure)) throw error;
        ctx.log.error({ err: error.cause, commandId: command.id, type: command.type }, 'rules failed on a command');
        // Not stored: the same command is evaluated again when the client retries.
        answerOf.push({ id: command.id, status: 'rejected', code: 'server.rule_error', params: {} });
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
    const day = caseNumberDay(draft.write.occurredAt).iso;
    byDay.set(day, [...(byDay.get(day) ?? []), draft]);
  }
  for (const day of [...byDay.keys()].sort()) {
    const group = byDay.get(day) ?? [];
    const numbers = await assignCaseNos(tx, group[0]?.write?.occurredAt ?? '', group.length);
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
      next_due_at: w.nextDueAt,
      next_action: w.nextAction,
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

  const results: PushResult[][] = groups.map(() => []);
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
    results[entry.group]?.push(result);
  });
  return groups.map(({ ctx }, g) => ({ results: results[g] ?? [], lastAckedSeq: acked.get(ctx.deviceId) ?? null }));
}

interface BatchWrites {
  updates: unknown[];
  inserts: unknown[];
  events: EventRow[];
  orders: unknown[];
  stock: unknown[];
  answered: unknown[];
  unanswered: string[];
  /** One row per device, in id order: the highest sequence answered. */
  devices: readonly { id: string; staff_id: string; seq: number; at: string }[];
}

/**
 * Everything the batch decided, in one statement of data-modifying CTEs (one parameter per table,
 * rows as a JSON array). Each row is written once: a case changed by several commands carries its
 * last state and number. Returns the devices' acknowledged sequences.
 */
async function writeBatch(tx: Queryable, w: BatchWrites): Promise<Map<string, number>> {
  const params: unknown[] = [];
  const rows = (value: unknown): string => {
    params.push(JSON.stringify(value));
    return `jsonb_to_recordset($${params.length}::jsonb)`;
  };
  // Updates also name their keys as an array: the target table is then reached through its
  // primary key instead of being scanned to join the JSON rows.
  const keys = (values: readonly unknown[], type: 'text' | 'uuid'): string => {
    params.push(values);
    return `ANY($${params.length}::${type}[])`;
  };
  const idsOf = (values: readonly unknown[]): unknown[] => values.map((v) => (v as { id: unknown }).id);
  const parts: string[] = [];
  if (w.updates.length > 0) {
    parts.push(`updated_cases AS (
      UPDATE cases c SET version = x.version, state = x.state, type = x.type, order_id = x.order_id, line_id = x.line_id,
             return_tracking_no = x.return_tracking_no, data = x.data, change_seq = x.change_seq, updated_at = x.updated_at,
             next_due_at = x.next_due_at, next_action = x.next_action
        FROM ${rows(w.updates)} AS x(id text, version integer, state text, type text, order_id text, line_id text, return_tracking_no text,
             data jsonb, change_seq bigint, updated_at timestamptz, next_due_at timestamptz, next_action text)
       WHERE c.id = ${keys(idsOf(w.updates), 'text')} AND c.id = x.id)`);
  }
  if (w.inserts.length > 0) {
    parts.push(`inserted_cases AS (
      INSERT INTO cases (id, case_no, order_id, line_id, type, state, version, data, return_tracking_no, created_at, updated_at, change_seq, next_due_at, next_action)
      SELECT x.id, x.case_no, x.order_id, x.line_id, x.type, x.state, x.version, x.data, x.return_tracking_no, x.created_at, x.updated_at, x.change_seq, x.next_due_at, x.next_action
        FROM ${rows(w.inserts)} AS x(id text, case_no text, order_id text, line_id text, type text, state text, version integer, data jsonb,
             return_tracking_no text, created_at timestamptz, updated_at timestamptz, change_seq bigint, next_due_at timestamptz, next_action text))`);
  }
  if (w.events.length > 0) {
    // JSON null event data is stored as the JSON value null, as a jsonb parameter would be.
    parts.push(`appended_events AS (
      INSERT INTO case_events (case_id, version, type, data, actor_id, role, command_id, occurred_at, recorded_at)
      SELECT x.case_id, x.version, x.type, coalesce(x.data, 'null'::jsonb), x.actor_id, x.role, x.command_id, x.occurred_at, x.recorded_at
        FROM ${rows(w.events)} AS x(case_id text, version integer, type text, data jsonb, actor_id text, role text, command_id uuid,
             occurred_at timestamptz, recorded_at timestamptz))`);
  }
  if (w.orders.length > 0) {
    parts.push(`updated_orders AS (
      UPDATE orders o SET state = x.state, data = o.data || jsonb_build_object('settlement', x.settlement), change_seq = x.change_seq, updated_at = x.updated_at
        FROM ${rows(w.orders)} AS x(id text, state text, settlement jsonb, change_seq bigint, updated_at timestamptz)
       WHERE o.id = ${keys(idsOf(w.orders), 'text')} AND o.id = x.id)`);
  }
  if (w.stock.length > 0) {
    // Each (case, SKU, location) is restored at most once, also across batches.
    parts.push(`moved AS (
      INSERT INTO stock_movements (case_id, sku, location, quantity, recorded_at)
      SELECT x.case_id, x.sku, x.location, x.quantity, x.recorded_at
        FROM ${rows(w.stock)} AS x(case_id text, sku text, location text, quantity integer, recorded_at timestamptz)
      ON CONFLICT (case_id, sku, location) DO NOTHING
      RETURNING sku, quantity, recorded_at)`);
    parts.push(`restocked AS (
      INSERT INTO product_stock (sku, on_hand, updated_at)
      SELECT sku, sum(quantity), max(recorded_at) FROM moved GROUP BY sku
      ON CONFLICT (sku) DO UPDATE SET on_hand = product_stock.on_hand + EXCLUDED.on_hand, updated_at = EXCLUDED.updated_at)`);
  }
  if (w.answered.length > 0) {
    parts.push(`answered AS (
      UPDATE commands k SET status = x.status, result = x.result
        FROM ${rows(w.answered)} AS x(id uuid, status text, result jsonb)
       WHERE k.command_id = ${keys(idsOf(w.answered), 'uuid')} AND k.command_id = x.id)`);
  }
  if (w.unanswered.length > 0) {
    parts.push(`unclaimed AS (DELETE FROM commands WHERE command_id = ${keys(w.unanswered, 'uuid')})`);
  }
  if (w.devices.length > 0) {
    parts.push(`acked AS (
      INSERT INTO devices (id, staff_id, last_acked_seq, last_seen_at)
      SELECT x.id, x.staff_id, x.seq, x.at FROM ${rows(w.devices)} AS x(id text, staff_id text, seq bigint, at timestamptz) ORDER BY x.id
      ON CONFLICT (id) DO UPDATE SET last_acked_seq = GREATEST(devices.last_acked_seq, EXCLUDED.last_acked_seq),
        last_seen_at = EXCLUDED.last_seen_at
      RETURNING id, last_acked_seq)`);
  }
  const acked = new Map<string, number>();
  if (parts.length === 0) return acked;
  const result = await tx.query<{ id: string | null; last_acked_seq: unknown }>(
    `WITH ${parts.join(',\n')}\n${w.devices.length > 0 ? 'SELECT id, last_acked_seq FROM acked' : 'SELECT NULL AS id, NULL AS last_acked_seq'}`,
    params,
  );
  for (const row of result) if (row.id !== null) acked.set(row.id, toInt(row.last_acked_seq));
  return acked;
}
