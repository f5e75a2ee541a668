/**
 * One scan at the station (扫码找单) and the worker's moves that put cases on the bench: a product
 * code while inspecting counts an item; any other code is looked up (cases, and an unmatched
 * parcel under the tracking number, side by side) and the bench changes only when all answers are
 * there. The case shows as soon as the lookups answer; its session-log row is written after that.
 */
import type { BarcodeClassification, Carrier } from '../../../../shared/barcode';
import type { Actor } from '../../../../shared/domain';
import type { DeskDb } from '../../db/schema';
import type { CaseViewRow, ScanLogRow } from '../../db/types';
import type { Bench } from './bench';
import { catalogueProduct, findCases, isPhoneTail, type LookupKey } from './lookup';
import { waitingParcel, waitingParcelById } from './parcels';
import { rulesFor } from './rules';
import type { ScanLog } from './sessionLog';

/** What the scan flow and the decisions work with; the station store provides it. */
export interface StationContext {
  db(): Promise<DeskDb>;
  now(): string;
  actor(): Actor | null;
  warehouseId(): string | null;
  /** Staff who do not receive goods look cases up only: no counting, no forms, no log rows. */
  readOnly(): boolean;
  bench: Bench;
  log: ScanLog;
  /** Follows the cases shown with live reads ([]: none). */
  follow(ids: readonly string[]): void;
  /** Empties the bench, stops its live reads and lets go of its log row. */
  reset(): void;
}

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

type LogEntry = Omit<ScanLogRow, 'id' | 'staffId' | 'outcome' | 'parcelId'>;

export function createScanFlow(ctx: StationContext) {
  const { bench, log } = ctx;

  /**
   * One scan (or a code typed into the scan box and confirmed). Resolves whether it was good, for
   * the scan sound.
   */
  async function handleScan(text: string, classification: BarcodeClassification): Promise<boolean> {
    const at = ctx.now();
    // While inspecting, product codes (and the SKUs of the parcel's cases) count items.
    if (bench.phase.value === 'inspect' && !ctx.readOnly()) {
      const sku = bench.skuOnBench(text, classification);
      if (sku !== null) return bench.countItem(sku, async (code) => (await catalogueProduct(await ctx.db(), code))?.name ?? null);
    }
    const manual = text.trim();
    if (bench.phase.value === 'register') {
      if (!bench.mayLeaveRegister(classification, manual)) return false;
      ctx.reset();
    }
    if (classification.kind === 'invalid' && !isPhoneTail(manual)) {
      const store = await ctx.db();
      bench.show('error', 'scanStation.banner.invalid', { code: manual, reason: classification.reason });
      log.write(store, { code: manual, kind: 'invalid', outcome: 'invalid', caseId: null, caseNo: null, commandId: null, parcelId: null, at });
      return false;
    }
    const key: LookupKey | null = classification.kind === 'invalid' ? { by: 'phone', value: manual } : lookupKeyOf(classification);
    if (!key || !bench.mayLeaveInspection(key, manual)) return false;
    return lookUp(key, classification, { code: manual, kind: classification.kind === 'invalid' ? 'phone' : classification.kind, caseId: null, caseNo: null, commandId: null, at });
  }

  async function lookUp(key: LookupKey, classification: BarcodeClassification, entry: LogEntry): Promise<boolean> {
    const store = await ctx.db();
    const at = entry.at;
    const tracking = classification.kind === 'tracking' ? classification.normalized : '';
    const carrier = classification.kind === 'tracking' ? classification.carrier : null;
    // A case number opens its case at once; so does a key that found one case only.
    const opensAtOnce = (rows: CaseViewRow[]): CaseViewRow | undefined => (rows.length === 1 || key.by === 'case' ? rows[0] : undefined);
    const actor = ctx.actor();
    const [[found, foundRules], registered] = await Promise.all([
      findCases(store, key).then(async (rows) => [rows, await rulesFor(store, opensAtOnce(rows) ? rows.slice(0, 1) : rows, actor, at)] as const),
      tracking !== '' ? waitingParcel(store, tracking, ctx.warehouseId()) : Promise.resolve(undefined),
    ]);
    // Matching an unmatched parcel (无主件认领): the case is found by its number, order or phone.
    const matching = bench.phase.value === 'idle' && key.by !== 'tracking' ? bench.parcel.value : null;
    ctx.reset();
    bench.parcel.value = matching?.parcelId ? { ...matching, scannedAt: at } : { trackingNumber: tracking, carrier, parcelId: null, scannedAt: at };
    if (found.length === 0) {
      if (classification.kind === 'tracking' && !ctx.readOnly()) {
        if (registered) {
          bench.show('warning', 'scanStation.banner.alreadyUnmatched', { code: tracking, shelf: registered.shelf ?? '' });
          log.start(store, { ...entry, outcome: 'not_found', parcelId: registered.id });
          return false;
        }
        bench.askToRegister(tracking, carrier);
        log.start(store, { ...entry, outcome: 'not_found', parcelId: null });
        return false;
      }
      bench.show('error', 'scanStation.banner.notFound', { code: entry.code });
      log.write(store, { ...entry, outcome: 'not_found', parcelId: null });
      return false;
    }
    // A parcel scanned again after a person matched it: link the waiting unmatched record.
    if (registered && bench.parcel.value) bench.parcel.value = { ...bench.parcel.value, parcelId: registered.id };
    const parcelId = bench.parcel.value?.parcelId ?? null;
    const first = opensAtOnce(found);
    if (first) {
      bench.open([first], foundRules);
      ctx.follow([first.id]);
      log.start(store, { ...entry, outcome: 'opened', caseId: first.id, caseNo: first.caseNo, parcelId });
      return bench.receivable.value;
    }
    bench.offer(found, foundRules);
    ctx.follow(found.map((v) => v.id));
    log.start(store, { ...entry, outcome: 'several', parcelId });
    return true;
  }

  /** Opens the inspection for the chosen cases of a several-match scan. */
  async function pick(selected: CaseViewRow[]): Promise<void> {
    const first = selected[0];
    if (!first || !bench.mayPickTogether(selected)) return;
    const store = await ctx.db();
    bench.open(selected, await rulesFor(store, selected, ctx.actor(), ctx.now()));
    ctx.follow(selected.map((v) => v.id));
    if (selected.length === 1) log.update(store, { outcome: 'opened', caseId: first.id, caseNo: first.caseNo });
  }

  /** Starts matching an unmatched parcel: the next case found is inspected with this parcel. */
  async function startMatch(parcelId: string): Promise<void> {
    const row = await waitingParcelById(await ctx.db(), parcelId);
    if (!row) return;
    ctx.reset();
    bench.parcel.value = { trackingNumber: row.trackingNumber, carrier: (row.carrier as Carrier | null) ?? null, parcelId: row.id, scannedAt: ctx.now() };
    bench.show('info', 'scanStation.banner.matching', { code: row.trackingNumber, shelf: row.shelf });
  }

  /** Puts the parcel back (Esc). Nothing is recorded. */
  function cancel(): void {
    const matching = bench.parcel.value?.parcelId ?? null;
    ctx.reset();
    bench.show('info', matching ? 'scanStation.banner.matchCancelled' : 'scanStation.banner.ready', {});
  }

  return { handleScan, pick, startMatch, cancel };
}
