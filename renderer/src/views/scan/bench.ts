/**
 * The bench (验货台) as a state machine: which phase the station is in (idle → pick → inspect, or
 * register for a parcel no case knows), the banner a worker reads, the cases on the bench with
 * what the rules let the worker do with them, and the inspection draft. It reads and writes no
 * store: the scan flow and the decisions feed it what the lookups found, so every transition can
 * be tested with plain rows.
 */
import { computed, ref, shallowRef } from 'vue';
import type { BarcodeClassification, Carrier } from '../../../../shared/barcode';
import { normalizeTrackingNumber, type ConditionGrade } from '../../../../shared/domain';
import type { CaseViewRow, OrderRow } from '../../db/types';
import { acceptBlockers, count, defaultDisposition, expectedBySku, isTouched, newDraft, type InspectionDraft } from './inspection';
import { freshen, type LiveCases } from './live';
import { productsOf, type LookupKey } from './lookup';
import { availableIn, NO_RULES, receivableIn, type BenchRules } from './rules';

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

/** The name the catalogue gives a product code the order does not list, or null. */
export type CatalogueName = (code: string) => Promise<string | null>;

const emptyForm = (trackingNumber = '', carrier: Carrier | null = null): RegisterForm => ({ trackingNumber, carrier, shelf: '', notes: '', photos: [] });

export function createBench() {
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
  const register = ref<RegisterForm>(emptyForm());
  /** Names the catalogue gives wrong items counted on the bench (code → name), which the order does not list. */
  const foreignNames = ref<Record<string, string>>({});

  const products = computed(() => productsOf(order.value));
  const blockers = computed(() => acceptBlockers(draft.value));
  const receivable = computed(() => cases.value.length > 0 && cases.value.every((c) => receivableIn(rules.value, c.id)));
  const disputable = computed(() => cases.value.length > 0 && cases.value.every((c) => availableIn(rules.value, c.id, 'warehouse.raise_dispute')));
  const touched = computed(() => isTouched(draft.value));

  function show(tone: Banner['tone'], key: string, params: Record<string, string | number> = {}): void {
    banner.value = { tone, key, params };
  }

  /** Empties the bench (the banner stays: it says what just happened). */
  function clear(): void {
    phase.value = 'idle';
    matches.value = [];
    cases.value = [];
    order.value = undefined;
    rules.value = NO_RULES;
    draft.value = newDraft([]);
    parcel.value = null;
  }

  /** Shows the cases (with the first one's order) for inspection, and the banner the rules give them. */
  function open(selected: CaseViewRow[], found: BenchRules): void {
    const first = selected[0];
    cases.value = selected;
    benchNo.value += 1;
    rules.value = found;
    order.value = first ? found.orders.get(first.orderId) : undefined;
    draft.value = newDraft(selected.map((v) => v.data));
    matches.value = [];
    phase.value = 'inspect';
    benchBanner();
  }

  /** Several cases for one scan: the worker picks, seeing how many may be received here. */
  function offer(found: CaseViewRow[], foundRules: BenchRules): void {
    matches.value = found;
    rules.value = foundRules;
    phase.value = 'pick';
    show('info', 'scanStation.banner.several', { count: found.length, receivable: found.filter((v) => receivableIn(foundRules, v.id)).length });
  }

  /** A tracking number no case knows: the unmatched-parcel form (登记无主件). */
  function askToRegister(trackingNumber: string, carrier: Carrier | null): void {
    register.value = emptyForm(trackingNumber, carrier);
    phase.value = 'register';
    show('warning', 'scanStation.banner.unmatched', { code: trackingNumber });
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

  /** The SKU a code stands for on the bench (a case's SKU or an order product's GTIN), or null. */
  function skuOnBench(text: string, classification: BarcodeClassification): string | null {
    const code = (classification.kind === 'product' ? classification.gtin : text.trim()).toUpperCase();
    if (draft.value.expected.some((e) => e.sku === code)) return code;
    for (const p of Object.values(products.value)) if (p.gtin === code || p.sku === code) return p.sku;
    // A product barcode of something that is not in the order: a wrong item, counted and flagged.
    return classification.kind === 'product' ? code : null;
  }

  /**
   * Counts one item of `sku` and says how the count stands; resolves whether it was a good count
   * (for the scan sound). A wrong item is named when the order or the catalogue knows it.
   */
  async function countItem(sku: string, catalogue: CatalogueName): Promise<boolean> {
    draft.value = count(draft.value, sku);
    const counted = draft.value.counts[sku] ?? 0;
    const expected = expectedBySku(draft.value).get(sku);
    if (expected === undefined) {
      const name = products.value[sku]?.name ?? (await namedInCatalogue(sku, catalogue));
      if (name) show('error', 'scanStation.banner.wrongSkuNamed', { sku, name, count: counted });
      else show('error', 'scanStation.banner.wrongSku', { sku, count: counted });
      return false;
    }
    // More than the claim is a discrepancy, not a good count.
    if (counted > expected) show('error', 'scanStation.banner.countedExtra', { sku, count: counted, expected });
    else show('success', 'scanStation.banner.counted', { sku, count: counted });
    return counted <= expected;
  }

  async function namedInCatalogue(code: string, catalogue: CatalogueName): Promise<string | null> {
    const known = foreignNames.value[code];
    if (known) return known;
    const found = await catalogue(code);
    if (found) foreignNames.value = { ...foreignNames.value, [code]: found };
    return found;
  }

  /**
   * The unmatched-parcel form answers for one parcel: a banner about another scan is never shown
   * beside it. Filled in, it must be registered or put back first; untouched, the new scan may
   * replace it. Returns whether the scan may go on.
   */
  function mayLeaveRegister(classification: BarcodeClassification, code: string): boolean {
    const form = register.value;
    if (classification.kind === 'tracking' && classification.normalized === form.trackingNumber) {
      show('warning', 'scanStation.banner.unmatched', { code: form.trackingNumber });
      return false;
    }
    if (form.shelf.trim() !== '' || form.notes.trim() !== '' || form.photos.length > 0) {
      show('warning', 'scanStation.banner.finishRegister', { tracking: form.trackingNumber, code });
      return false;
    }
    return true;
  }

  /** Another parcel scanned while an inspection is under way is refused (the draft would be lost); the same parcel again is fine. */
  function mayLeaveInspection(key: LookupKey, code: string): boolean {
    if (phase.value !== 'inspect' || !touched.value) return true;
    const same = key.by === 'tracking' && parcel.value !== null && parcel.value.trackingNumber === normalizeTrackingNumber(key.value);
    if (!same) show('warning', 'scanStation.banner.finishFirst', { code });
    return same;
  }

  /** Whether the chosen cases may go on the bench together (only cases this worker may receive). */
  function mayPickTogether(selected: readonly CaseViewRow[]): boolean {
    if (selected.length <= 1 || selected.every((v) => receivableIn(rules.value, v.id))) return true;
    show('warning', 'scanStation.banner.togetherOnlyReceivable', {});
    return false;
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

  return {
    phase,
    banner,
    matches,
    cases,
    benchNo,
    order,
    rules,
    draft,
    parcel,
    register,
    foreignNames,
    products,
    blockers,
    receivable,
    disputable,
    touched,
    show,
    clear,
    open,
    offer,
    askToRegister,
    refresh,
    skuOnBench,
    countItem,
    mayLeaveRegister,
    mayLeaveInspection,
    mayPickTogether,
    setGrade,
    patchDraft,
    adjust,
  };
}

export type Bench = ReturnType<typeof createBench>;
