/** Storefront (buyer side) routes, driven over HTTP against the production rules. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../server/app';
import { createStaff, DEMO_PASSWORD } from '../../server/seed/staff';
import { upsertProduct } from '../../server/sync/catalog';
import { backends, startServer, type LoggedIn, type TestServer } from './support/harness';
import { pushOne } from './support/fixtures';
import { inspection, rules } from './support/domain-fixtures';
import { KETTLE, KETTLE_RED } from './support/orders';

interface StoreOrder {
  id: string;
  orderNo: string;
  state: string;
  buyerId: string;
  lines: { id: string; sku: string; quantity: number; unitPrice: number; discount: number; coins: number; paid: number }[];
  products: Record<string, { spu: string }>;
}
interface CaseAnswer {
  status: 'applied' | 'duplicate';
  commandId: string;
  case: { id: string; caseNo: string; status: string; version: number; quantity: number; returnTrackingNo: string | null; refund: { cash: number } | null };
}

describe.each(backends)('storefront on %s', (backend) => {
  let server: TestServer;
  let buyer: LoggedIn;
  let cs: LoggedIn;
  let wh: LoggedIn;
  let fin: LoggedIn;
  let admin: LoggedIn;

  beforeAll(async () => {
    // Order creation is a demo and test switch (off for `npm run server`).
    server = await startServer(backend, { rules, config: { orderCreation: true } });
    await server.db.transaction(async (tx) => {
      await upsertProduct(tx, { ...KETTLE, name: '电水壶 白色', gtin: '6901234567892' });
      await upsertProduct(tx, { ...KETTLE_RED, name: '电水壶 红色', gtin: '6901234567885' });
      await upsertProduct(tx, { sku: 'SKU-MUG', spu: 'SPU-MUG', name: '马克杯', unitPrice: 3000, sevenDayNoReason: true, virtual: false, weightGrams: 300, warrantyDays: 0, active: true });
      await createStaff(tx, { id: 'staff-buyer2', username: 'buyer2', displayName: '买家二', role: 'buyer', warehouseId: null }, DEMO_PASSWORD);
    });
    buyer = await server.login('buyer1');
    cs = await server.login('cs1');
    wh = await server.login('wh1');
    fin = await server.login('fin1');
    admin = await server.login('admin');
  });
  afterAll(async () => {
    await server?.close();
  });

  const createOrder = async (session: LoggedIn, json: unknown) => server.request<StoreOrder>('POST', '/store/orders', { token: session.token, json });
  const post = (path: string, json: unknown, session = buyer) => server.request<CaseAnswer & { code?: string; params?: Record<string, unknown> }>('POST', path, { token: session.token, json });

  it('creates an order with discounts and coins allocated and its products (with SPU siblings) attached', async () => {
    const res = await createOrder(buyer, { id: 'store-o1', lines: [{ sku: 'SKU-KETTLE', quantity: 2 }, { sku: 'SKU-MUG', quantity: 1 }], discount: 1000, coins: 300, buyerName: '张三', address: '上海市浦东新区张杨路1号' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ id: 'store-o1', state: 'completed', buyerId: 'staff-buyer1' });
    expect(res.body.orderNo).toMatch(/^\d{14}$|^[A-Z0-9]+$/);
    const lines = res.body.lines;
    expect(lines.reduce((s, l) => s + l.discount, 0)).toBe(1000);
    expect(lines.reduce((s, l) => s + l.coins, 0)).toBe(300);
    for (const l of lines) expect(l.paid).toBe(l.unitPrice * l.quantity - l.discount - l.coins);
    expect(Object.keys(res.body.products).sort()).toEqual(['SKU-KETTLE', 'SKU-KETTLE-RED', 'SKU-MUG']);
    // The same id again is the same order.
    expect((await createOrder(buyer, { id: 'store-o1', lines: [{ sku: 'SKU-MUG', quantity: 1 }] })).status).toBe(200);
    expect((await createOrder(buyer, { lines: [{ sku: 'NOPE', quantity: 1 }] })).body).toMatchObject({ code: 'store.unknown_sku' });
    expect((await createOrder(cs, { lines: [{ sku: 'SKU-MUG', quantity: 1 }] })).status).toBe(403);
  });

  it('plays a return: apply, modify, ship back; the buyer never sees awaiting_refund', async () => {
    const commandId = '0b9a5f5e-2a61-4b7e-9d3c-6a1f0f3c1a01';
    const applied = await post('/store/cases', { commandId, orderId: 'store-o1', lineId: 'store-o1-L1', caseType: 'return_refund', quantity: 2, reason: 'quality_issue', description: '加热后有异味' });
    expect(applied.status).toBe(200);
    expect(applied.body).toMatchObject({ status: 'applied', commandId, case: { status: 'awaiting_merchant_review', version: 1, quantity: 2 } });
    const caseId = applied.body.case.id;
    expect(applied.body.case.caseNo).toMatch(/^RMA\d{12}$/);
    // A retry of the same command is answered from the first time.
    const retry = await post('/store/cases', { commandId, orderId: 'store-o1', lineId: 'store-o1-L1', caseType: 'return_refund', quantity: 2, reason: 'quality_issue', description: '加热后有异味' });
    expect(retry.body).toMatchObject({ status: 'duplicate', case: { id: caseId, version: 1 } });

    expect((await post(`/store/cases/${caseId}/modify`, { quantity: 1 })).body).toMatchObject({ status: 'applied', case: { quantity: 1, version: 2 } });
    expect(await pushOne(server, cs, { type: 'cs.approve', caseId, baseVersion: 2, payload: {} })).toMatchObject({ status: 'applied' });
    const mine = await server.request<{ status: string; returnAddress: unknown }>('GET', `/store/cases/${caseId}`, { token: buyer.token });
    expect(mine.body).toMatchObject({ status: 'awaiting_your_shipment', returnAddress: { warehouseId: 'WH-SH' } });

    const shipped = await post(`/store/cases/${caseId}/ship-back`, { carrier: '顺丰速运', trackingNumber: 'SF1234567890123' });
    expect(shipped.body).toMatchObject({ status: 'applied', case: { status: 'awaiting_merchant_receipt', returnTrackingNo: 'SF1234567890123' } });
    expect(await pushOne(server, wh, { type: 'warehouse.receive', caseId, baseVersion: 4, payload: { inspection: inspection() } })).toMatchObject({ status: 'applied' });
    const waiting = await server.request<{ status: string; refund: unknown }>('GET', `/store/cases/${caseId}`, { token: buyer.token });
    expect(waiting.body).toMatchObject({ status: 'awaiting_merchant_receipt', refund: null });
    const [row] = await server.db.query<{ state: string }>('SELECT state FROM cases WHERE id = $1', [caseId]);
    expect(row?.state).toBe('awaiting_refund');
    await pushOne(server, fin, { type: 'finance.approve_refund', caseId, baseVersion: 5, payload: {} });
    const done = await server.request<{ status: string; refund: { cash: number } }>('GET', `/store/cases/${caseId}`, { token: buyer.token });
    expect(done.body.status).toBe('succeeded');
    expect(done.body.refund.cash).toBeGreaterThan(0);
  });

  it('withdraws, answers rule refusals with their codes, and hides other buyers’ cases', async () => {
    const applied = await post('/store/cases', { orderId: 'store-o1', lineId: 'store-o1-L2', caseType: 'return_refund', quantity: 1, reason: 'size_or_fit' });
    const caseId = applied.body.case.id;
    expect((await post(`/store/cases/${caseId}/withdraw`, {})).body).toMatchObject({ status: 'applied', case: { status: 'closed' } });
    const refused = await post('/store/cases', { orderId: 'store-o1', lineId: 'store-o1-L2', caseType: 'return_refund', quantity: 5, reason: 'size_or_fit' });
    expect(refused.status).toBe(422);
    expect(refused.body.code).toEqual(expect.any(String));
    expect(refused.body.code).not.toMatch(/^http\./);

    const other = await server.login('buyer2');
    expect((await server.request('GET', `/store/cases/${caseId}`, { token: other.token })).status).toBe(404);
    expect((await post(`/store/cases/${caseId}/withdraw`, {}, other)).status).toBe(404);
    const foreign = await post('/store/cases', { orderId: 'store-o1', lineId: 'store-o1-L2', caseType: 'return_refund', quantity: 1, reason: 'size_or_fit' }, other);
    expect(foreign.status).toBe(422);
    expect(foreign.body.code).toBe('not_case_owner');
    expect((await post('/store/cases', { orderId: 'store-o1' })).status).toBe(400);
    expect((await post('/store/cases', { orderId: 'store-o1', lineId: 'store-o1-L2', caseType: 'return_refund', quantity: 1, reason: 'size_or_fit' }, cs)).status).toBe(403);
    const list = await server.request<{ cases: { id: string }[] }>('GET', '/store/cases', { token: buyer.token });
    expect(list.body.cases.map((c) => c.id)).toContain(caseId);
  });

  it('confirms receipt of an exchange', async () => {
    const order = await createOrder(buyer, { lines: [{ sku: 'SKU-KETTLE', quantity: 1 }] });
    const orderId = order.body.id;
    const applied = await post('/store/cases', { orderId, lineId: `${orderId}-L1`, caseType: 'exchange', quantity: 1, reason: 'quality_issue', exchangeSku: 'SKU-KETTLE-RED' });
    const caseId = applied.body.case.id;
    await pushOne(server, cs, { type: 'cs.approve', caseId, baseVersion: 1, payload: {} });
    await post(`/store/cases/${caseId}/ship-back`, { carrier: '中通快递', trackingNumber: '78123456789012' });
    await pushOne(server, wh, { type: 'warehouse.receive', caseId, baseVersion: 3, payload: { inspection: inspection() } });
    const out = await pushOne(server, wh, { type: 'warehouse.ship_exchange', caseId, baseVersion: 4, payload: { carrier: 'SF', trackingNumber: 'SF9876543210987' } });
    expect(out).toMatchObject({ status: 'applied' });
    expect((await server.request<{ status: string }>('GET', `/store/cases/${caseId}`, { token: buyer.token })).body.status).toBe('awaiting_your_confirmation');
    expect((await post(`/store/cases/${caseId}/confirm-receipt`, {})).body).toMatchObject({ status: 'applied', case: { status: 'succeeded' } });
  });

  it('creates no orders unless the server runs with order creation on (the default is off)', async () => {
    // A second API on the same database, with the default settings.
    const plain = await buildServer({ db: server.db, rules, logger: false });
    try {
      const call = (method: 'GET' | 'POST', url: string, token: string, payload?: unknown) =>
        plain.inject({ method, url, headers: { authorization: `Bearer ${token}` }, ...(payload !== undefined ? { payload: payload as Record<string, unknown> } : {}) });
      for (const session of [buyer, admin]) {
        const res = await call('POST', '/store/orders', session.token, { id: 'minted', lines: [{ sku: 'SKU-MUG', quantity: 1 }], buyerId: 'staff-buyer1' });
        expect([res.statusCode, res.json<{ code: string }>().code]).toEqual([403, 'store.order_creation_disabled']);
      }
      expect(await server.db.query("SELECT id FROM orders WHERE id = 'minted'")).toEqual([]);
      // The buyer's case endpoints stay.
      expect((await call('GET', '/store/cases', buyer.token)).statusCode).toBe(200);
    } finally {
      await plain.close();
    }
  });

  it('publishes the storefront in the OpenAPI document', async () => {
    const doc = await server.request<{ paths: Record<string, unknown> }>('GET', '/openapi.json');
    for (const path of ['/store/orders', '/store/cases', '/store/cases/{id}/modify', '/store/cases/{id}/withdraw', '/store/cases/{id}/ship-back', '/store/cases/{id}/confirm-receipt']) {
      expect(doc.body.paths).toHaveProperty([path]);
    }
  });
});
