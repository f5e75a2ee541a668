import { describe, expect, it, vi } from 'vitest';
import { classifyBarcode, createSeededRng, generateEan13, generateTrackingNumber } from '../../../../shared/barcode';
import type { CommandType } from '../../../../shared/domain';
import type { CaseViewRow, Rejection } from '../../../../renderer/src/db/types';
import { createBench } from '../../../../renderer/src/views/scan/bench';
import type { BenchRules, Check } from '../../../../renderer/src/views/scan/rules';
import { SKU } from '../../sync/fixtures';
import { awaitingReceipt } from './support';

/** The bench as a state machine, fed plain rows and rules (no store): phases, banners, counts. */

const rng = createSeededRng(31);
const TRACKING = generateTrackingNumber('SF', rng);
const OTHER = generateTrackingNumber('YTO', rng);
const FOREIGN_GTIN = generateEan13('690', rng);

function view(caseId: string, orderId: string, tracking = TRACKING): CaseViewRow {
  const data = awaitingReceipt(caseId, orderId, tracking);
  return { id: caseId, caseNo: `RMA-${caseId}`, orderId, orderNo: `NO-${orderId}`, sku: data.sku, state: data.state, returnTrackingNo: tracking, buyerPhoneTail: '8000', queue: 'warehouse', dueAt: '', version: data.version, serverVersion: data.version, pending: 0, pendingCount: 0, data };
}

const RECEIVE: CommandType[] = ['warehouse.receive', 'warehouse.raise_dispute'];

/** Rules for `views`: each receivable unless a refusal is given for it. */
function rules(views: readonly CaseViewRow[], refused: Record<string, Rejection> = {}): BenchRules {
  const check = (id: string): Check => (refused[id] ? { ok: false, rejection: refused[id] } : { ok: true });
  return {
    byCase: new Map(views.map((v) => [v.id, { available: refused[v.id] ? [] : RECEIVE, receive: check(v.id) }])),
    orders: new Map(views.map((v) => [v.orderId, undefined])),
  };
}

describe('scan station bench', () => {
  it('opens a case for inspection with the banner its rules give, one parcel per opening', () => {
    const bench = createBench();
    const c1 = view('C1', 'O1');
    bench.open([c1], rules([c1]));
    expect(bench.phase.value).toBe('inspect');
    expect(bench.banner.value).toEqual({ tone: 'success', key: 'scanStation.banner.found', params: { caseNo: 'RMA-C1', count: 1 } });
    expect(bench.draft.value.expected).toEqual([{ caseId: 'C1', sku: SKU, quantity: 1 }]);
    expect([bench.receivable.value, bench.disputable.value, bench.benchNo.value]).toEqual([true, true, 1]);

    bench.open([c1], rules([c1], { C1: { code: 'wrong_warehouse', params: { expected: 'WH-SH' } } }));
    expect(bench.banner.value).toMatchObject({ tone: 'warning', key: 'scanStation.banner.wrongWarehouse', params: { warehouse: 'WH-SH' } });
    expect([bench.receivable.value, bench.disputable.value, bench.benchNo.value]).toEqual([false, false, 2]);
    bench.open([c1], rules([c1], { C1: { code: 'invalid_state', params: {} } }));
    expect(bench.banner.value).toMatchObject({ key: 'scanStation.banner.notReceivable', params: { state: 'awaiting_receipt' } });
    bench.open([c1], rules([c1], { C1: { code: 'sync.context_unavailable', params: {} } }));
    expect(bench.banner.value).toMatchObject({ key: 'scanStation.banner.cannotReceive', params: { reason: 'sync.context_unavailable' } });
  });

  it('offers several matches with how many may be received here, and puts only receivable ones on the bench together', () => {
    const bench = createBench();
    const [c2, c3] = [view('C2', 'O2', OTHER), view('C3', 'O3', OTHER)];
    const found = rules([c2, c3], { C3: { code: 'wrong_warehouse', params: { expected: 'WH-BJ' } } });
    bench.offer([c2, c3], found);
    expect(bench.phase.value).toBe('pick');
    expect(bench.banner.value).toMatchObject({ key: 'scanStation.banner.several', params: { count: 2, receivable: 1 } });
    expect(bench.mayPickTogether([c2, c3])).toBe(false);
    expect(bench.banner.value.key).toBe('scanStation.banner.togetherOnlyReceivable');
    expect(bench.mayPickTogether([c3])).toBe(true);
  });

  it('counts items against the claim: a good count, one too many, and a wrong item named by the catalogue once', async () => {
    const bench = createBench();
    const c1 = view('C1', 'O1');
    bench.open([c1], rules([c1]));
    const catalogue = vi.fn(async (code: string) => (code === FOREIGN_GTIN ? '保温杯 500ml' : null));

    expect(bench.skuOnBench(SKU.toLowerCase(), classifyBarcode(SKU.toLowerCase()))).toBe(SKU);
    expect(await bench.countItem(SKU, catalogue)).toBe(true);
    expect(bench.banner.value).toMatchObject({ tone: 'success', key: 'scanStation.banner.counted', params: { sku: SKU, count: 1 } });
    expect(await bench.countItem(SKU, catalogue)).toBe(false);
    expect(bench.banner.value).toMatchObject({ tone: 'error', key: 'scanStation.banner.countedExtra', params: { count: 2, expected: 1 } });

    // A product barcode the order does not list is a wrong item, counted and flagged.
    const foreign = bench.skuOnBench(FOREIGN_GTIN, classifyBarcode(FOREIGN_GTIN));
    expect(foreign).toBe(FOREIGN_GTIN);
    expect(await bench.countItem(foreign!, catalogue)).toBe(false);
    expect(await bench.countItem(foreign!, catalogue)).toBe(false);
    expect(bench.banner.value).toMatchObject({ key: 'scanStation.banner.wrongSkuNamed', params: { name: '保温杯 500ml', count: 2 } });
    expect(catalogue).toHaveBeenCalledOnce();
    expect(await bench.countItem('UNKNOWN-1', catalogue)).toBe(false);
    expect(bench.banner.value).toMatchObject({ key: 'scanStation.banner.wrongSku', params: { sku: 'UNKNOWN-1', count: 1 } });
    expect(bench.blockers.value).toContain('wrong_sku');
    // A tracking number is no item of the parcel.
    expect(bench.skuOnBench(OTHER, classifyBarcode(OTHER))).toBeNull();
  });

  it('keeps an inspection under way when another parcel is scanned, but not the same parcel again', () => {
    const bench = createBench();
    const c1 = view('C1', 'O1');
    bench.open([c1], rules([c1]));
    bench.parcel.value = { trackingNumber: TRACKING, carrier: 'SF', parcelId: null, scannedAt: '2026-03-01T10:00:00.000Z' };
    // Nothing counted or answered yet: any scan may replace it.
    expect(bench.mayLeaveInspection({ by: 'tracking', value: OTHER }, OTHER)).toBe(true);
    bench.adjust(SKU, 1);
    expect(bench.touched.value).toBe(true);
    expect(bench.mayLeaveInspection({ by: 'tracking', value: TRACKING.toLowerCase() }, TRACKING)).toBe(true);
    expect(bench.mayLeaveInspection({ by: 'tracking', value: OTHER }, OTHER)).toBe(false);
    expect(bench.banner.value).toMatchObject({ tone: 'warning', key: 'scanStation.banner.finishFirst', params: { code: OTHER } });
    expect(bench.draft.value.counts[SKU]).toBe(1);
  });

  it('keeps a filled unmatched-parcel form until it is registered or put back', () => {
    const bench = createBench();
    bench.askToRegister(TRACKING, 'SF');
    expect(bench.phase.value).toBe('register');
    expect(bench.banner.value).toMatchObject({ key: 'scanStation.banner.unmatched', params: { code: TRACKING } });
    expect(bench.mayLeaveRegister(classifyBarcode(OTHER), OTHER)).toBe(true);
    // The same parcel again only repeats what to do.
    bench.show('info', 'scanStation.banner.ready');
    expect(bench.mayLeaveRegister(classifyBarcode(TRACKING), TRACKING)).toBe(false);
    expect(bench.banner.value.key).toBe('scanStation.banner.unmatched');
    bench.register.value.notes = '外箱破损';
    expect(bench.mayLeaveRegister(classifyBarcode(OTHER), OTHER)).toBe(false);
    expect(bench.banner.value).toMatchObject({ key: 'scanStation.banner.finishRegister', params: { tracking: TRACKING, code: OTHER } });
  });

  it('follows live answers: the newer case and its rules, the banner only when receiving became impossible', () => {
    const bench = createBench();
    const c1 = view('C1', 'O1');
    bench.open([c1], rules([c1]));
    bench.adjust(SKU, 1);
    bench.show('success', 'scanStation.banner.counted', { sku: SKU, count: 1 });
    // A newer row with the same receivability leaves the banner alone.
    const touched = { ...c1, pendingCount: 1 };
    bench.refresh({ views: [touched], rules: rules([touched]) });
    expect(bench.cases.value[0]).toBe(touched);
    expect(bench.banner.value.key).toBe('scanStation.banner.counted');
    // Received on another workstation.
    const received = { ...c1, version: c1.version + 1, state: 'awaiting_refund' };
    bench.refresh({ views: [received], rules: rules([received], { C1: { code: 'invalid_state', params: {} } }) });
    expect(bench.banner.value).toMatchObject({ key: 'scanStation.banner.notReceivable', params: { state: 'awaiting_refund' } });
    expect([bench.benchNo.value, bench.draft.value.counts[SKU]]).toEqual([1, 1]);
    // Once the bench is empty, a late answer changes nothing.
    bench.clear();
    bench.refresh({ views: [c1], rules: rules([c1]) });
    expect([bench.phase.value, bench.cases.value]).toEqual(['idle', []]);
  });

  it('asks for the grade to be confirmed anew when it changes', () => {
    const bench = createBench();
    const c1 = view('C1', 'O1');
    bench.open([c1], rules([c1]));
    bench.patchDraft({ gradeConfirmed: true });
    bench.setGrade('damaged');
    expect(bench.draft.value).toMatchObject({ condition: 'damaged', gradeConfirmed: false });
    expect(bench.draft.value.disposition).toBe('refurbish');
  });
});
