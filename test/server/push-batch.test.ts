/**
 * A push batch applied in one transaction answers and stores exactly what one transaction per
 * command would, and each of its commands stays atomic: one whose rules fail leaves nothing behind
 * and does not undo its neighbours.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../server/db/db';
import { tombstoneCase } from '../../server/sync/changes';
import type { ServerRules } from '../../server/sync/engine-port';
import { pushBatch } from '../../server/sync/push';
import type { CommandActor } from '../../server/sync/engine-port';
import type { PushCommand, PushResponse } from '../../shared/sync';
import { backends, openSeededDb, postOnNewConnection, startServer, type TestDb, type TestServer } from './support/harness';
import { command, createOrder, openCase, push, type WireCommand } from './support/fixtures';
import { fakeRules } from './support/fake-rules';
import { ACTORS, createDomainOrder, inspection, rules as domainRules, silentLog } from './support/domain-fixtures';

/** The same rules without their batch form: every command in its own transaction. */
const oneByOne = (rules: ServerRules): ServerRules => ({ ...rules, loadBatch: undefined });

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

describe.each(backends)('push batches in one transaction on %s', (backend) => {
  let batched: TestServer;
  let single: TestServer;
  beforeAll(async () => {
    batched = await startServer(backend);
    single = await startServer(backend, { rules: oneByOne(fakeRules) });
  });
  afterAll(async () => {
    await batched?.close();
    await single?.close();
  });

  it('keeps a command whose rules fail out of the batch without undoing its neighbours', async () => {
    const buyer = await batched.login('buyer1');
    const cs = await batched.login('cs1');
    const orderId = await createOrder(batched.db);
    const caseId = await openCase(batched, buyer, orderId);
    const boom = command({ type: 'cs.explode', caseId, baseVersion: 2 });
    const batch = [
      command({ type: 'cs.note', caseId, baseVersion: 1, payload: { text: 'before' } }),
      boom,
      command({ type: 'cs.approve', caseId, baseVersion: 2 }),
      command({ type: 'cs.note', caseId, baseVersion: 3, payload: { text: 'after' } }),
    ];
    // The failing command has the highest sequence: it is not acknowledged.
    boom.deviceSeq = Math.max(...batch.map((c) => c.deviceSeq)) + 1;
    const answer = await push(batched, cs, batch);
    expect(answer.results.map((r) => r.status)).toEqual(['applied', 'rejected', 'applied', 'applied']);
    expect(answer.results[1]).toMatchObject({ code: 'server.rule_error' });
    expect(answer.lastAckedSeq).toBe(Math.max(...batch.filter((c) => c !== boom).map((c) => c.deviceSeq)));
    const events = await batched.db.query<{ type: string; version: number }>('SELECT type, version FROM case_events WHERE case_id = $1 ORDER BY version', [caseId]);
    expect(events).toEqual([
      { type: 'case.applied', version: 1 },
      { type: 'case.noted', version: 2 },
      { type: 'case.approved', version: 3 },
      { type: 'case.noted', version: 4 },
    ]);
    expect(await batched.db.query('SELECT 1 FROM commands WHERE command_id = $1', [boom.id])).toHaveLength(0);
  });

  it('answers and stores the same as one transaction per command', async () => {
    const script = async (server: TestServer, ids: string[]): Promise<PushResponse[]> => {
      const buyer = await server.login('buyer1', 'dev-buyer');
      const cs = await server.login('cs1', 'dev-cs');
      const wh = await server.login('wh1', 'dev-wh');
      const orderId = await createOrder(server.db, 'order-same');
      let n = 0;
      const id = () => ids[n++] as string;
      const at = (i: number) => `2026-04-01T0${i}:00:00+08:00`;
      const c = (init: Parameters<typeof command>[0], i: number): WireCommand => command({ ...init, id: id(), deviceSeq: 100 + n, occurredAt: at(i) });
      const answers: PushResponse[] = [];
      const apply = (caseId: string, i: number) => c({ type: 'buyer.apply', caseId, baseVersion: 0, payload: { orderId, lineId: `${orderId}-L1`, quantity: 1 } }, i);
      const a = apply('case-a', 1);
      // Two new cases numbered in order, one built on in the same batch, a repeated command id,
      // a payload the rules refuse, a command for an unknown order.
      answers.push(
        await push(server, buyer, [
          a,
          apply('case-b', 2),
          c({ type: 'buyer.ship_back', caseId: 'case-a', baseVersion: 1, payload: { trackingNumber: 'x' } }, 3),
          a,
          c({ type: 'buyer.apply', caseId: 'case-c', baseVersion: 0, payload: { orderId: 'order-none', lineId: 'x', quantity: 1 } }, 4),
        ]),
      );
      // Stale but legal, stale and no longer fitting (conflict), rules failing, forbidden, unknown.
      answers.push(
        await push(server, cs, [
          c({ type: 'cs.approve', caseId: 'case-a', baseVersion: 1 }, 5),
          c({ type: 'cs.note', caseId: 'case-a', baseVersion: 1, payload: { text: 'stale note' } }, 5),
          c({ type: 'cs.reject', caseId: 'case-a', baseVersion: 1, payload: { reason: 'late' } }, 6),
          c({ type: 'cs.explode', caseId: 'case-b', baseVersion: 1 }, 6),
          c({ type: 'warehouse.receive', caseId: 'case-b', baseVersion: 1 }, 6),
          c({ type: 'cs.unknown', caseId: 'case-b', baseVersion: 1 }, 7),
          c({ type: 'cs.approve', caseId: 'case-b', baseVersion: 1 }, 7),
        ]),
      );
      await server.db.transaction((tx) => tombstoneCase(tx, 'case-b'));
      answers.push(
        await push(server, buyer, [
          c({ type: 'buyer.ship_back', caseId: 'case-a', baseVersion: 3, payload: { trackingNumber: 'SF1234567890' } }, 8),
          c({ type: 'buyer.ship_back', caseId: 'case-b', baseVersion: 2, payload: { trackingNumber: 'SF1234567891' } }, 8),
        ]),
      );
      answers.push(await push(server, wh, [c({ type: 'warehouse.receive', caseId: 'case-a', baseVersion: 4 }, 9)]));
      // A batch pushed again: every answer a duplicate of the first.
      answers.push(await push(server, buyer, [a]));
      return answers;
    };
    const ids = Array.from({ length: 20 }, (): string => randomUUID());
    const one = await script(batched, ids);
    const each = await script(single, ids);
    expect(one).toEqual(each);
    expect(one[0]?.results.map((r) => r.status)).toEqual(['applied', 'applied', 'rejected', 'duplicate', 'rejected']);
    expect(one[1]?.results.map((r) => r.status)).toEqual(['applied', 'applied', 'conflict', 'rejected', 'rejected', 'rejected', 'applied']);
    const a = await storedState(batched.db);
    const b = await storedState(single.db);
    // The first test pushed to `batched` only: compare what this script wrote.
    const mine = (s: typeof a) => ({
      ...s,
      cases: s.cases.filter((r) => r.order_id === 'order-same'),
      events: s.events.filter((r) => ['case-a', 'case-b', 'case-c'].includes(String(r.case_id))),
      commands: s.commands.filter((r) => ids.includes(String(r.command_id))),
      devices: s.devices.filter((r) => ['dev-buyer', 'dev-cs', 'dev-wh'].includes(String(r.id))),
      orders: s.orders.filter((r) => r.id === 'order-same'),
    });
    expect(mine(a)).toEqual(mine(b));
    expect(mine(a).cases).toHaveLength(2);
  });
});

describe.each(backends)('push batches with the shared rules on %s', (backend) => {
  let batched: TestDb;
  let single: TestDb;
  beforeAll(async () => {
    batched = await openSeededDb(backend);
    single = await openSeededDb(backend);
  });
  afterAll(async () => {
    await batched?.dispose();
    await single?.dispose();
  });

  it('decides every command of a batch on the order and cases as the commands before it left them', async () => {
    const T0 = new Date('2026-06-01T02:00:00Z');
    const at = (hours: number) => new Date(T0.getTime() + hours * 3_600_000);
    const ids = Array.from({ length: 40 }, (): string => randomUUID());
    const run = async (db: Db, rules: ServerRules) => {
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
        answers.push(await pushBatch({ db, rules, actor, deviceId: `dev-${actor.id}`, clock: () => at(hours), log: silentLog }, full));
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
        { type: 'finance.approve_refund', caseId: 'sr-1', baseVersion: 5, payload: { reference: 'PAY-1' } },
        { type: 'finance.approve_refund', caseId: 'sr-2', baseVersion: 5, payload: { reference: 'PAY-2' } },
        { type: 'finance.approve_refund', caseId: 'sr-2', baseVersion: 5, payload: { reference: 'PAY-2' } },
      ]);
      return answers;
    };
    const one = await run(batched.db, domainRules);
    const each = await run(single.db, oneByOne(domainRules));
    expect(one).toEqual(each);
    const first = one[0] as { results: { status: string; code?: string }[] };
    expect(first.results.map((r) => r.status)).toEqual(['applied', 'applied', 'rejected']);
    const last = one[4] as { results: { status: string }[] };
    expect(last.results.map((r) => r.status)).toEqual(['applied', 'applied', 'rejected']);
    const a = await storedState(batched.db);
    expect(a).toEqual(await storedState(single.db));
    expect(a.orders).toMatchObject([{ id: 'order-shared', state: 'closed' }]);
    expect(a.stock).toEqual([{ sku: 'SKU-KETTLE', on_hand: expect.anything() }]);
    expect(a.moves).toHaveLength(2);
  });
});

describe('push requests waiting on embedded PGlite', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer('pglite', { config: { loginRateLimit: { max: 1000, windowMs: 60_000 } } });
  });
  afterAll(async () => {
    await server?.close();
  });

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
        commands: [command({ type: 'buyer.apply', caseId: `case-wait-${i}`, baseVersion: 0, payload: { orderId: orders[i], lineId: `${orders[i]}-L1`, quantity: 1 } })],
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
