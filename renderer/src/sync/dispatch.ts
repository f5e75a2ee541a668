/**
 * dispatch(command): the only way the UI changes a case. The command is validated with the shared
 * schema and decided by the shared rules on the merged case (server snapshot + overlay); if legal,
 * its outbox row and its optimistic effect are written in one transaction, so the views (which
 * read `caseView` through liveQuery) show the new state at once, marked as pending sync. A parcel
 * command (`parcel.*`) is decided by the parcel rules and merged into `parcels` the same way
 * (`./parcels.ts`). The session-log row of the decision can be written in that transaction too.
 */
import { evolveAll, isParcelCommandType, validateCommand, type Actor, type AfterSalesCase, type CommandType, type ParcelCommandType } from '../../../shared/domain';
import type { DeskDb } from '../db/schema';
import type { CaseSnapshotRow, CaseViewRow, OrderRow, OutboxRow, OverlayRow, ParcelRow, Rejection, ScanLogRow } from '../db/types';
import { decideWith, mergedView, orderIdOf, overlayRows, readPolicy, SYNC_TABLES, type ContextRows } from './local';
import { attachmentRefs, deviceIdOf, newId, nextSeq, pendingOutboxRow } from './outbox';
import { decideParcelAndWrite } from './parcels';

export interface DispatchInput {
  /** A case command, or a parcel command (`parcel.*`, with the parcel's id as `caseId`). */
  type: CommandType | ParcelCommandType;
  caseId: string;
  payload: unknown;
  /** Defaults to the version of the merged case the user sees. */
  baseVersion?: number;
  /** Defaults to a new UUID. */
  id?: string;
}

export interface DispatchDeps {
  actor: Actor;
  clock?: () => Date;
}

export type DispatchResult = { ok: true; commandId: string; seq: number; view: CaseViewRow | undefined; parcel?: ParcelRow } | { ok: false; rejection: Rejection };

/**
 * Rows written in the same transaction as the command(s): a decision's session-log row. (A
 * parcel is no extra row: it changes through its own commands, recorded in the same call.)
 */
export interface DispatchExtras {
  scanLog?: readonly ScanLogRow[];
}

export type DispatchAllResult = { ok: true; results: Extract<DispatchResult, { ok: true }>[] } | { ok: false; index: number; rejection: Rejection };

/** A refusal inside `dispatchAll`: thrown to abort the transaction, caught outside it. */
class Refused extends Error {
  constructor(
    readonly index: number,
    readonly rejection: Rejection,
  ) {
    super(rejection.code);
  }
}

function tablesFor(extras: DispatchExtras | undefined): string[] {
  // The parcel tables are sync tables (parcel commands share the outbox).
  const tables: string[] = [...SYNC_TABLES];
  if (extras?.scanLog?.length) tables.push('scanLog');
  return tables;
}

function writeExtras(db: DeskDb, extras: DispatchExtras | undefined): Promise<unknown> {
  const writes: Promise<unknown>[] = [];
  if (extras?.scanLog?.length) writes.push(db.scanLog.bulkPut([...extras.scanLog]));
  return Promise.all(writes);
}

/**
 * One strict-durability transaction in three rounds of IndexedDB requests: what the command is
 * decided on (merged case, snapshot and overlay of the case, policy, device sequence), then the
 * decision context of its order, then every write. The requests of a round are issued together
 * rather than one after the other, so the transaction waits for three round trips, not a dozen.
 * `extras` (a decision's session-log row) are written in the same transaction when
 * the command is accepted: a failed write of theirs undoes the command too.
 */
export async function dispatch(db: DeskDb, input: DispatchInput, deps: DispatchDeps, extras?: DispatchExtras): Promise<DispatchResult> {
  const deviceId = await deviceIdOf(db);
  const now = (deps.clock ?? (() => new Date()))().toISOString();
  return db.transaction('rw', tablesFor(extras), async (): Promise<DispatchResult> => {
    const recorded = await recordAll(db, [input], deps.actor, deviceId, now);
    if (!recorded.ok) return { ok: false, rejection: recorded.rejection };
    if (extras) await writeExtras(db, extras);
    return recorded.results[0]!;
  });
}

/**
 * Several commands (an unmatched parcel's match, then the cases of the parcel; a finance batch)
 * and their extra rows in one transaction: all are recorded, or none — the first refusal (its
 * index in `inputs`) undoes the ones before it. Each is decided on the state the ones before it
 * left. Case commands in a row are read, decided and written together (`recordCases`): a batch
 * of twenty costs the rounds of one command, not twenty times them.
 */
export async function dispatchAll(db: DeskDb, inputs: readonly DispatchInput[], deps: DispatchDeps, extras?: DispatchExtras): Promise<DispatchAllResult> {
  const deviceId = await deviceIdOf(db);
  const now = (deps.clock ?? (() => new Date()))().toISOString();
  try {
    return await db.transaction('rw', tablesFor(extras), async () => {
      const recorded = await recordAll(db, inputs, deps.actor, deviceId, now);
      // Thrown, so what the ones before it wrote is undone with the transaction.
      if (!recorded.ok) throw new Refused(recorded.index, recorded.rejection);
      await writeExtras(db, extras);
      return recorded;
    });
  } catch (error) {
    if (error instanceof Refused) return { ok: false, index: error.index, rejection: error.rejection };
    throw error;
  }
}

type Accepted = Extract<DispatchResult, { ok: true }>;
type Recorded = { ok: true; results: Accepted[] } | { ok: false; index: number; rejection: Rejection };

/** Records the commands in order inside the caller's transaction; stops at the first refusal. */
async function recordAll(db: DeskDb, inputs: readonly DispatchInput[], actor: Actor, deviceId: string, now: string): Promise<Recorded> {
  const results: Accepted[] = [];
  let at = 0;
  while (at < inputs.length) {
    const input = inputs[at]!;
    if (isParcelCommandType(input.type)) {
      const result = await recordParcel(db, { ...input, type: input.type }, actor, deviceId, now);
      if (!result.ok) return { ok: false, index: at, rejection: result.rejection };
      results.push(result);
      at += 1;
      continue;
    }
    let end = at;
    while (end < inputs.length && !isParcelCommandType(inputs[end]!.type)) end += 1;
    const run = await recordCases(db, inputs.slice(at, end), actor, deviceId, now);
    if (!run.ok) return { ok: false, index: at + run.index, rejection: run.rejection };
    results.push(...run.results);
    at = end;
  }
  return { ok: true, results };
}

async function recordParcel(db: DeskDb, input: DispatchInput & { type: ParcelCommandType }, actor: Actor, deviceId: string, now: string): Promise<DispatchResult> {
  // A fresh UUID cannot be in the outbox yet; only a caller-chosen id is looked up (`duplicate`).
  const commandId = input.id ?? newId();
  const [policy, seq] = await Promise.all([readPolicy(db), nextSeq(db)]);
  const done = await decideParcelAndWrite(db, input, actor, { deviceId, now, seq, commandId, policy });
  return done.ok ? { ok: true, commandId, seq, view: undefined, parcel: done.row } : done;
}

/** What a run of case commands is decided on, read once and then kept as the commands change it. */
class CaseWork {
  readonly views = new Map<string, CaseViewRow>();
  readonly snapshots = new Map<string, CaseSnapshotRow | undefined>();
  readonly overlays = new Map<string, OverlayRow[]>();
  readonly orders = new Map<string, OrderRow | undefined>();
  /** Case ids per order whose cases were read (the decision context's other cases). */
  readonly ofOrder = new Map<string, Set<string>>();

  constructor(readonly db: DeskDb) {}

  /** Orders and every case of them, in one round for all the orders not read yet. */
  async readOrders(orderIds: Iterable<string>): Promise<void> {
    const wanted = [...new Set(orderIds)].filter((id) => !this.orders.has(id));
    if (wanted.length === 0) return;
    const [orders, views] = await Promise.all([this.db.orders.bulkGet(wanted), this.db.caseView.where('orderId').anyOf(wanted).toArray()]);
    wanted.forEach((id, i) => {
      this.orders.set(id, orders[i]);
      this.ofOrder.set(id, new Set());
    });
    // A case already read keeps what this run made of it.
    for (const view of views) {
      if (!this.views.has(view.id)) this.views.set(view.id, view);
      this.ofOrder.get(view.orderId)?.add(view.id);
    }
  }

  async context(orderId: string | undefined): Promise<ContextRows> {
    if (!orderId) return { order: undefined, views: [] };
    await this.readOrders([orderId]);
    const views = [...(this.ofOrder.get(orderId) ?? [])].flatMap((id) => this.views.get(id) ?? []);
    return { order: this.orders.get(orderId), views };
  }

  /** The case's merged row after a command of this run. */
  setView(caseId: string, orderId: string | undefined, next: CaseViewRow | undefined): void {
    if (next) this.views.set(caseId, next);
    else this.views.delete(caseId);
    const members = orderId === undefined ? undefined : this.ofOrder.get(orderId);
    if (members && next) members.add(caseId);
    else members?.delete(caseId);
  }
}

/**
 * Case commands in a row, inside the caller's transaction: every case, snapshot, overlay, the
 * policy and the device sequence in one round, the orders of the cases in a second, then each
 * command decided in order on what the ones before it left (kept in memory as the reads would
 * have shown it), and every write in one last round. A refusal writes nothing of the run.
 */
async function recordCases(db: DeskDb, inputs: readonly DispatchInput[], actor: Actor, deviceId: string, now: string): Promise<Recorded> {
  const work = new CaseWork(db);
  const caseIds = [...new Set(inputs.map((i) => i.caseId))];
  const given = inputs.flatMap((i) => (i.id === undefined ? [] : [i.id]));
  const [views, snapshots, overlays, policy, firstSeq, known] = await Promise.all([
    db.caseView.bulkGet(caseIds),
    db.cases.bulkGet(caseIds),
    Promise.all(caseIds.map((id) => overlayRows(db, id))),
    readPolicy(db),
    nextSeq(db),
    given.length === 0 ? [] : db.outbox.bulkGet(given),
  ]);
  caseIds.forEach((id, i) => {
    const view = views[i];
    if (view) work.views.set(id, view);
    work.snapshots.set(id, snapshots[i]);
    work.overlays.set(id, overlays[i] ?? []);
  });
  // Ids already in the outbox, and those this run takes.
  const taken = new Set(known.flatMap((row) => (row ? [row.id] : [])));
  await work.readOrders(inputs.flatMap((i) => work.views.get(i.caseId)?.data.orderId ?? orderIdOfApplication(i) ?? []));

  const results: Accepted[] = [];
  const outbox: OutboxRow[] = [];
  const effects: OverlayRow[] = [];
  const changed = new Set<string>();
  for (const [index, input] of inputs.entries()) {
    const type = input.type as CommandType;
    const current: AfterSalesCase | undefined = work.views.get(input.caseId)?.data;
    const validation = validateCommand({
      id: input.id ?? newId(),
      type,
      caseId: input.caseId,
      baseVersion: input.baseVersion ?? current?.version ?? 0,
      occurredAt: now,
      actor,
      payload: input.payload,
    });
    if (!validation.ok) return { ok: false, index, rejection: validation.rejection };
    const command = validation.command;
    if (input.id !== undefined && taken.has(command.id)) return { ok: false, index, rejection: { code: 'duplicate_command', params: { commandId: command.id } } };
    const orderId = orderIdOf(current, command);
    const rows = await work.context(orderId);
    const decision = decideWith(rows, current, command, now, policy);
    if (!decision.ok) return { ok: false, index, rejection: decision.rejection };
    // The effect must fold: a broken event is a rules bug, better refused than queued.
    evolveAll(current, decision.events);

    const seq = firstSeq + outbox.length;
    outbox.push(pendingOutboxRow(command, { seq, deviceId, aggregateId: command.caseId, attachments: attachmentRefs(command.payload), now }));
    taken.add(command.id);
    const effect: OverlayRow = { commandId: command.id, caseId: command.caseId, seq, events: decision.events, failing: null };
    effects.push(effect);
    const overlay = [...(work.overlays.get(command.caseId) ?? []), effect].sort((a, b) => a.seq - b.seq);
    work.overlays.set(command.caseId, overlay);
    // The merged row as `recomputeView` rebuilds it, from the rows this transaction read.
    const next = await mergedView(db, work.snapshots.get(command.caseId), overlay, policy, rows.order);
    work.setView(command.caseId, orderId, next);
    changed.add(command.caseId);
    results.push({ ok: true, commandId: command.id, seq, view: next });
  }

  const puts = [...changed].flatMap((id) => work.views.get(id) ?? []);
  const deletes = [...changed].filter((id) => !work.views.has(id));
  await Promise.all([
    db.meta.put({ key: 'nextSeq', value: firstSeq + outbox.length }),
    db.outbox.bulkAdd(outbox),
    db.overlay.bulkPut(effects),
    puts.length > 0 ? db.caseView.bulkPut(puts) : undefined,
    deletes.length > 0 ? db.caseView.bulkDelete(deletes) : undefined,
  ]);
  return { ok: true, results };
}

/** The order an application names (read ahead with the others; the validated command decides). */
function orderIdOfApplication(input: DispatchInput): string | undefined {
  const payload = input.payload as { orderId?: unknown } | null | undefined;
  return input.type === 'buyer.apply' && typeof payload?.orderId === 'string' ? payload.orderId : undefined;
}
