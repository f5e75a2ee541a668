/**
 * Seeded randomized sync under faults. Two customer-service desks work on the same cases through a
 * proxy that drops, delays, duplicates, replays out of order and resets requests and answers 5xx;
 * the buyer and the warehouse move the cases on the server meanwhile; desks are killed mid-push and
 * restarted from the same database. After healing, in words:
 *   - every command a desk recorded reached the server and took effect exactly once (or was
 *     refused once, as a conflict or rejection the desk shows) — none lost, none doubled;
 *   - every desk holds exactly the server's case, with no optimistic residue.
 * FAULT_RUNS (default 200) sets the number of runs, FAULT_SEED the first seed, FAULT_CONCURRENCY
 * how many run side by side (default 1).
 */
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AfterSalesCase } from '../../shared/domain';
import { dispatch, type DispatchInput } from '../../renderer/src/sync/dispatch';
import { discardConflict, reissueConflict } from '../../renderer/src/sync/resolve';
import { toInt } from '../../server/db/db';
import { seededRandom, startFaultProxy, type FaultKind } from './support/fault-proxy';
import {
  createOrder,
  inspection,
  maxChangeSeq,
  openClient,
  openReturnCase,
  pushAs,
  RETURN_ADDRESS,
  serverCase,
  startCentralApi,
  type Client,
  type LoggedIn,
  type TestServer,
} from './support/world';

const RUNS = Number(process.env.FAULT_RUNS ?? 200);
const FIRST_SEED = Number(process.env.FAULT_SEED ?? 20_261_122);
const CASES_PER_RUN = 3;
const STEPS_PER_RUN = 10;
/** Runs in flight at once (each with its own proxy, cases and desks): overlaps the waiting on timers and sockets. */
const CONCURRENCY = Math.max(1, Number(process.env.FAULT_CONCURRENCY ?? 1));

let server: TestServer;
const sessions: Record<string, LoggedIn> = {};

beforeAll(async () => {
  server = await startCentralApi();
  for (const name of ['buyer1', 'cs1', 'admin', 'wh1']) sessions[name] = await server.login(name);
}, 120_000);
afterAll(async () => {
  await server.close();
});

function session(name: string): LoggedIn {
  const s = sessions[name];
  if (!s) throw new Error(`no session ${name}`);
  return s;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A command a CS desk would plausibly issue on the case it sees. */
function chooseCommand(c: AfterSalesCase, rng: () => number): DispatchInput | null {
  const r = rng();
  switch (c.state) {
    case 'pending_review':
      if (r < 0.5) return { type: 'cs.approve', caseId: c.id, payload: { returnAddress: RETURN_ADDRESS } };
      if (r < 0.8 || c.escalation !== null) return { type: 'cs.reject', caseId: c.id, payload: { reason: '请补充照片' } };
      return { type: 'cs.escalate', caseId: c.id, payload: { reason: '平台介入' } };
    case 'rejected':
      if (c.escalation !== null) return { type: 'cs.approve', caseId: c.id, payload: { returnAddress: RETURN_ADDRESS } };
      return { type: 'cs.escalate', caseId: c.id, payload: { reason: '买家申诉' } };
    case 'awaiting_refund':
      if (!c.refund) return null;
      return { type: 'cs.override_amount', caseId: c.id, payload: { cash: Math.floor(c.refund.cash * (0.5 + rng() / 2)), kind: 'override', reason: '协商金额' } };
    default:
      return c.escalation === null && c.state !== 'completed' && c.state !== 'closed' ? { type: 'cs.escalate', caseId: c.id, payload: { reason: '跟进' } } : null;
  }
}

/** The buyer or the warehouse moves a case on, straight on the server. */
async function moveOnServer(caseId: string): Promise<void> {
  const sc = await serverCase(server, caseId);
  if (!sc) return;
  if (sc.state === 'awaiting_buyer_shipment') {
    await pushAs(server, session('buyer1'), { type: 'buyer.ship_back', caseId, baseVersion: sc.version, payload: { carrier: 'SF', trackingNumber: `SF${caseId.slice(-8)}` } });
  } else if (sc.state === 'awaiting_receipt') {
    await pushAs(server, session('wh1'), { type: 'warehouse.receive', caseId, baseVersion: sc.version, payload: { inspection: inspection() } });
  }
}

interface Desk {
  client: Client;
  engine: ReturnType<Client['engine']>;
}

async function restart(desk: Desk): Promise<void> {
  await desk.engine.stop();
  await desk.client.reopen();
  desk.engine = desk.client.engine({ pollIntervalMs: 250 });
  desk.engine.start();
}

async function settled(desk: Desk): Promise<boolean> {
  const active = await desk.client.db.outbox.where('status').anyOf(['pending', 'sending']).count();
  const open = await desk.client.db.conflicts.where('open').equals(1).count();
  return active === 0 && open === 0;
}

const STATUS_ON_SERVER = { acked: 'applied', conflict: 'conflict', rejected: 'rejected' } as const;

async function runOnce(seed: number, totals: Record<FaultKind, number>): Promise<{ commands: number; kills: number; reissues: number }> {
  const rng = seededRandom(seed ^ 0x5bd1e995);
  const proxy = await startFaultProxy(server.url, seed);
  const since = await maxChangeSeq(server);
  const caseIds: string[] = [];
  for (let i = 0; i < CASES_PER_RUN; i++) caseIds.push(await openReturnCase(server, session('buyer1'), await createOrder(server)));
  const desks: Desk[] = [];
  for (const name of ['cs1', 'admin']) {
    const client = await openClient(proxy.url, session(name), name, since);
    const engine = client.engine({ pollIntervalMs: 250 });
    engine.start();
    desks.push({ client, engine });
  }
  let kills = 0;
  let reissues = 0;
  try {
    for (let step = 0; step < STEPS_PER_RUN; step++) {
      const desk = desks[rng() < 0.5 ? 0 : 1] as Desk;
      const caseId = caseIds[Math.floor(rng() * caseIds.length)] as string;
      if (rng() < 0.25) await moveOnServer(caseId);
      const view = await desk.client.db.caseView.get(caseId);
      const input = view ? chooseCommand(view.data, rng) : null;
      if (input) {
        await dispatch(desk.client.db, input, { actor: desk.client.actor });
        desk.engine.wake();
      }
      if (rng() < 0.12) {
        // Killed mid-push (or mid-pull): the request in flight is cut, the app restarts from disk.
        await sleep(Math.floor(rng() * 6));
        await restart(desk);
        kills += 1;
      }
      await sleep(Math.floor(rng() * 5));
    }

    // Heal: faults stop; each desk syncs until its queue is answered and its inbox is empty.
    proxy.heal();
    for (const desk of desks) await desk.engine.stop();
    for (let round = 0; round < 40; round++) {
      for (const desk of desks) {
        const outcome = await desk.engine.syncOnce();
        if (!outcome.ok) continue;
        for (const conflict of await desk.client.db.conflicts.where('open').equals(1).toArray()) {
          // A person answers the inbox: re-issue on the new state when the rules allow it, else discard.
          const reissued = rng() < 0.5 ? await reissueConflict(desk.client.db, conflict.commandId, desk.client.actor) : { ok: false };
          if (reissued.ok) reissues += 1;
          else await discardConflict(desk.client.db, conflict.commandId);
        }
      }
      if ((await settled(desks[0] as Desk)) && (await settled(desks[1] as Desk))) break;
    }
    for (const desk of desks) expect((await desk.engine.syncOnce()).ok, `seed ${seed}: final sync`).toBe(true);

    let commands = 0;
    for (const desk of desks) {
      const db = desk.client.db;
      const rows = await db.outbox.toArray();
      commands += rows.length;
      for (const row of rows) {
        const where = `seed ${seed}, ${desk.client.actor.id}, command ${row.seq} ${row.type}`;
        expect(['acked', 'conflict', 'rejected'], where).toContain(row.status);
        const stored = await server.db.query<{ status: string; result: { events?: number } }>('SELECT status, result FROM commands WHERE command_id = $1', [row.id]);
        expect(stored.length, `${where}: on the server`).toBe(1);
        const status = row.status as keyof typeof STATUS_ON_SERVER;
        expect(stored[0]?.status, where).toBe(STATUS_ON_SERVER[status]);
        const [events] = await server.db.query<{ n: unknown }>('SELECT count(*) AS n FROM case_events WHERE command_id = $1', [row.id]);
        expect(toInt(events?.n), `${where}: events`).toBe(status === 'acked' ? (stored[0]?.result.events ?? -1) : 0);
      }
      expect(await db.overlay.count(), `seed ${seed}: overlay residue`).toBe(0);
      for (const caseId of caseIds) {
        const truth = await serverCase(server, caseId);
        const snapshot = await db.cases.get(caseId);
        const view = await db.caseView.get(caseId);
        expect(snapshot?.version, `seed ${seed}: ${caseId} version`).toBe(truth?.version);
        expect(snapshot?.data, `seed ${seed}: ${caseId} snapshot`).toEqual(truth?.data);
        expect(view?.data, `seed ${seed}: ${caseId} view`).toEqual(truth?.data);
        expect(view?.pending, `seed ${seed}: ${caseId} pending`).toBe(0);
      }
    }
    return { commands, kills, reissues };
  } finally {
    for (const desk of desks) {
      await desk.engine.stop();
      await desk.client.db.delete();
    }
    await proxy.close();
    for (const [kind, n] of Object.entries(proxy.stats) as [FaultKind, number][]) totals[kind] += n;
  }
}

describe('sync under injected faults', () => {
  it(
    `keeps every command exactly once and every desk equal to the server (${RUNS} seeded runs from ${FIRST_SEED})`,
    async () => {
      const totals = { pass: 0, poisoned: 0, drop: 0, unavailable: 0, resetAfter: 0, badGatewayAfter: 0, duplicate: 0, replayLater: 0, truncate: 0, delay: 0 } satisfies Record<FaultKind, number>;
      let commands = 0;
      let kills = 0;
      let reissues = 0;
      const started = Date.now();
      let next = 0;
      const worker = async (): Promise<void> => {
        while (next < RUNS) {
          const seed = FIRST_SEED + next;
          next += 1;
          const run = await runOnce(seed, totals);
          commands += run.commands;
          kills += run.kills;
          reissues += run.reissues;
        }
      };
      await Promise.all(Array.from({ length: Math.min(CONCURRENCY, RUNS) }, worker));
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      process.stdout.write(`fault runs: ${RUNS} from seed ${FIRST_SEED} in ${seconds}s, ${commands} commands, ${kills} restarts, ${reissues} conflicts re-issued, requests ${JSON.stringify(totals)}\n`);
      expect(commands).toBeGreaterThan(RUNS * 2);
      // The faults really happened.
      for (const kind of ['drop', 'unavailable', 'resetAfter', 'duplicate', 'replayLater', 'truncate'] as const) expect(totals[kind]).toBeGreaterThan(0);
    },
    Math.max(120_000, RUNS * 6_000),
  );
});
