/**
 * The short way to a queue when one of its conditions is narrow (a search, a rare filter, the
 * escalated cases): at most `limit` + 1 keys of each condition's index range are read, and when one
 * holds no more than `limit` cases those rows alone are read, checked against every other
 * condition and sorted — instead of reading the keys of the whole table to order them. The rows
 * are dropped once their ids are ordered; the answer is the same as the index walk's (ties by id).
 * The probe is a capped key read, not a count: IndexedDB counts a range by walking it, so counting
 * a wide condition (a state, the amount range) cost as much as reading its keys, on every change.
 */
import Dexie, { type Collection as DexieCollection } from 'dexie';
import { normalizeTrackingNumber } from '../../../../shared/domain';
import type { DeskDb } from '../../db/schema';
import type { CaseViewRow } from '../../db/types';
import { CS_QUEUE_OWNER, OPEN_STATES, STATE_OF, ownerWanted, type OwnerFilter, type QueueSpec } from './queueDefs';
import { factsOf, selectQueue } from './queueFacts';

/** Up to this many rows are read to check and sort a narrow queue. */
export const NARROW_LIMIT = 2000;

type Collection = DexieCollection<CaseViewRow, string>;

interface Source {
  /** Its ids, or null when it holds more than `limit` cases. */
  upTo(limit: number): Promise<string[] | null>;
}

function fromCollections(make: () => Collection[]): Source {
  return {
    upTo: async (limit) => {
      // limit + 1 keys of each range tell a range over the limit without walking the rest of it.
      const parts = await Promise.all(make().map((c) => c.limit(limit + 1).primaryKeys() as Promise<string[]>));
      if (parts.some((p) => p.length > limit)) return null;
      const ids = [...new Set(parts.flat())];
      return ids.length > limit ? null : ids;
    },
  };
}


/**
 * The cases an owner filter lets through, from the owner index (v8): one owner's range, or for
 * "unassigned" every case outside the index (never assigned, or released: no owner to index).
 */
export async function ownerKeys(db: DeskDb, owner: OwnerFilter, me: string | null | undefined): Promise<Set<string>> {
  const wanted = ownerWanted(owner, me);
  if (wanted === null) return new Set();
  if (wanted !== '') return new Set((await db.caseView.where('data.owner').equals(wanted).primaryKeys()) as string[]);
  const [all, owned] = await Promise.all([db.caseView.toCollection().primaryKeys(), db.caseView.orderBy('data.owner').primaryKeys()]);
  const taken = new Set(owned as string[]);
  return new Set((all as string[]).filter((id) => !taken.has(id)));
}

/** One index source per condition of the spec that an index can answer. */
function sources(db: DeskDb, spec: QueueSpec, now: string): Source[] {
  const cv = db.caseView;
  const f = spec.filters;
  const out: Source[] = [];
  const owner = f.owner ? ownerWanted(f.owner, spec.me) : null;
  if (owner) out.push(fromCollections(() => [cv.where('data.owner').equals(owner)]));
  const list = (index: string, values: readonly (string | number)[]) => fromCollections(() => values.map((v) => cv.where(index).equals(v)));
  if (f.types.length > 0) out.push(list('data.type', f.types));
  if (f.reasons.length > 0) out.push(list('data.reason', f.reasons));
  if (f.states.length > 0) out.push(list('state', f.states));
  if (f.warehouses.length > 0) out.push(list('data.returnAddress.warehouseId', f.warehouses));
  if (f.carriers.length > 0) out.push(list('data.returnShipment.carrier', f.carriers));
  if (f.openedFrom !== null || f.openedTo !== null) out.push(fromCollections(() => [cv.where('data.openedAt').between(f.openedFrom ?? Dexie.minKey, f.openedTo ?? Dexie.maxKey, true, true)]));
  if (f.amountMin !== null || f.amountMax !== null) out.push(fromCollections(() => [cv.where('data.refund.cash').between(f.amountMin ?? -Infinity, f.amountMax ?? Infinity, true, true)]));
  const raw = spec.search.trim();
  if (raw !== '') {
    const upper = raw.toUpperCase();
    const tracking = normalizeTrackingNumber(raw);
    out.push(
      fromCollections(() => [
        cv.where('caseNo').startsWith(upper),
        cv.where('orderNo').startsWith(upper),
        ...(tracking.length >= 4 ? [cv.where('returnTrackingNo').startsWith(tracking)] : []),
        ...(/^\d{4}$/.test(raw) ? [cv.where('buyerPhoneTail').equals(raw)] : []),
      ]),
    );
  }
  const state = STATE_OF[spec.queue];
  if (state) out.push(fromCollections(() => [cv.where('[state+dueAt]').between([state, Dexie.minKey], [state, Dexie.maxKey])]));
  else if (spec.queue === 'needs_me') out.push(fromCollections(() => [cv.where('[queue+dueAt]').between([CS_QUEUE_OWNER, Dexie.minKey], [CS_QUEUE_OWNER, Dexie.maxKey])]));
  else if (spec.queue === 'overdue') out.push(fromCollections(() => [cv.where('dueAt').between('', now, false, true)]));
  else if (spec.queue === 'escalated') {
    out.push(fromCollections(() => OPEN_STATES.map((s) => cv.where('[state+data.escalation.at]').between([s, Dexie.minKey], [s, Dexie.maxKey]))));
  }
  return out;
}

/**
 * The queue's ids read the short way, or null when no condition is narrow enough (then the
 * index walk of `queueKeys` answers).
 */
export async function narrowQueueKeys(db: DeskDb, spec: QueueSpec, now: string, limit = NARROW_LIMIT): Promise<string[] | null> {
  const candidates = sources(db, spec, now);
  if (candidates.length === 0) return null;
  let ids: string[] | null = null;
  for (const found of await Promise.all(candidates.map((s) => s.upTo(limit)))) {
    if (found && (ids === null || found.length < ids.length)) ids = found;
  }
  if (ids === null) return null;
  const rows = (await db.caseView.bulkGet(ids)).filter((r): r is CaseViewRow => r !== undefined);
  return selectQueue(rows.map(factsOf), spec, now);
}
