import { randomUUID } from 'node:crypto';
import type { Db } from '../../../server/db/db';
import { upsertOrder } from '../../../server/sync/changes';
import type { PushResponse, PushResult } from '../../../shared/sync';
import type { LoggedIn, TestServer } from './harness';

export async function createOrder(db: Db, id = `order-${randomUUID().slice(0, 8)}`): Promise<string> {
  await db.transaction((tx) =>
    upsertOrder(tx, {
      id,
      orderNo: `NO-${id}`,
      state: 'completed',
      buyerId: 'staff-buyer1',
      buyerName: '张三',
      buyerPhone: '13800138000',
      address: '上海市浦东新区',
      shippingFee: 1000,
      paidAt: '2026-02-01T10:00:00Z',
      lines: [{ id: `${id}-L1`, sku: 'SKU-KETTLE', quantity: 2, unitPrice: 5000, discount: 200, coins: 100, paid: 9700 }],
    }),
  );
  return id;
}

let seq = 0;

export interface CommandInit {
  type: string;
  caseId: string;
  baseVersion: number;
  payload?: unknown;
  id?: string;
  deviceSeq?: number;
  occurredAt?: string;
}

export function command(init: CommandInit) {
  seq += 1;
  return {
    id: init.id ?? randomUUID(),
    deviceSeq: init.deviceSeq ?? seq,
    type: init.type,
    caseId: init.caseId,
    baseVersion: init.baseVersion,
    occurredAt: init.occurredAt ?? '2026-03-01T09:30:00+08:00',
    payload: init.payload ?? {},
  };
}

export type WireCommand = ReturnType<typeof command>;

export async function push(server: TestServer, session: LoggedIn, commands: readonly WireCommand[]): Promise<PushResponse> {
  const res = await server.request<PushResponse>('POST', '/sync/push', { token: session.token, json: { deviceId: session.deviceId, commands } });
  if (res.status !== 200) throw new Error(`push failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export async function pushOne(server: TestServer, session: LoggedIn, init: CommandInit): Promise<PushResult> {
  const body = await push(server, session, [command(init)]);
  const [result] = body.results;
  if (!result) throw new Error('no result');
  return result;
}

/** Opens a case through the fake rules (buyer applies) and returns its id. */
export async function openCase(server: TestServer, buyer: LoggedIn, orderId: string): Promise<string> {
  const caseId = `case-${randomUUID().slice(0, 8)}`;
  const result = await pushOne(server, buyer, { type: 'buyer.apply', caseId, baseVersion: 0, payload: { orderId, lineId: `${orderId}-L1`, quantity: 1 } });
  if (result.status !== 'applied') throw new Error(`apply failed: ${JSON.stringify(result)}`);
  return caseId;
}
