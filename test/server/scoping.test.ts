/**
 * Who sees what: the pull feed per role and warehouse, buyer personal data per role, a case that
 * moves between warehouses, and photo downloads per role.
 */
import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaff, DEMO_PASSWORD } from '../../server/seed/staff';
import { upsertProduct } from '../../server/sync/catalog';
import { upsertOrder } from '../../server/sync/changes';
import { PullResponseSchema, type Change } from '../../shared/sync';
import { ACTORS, RETURN_ADDRESS, applyOk } from './support/domain-fixtures';
import { KETTLE, kettleOrder } from './support/orders';
import { backends, startServer, type LoggedIn, type TestServer } from './support/harness';
import { jpeg } from './support/images';

const GZ_ADDRESS = { warehouseId: 'WH-GZ', name: '广州退货仓', phone: '020-55550000', address: '广州市白云区退货路 2 号' };
const BUYER = { name: '张三丰', phone: '+86 138-0013-8000', address: '上海市浦东新区张杨路 1 号 5 楼' };

/** A workstation's store as the pull feed leaves it: tombstones remove, documents replace. */
class Replica {
  readonly cases = new Map<string, Change>();
  readonly orders = new Map<string, Change>();
  cursor = 0;

  apply(changes: readonly Change[]): void {
    for (const c of changes) {
      const table = c.kind === 'case' ? this.cases : this.orders;
      if (c.deleted) table.delete(c.id);
      else table.set(c.id, c);
    }
  }
}

describe.each(backends)('pull scopes and photo access on %s', (backend) => {
  let server: TestServer;
  let sessions: Record<'cs' | 'fin' | 'admin' | 'wh1' | 'wh2' | 'buyer1' | 'buyer2', LoggedIn>;
  const now = new Date();
  const at = (minutes: number) => new Date(now.getTime() + minutes * 60_000);
  let orderGz: string;
  let orderSh: string;
  let orderPending: string;
  let caseGz: string;
  let caseSh: string;
  let casePending: string;
  let evidence: Uint8Array;

  /** An order received yesterday, or one only shipped so far (not signed for, not confirmed). */
  async function createOrder(label: string, shippedOnly = false): Promise<string> {
    const id = `order-${label}-${randomUUID().slice(0, 6)}`;
    const notReceived = shippedOnly ? { state: 'shipped', signedAt: null, confirmedAt: null } : {};
    const order = kettleOrder(id, new Date(now.getTime() - 86_400_000), {
      buyerName: BUYER.name,
      buyerPhone: BUYER.phone,
      address: BUYER.address,
      line: { discount: 0, coins: 0, paid: 10000 },
      ...notReceived,
    });
    await server.db.transaction((tx) => upsertOrder(tx, order));
    return id;
  }

  const applyFor = (orderId: string, extra: Record<string, unknown> = {}) => ({ orderId, lineId: `${orderId}-L1`, caseType: 'return_refund', quantity: 1, reason: 'quality_issue', ...extra });

  async function pullAll(session: LoggedIn, replica: Replica, limit = 3): Promise<Change[]> {
    const seen: Change[] = [];
    for (;;) {
      const res = await server.request<unknown>('GET', `/sync/pull?since=${replica.cursor}&limit=${limit}`, { token: session.token });
      expect(res.status).toBe(200);
      const page = PullResponseSchema.parse(res.body);
      // Unique change numbers within a feed: a page boundary never splits one number.
      for (const c of page.changes) expect(seen.some((s) => s.seq === c.seq)).toBe(false);
      seen.push(...page.changes);
      replica.apply(page.changes);
      replica.cursor = page.nextCursor;
      if (!page.hasMore) return seen;
    }
  }

  const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

  beforeAll(async () => {
    server = await startServer(backend);
    await server.db.transaction(async (tx) => {
      await upsertProduct(tx, { ...KETTLE, name: '电水壶', gtin: '6901234567892' });
      await createStaff(tx, { id: 'staff-buyer2', username: 'buyer2', displayName: '买家二', role: 'buyer', warehouseId: null }, DEMO_PASSWORD);
    });
    const names = ['cs1', 'fin1', 'admin', 'wh1', 'wh2', 'buyer1', 'buyer2'] as const;
    const logged = await Promise.all(names.map((n) => server.login(n)));
    sessions = { cs: logged[0]!, fin: logged[1]!, admin: logged[2]!, wh1: logged[3]!, wh2: logged[4]!, buyer1: logged[5]!, buyer2: logged[6]! };

    evidence = jpeg(400, 9);
    expect((await server.request('PUT', `/attachments/${sha(evidence)}`, { token: sessions.buyer1.token, body: evidence, headers: { 'content-type': 'image/jpeg' } })).status).toBe(201);

    orderGz = await createOrder('gz');
    orderSh = await createOrder('sh');
    orderPending = await createOrder('pending');
    caseGz = `case-gz-${randomUUID().slice(0, 6)}`;
    caseSh = `case-sh-${randomUUID().slice(0, 6)}`;
    casePending = `case-pending-${randomUUID().slice(0, 6)}`;
    await applyOk(server.db, ACTORS.buyer, caseGz, 'buyer.apply', 0, applyFor(orderGz, { evidence: [sha(evidence)] }), at(0));
    await applyOk(server.db, ACTORS.cs, caseGz, 'cs.approve', 1, { returnAddress: GZ_ADDRESS }, at(1));
    await applyOk(server.db, ACTORS.buyer, caseSh, 'buyer.apply', 0, applyFor(orderSh), at(0));
    await applyOk(server.db, ACTORS.cs, caseSh, 'cs.approve', 1, { returnAddress: RETURN_ADDRESS }, at(1));
    await applyOk(server.db, ACTORS.buyer, casePending, 'buyer.apply', 0, applyFor(orderPending), at(0));
  });
  afterAll(async () => {
    await server?.close();
  });

  it('gives a warehouse only the cases addressed to it and their orders, with the buyer reduced to initial and phone tail', async () => {
    const gz = new Replica();
    const changes = await pullAll(sessions.wh2, gz);
    expect([...gz.cases.keys()]).toEqual([caseGz]);
    expect([...gz.orders.keys()]).toEqual([orderGz]);
    expect(changes.some((c) => [caseSh, casePending, orderSh, orderPending].includes(c.id))).toBe(false);

    const order = gz.orders.get(orderGz)?.data as Record<string, unknown>;
    expect(order).toMatchObject({ buyerName: '张*', buyerPhone: '****8000', address: null, buyerId: 'staff-buyer1', lines: [{ sku: 'SKU-KETTLE', paid: 10000 }] });
    // Nothing of the full name, number or address anywhere in the feed.
    const text = JSON.stringify(changes);
    for (const secret of [BUYER.name, '13800138000', '138-0013', BUYER.address, '张杨路']) expect(text).not.toContain(secret);
    // The scan station's phone-tail lookup reads the last four digits of what it is given.
    expect(String(order.buyerPhone).replace(/\D/g, '').slice(-4)).toBe('8000');

    const sh = new Replica();
    await pullAll(sessions.wh1, sh);
    expect([...sh.cases.keys()]).toEqual([caseSh]);
    expect([...sh.orders.keys()]).toEqual([orderSh]);

    // Every page names the scope it was read for (a desk another person signs in on starts over).
    const labels = async (session: LoggedIn) => ((await server.request<{ scope: string }>('GET', '/sync/pull?since=0&limit=1', { token: session.token })).body.scope);
    expect([await labels(sessions.wh2), await labels(sessions.wh1), await labels(sessions.cs), await labels(sessions.fin)]).toEqual(['warehouse:WH-GZ', 'warehouse:WH-SH', 'all', 'all:reduced']);

    // The first page tells the warehouse how much of its own feed remains.
    const first = await server.request<{ changes: Change[]; remaining: number }>('GET', '/sync/pull?since=0&limit=1', { token: sessions.wh2.token });
    expect(first.body.changes.length + first.body.remaining).toBe(changes.length);
  });

  it('gives a warehouse account without a warehouse nothing', async () => {
    await createStaff(server.db, { id: 'staff-wh9', username: 'wh9', displayName: '仓库 无仓', role: 'warehouse', warehouseId: null }, DEMO_PASSWORD);
    const nowhere = await server.login('wh9');
    const res = await server.request<{ changes: Change[]; hasMore: boolean; scope: string }>('GET', '/sync/pull?since=0&limit=1000', { token: nowhere.token });
    expect([res.status, res.body.changes, res.body.hasMore, res.body.scope]).toEqual([200, [], false, 'none']);
    expect((await server.request('GET', `/attachments/${sha(evidence)}`, { token: nowhere.token })).status).toBe(404);
  });

  it('gives customer service and admin everything, finance every case without the buyer’s contact data', async () => {
    for (const who of ['cs', 'admin'] as const) {
      const all = new Replica();
      await pullAll(sessions[who], all, 1000);
      for (const id of [caseGz, caseSh, casePending]) expect(all.cases.has(id)).toBe(true);
      expect(all.orders.get(orderSh)?.data).toMatchObject({ buyerName: BUYER.name, buyerPhone: BUYER.phone, address: BUYER.address });
    }
    const fin = new Replica();
    await pullAll(sessions.fin, fin, 1000);
    for (const id of [caseGz, caseSh, casePending]) expect(fin.cases.has(id)).toBe(true);
    expect(fin.orders.get(orderSh)?.data).toMatchObject({ buyerName: '张*', buyerPhone: '****8000', address: null });
    // Case documents are whole for every staff role (refund amounts, inspection, evidence).
    expect((fin.cases.get(caseGz)?.data as { evidence: string[] }).evidence).toEqual([sha(evidence)]);
  });

  it('moves a case between warehouses: a tombstone for the old one, the case and its order for the new one', async () => {
    const sh = new Replica();
    const gz = new Replica();
    await pullAll(sessions.wh1, sh);
    await pullAll(sessions.wh2, gz);
    expect(sh.cases.has(caseSh)).toBe(true);

    // Goods shipped to Shanghai, Shanghai sends the case back to CS, CS re-routes it to Guangzhou.
    await applyOk(server.db, ACTORS.buyer, caseSh, 'buyer.ship_back', 2, { carrier: 'SF', trackingNumber: 'SF1234567890' }, at(2));
    await applyOk(server.db, ACTORS.wh, caseSh, 'warehouse.reject', 3, { reason: '本仓不收此类商品' }, at(3));
    await applyOk(server.db, ACTORS.cs, caseSh, 'cs.approve', 4, { returnAddress: GZ_ADDRESS }, at(4));

    const toShanghai = await pullAll(sessions.wh1, sh);
    expect(toShanghai.filter((c) => c.id === caseSh || c.id === orderSh).map((c) => [c.kind, c.id, c.deleted, c.data])).toEqual(
      expect.arrayContaining([
        ['case', caseSh, true, null],
        ['order', orderSh, true, null],
      ]),
    );
    expect(sh.cases.size + sh.orders.size).toBe(0);

    const toGuangzhou = await pullAll(sessions.wh2, gz);
    expect(toGuangzhou.map((c) => c.id)).toEqual(expect.arrayContaining([caseSh, orderSh]));
    expect((gz.cases.get(caseSh)?.data as { state: string; returnAddress: { warehouseId: string } }).returnAddress.warehouseId).toBe('WH-GZ');
    expect(gz.orders.get(orderSh)?.data).toMatchObject({ buyerPhone: '****8000' });
    expect(new Set(gz.cases.keys())).toEqual(new Set([caseGz, caseSh]));

    // A fresh Shanghai workstation never sees the case at all; a fresh Guangzhou one has both.
    const freshSh = new Replica();
    await pullAll(sessions.wh1, freshSh);
    expect(freshSh.cases.size + freshSh.orders.size).toBe(0);
    const freshGz = new Replica();
    await pullAll(sessions.wh2, freshGz);
    expect(new Set(freshGz.cases.keys())).toEqual(new Set([caseGz, caseSh]));
    expect(new Set(freshGz.orders.keys())).toEqual(new Set([orderGz, orderSh]));
  });

  it('brings a reship (nothing comes back; any warehouse may ship it) and its order to every warehouse once it is one', async () => {
    const sh = new Replica();
    const gz = new Replica();
    await pullAll(sessions.wh1, sh);
    await pullAll(sessions.wh2, gz);
    const lostOrder = await createOrder('lost', true);
    const lostCase = `case-lost-${randomUUID().slice(0, 6)}`;
    await applyOk(server.db, ACTORS.buyer, lostCase, 'buyer.apply', 0, applyFor(lostOrder, { caseType: 'refund_only', reason: 'parcel_lost' }), at(5));
    // A refund-only application is no warehouse's business…
    for (const [session, replica] of [[sessions.wh1, sh], [sessions.wh2, gz]] as const) {
      const changes = await pullAll(session, replica);
      expect(changes.some((c) => c.id === lostCase || c.id === lostOrder)).toBe(false);
    }
    // …until CS turns it into a reship: then both warehouses get the case and its order.
    await applyOk(server.db, ACTORS.cs, lostCase, 'cs.create_reship', 1, { cause: 'lost_parcel' }, at(6));
    for (const [session, replica] of [[sessions.wh1, sh], [sessions.wh2, gz]] as const) {
      await pullAll(session, replica);
      expect(replica.cases.get(lostCase)?.data).toMatchObject({ type: 'reship', state: 'awaiting_exchange_shipment' });
      expect(replica.orders.get(lostOrder)?.data).toMatchObject({ buyerName: '张*', buyerPhone: '****8000', address: null });
    }
  });

  it('lets only those who may see a case download its photos', async () => {
    const get = (session: LoggedIn, hash: string) => server.request<{ code?: string }>('GET', `/attachments/${hash}`, { token: session.token });
    const photo = sha(evidence);
    for (const who of ['buyer1', 'wh2', 'cs', 'admin', 'fin'] as const) expect([who, (await get(sessions[who], photo)).status]).toEqual([who, 200]);
    for (const who of ['buyer2', 'wh1'] as const) {
      const res = await get(sessions[who], photo);
      // Not revealed: the same answer as for a photo that does not exist.
      expect([who, res.status, res.body.code]).toEqual([who, 404, 'attachment.not_found']);
    }
    // A photo no case shows yet: only whoever uploaded it.
    const draft = jpeg(300, 4);
    expect((await server.request('PUT', `/attachments/${sha(draft)}`, { token: sessions.wh1.token, body: draft, headers: { 'content-type': 'image/jpeg' } })).status).toBe(201);
    expect((await get(sessions.wh1, sha(draft))).status).toBe(200);
    for (const who of ['wh2', 'cs', 'buyer1'] as const) expect([who, (await get(sessions[who], sha(draft))).status]).toEqual([who, 404]);
  });
});
