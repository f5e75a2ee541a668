/**
 * Warehouse workstations hold only the cases addressed to their warehouse. When customer service
 * re-routes a case to another warehouse, the feed's tombstones take the case and its order out of
 * the old warehouse's local store, and the new warehouse's store gets both.
 */
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AfterSalesCase } from '../../shared/domain';
import { dispatch } from '../../renderer/src/sync/dispatch';
import { caseVersion, openClient, pushAs, shippedBackCase, startCentralApi, syncOnce, type Client, type TestServer } from './support/world';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 120_000 });

const GZ_ADDRESS = { warehouseId: 'WH-GZ', name: '广州退货仓', phone: '020-55550000', address: '广州市白云区退货路 2 号' };

let server: TestServer;

beforeAll(async () => {
  server = await startCentralApi();
});
afterAll(async () => {
  await server.close();
});

/** Everything a workstation's store holds about a case and its order. */
async function held(client: Client, caseId: string, orderId: string): Promise<{ snapshot: boolean; view: boolean; order: boolean; byTracking: number }> {
  const db = client.db;
  return {
    snapshot: (await db.cases.get(caseId)) !== undefined,
    view: (await db.caseView.get(caseId)) !== undefined,
    order: (await db.orders.get(orderId)) !== undefined,
    byTracking: await db.caseView.where('returnTrackingNo').equals('SF1234567890').count(),
  };
}

describe('a case re-routed to another warehouse', () => {
  it('leaves the old warehouse’s store with its order and arrives in the new one’s', async () => {
    const { caseId, orderId, since, cs } = await shippedBackCase(server, { carrier: 'SF', trackingNumber: 'SF1234567890' });

    const shanghai = await openClient(server.url, await server.login('wh1'), 'wh1', since);
    const guangzhou = await openClient(server.url, await server.login('wh2'), 'wh2', since);
    await syncOnce(shanghai);
    await syncOnce(guangzhou);
    expect(await held(shanghai, caseId, orderId)).toEqual({ snapshot: true, view: true, order: true, byTracking: 1 });
    expect(await held(guangzhou, caseId, orderId)).toEqual({ snapshot: false, view: false, order: false, byTracking: 0 });

    // Shanghai does not take this kind of goods: it refuses the parcel from its desk, CS re-routes.
    const refused = await dispatch(shanghai.db, { type: 'warehouse.reject', caseId, payload: { reason: '本仓不收此类商品' } }, { actor: shanghai.actor });
    if (!refused.ok) throw new Error(refused.rejection.code);
    await syncOnce(shanghai);
    expect(await shanghai.db.outbox.get(refused.commandId)).toMatchObject({ status: 'acked' });
    await pushAs(server, cs, { type: 'cs.approve', caseId, baseVersion: await caseVersion(server, caseId), payload: { returnAddress: GZ_ADDRESS } });

    await syncOnce(shanghai);
    expect(await held(shanghai, caseId, orderId)).toEqual({ snapshot: false, view: false, order: false, byTracking: 0 });
    // Its own command stays in the outbox as the record of what this desk did.
    expect(await shanghai.db.outbox.get(refused.commandId)).toMatchObject({ status: 'acked' });

    await syncOnce(guangzhou);
    expect(await held(guangzhou, caseId, orderId)).toEqual({ snapshot: true, view: true, order: true, byTracking: 1 });
    const view = await guangzhou.db.caseView.get(caseId);
    // The order came after the case in Guangzhou's feed; the view shows it all the same.
    expect(view).toMatchObject({ orderNo: `NO-${orderId}`, buyerPhoneTail: '8000', state: 'awaiting_receipt' });
    expect((view?.data as AfterSalesCase).returnAddress?.warehouseId).toBe('WH-GZ');
    // The warehouse gets what matching a parcel needs, not the buyer's contact data.
    expect(await guangzhou.db.orders.get(orderId)).toMatchObject({ buyerName: '张*', buyerPhone: '****8000' });
  });
});
