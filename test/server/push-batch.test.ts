/**
 * A push batch applied in one transaction answers and stores exactly what the same commands
 * pushed one per request (each a batch of one) would.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Db } from '../../server/db/db';
import { tombstoneCase } from '../../server/sync/changes';
import { pushBatch } from '../../server/sync/push';
import type { CommandActor } from '../../server/sync/rules';
import type { PushCommand, PushResponse, PushResult } from '../../shared/sync';
import { backends, dbPerSuite, postOnNewConnection, serverPerSuite, type LoggedIn, type TestServer } from './support/harness';
import { applyPayload, command, createOrder, push, type WireCommand } from './support/fixtures';
import { ACTORS, createDomainOrder, inspection, rules, silentLog } from './support/domain-fixtures';

/** What a client or a later pull could observe, without timestamps and change numbers. */
async function storedState(db: Db) {
  return {
    cases: await db.query('SELECT id, case_no, order_id, line_id, type, state, version, data, return_tracking_no, deleted, next_due_at, next_action FROM cases ORDER BY id'),
    events: await db.query('SELECT case_id, version, type, data, actor_id, role, command_id::text FROM case_events ORDER BY case_id, version'),
    commands: await db.query('SELECT command_id::text, device_id, device_seq, case_id, type, actor_id, status, result FROM commands ORDER BY command_id'),
    devices: await db.query('SELECT id, last_acked_seq FROM devices ORDER BY id'),
    orders: await db.query('SELECT id, state, data FROM orders ORDER BY id'),
    stock: await db.query('SELECT sku, on_hand FROM product_stock ORDER BY sku'),
    moves: await db.query('SELECT case_id, sku, location, quantity FROM stock_movements ORDER BY case_id, sku'),
  };
}

/** Error ids are new each time a command fails: compare answers without them. */
const withoutErrorIds = (answers: unknown): unknown => JSON.parse(JSON.stringify(answers, (key, value: unknown) => (key === 'errorId' ? '<id>' : value)));

type Send = (server: TestServer, session: LoggedIn, commands: readonly WireCommand[]) => Promise<PushResponse>;

/** The whole batch in one request. */
const asOneRequest: Send = push;

/** Each command in a request of its own. */
const onePerRequest: Send = async (server, session, commands) => {
  const results: PushResult[] = [];
  let lastAckedSeq = 0;
  for (const c of commands) {
    const answer = await asOneRequest(server, session, [c]);
    results.push(...answer.results);
    lastAckedSeq = answer.lastAckedSeq;
  }
  return { results, lastAckedSeq };
};

describe.each(backends)('push batches in one transaction on %s', (backend) => {
  // One instant for both servers and every command, so the two stores can be compared.
  const NOW = new Date();
  const batched = serverPerSuite(backend, { clock: () => NOW });
  const single = serverPerSuite(backend, { clock: () => NOW });

  it('answers and stores the same as one request per command', async () => {
    const script = async (server: TestServer, ids: string[], send: Send): Promise<PushResponse[]> => {
      const buyer = await server.login('buyer1', 'dev-buyer');
      const cs = await server.login('cs1', 'dev-cs');
      const wh = await server.login('wh1', 'dev-wh');
      const [o1, o2, o3] = [await createOrder(server.db, 'order-same-1'), await createOrder(server.db, 'order-same-2'), await createOrder(server.db, 'order-same-3')];
      let n = 0;
      const id = () => ids[n++] as string;
      const c = (init: Parameters<typeof command>[0]): WireCommand => command({ ...init, id: id(), deviceSeq: 100 + n, occurredAt: NOW.toISOString() });
      const answers: PushResponse[] = [];
      const apply = (caseId: string, orderId: string) => c({ type: 'buyer.apply', caseId, baseVersion: 0, payload: applyPayload(orderId) });
      const a = apply('case-a', o1);
      // Three new cases numbered in order, one built on in the same batch, a repeated command id,
      // a command the rules refuse, an application for an unknown order.
      answers.push(
        await send(server, buyer, [
          a,
          apply('case-b', o2),
          c({ type: 'buyer.modify', caseId: 'case-a', baseVersion: 1, payload: { description: 'leaks at the bottom' } }),
          a,
          c({ type: 'buyer.ship_back', caseId: 'case-b', baseVersion: 1, payload: { carrier: 'SF', trackingNumber: 'SF0000000001' } }),
          apply('case-c', 'order-none'),
          apply('case-d', o3),
        ]),
      );
      // A case the rules cannot read, so deciding on it fails.
      await server.db.query(`UPDATE cases SET data = data - 'commandIds' WHERE id = 'case-d'`);
      // Stale but legal, stale and no longer fitting (conflict), rules failing, forbidden, unknown.
      answers.push(
        await send(server, cs, [
          c({ type: 'cs.approve', caseId: 'case-a', baseVersion: 2 }),
          c({ type: 'cs.escalate', caseId: 'case-a', baseVersion: 2, payload: { reason: 'stale note' } }),
          c({ type: 'cs.reject', caseId: 'case-a', baseVersion: 2, payload: { reason: 'late' } }),
          c({ type: 'cs.approve', caseId: 'case-d', baseVersion: 1 }),
          c({ type: 'warehouse.receive', caseId: 'case-b', baseVersion: 1, payload: { inspection: inspection() } }),
          c({ type: 'cs.unknown', caseId: 'case-b', baseVersion: 1 }),
          c({ type: 'cs.approve', caseId: 'case-b', baseVersion: 1 }),
        ]),
      );
      await server.db.transaction((tx) => tombstoneCase(tx, 'case-b'));
      answers.push(
        await send(server, buyer, [
          c({ type: 'buyer.ship_back', caseId: 'case-a', baseVersion: 4, payload: { carrier: 'SF', trackingNumber: 'SF1234567890' } }),
          c({ type: 'buyer.ship_back', caseId: 'case-b', baseVersion: 2, payload: { carrier: 'SF', trackingNumber: 'SF1234567891' } }),
        ]),
      );
      answers.push(await send(server, wh, [c({ type: 'warehouse.receive', caseId: 'case-a', baseVersion: 5, payload: { inspection: inspection() } })]));
      // A batch pushed again: every answer a duplicate of the first.
      answers.push(await send(server, buyer, [a]));
      return answers;
    };
    const ids = Array.from({ length: 30 }, (): string => randomUUID());
    const one = await script(batched, ids, asOneRequest);
    const each = await script(single, ids, onePerRequest);
    expect(withoutErrorIds(one)).toEqual(withoutErrorIds(each));
    expect(one[0]?.results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied', 'duplicate', 'rejected', 'rejected', 'applied']);
    expect(one[1]?.results.map((r) => r.status)).toEqual(['applied', 'applied', 'conflict', 'rejected', 'rejected', 'rejected', 'applied']);
    expect(one[1]?.results.map((r) => (r.status === 'rejected' ? r.code : r.status))).toEqual(['applied', 'applied', 'conflict', 'server.rule_error', 'role_not_allowed', 'command.unknown_type', 'applied']);
    expect(one[2]?.results.map((r) => (r.status === 'rejected' ? r.code : r.status))).toEqual(['applied', 'case.deleted']);
    expect(one[3]?.results.map((r) => r.status)).toEqual(['applied']);
    expect(one[4]?.results.map((r) => r.status)).toEqual(['duplicate']);
    const mine = (s: Awaited<ReturnType<typeof storedState>>) => ({
      ...s,
      cases: s.cases.filter((r) => String(r.order_id).startsWith('order-same-')),
      events: s.events.filter((r) => ['case-a', 'case-b', 'case-c', 'case-d'].includes(String(r.case_id))),
      commands: s.commands.filter((r) => ids.includes(String(r.command_id))),
      devices: s.devices.filter((r) => ['dev-buyer', 'dev-cs', 'dev-wh'].includes(String(r.id))),
      orders: s.orders.filter((r) => String(r.id).startsWith('order-same-')),
    });
    const a = mine(await storedState(batched.db));
    expect(a).toEqual(mine(await storedState(single.db)));
    expect(a.cases).toHaveLength(3);
  });
});

describe.each(backends)('push batches with the shared rules on %s', (backend) => {
  const batched = dbPerSuite(backend);
  const single = dbPerSuite(backend);

  it('decides every command of a batch on the order and cases as the commands before it left them', async () => {
    const T0 = new Date('2026-06-01T02:00:00Z');
    const at = (hours: number) => new Date(T0.getTime() + hours * 3_600_000);
    const ids = Array.from({ length: 40 }, (): string => randomUUID());
    const run = async (db: Db, oneByOne: boolean) => {
      const orderId = await createDomainOrder(db, at(-24), 1, 'order-shared');
      // A second kettle on its own line: each line takes one active case.
      await db.query(
        `INSERT INTO order_lines (id, order_id, position, sku, quantity, unit_price, discount, coins, paid_amount) VALUES ($1, $2, 2, 'SKU-KETTLE', 1, 5000, 0, 0, 5000)`,
        [`${orderId}-L2`, orderId],
      );
      let n = 0;
      const answers: unknown[] = [];
      const batch = async (actor: CommandActor, hours: number, commands: Omit<PushCommand, 'id' | 'deviceSeq' | 'occurredAt'>[]) => {
        const full = commands.map((c) => ({ ...c, id: ids[n] as string, deviceSeq: ++n, occurredAt: at(hours).toISOString() }));
        const ctx = { db, rules, actor, deviceId: `dev-${actor.id}`, clock: () => at(hours), log: silentLog };
        if (!oneByOne) return void answers.push(await pushBatch(ctx, full));
        const results: PushResult[] = [];
        let lastAckedSeq = 0;
        for (const c of full) {
          const one = await pushBatch(ctx, [c]);
          results.push(...one.results);
          lastAckedSeq = one.lastAckedSeq;
        }
        answers.push({ results, lastAckedSeq });
      };
      const applyFor = (caseId: string, line: string) => ({ type: 'buyer.apply', caseId, baseVersion: 0, payload: { orderId, lineId: `${orderId}-${line}`, caseType: 'return_refund', quantity: 1, reason: 'quality_issue' } });
      // One case per line: the third application sees the first one of the same batch.
      await batch(ACTORS.buyer, 0, [applyFor('sr-1', 'L1'), applyFor('sr-2', 'L2'), applyFor('sr-3', 'L1')]);
      await batch(ACTORS.cs, 1, [
        { type: 'cs.approve', caseId: 'sr-1', baseVersion: 1, payload: {} },
        { type: 'cs.approve', caseId: 'sr-2', baseVersion: 1, payload: {} },
      ]);
      await batch(ACTORS.buyer, 2, [
        { type: 'buyer.ship_back', caseId: 'sr-1', baseVersion: 2, payload: { carrier: 'YTO', trackingNumber: 'YT1234567890123' } },
        { type: 'buyer.ship_back', caseId: 'sr-2', baseVersion: 2, payload: { carrier: 'YTO', trackingNumber: 'YT1234567890124' } },
      ]);
      await batch(ACTORS.wh, 30, [
        { type: 'warehouse.receive', caseId: 'sr-1', baseVersion: 3, payload: { inspection: inspection() } },
        { type: 'warehouse.receive', caseId: 'sr-2', baseVersion: 3, payload: { inspection: inspection() } },
      ]);
      // Both refunds in one batch: the order closes only with the second, and stock comes back twice.
      await batch(ACTORS.fin, 40, [
        { type: 'finance.approve_refund', caseId: 'sr-1', baseVersion: 4, payload: { reference: 'PAY-1' } },
        { type: 'finance.approve_refund', caseId: 'sr-2', baseVersion: 4, payload: { reference: 'PAY-2' } },
        { type: 'finance.approve_refund', caseId: 'sr-2', baseVersion: 4, payload: { reference: 'PAY-2' } },
      ]);
      return answers;
    };
    const one = await run(batched.db, false);
    const each = await run(single.db, true);
    expect(one).toEqual(each);
    const first = one[0] as { results: { status: string; code?: string }[] };
    expect(first.results.map((r) => r.status)).toEqual(['applied', 'applied', 'rejected']);
    // The repeated refund saw version 4, and the case completed since: a conflict.
    const last = one[4] as { results: { status: string }[] };
    expect(last.results.map((r) => r.status)).toEqual(['applied', 'applied', 'conflict']);
    const a = await storedState(batched.db);
    expect(a).toEqual(await storedState(single.db));
    expect(a.orders).toMatchObject([{ id: 'order-shared', state: 'closed' }]);
    expect(a.stock).toEqual([{ sku: 'SKU-KETTLE', on_hand: expect.anything() }]);
    expect(a.moves).toHaveLength(2);
  });
});

describe('push requests waiting on embedded PGlite', () => {
  const server = serverPerSuite('pglite', { config: { loginRateLimit: { max: 1000, windowMs: 60_000 } } });

  it('share the next transaction instead of taking one each', async () => {
    const requests = 12;
    const buyers = await Promise.all(Array.from({ length: requests }, (_, i) => server.login('buyer1', `dev-wait-${i}`)));
    const orders = await Promise.all(Array.from({ length: requests }, () => createOrder(server.db)));
    const db = server.db;
    const transaction = db.transaction.bind(db);
    const query = db.query.bind(db);
    let release = (): void => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let transactions = 0;
    let lookups = 0;
    // The first push transaction stays open until the other requests have arrived behind it.
    db.transaction = (fn) => {
      transactions += 1;
      const first = transactions === 1;
      return transaction(async (tx) => {
        if (first) await gate;
        return fn(tx);
      });
    };
    db.query = (sql, params) => {
      if (sql.includes('FROM sessions s')) lookups += 1;
      return query(sql, params);
    };
    const until = async (ready: () => boolean): Promise<void> => {
      while (!ready()) await new Promise((resolve) => setTimeout(resolve, 5));
    };
    const send = (i: number) =>
      postOnNewConnection(server.url, '/sync/push', buyers[i]?.token ?? '', {
        deviceId: buyers[i]?.deviceId,
        commands: [command({ type: 'buyer.apply', caseId: `case-wait-${i}`, baseVersion: 0, payload: applyPayload(orders[i] ?? '') })],
      });
    try {
      const answers = [send(0)];
      await until(() => transactions === 1);
      for (let i = 1; i < requests; i++) answers.push(send(i));
      await until(() => lookups === requests);
      release();
      const results = await Promise.all(answers);
      expect(results.map((r) => r.status)).toEqual(Array.from({ length: requests }, () => 200));
      expect(results.map((r) => (r.body as PushResponse).results[0]?.status)).toEqual(Array.from({ length: requests }, () => 'applied'));
      // The held transaction, then one for every request that arrived while it ran.
      expect(transactions).toBe(2);
    } finally {
      release();
      db.transaction = transaction;
      db.query = query;
    }
  }, 60_000);
});
