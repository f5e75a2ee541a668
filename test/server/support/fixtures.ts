/** Orders and pushes over HTTP for the server suites, with the real rule book (shared/domain). */
import { randomUUID } from 'node:crypto';
import type { Db } from '../../../server/db/db';
import type { PushResponse, PushResult } from '../../../shared/sync';
import type { LoggedIn, TestServer } from './harness';
import { daysAgo, storefrontOrder, writeOrders } from './orders';

/** A completed order of one line of two kettles, received yesterday, with its products in its data. */
export async function createOrder(db: Db, id = `order-${randomUUID().slice(0, 8)}`): Promise<string> {
  await writeOrders(db, [storefrontOrder(id, daysAgo(1))]);
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

/** A wire command; it happened now unless told otherwise. */
export function command(init: CommandInit) {
  seq += 1;
  return {
    id: init.id ?? randomUUID(),
    deviceSeq: init.deviceSeq ?? seq,
    type: init.type,
    caseId: init.caseId,
    baseVersion: init.baseVersion,
    occurredAt: init.occurredAt ?? new Date().toISOString(),
    payload: init.payload ?? {},
  };
}

export type WireCommand = ReturnType<typeof command>;

export async function push(server: TestServer, session: LoggedIn, commands: readonly unknown[]): Promise<PushResponse> {
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

/** The payload of a return-and-refund application for one kettle of `orderId`'s line. */
export const applyPayload = (orderId: string, extra: Record<string, unknown> = {}) => ({
  orderId,
  lineId: `${orderId}-L1`,
  caseType: 'return_refund',
  quantity: 1,
  reason: 'quality_issue',
  ...extra,
});

/** The buyer applies for a return on the order's line (one open case per line) and gets its case id. */
export async function openCase(server: TestServer, buyer: LoggedIn, orderId: string): Promise<string> {
  const caseId = `case-${randomUUID().slice(0, 8)}`;
  const result = await pushOne(server, buyer, { type: 'buyer.apply', caseId, baseVersion: 0, payload: applyPayload(orderId) });
  if (result.status !== 'applied') throw new Error(`apply failed: ${JSON.stringify(result)}`);
  return caseId;
}

/** A change the buyer may make again and again while the case waits for review: a new description. */
export const describeCase = (caseId: string, baseVersion: number, description: string): CommandInit => ({
  type: 'buyer.modify',
  caseId,
  baseVersion,
  payload: { description },
});
