/**
 * The sync engine against the real central API over HTTP: first sync, offline commands,
 * conflicts in the inbox, 401 without losing the queue, photos before the commands that use them.
 */
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { dispatch } from '../../renderer/src/sync/dispatch';
import { discardConflict } from '../../renderer/src/sync/resolve';
import { storeAttachment } from '../../renderer/src/sync/attachments';
import { png } from '../server/support/images';
import { pendingCount } from '../../renderer/src/sync/outbox';
import type { EngineStatus } from '../../renderer/src/sync/engine';
import { upsertProduct } from '../../server/sync/catalog';
import {
  createOrder,
  inspection,
  maxChangeSeq,
  openClient,
  openReturnCase,
  PRODUCT,
  pushAs,
  RETURN_ADDRESS,
  serverCase,
  startCentralApi,
  type LoggedIn,
  type TestServer,
} from './support/world';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 120_000 });

let server: TestServer;
let buyer: LoggedIn;

beforeAll(async () => {
  server = await startCentralApi();
  buyer = await server.login('buyer1');
});
afterAll(async () => {
  await server.close();
});

// A well-formed PNG: the API checks the file structure, not only the signature.
const PNG = png(120);

describe('sync engine against the central API', () => {
  it('first sync downloads orders and cases page by page and reports progress', async () => {
    const orders = await Promise.all([0, 1, 2, 3, 4].map((i) => createOrder(server, undefined, `1390000${1000 + i}`)));
    const cases = await Promise.all(orders.map((o) => openReturnCase(server, buyer, o)));
    const client = await openClient(server.url, await server.login('cs1'), 'cs1');
    const engine = client.engine({ pullLimit: 3 });
    const progress: EngineStatus['firstSync'][] = [];
    engine.subscribe((s) => progress.push(s.firstSync));
    const outcome = await engine.syncOnce();
    expect(outcome.ok).toBe(true);
    expect(await client.db.caseView.count()).toBeGreaterThanOrEqual(5);
    for (const id of cases) expect((await client.db.caseView.get(id))?.state).toBe('pending_review');
    const done = progress.at(-1);
    expect(done?.done).toBe(true);
    expect(done?.pages).toBeGreaterThan(3);
    // Progress grew page by page while the download ran.
    const received = progress.flatMap((p) => (p && !p.done ? [p.received] : []));
    expect(received.length).toBeGreaterThan(3);
    expect([...received].sort((a, b) => a - b)).toEqual(received);
    // The feed's first page says how much the whole download holds: the bar is real from the start.
    const during = progress.flatMap((p) => (p && !p.done && p.received > 0 ? [p] : []));
    expect(during.every((p) => p.total === done?.received)).toBe(true);
    expect(done?.total).toBe(done?.received);
    // Lookups the desk needs: phone tail, CS queue ordered by due time.
    const byTail = await client.db.caseView.where('buyerPhoneTail').equals('1003').toArray();
    expect(byTail.map((v) => v.id)).toEqual([cases[3]]);
    const queue = await client.db.caseView.where('[queue+dueAt]').between(['cs', ''], ['cs', '\uffff']).toArray();
    expect(queue.map((v) => v.id)).toEqual(expect.arrayContaining(cases));
  });

  it('applies an offline approval once the server is reachable, then drops the overlay', async () => {
    const since = await maxChangeSeq(server);
    const caseId = await openReturnCase(server, buyer, await createOrder(server));
    const client = await openClient(server.url, await server.login('cs1'), 'cs1', since);
    expect((await client.engine().syncOnce()).ok).toBe(true);

    const result = await dispatch(client.db, { type: 'cs.approve', caseId, payload: { returnAddress: RETURN_ADDRESS } }, { actor: client.actor });
    expect(result.ok).toBe(true);
    const optimistic = await client.db.caseView.get(caseId);
    expect(optimistic).toMatchObject({ state: 'awaiting_buyer_shipment', pending: 1, serverVersion: 1, version: 2 });

    const engine = client.engine();
    expect(await engine.syncOnce()).toMatchObject({ ok: true, pushed: 1 });
    expect((await serverCase(server, caseId))?.state).toBe('awaiting_buyer_shipment');
    const outbox = await client.db.outbox.toArray();
    expect(outbox.map((r) => [r.status, r.ackedVersion])).toEqual([['acked', 2]]);
    expect(await client.db.overlay.count()).toBe(0);
    expect(await client.db.caseView.get(caseId)).toMatchObject({ state: 'awaiting_buyer_shipment', pending: 0, serverVersion: 2 });
  });

  it('puts a conflicting command in the inbox and holds only the later commands of that case', async () => {
    const since = await maxChangeSeq(server);
    const caseA = await openReturnCase(server, buyer, await createOrder(server));
    const caseB = await openReturnCase(server, buyer, await createOrder(server));
    const mine = await openClient(server.url, await server.login('cs1'), 'cs1', since);
    const theirs = await openClient(server.url, await server.login('admin'), 'admin', since);
    await mine.engine().syncOnce();
    await theirs.engine().syncOnce();

    // Both desks act on case A while apart; the other desk gets there first.
    expect(await dispatch(theirs.db, { type: 'cs.reject', caseId: caseA, payload: { reason: '照片不清晰' } }, { actor: theirs.actor })).toMatchObject({ ok: true });
    expect((await theirs.engine().syncOnce()).ok).toBe(true);
    expect((await dispatch(mine.db, { type: 'cs.approve', caseId: caseA, payload: { returnAddress: RETURN_ADDRESS } }, { actor: mine.actor })).ok).toBe(true);
    expect((await dispatch(mine.db, { type: 'cs.escalate', caseId: caseA, payload: { reason: '买家投诉' } }, { actor: mine.actor })).ok).toBe(true);
    expect((await dispatch(mine.db, { type: 'cs.approve', caseId: caseB, payload: { returnAddress: RETURN_ADDRESS } }, { actor: mine.actor })).ok).toBe(true);

    const engine = mine.engine();
    expect((await engine.syncOnce()).ok).toBe(true);
    const rows = await mine.db.outbox.orderBy('seq').toArray();
    expect(rows.map((r) => [r.caseId, r.type, r.status])).toEqual([
      [caseA, 'cs.approve', 'conflict'],
      [caseA, 'cs.escalate', 'pending'],
      [caseB, 'cs.approve', 'acked'],
    ]);
    const [conflict] = await mine.db.conflicts.toArray();
    expect(conflict).toMatchObject({ caseId: caseA, kind: 'conflict', open: 1, rejection: { code: 'invalid_state' } });
    expect(conflict?.serverCase?.state).toBe('rejected');
    // The desk shows the server's case (no silent last-writer-wins), with the held command marked.
    expect(await mine.db.caseView.get(caseA)).toMatchObject({ state: 'rejected', pending: 1 });
    expect((await mine.db.overlay.get(rows[1]?.id ?? ''))?.failing?.code).toBe('sync.blocked');
    expect((await serverCase(server, caseA))?.state).toBe('rejected');
    expect((await serverCase(server, caseB))?.state).toBe('awaiting_buyer_shipment');

    // Discarding the refused approval releases the escalation, which the server accepts.
    expect((await discardConflict(mine.db, conflict?.commandId ?? '')).ok).toBe(true);
    expect((await engine.syncOnce()).ok).toBe(true);
    expect((await mine.db.outbox.get(rows[1]?.id ?? ''))?.status).toBe('acked');
    const server_ = await serverCase(server, caseA);
    expect((server_?.data as { escalation: unknown }).escalation).not.toBeNull();
    expect(await mine.db.overlay.count()).toBe(0);
    expect((await mine.db.caseView.get(caseA))?.data).toEqual(server_?.data);
  });

  it('asks to sign in again on 401 and keeps the queue', async () => {
    const since = await maxChangeSeq(server);
    const caseId = await openReturnCase(server, buyer, await createOrder(server));
    const session = await server.login('cs1');
    const client = await openClient(server.url, session, 'cs1', since);
    await client.engine().syncOnce();
    await server.request('POST', '/auth/logout', { token: session.token });
    expect((await dispatch(client.db, { type: 'cs.approve', caseId, payload: { returnAddress: RETURN_ADDRESS } }, { actor: client.actor })).ok).toBe(true);
    const engine = client.engine();
    const outcome = await engine.syncOnce();
    expect(outcome.ok).toBe(false);
    expect(engine.status.connection).toBe('needs_sign_in');
    expect(await pendingCount(client.db)).toBe(1);

    const again = await server.login('cs1', session.deviceId);
    session.token = again.token;
    expect(await engine.syncOnce()).toMatchObject({ ok: true, pushed: 1 });
    expect(engine.status.connection).toBe('online');
    expect((await serverCase(server, caseId))?.state).toBe('awaiting_buyer_shipment');
  });

  it('uploads a photo before the receipt that references it', async () => {
    const since = await maxChangeSeq(server);
    const caseId = await openReturnCase(server, buyer, await createOrder(server));
    const cs = await server.login('cs1');
    expect((await pushAs(server, cs, { type: 'cs.approve', caseId, baseVersion: 1, payload: { returnAddress: RETURN_ADDRESS } })).status).toBe('applied');
    expect((await pushAs(server, buyer, { type: 'buyer.ship_back', caseId, baseVersion: 2, payload: { carrier: 'SF', trackingNumber: 'SF1234567890' } })).status).toBe('applied');
    const wh = await openClient(server.url, await server.login('wh1'), 'wh1', since);
    await wh.engine().syncOnce();
    // The scan station finds the case by the parcel's tracking number.
    expect((await wh.db.caseView.where('returnTrackingNo').equals('SF1234567890').first())?.id).toBe(caseId);

    const sha256 = await storeAttachment(wh.db, new Blob([new Uint8Array(PNG)], { type: 'image/png' }));
    const result = await dispatch(wh.db, { type: 'warehouse.receive', caseId, payload: { inspection: inspection([sha256]) } }, { actor: wh.actor });
    expect(result.ok).toBe(true);
    expect((await wh.db.outbox.toArray())[0]?.attachments).toEqual([sha256]);
    expect(await wh.engine().syncOnce()).toMatchObject({ ok: true, pushed: 1 });
    expect((await wh.db.attachments.get(sha256))?.uploaded).toBe(1);
    const photo = await fetch(`${server.url}/attachments/${sha256}`, { headers: { authorization: `Bearer ${wh.session.token}` } });
    expect(photo.status).toBe(200);
    expect(new Uint8Array(await photo.arrayBuffer())).toEqual(PNG);
    expect((await serverCase(server, caseId))?.state).toBe('awaiting_refund');
  });

  it('answers a refused command with the typed rejection and writes nothing', async () => {
    const since = await maxChangeSeq(server);
    const caseId = await openReturnCase(server, buyer, await createOrder(server));
    // Approved with the Shanghai return address: the case is now in the Shanghai warehouse's feed.
    await pushAs(server, await server.login('cs1'), { type: 'cs.approve', caseId, baseVersion: 1, payload: { returnAddress: RETURN_ADDRESS } });
    const wh = await openClient(server.url, await server.login('wh1'), 'wh1', since);
    expect((await wh.engine().syncOnce()).ok).toBe(true);
    const result = await dispatch(wh.db, { type: 'warehouse.receive', caseId, payload: { inspection: inspection() } }, { actor: wh.actor });
    expect(result).toEqual({ ok: false, rejection: { code: 'invalid_state', params: { state: 'awaiting_buyer_shipment', commandType: 'warehouse.receive' } } });
    const denied = await dispatch(wh.db, { type: 'cs.approve', caseId, payload: {} }, { actor: wh.actor });
    expect(denied.ok === false && denied.rejection.code).toBe('role_not_allowed');
    expect(await wh.db.outbox.count()).toBe(0);
    expect(await wh.db.overlay.count()).toBe(0);
  });

  it('stays usable during a long first sync: a command recorded between pages is kept and pushed', async () => {
    const cases: string[] = [];
    for (let i = 0; i < 24; i++) cases.push(await openReturnCase(server, buyer, await createOrder(server)));
    const client = await openClient(server.url, await server.login('cs1'), 'cs1');
    const engine = client.engine({ pullLimit: 10, yieldBetweenPages: () => new Promise((resolve) => setTimeout(resolve, 25)) });
    let recordedDuringSync: boolean | null = null;
    const unsubscribe = engine.subscribe((status) => {
      const progress = status.firstSync;
      if (recordedDuringSync !== null || !progress || progress.done || progress.pages < 2) return;
      recordedDuringSync = false;
      void (async () => {
        // The first pages are in: the desk works on a case while the download goes on.
        const target = (await client.db.caseView.filter((v) => v.state === 'pending_review' && v.data.escalation === null).first())?.id ?? '';
        const result = await dispatch(client.db, { type: 'cs.escalate', caseId: target, payload: { reason: '加急' } }, { actor: client.actor });
        recordedDuringSync = result.ok && engine.status.firstSync?.done === false;
      })();
    });
    expect((await engine.syncOnce()).ok).toBe(true);
    unsubscribe();
    expect(recordedDuringSync).toBe(true);
    expect(engine.status.firstSync?.pages).toBeGreaterThan(3);
    expect(await pendingCount(client.db)).toBe(1);
    expect(await engine.syncOnce()).toMatchObject({ ok: true, pushed: 1 });
    expect(await pendingCount(client.db)).toBe(0);
    for (const id of cases) expect(await client.db.caseView.get(id)).toBeDefined();
  });

  it('pulls a storefront order with its products’ GTINs, which the scan station looks barcodes up by', async () => {
    await server.db.transaction(async (tx) => {
      await upsertProduct(tx, { ...PRODUCT, sku: 'SKU-LAMP-W', spu: 'SPU-LAMP', name: '台灯 白色', gtin: '6901234567991' });
      await upsertProduct(tx, { ...PRODUCT, sku: 'SKU-LAMP-B', spu: 'SPU-LAMP', name: '台灯 黑色', gtin: '6901234567984' });
      await upsertProduct(tx, { ...PRODUCT, sku: 'SKU-LAMP-CARD', spu: 'SPU-LAMP-CARD', name: '台灯 延保卡', gtin: null });
    });
    const since = await maxChangeSeq(server);
    const created = await server.request<{ id: string; lines: { id: string; sku: string }[] }>('POST', '/store/orders', { token: buyer.token, json: { lines: [{ sku: 'SKU-LAMP-W', quantity: 1 }, { sku: 'SKU-LAMP-CARD', quantity: 1 }] } });
    expect(created.status).toBe(201);
    // A warehouse pulls the orders of the cases addressed to it: a return of the lamp to Shanghai.
    const lamp = created.body.lines.find((l) => l.sku === 'SKU-LAMP-W');
    const caseId = `case-lamp-${created.body.id}`;
    const applied = await pushAs(server, buyer, { type: 'buyer.apply', caseId, baseVersion: 0, payload: { orderId: created.body.id, lineId: lamp?.id, caseType: 'return_refund', quantity: 1, reason: 'quality_issue', description: '灯不亮' } });
    expect(applied.status).toBe('applied');
    await pushAs(server, await server.login('cs1'), { type: 'cs.approve', caseId, baseVersion: 1, payload: { returnAddress: RETURN_ADDRESS } });
    const client = await openClient(server.url, await server.login('wh1'), 'wh1', since);
    expect((await client.engine().syncOnce()).ok).toBe(true);
    const order = await client.db.orders.get(created.body.id);
    // The ordered SKUs and their SPU sibling (a possible exchange target) carry their barcodes.
    expect(order?.raw.products).toMatchObject({
      'SKU-LAMP-W': { name: '台灯 白色', gtin: '6901234567991' },
      'SKU-LAMP-B': { name: '台灯 黑色', gtin: '6901234567984' },
      'SKU-LAMP-CARD': { name: '台灯 延保卡', gtin: null },
    });
  });
});
