/**
 * The worker's decisions at the bench: receive the goods, raise a dispute, register an unmatched
 * parcel (登记无主件). Each is a command through the local store (dispatch), so it works offline and
 * syncs later, recorded in one transaction with the parcel's match and the scan's session-log row:
 * all of it is recorded, or (a refusal, a failed write) none of it and the parcel stays on the bench.
 */
import { ref } from 'vue';
import type { DisputeCategory } from '../../../../shared/domain';
import type { Rejection } from '../../db/types';
import type { DispatchAllResult, DispatchExtras, DispatchInput, DispatchResult } from '../../sync/dispatch';
import { newId } from '../../sync/outbox';
import { inspectionFor } from './inspection';
import { claimInputs, registerInput } from './parcels';
import type { StationContext } from './scanFlow';

export type DecisionResult = { ok: true; commandIds: string[] } | { ok: false; rejection: Rejection };

/** The last decision recorded here (for the receipt label); `commandId` follows it to the server's answer (a refusal withdraws it). */
export interface LastRecorded {
  caseNo: string;
  outcome: 'received' | 'disputed' | 'unmatched';
  shelf: string;
  sku: string;
  quantity: number;
  at: string;
  trackingNumber: string;
  commandId: string | null;
}

export interface DecisionContext extends StationContext {
  issue(input: DispatchInput, extras?: DispatchExtras): Promise<DispatchResult>;
  issueAll(inputs: readonly DispatchInput[], extras?: DispatchExtras): Promise<DispatchAllResult>;
}

const refusal = (code: string): DecisionResult => ({ ok: false, rejection: { code, params: {} } });

export function createDecisions(ctx: DecisionContext) {
  const { bench, log } = ctx;
  const busy = ref(false);
  const lastRecorded = ref<LastRecorded | null>(null);

  /** Why nothing can be decided now, or null. */
  function notNow(): DecisionResult | null {
    if (ctx.readOnly()) return refusal('scan.read_only');
    if (bench.phase.value !== 'inspect' || busy.value) return refusal('scan.nothing_on_bench');
    return null;
  }

  /** Accepts the goods: one `warehouse.receive` per case on the bench, with what was counted. */
  async function accept(): Promise<DecisionResult> {
    const refused = notNow();
    if (refused) return refused;
    const blocker = bench.blockers.value[0];
    if (blocker) return refusal(`scan.${blocker}`);
    const draft = bench.draft.value;
    return decide('received', bench.cases.value.map((view): DispatchInput => ({ type: 'warehouse.receive', caseId: view.id, id: newId(), payload: { inspection: inspectionFor(draft, view.id) } })));
  }

  /** Raises a dispute for every case on the bench; the inspection goes into the notes. */
  async function dispute(category: DisputeCategory, notes: string): Promise<DecisionResult> {
    const refused = notNow();
    if (refused) return refused;
    const photos = [...bench.draft.value.photos];
    return decide('disputed', bench.cases.value.map((view): DispatchInput => ({ type: 'warehouse.raise_dispute', caseId: view.id, id: newId(), payload: { category, notes, photos } })));
  }

  async function decide(outcome: 'received' | 'disputed', inputs: DispatchInput[]): Promise<DecisionResult> {
    busy.value = true;
    try {
      const store = await ctx.db();
      const at = ctx.now();
      const cases = bench.cases.value;
      const first = cases[0]!;
      const parcel = bench.parcel.value;
      const claim = await claimInputs(store, parcel?.parcelId ?? null, first.id, newId());
      const claimed = claim.length > 0 ? (parcel?.parcelId ?? null) : null;
      const logged = await log.finalRow({ outcome: claimed !== null ? 'matched' : outcome, caseId: first.id, caseNo: first.caseNo, commandId: inputs[0]?.id ?? null, parcelId: claimed });
      // The parcel's match, the cases' decisions and the log row: one transaction, all or none.
      const result = await ctx.issueAll([...claim, ...inputs], { scanLog: logged ? [logged] : [] });
      if (!result.ok) {
        const index = result.index - claim.length;
        bench.show('error', 'scanStation.banner.refused', { caseNo: cases[Math.max(0, index)]?.caseNo ?? first.caseNo });
        return { ok: false, rejection: result.rejection };
      }
      const draft = bench.draft.value;
      lastRecorded.value = {
        caseNo: first.caseNo,
        outcome,
        shelf: draft.disposition === 'restock' ? draft.location.trim() : '',
        sku: first.sku,
        quantity: first.data.quantity,
        at,
        trackingNumber: parcel?.trackingNumber ?? '',
        commandId: inputs[0]?.id ?? null,
      };
      ctx.reset();
      bench.show('success', outcome === 'received' ? 'scanStation.banner.received' : 'scanStation.banner.disputed', { caseNo: first.caseNo, count: cases.length });
      return { ok: true, commandIds: result.results.slice(claim.length).map((r) => r.commandId) };
    } finally {
      busy.value = false;
    }
  }

  /** Registers the parcel on the bench as unmatched (无主件) on a shelf, with its log row in one transaction. */
  async function registerUnmatched(): Promise<DecisionResult> {
    const form = bench.register.value;
    if (bench.phase.value !== 'register') return refusal('scan.nothing_on_bench');
    const shelf = form.shelf.trim();
    if (shelf === '') return refusal('scan.no_shelf');
    const at = bench.parcel.value?.scannedAt ?? ctx.now();
    const input = registerInput(newId(), newId(), form);
    const logged = await log.finalRow({ outcome: 'unmatched_registered', parcelId: input.caseId, commandId: input.id ?? null });
    // The parcel command and the scan's log row in one transaction (the parcel then syncs to the warehouse).
    const result = await ctx.issue(input, { scanLog: logged ? [logged] : [] });
    if (!result.ok) {
      bench.show('error', 'scanStation.banner.registerRefused', { code: form.trackingNumber });
      return { ok: false, rejection: result.rejection };
    }
    lastRecorded.value = { caseNo: '', outcome: 'unmatched', shelf, sku: '', quantity: 0, at, trackingNumber: form.trackingNumber, commandId: null };
    ctx.reset();
    bench.show('success', 'scanStation.banner.registered', { code: form.trackingNumber, shelf });
    return { ok: true, commandIds: [result.commandId] };
  }

  return { busy, lastRecorded, accept, dispute, registerUnmatched };
}
