/**
 * The scan station's working state (扫描台): the parcel on the bench, what it matched, the
 * inspection draft and the worker's decision. Every decision is a command through the local
 * store (`sync.issue` → dispatch), so it works offline and syncs later; every scan is written to
 * the station's session log with its outcome. The store outlives the view, so leaving the page
 * and coming back keeps the parcel on the bench.
 *
 * A scan shows its case as soon as the lookups answer: its session-log row is written after that
 * (strict durability waits for the disk), in order, and a failed write is reported (`logProblem`).
 */
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { BarcodeClassification, Carrier } from '../../../../shared/barcode';
import { normalizeTrackingNumber, type ConditionGrade, type DisputeCategory } from '../../../../shared/domain';
import type { DeskDb } from '../../db/schema';
import { classifyStorageError, isStorageError, type StorageProblem } from '../../db/storage';
import type { CaseViewRow, OrderRow, ParcelRow, Rejection, ScanLogRow } from '../../db/types';
import type { DispatchInput } from '../../sync/dispatch';
import { newId } from '../../sync/outbox';
import { runtime } from '../../sync/runtime';
import { useSessionStore } from '../../stores/session';
import { useSyncStore } from '../../stores/sync';
import { acceptBlockers, count, defaultDisposition, expectedBySku, inspectionFor, isTouched, newDraft, type InspectionDraft } from './inspection';
import { catalogueProduct, findCases, isPhoneTail, productsOf, type LookupKey } from './lookup';
import { freshen, watchCases, type LiveCases } from './live';
import { matchInput, registerInput, unmatchedParcels as warehouseParcels, waitingParcel } from './parcels';
import { availableIn, NO_RULES, receivableIn, rulesFor, type BenchRules } from './rules';

export type StationPhase = 'idle' | 'pick' | 'inspect' | 'register';

/** The big state banner: translation key + parameters, so it follows a language switch. */
export interface Banner {
  tone: 'info' | 'success' | 'warning' | 'error';
  key: string;
  params: Record<string, string | number>;
}

/** The parcel on the bench. */
export interface BenchParcel {
  /** Normalised tracking number, '' when the parcel was found by another key. */
  trackingNumber: string;
  carrier: Carrier | null;
  /** An unmatched parcel being matched to its case (无主件认领). */
  parcelId: string | null;
  scannedAt: string;
}

export interface RegisterForm {
  trackingNumber: string;
  carrier: Carrier | null;
  shelf: string;
  notes: string;
  photos: string[];
}

export type DecisionResult = { ok: true; commandIds: string[] } | { ok: false; rejection: Rejection };

function lookupKeyOf(c: BarcodeClassification): LookupKey | null {
  switch (c.kind) {
    case 'tracking':
      return { by: 'tracking', value: c.normalized };
    case 'case':
      return { by: 'case', value: c.normalized };
    case 'order':
      return { by: 'order', value: c.normalized };
    case 'product':
      return { by: 'product', value: c.gtin };
    default:
      return null;
  }
}

export const useScanStationStore = defineStore('scanStation', () => {
  const session = useSessionStore();
  const sync = useSyncStore();

  const phase = ref<StationPhase>('idle');
  const banner = ref<Banner>({ tone: 'info', key: 'scanStation.banner.ready', params: {} });
  const matches = shallowRef<CaseViewRow[]>([]);
  const cases = shallowRef<CaseViewRow[]>([]);
  /** Counts the parcels put on the bench (the cases' rows are refreshed live; this changes only with the parcel). */
  const benchNo = ref(0);
  const order = shallowRef<OrderRow | undefined>(undefined);
  /** What the shared rules let this worker do with the matches and the cases on the bench. */
  const rules = shallowRef<BenchRules>(NO_RULES);
  const draft = ref<InspectionDraft>(newDraft([]));
  const parcel = ref<BenchParcel | null>(null);
  const register = ref<RegisterForm>({ trackingNumber: '', carrier: null, shelf: '', notes: '', photos: [] });
  /** The session-log row of the scan that brought the parcel to the bench. */
  const logRow = shallowRef<ScanLogRow | null>(null);
  const busy = ref(false);
  /** The storage problem of a session-log write that failed (for the view to show); null when none. */
  const logProblem = shallowRef<StorageProblem | null>(null);
  /** The last case recorded at the bench (for the receipt label). */
  /** The last decision recorded here; `commandId` follows it to the server's answer (a refusal withdraws it). */
  const lastRecorded = ref<{ caseNo: string; outcome: 'received' | 'disputed' | 'unmatched'; shelf: string; sku: string; quantity: number; at: string; trackingNumber: string; commandId: string | null } | null>(null);

  const products = computed(() => productsOf(order.value));
  /** Names the catalogue gives wrong items counted on the bench (code → name), which the order does not list. */
  const foreignNames = ref<Record<string, string>>({});
  const blockers = computed(() => acceptBlockers(draft.value));
  const receivable = computed(() => cases.value.length > 0 && cases.value.every((c) => receivableIn(rules.value, c.id)));
  const disputable = computed(() => cases.value.length > 0 && cases.value.every((c) => availableIn(rules.value, c.id, 'warehouse.raise_dispute')));
  const touched = computed(() => isTouched(draft.value));
  /**
   * Staff who do not receive goods (CS, finance, supervisors) look cases up read-only: no counting,
   * no unmatched-parcel form, no decisions, and their lookups stay out of the warehouse's session log.
   */
  const readOnly = computed(() => session.staff?.role !== 'warehouse');

  const now = (): string => runtime().clock().toISOString();
  const db = () => runtime().db();

  function show(tone: Banner['tone'], key: string, params: Record<string, string | number> = {}): void {
    banner.value = { tone, key, params };
  }

  /**
   * Session-log writes, one after another in the order they were asked for, so an update never
   * runs before the put of its row. With none in flight a write starts at once (its transaction
   * exists before the caller goes on); otherwise it waits for the one before. The returned promise
   * settles when the write is done and never rejects: a failure is reported, not lost.
   */
  let logTail: Promise<void> = Promise.resolve();
  let logWrites = 0;

  function queueLogWrite(store: DeskDb, write: (store: DeskDb) => Promise<unknown>): Promise<void> {
    const run = async (): Promise<void> => {
      try {
        await write(store);
      } catch (error) {
        reportLogFailure(error);
      } finally {
        logWrites -= 1;
      }
    };
    logWrites += 1;
    logTail = logWrites === 1 ? run() : logTail.then(run);
    return logTail;
  }

  /** A failed log write: the storage problem goes to the sync status, the refusal to the view. */
  function reportLogFailure(error: unknown): void {
    // Not a storage failure: a fault of ours, kept in the console as well.
    if (!isStorageError(error)) console.error('scan log write failed', error);
    const problem = classifyStorageError(error);
    sync.storageProblem = problem;
    logProblem.value = problem;
  }

  /** Writes a scan to the session log (queued; see `queueLogWrite`) and returns the row at once. */
  function log(store: DeskDb, row: Omit<ScanLogRow, 'id' | 'at' | 'staffId'> & { at?: string }): ScanLogRow {
    const entry: ScanLogRow = { id: newId(), at: row.at ?? now(), staffId: session.staff?.id ?? null, ...row };
    if (!readOnly.value) void queueLogWrite(store, (s) => s.scanLog.put(entry));
    return entry;
  }

  /** What became of the scan on the bench, on its log row (queued). */
  function updateLog(store: DeskDb, patch: Partial<Pick<ScanLogRow, 'outcome' | 'caseId' | 'caseNo' | 'commandId' | 'parcelId'>>): void {
    const row = logRow.value;
    if (!row || readOnly.value) return;
    logRow.value = { ...row, ...patch };
    void queueLogWrite(store, (s) => s.scanLog.update(row.id, patch));
  }

  /**
   * The bench's log row as a decision leaves it, to be written with the decision: queued writes
   * of the row are finished first (so none of them lands after it). Null when the scan has no row.
   */
  async function loggedAs(patch: Partial<ScanLogRow>): Promise<ScanLogRow | null> {
    await logTail;
    return logRow.value ? { ...logRow.value, ...patch } : null;
  }

  /**
   * Live reads of the cases on the bench or in the pick list (see `watchCases`). Each follow has a
   * number: an answer for cases no longer shown is dropped.
   */
  let stopLive: (() => void) | null = null;
  let liveNo = 0;

  function follow(ids: string[]): void {
    liveNo += 1;
    stopLive?.();
    stopLive = null;
    if (ids.length === 0) return;
    const no = liveNo;
    void db().then((store) => {
      if (no !== liveNo) return;
      stopLive = watchCases(store, ids, session.actor, now, (live) => no === liveNo && refresh(live), (error) => (sync.storageProblem = classifyStorageError(error)));
    });
  }

  /** A live answer: the newer rows and rules; the banner follows when receiving became (im)possible. */
  function refresh(live: LiveCases): void {
    if (phase.value === 'pick') {
      matches.value = freshen(matches.value, live.views);
      rules.value = live.rules;
      return;
    }
    if (phase.value !== 'inspect') return;
    const could = receivable.value;
    cases.value = freshen(cases.value, live.views);
    rules.value = live.rules;
    const first = cases.value[0];
    if (first) order.value = live.rules.orders.get(first.orderId) ?? order.value;
    if (receivable.value !== could) benchBanner();
  }

  function reset(): void {
    follow([]);
    phase.value = 'idle';
    matches.value = [];
    cases.value = [];
    order.value = undefined;
    rules.value = NO_RULES;
    draft.value = newDraft([]);
    parcel.value = null;
    logRow.value = null;
  }

  /** Puts cases on the bench for inspection (chosen from a several-match scan). */
  async function inspect(selected: CaseViewRow[]): Promise<void> {
    const store = await db();
    const first = selected[0];
    bench(selected, await rulesFor(store, selected, session.actor, now()));
    if (first && selected.length === 1) updateLog(store, { outcome: 'opened', caseId: first.id, caseNo: first.caseNo });
  }

  /** Shows the cases (with the first one's order) for inspection, and the banner the rules give them. */
  function bench(selected: CaseViewRow[], found: BenchRules): void {
    const first = selected[0];
    cases.value = selected;
    benchNo.value += 1;
    rules.value = found;
    order.value = first ? found.orders.get(first.orderId) : undefined;
    draft.value = newDraft(selected.map((v) => v.data));
    matches.value = [];
    phase.value = 'inspect';
    benchBanner();
    follow(selected.map((v) => v.id));
  }

  /** The banner the rules give the first case on the bench. */
  function benchBanner(): void {
    const selected = cases.value;
    const first = selected[0];
    if (!first) return;
    const check = rules.value.byCase.get(first.id)?.receive;
    if (!check || check.ok) {
      show('success', selected.length === 1 ? 'scanStation.banner.found' : 'scanStation.banner.foundSeveral', { caseNo: first.caseNo, count: selected.length });
    } else if (check.rejection.code === 'wrong_warehouse') {
      show('warning', 'scanStation.banner.wrongWarehouse', { caseNo: first.caseNo, warehouse: String(check.rejection.params.expected ?? '') });
    } else if (check.rejection.code === 'invalid_state' || check.rejection.code === 'case_terminal') {
      show('warning', 'scanStation.banner.notReceivable', { caseNo: first.caseNo, state: first.state });
    } else {
      show('warning', 'scanStation.banner.cannotReceive', { caseNo: first.caseNo, reason: check.rejection.code });
    }
  }

  /**
   * One scan (or a code typed into the scan box and confirmed). Returns whether it was good, for
   * the scan sound.
   */
  async function handleScan(text: string, classification: BarcodeClassification): Promise<boolean> {
    const at = now();
    // While inspecting, product codes (and the SKUs of the parcel's cases) count items.
    if (phase.value === 'inspect' && !readOnly.value) {
      const sku = skuOnBench(text, classification);
      if (sku !== null) {
        draft.value = count(draft.value, sku);
        const counted = draft.value.counts[sku] ?? 0;
        const expected = expectedBySku(draft.value).get(sku);
        if (expected === undefined) {
          // A wrong item: named when the order or the catalogue knows it, not only by its barcode.
          const name = products.value[sku]?.name ?? (await namedInCatalogue(sku));
          if (name) show('error', 'scanStation.banner.wrongSkuNamed', { sku, name, count: counted });
          else show('error', 'scanStation.banner.wrongSku', { sku, count: counted });
          return false;
        }
        // More than the claim is a discrepancy, not a good count.
        if (counted > expected) show('error', 'scanStation.banner.countedExtra', { sku, count: counted, expected });
        else show('success', 'scanStation.banner.counted', { sku, count: counted });
        return counted <= expected;
      }
    }
    const manual = text.trim();
    // The unmatched-parcel form answers for one parcel: a banner about another scan is never shown
    // beside it. Filled in, it must be registered or put back first; untouched, the new scan replaces it.
    if (phase.value === 'register') {
      const form = register.value;
      if (classification.kind === 'tracking' && classification.normalized === form.trackingNumber) {
        show('warning', 'scanStation.banner.unmatched', { code: form.trackingNumber });
        return false;
      }
      if (form.shelf.trim() !== '' || form.notes.trim() !== '' || form.photos.length > 0) {
        show('warning', 'scanStation.banner.finishRegister', { tracking: form.trackingNumber, code: manual });
        return false;
      }
      reset();
    }
    if (classification.kind === 'invalid' && !isPhoneTail(manual)) {
      const store = await db();
      show('error', 'scanStation.banner.invalid', { code: manual, reason: classification.reason });
      log(store, { code: manual, kind: 'invalid', outcome: 'invalid', caseId: null, caseNo: null, commandId: null, parcelId: null, at });
      return false;
    }
    const key: LookupKey | null = classification.kind === 'invalid' ? { by: 'phone', value: manual } : lookupKeyOf(classification);
    if (!key) return false;
    if (phase.value === 'inspect' && touched.value && !sameBench(key)) {
      show('warning', 'scanStation.banner.finishFirst', { code: manual });
      return false;
    }
    const store = await db();
    const kind = classification.kind === 'invalid' ? 'phone' : classification.kind;
    const tracking = classification.kind === 'tracking' ? classification.normalized : '';
    const carrier = classification.kind === 'tracking' ? classification.carrier : null;
    // The cases (with the order of a case that opens at once) and an unmatched parcel registered
    // under the tracking number, read side by side; the bench changes only when all are there.
    const opensAtOnce = (rows: CaseViewRow[]): CaseViewRow | undefined => (rows.length === 1 || key.by === 'case' ? rows[0] : undefined);
    const actor = session.actor;
    const [[found, foundRules], registered] = await Promise.all([
      findCases(store, key).then(async (rows) => [rows, await rulesFor(store, opensAtOnce(rows) ? rows.slice(0, 1) : rows, actor, at)] as const),
      tracking !== '' ? waitingParcel(store, tracking, session.staff?.warehouseId ?? null) : Promise.resolve(undefined),
    ]);
    // Matching an unmatched parcel (无主件认领): the case is found by its number, order or phone.
    const matching = phase.value === 'idle' && key.by !== 'tracking' ? parcel.value : null;
    reset();
    if (matching?.parcelId) {
      parcel.value = { ...matching, scannedAt: at };
    } else {
      parcel.value = { trackingNumber: tracking, carrier, parcelId: null, scannedAt: at };
    }
    if (found.length === 0) {
      if (classification.kind === 'tracking' && !readOnly.value) {
        if (registered && registered.unmatched === 1) {
          show('warning', 'scanStation.banner.alreadyUnmatched', { code: tracking, shelf: registered.shelf ?? '' });
          logRow.value = log(store, { code: manual, kind, outcome: 'not_found', caseId: null, caseNo: null, commandId: null, parcelId: registered.id, at });
          return false;
        }
        register.value = { trackingNumber: tracking, carrier, shelf: '', notes: '', photos: [] };
        phase.value = 'register';
        show('warning', 'scanStation.banner.unmatched', { code: tracking });
        logRow.value = log(store, { code: manual, kind, outcome: 'not_found', caseId: null, caseNo: null, commandId: null, parcelId: null, at });
        return false;
      }
      show('error', 'scanStation.banner.notFound', { code: manual });
      log(store, { code: manual, kind, outcome: 'not_found', caseId: null, caseNo: null, commandId: null, parcelId: null, at });
      return false;
    }
    // A parcel scanned again after a person matched it: link the waiting unmatched record.
    if (registered && registered.unmatched === 1 && parcel.value) parcel.value = { ...parcel.value, parcelId: registered.id };
    const first = opensAtOnce(found);
    if (first) {
      bench([first], foundRules);
      logRow.value = log(store, { code: manual, kind, outcome: 'opened', caseId: first.id, caseNo: first.caseNo, commandId: null, parcelId: parcel.value?.parcelId ?? null, at });
      return receivable.value;
    }
    matches.value = found;
    rules.value = foundRules;
    phase.value = 'pick';
    follow(found.map((v) => v.id));
    show('info', 'scanStation.banner.several', { count: found.length, receivable: found.filter((v) => receivableIn(foundRules, v.id)).length });
    logRow.value = log(store, { code: manual, kind, outcome: 'several', caseId: null, caseNo: null, commandId: null, parcelId: parcel.value?.parcelId ?? null, at });
    return true;
  }

  async function namedInCatalogue(code: string): Promise<string | null> {
    const known = foreignNames.value[code];
    if (known) return known;
    const found = await catalogueProduct(await db(), code);
    if (found) foreignNames.value = { ...foreignNames.value, [code]: found.name };
    return found?.name ?? null;
  }

  function sameBench(key: LookupKey): boolean {
    return key.by === 'tracking' && parcel.value !== null && parcel.value.trackingNumber === normalizeTrackingNumber(key.value);
  }

  /** The SKU a code stands for on the bench (a case's SKU or an order product's GTIN), or null. */
  function skuOnBench(text: string, classification: BarcodeClassification): string | null {
    const code = (classification.kind === 'product' ? classification.gtin : text.trim()).toUpperCase();
    if (draft.value.expected.some((e) => e.sku === code)) return code;
    for (const p of Object.values(products.value)) if (p.gtin === code || p.sku === code) return p.sku;
    // A product barcode of something that is not in the order: a wrong item, counted and flagged.
    return classification.kind === 'product' ? code : null;
  }

  function setGrade(grade: ConditionGrade): void {
    // A new grade is confirmed anew against the buyer's claim (see gradeConflict).
    draft.value = { ...draft.value, condition: grade, disposition: defaultDisposition(grade), gradeConfirmed: false };
  }

  function patchDraft(patch: Partial<InspectionDraft>): void {
    draft.value = { ...draft.value, ...patch };
  }

  function adjust(sku: string, delta: number): void {
    draft.value = count(draft.value, sku, delta);
  }

  /**
   * The match of the unmatched parcel being claimed (无主件认领) to the bench's first case, recorded
   * before the case's decision in the same transaction; none when the parcel was found by its own
   * tracking number (the case's receipt is its record).
   */
  async function claimInputs(store: DeskDb): Promise<DispatchInput[]> {
    const claimed = parcel.value?.parcelId ?? null;
    const first = cases.value[0];
    if (claimed === null || !first) return [];
    const row = await store.parcels.get(claimed);
    return row && row.unmatched === 1 ? [matchInput(row, first.id, newId())] : [];
  }

  /** Accepts the goods: one `warehouse.receive` per case on the bench. */
  async function accept(): Promise<DecisionResult> {
    if (readOnly.value) return { ok: false, rejection: { code: 'scan.read_only', params: {} } };
    if (phase.value !== 'inspect' || busy.value) return { ok: false, rejection: { code: 'scan.nothing_on_bench', params: {} } };
    const blocker = blockers.value[0];
    if (blocker) return { ok: false, rejection: { code: `scan.${blocker}`, params: {} } };
    const inputs = cases.value.map((view): DispatchInput => ({ type: 'warehouse.receive', caseId: view.id, id: newId(), payload: { inspection: inspectionFor(draft.value, view.id) } }));
    return decideBench('received', inputs);
  }

  /** Raises a dispute for every case on the bench; the inspection goes into the notes. */
  async function dispute(category: DisputeCategory, notes: string): Promise<DecisionResult> {
    if (readOnly.value) return { ok: false, rejection: { code: 'scan.read_only', params: {} } };
    if (phase.value !== 'inspect' || busy.value) return { ok: false, rejection: { code: 'scan.nothing_on_bench', params: {} } };
    const photos = [...draft.value.photos];
    return decideBench('disputed', cases.value.map((view): DispatchInput => ({ type: 'warehouse.raise_dispute', caseId: view.id, id: newId(), payload: { category, notes, photos } })));
  }

  /**
   * Records the decision on every case on the bench with the parcel row and the scan's log row, in
   * one transaction: all of it is recorded, or (a refusal, a failed write) none of it.
   */
  async function decideBench(outcome: 'received' | 'disputed', inputs: DispatchInput[]): Promise<DecisionResult> {
    busy.value = true;
    try {
      const store = await db();
      const at = now();
      const first = cases.value[0]!;
      const claim = await claimInputs(store);
      const claimed = claim.length > 0 ? (parcel.value?.parcelId ?? null) : null;
      const logged = await loggedAs({ outcome: claimed !== null ? 'matched' : outcome, caseId: first.id, caseNo: first.caseNo, commandId: inputs[0]?.id ?? null, parcelId: claimed });
      // The parcel's match, the cases' decisions and the log row: one transaction, all or none.
      const result = await sync.issueAll([...claim, ...inputs], { scanLog: logged ? [logged] : [] });
      if (!result.ok) {
        const index = result.index - claim.length;
        show('error', 'scanStation.banner.refused', { caseNo: cases.value[Math.max(0, index)]?.caseNo ?? first.caseNo });
        return { ok: false, rejection: result.rejection };
      }
      lastRecorded.value = {
        caseNo: first.caseNo,
        outcome,
        shelf: draft.value.disposition === 'restock' ? draft.value.location.trim() : '',
        sku: first.sku,
        quantity: first.data.quantity,
        at,
        trackingNumber: parcel.value?.trackingNumber ?? '',
        commandId: inputs[0]?.id ?? null,
      };
      const count = cases.value.length;
      reset();
      show('success', outcome === 'received' ? 'scanStation.banner.received' : 'scanStation.banner.disputed', { caseNo: first.caseNo, count });
      return { ok: true, commandIds: result.results.slice(claim.length).map((r) => r.commandId) };
    } finally {
      busy.value = false;
    }
  }

  /** Registers the parcel on the bench as unmatched (无主件) on a shelf, with its log row in one transaction. */
  async function registerUnmatched(): Promise<DecisionResult> {
    const form = register.value;
    if (phase.value !== 'register') return { ok: false, rejection: { code: 'scan.nothing_on_bench', params: {} } };
    if (form.shelf.trim() === '') return { ok: false, rejection: { code: 'scan.no_shelf', params: {} } };
    const at = parcel.value?.scannedAt ?? now();
    const input = registerInput(newId(), newId(), form);
    const logged = await loggedAs({ outcome: 'unmatched_registered', parcelId: input.caseId, commandId: input.id ?? null });
    // The parcel command and the scan's log row in one transaction (the parcel then syncs to the warehouse).
    const result = await sync.issue(input, { scanLog: logged ? [logged] : [] });
    if (!result.ok) {
      show('error', 'scanStation.banner.registerRefused', { code: form.trackingNumber });
      return { ok: false, rejection: result.rejection };
    }
    lastRecorded.value = { caseNo: '', outcome: 'unmatched', shelf: form.shelf.trim(), sku: '', quantity: 0, at, trackingNumber: form.trackingNumber, commandId: null };
    reset();
    show('success', 'scanStation.banner.registered', { code: form.trackingNumber, shelf: form.shelf.trim() });
    return { ok: true, commandIds: [result.commandId] };
  }

  /** Starts matching an unmatched parcel: the next case found is inspected with this parcel. */
  async function startMatch(parcelId: string): Promise<void> {
    const row = await (await db()).parcels.get(parcelId);
    if (!row || row.unmatched !== 1) return;
    reset();
    parcel.value = { trackingNumber: row.trackingNumber, carrier: (row.carrier as Carrier | null) ?? null, parcelId: row.id, scannedAt: now() };
    show('info', 'scanStation.banner.matching', { code: row.trackingNumber, shelf: row.shelf });
  }

  /** Opens the inspection for the chosen cases of a several-match scan. */
  async function pick(selected: CaseViewRow[]): Promise<void> {
    if (selected.length === 0) return;
    if (selected.length > 1 && !selected.every((v) => receivableIn(rules.value, v.id))) {
      show('warning', 'scanStation.banner.togetherOnlyReceivable', {});
      return;
    }
    await inspect(selected);
  }

  /** Puts the parcel back (Esc). Nothing is recorded. */
  function cancel(): void {
    const matching = parcel.value?.parcelId ?? null;
    reset();
    show('info', matching ? 'scanStation.banner.matchCancelled' : 'scanStation.banner.ready', {});
  }

  /** The warehouse's unmatched parcels (every station's this desk has pulled, and its own). */
  async function unmatchedParcels(): Promise<ParcelRow[]> {
    return warehouseParcels(await db(), session.staff?.warehouseId ?? null);
  }

  return {
    phase,
    banner,
    matches,
    cases,
    benchNo,
    order,
    draft,
    parcel,
    register,
    busy,
    lastRecorded,
    logProblem,
    products,
    foreignNames,
    blockers,
    receivable,
    disputable,
    rules,
    touched,
    readOnly,
    handleScan,
    pick,
    setGrade,
    patchDraft,
    adjust,
    accept,
    dispute,
    registerUnmatched,
    startMatch,
    cancel,
    unmatchedParcels,
    show,
  };
});
