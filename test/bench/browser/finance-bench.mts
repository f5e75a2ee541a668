/**
 * The finance benchmark page: the desk's real store (Dexie on Chromium's IndexedDB, strict
 * durability) filled with cases awaiting refund, then the workspace's batch approval and bare
 * dispatches timed in the page. Cases are folded by the rule book from an application, an
 * approval, a return shipment and a receipt, as a pull would have stored them.
 */
import Dexie from 'dexie';
import { DEFAULT_POLICY, type Actor, type AfterSalesCase } from '../../../shared/domain';
import { openDeskDb, type DeskDb } from '../../../renderer/src/db/schema';
import { dispatch, dispatchAll } from '../../../renderer/src/sync/dispatch';
import { recomputeView } from '../../../renderer/src/sync/local';
import { orderRowFromChange } from '../../../renderer/src/sync/wire-rows';
import { approveRefunds } from '../../../renderer/src/views/finance/batch';
import { loadRefundQueue } from '../../../renderer/src/views/finance/financeQuery';
import { inspection as buildInspection } from '../../shared/domain/inspection';
import type { FinanceBenchPage, FinanceBenchRun } from './finance-protocol';
import { APPROVE_STEP, SHIP_BACK_STEP, applyStep, foldCase, wireOrder as anOrder } from './seed-store.mts';

const NOW = '2026-03-01T10:00:00.000Z';
const clock = (): Date => new Date(NOW);
const SKU = 'SKU-KETTLE';
const WAREHOUSE: Actor = { id: 'staff-wh1', role: 'warehouse', warehouseId: 'WH-SH' };
const FINANCE: Actor = { id: 'staff-fin1', role: 'finance' };

const wireOrder = (id: string): Record<string, unknown> => anOrder({ id, orderNo: `NO-${id}`, sku: SKU, phone: '****8000', paidMs: Date.parse('2026-02-18T10:00:00Z') });

function awaitingRefund(caseId: string, orderId: string): AfterSalesCase {
  const inspection = buildInspection({ sku: SKU, weightGrams: 1200, disposition: { kind: 'scrap' } });
  return foldCase(
    wireOrder(orderId),
    [
      applyStep(orderId),
      APPROVE_STEP,
      { ...SHIP_BACK_STEP, payload: { carrier: 'SF', trackingNumber: `SF${caseId.padStart(10, '0')}`, invoiceReturned: false } },
      { type: 'warehouse.receive', actor: WAREHOUSE, payload: { inspection } },
    ],
    Date.parse(NOW),
    caseId,
  );
}

let db: DeskDb | null = null;
let name = '';

function store(): DeskDb {
  if (!db) throw new Error('seed first');
  return db;
}

async function nextCases(count: number) {
  const rows = await loadRefundQueue(store());
  if (rows.length < count) throw new Error(`only ${rows.length} cases left awaiting refund`);
  return rows.slice(0, count).map((r) => ({ id: r.view.id, caseNo: r.view.caseNo, version: r.view.version }));
}

const page: FinanceBenchPage = {
  async seed(cases) {
    if (db) await page.cleanup();
    name = `finance-bench-${Date.now()}`;
    db = await openDeskDb(name);
    const start = performance.now();
    const template = awaitingRefund('T', 'OT');
    const PAGE = 500;
    for (let from = 1; from <= cases; from += PAGE) {
      const ids = Array.from({ length: Math.min(PAGE, cases - from + 1) }, (_, i) => from + i);
      await db.transaction('rw', [db.cases, db.orders, db.caseView, db.overlay, db.outbox, db.conflicts, db.meta], async () => {
        const d = store();
        await d.orders.bulkPut(ids.map((i) => orderRowFromChange({ seq: i, kind: 'order', id: `O${i}`, deleted: false, version: null, caseNo: null, data: wireOrder(`O${i}`) })));
        await d.cases.bulkPut(
          ids.map((i) => {
            const data: AfterSalesCase = { ...template, id: `R${i}`, orderId: `O${i}`, lineId: `O${i}-L1` };
            return { id: data.id, caseNo: `RMA${String(i).padStart(12, '0')}`, version: data.version, state: data.state, changeSeq: i, data };
          }),
        );
        for (const i of ids) await recomputeView(d, `R${i}`, DEFAULT_POLICY);
      });
    }
    return { seconds: (performance.now() - start) / 1000, cases };
  },

  async batch(count) {
    const d = store();
    const cases = await nextCases(count);
    const latencies: number[] = [];
    let last = performance.now();
    let reported = 0;
    const start = last;
    const outcome = await approveRefunds((input) => dispatch(d, input, { actor: FINANCE, clock }), cases, {
      issueAll: (inputs) => dispatchAll(d, inputs, { actor: FINANCE, clock }),
      onProgress: ({ done }) => {
        const now = performance.now();
        const n = done - reported;
        for (let i = 0; i < n; i++) latencies.push((now - last) / n);
        reported = done;
        last = now;
      },
    });
    const seconds = (performance.now() - start) / 1000;
    return { commands: outcome.applied.length, seconds, latencies, refused: outcome.failed.length, firstRefusal: outcome.failed[0]?.code ?? null } satisfies FinanceBenchRun;
  },

  async bare(count) {
    const d = store();
    const cases = await nextCases(count);
    const latencies: number[] = [];
    let refused = 0;
    let firstRefusal: string | null = null;
    const start = performance.now();
    for (const c of cases) {
      const t0 = performance.now();
      const result = await dispatch(d, { type: 'finance.approve_refund', caseId: c.id, payload: { reference: '' }, baseVersion: c.version }, { actor: FINANCE, clock });
      latencies.push(performance.now() - t0);
      if (!result.ok) {
        refused += 1;
        firstRefusal ??= result.rejection.code;
      }
    }
    return { commands: cases.length - refused, seconds: (performance.now() - start) / 1000, latencies, refused, firstRefusal };
  },

  async cleanup() {
    db?.close();
    db = null;
    if (name) await Dexie.delete(name);
  },
};

(globalThis as unknown as { financeBench: FinanceBenchPage }).financeBench = page;
const status = document.getElementById('status');
if (status) status.textContent = 'ready';
