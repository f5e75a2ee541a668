/**
 * One command the server cannot process must not block a workstation's outbox. Through a real
 * proxy that answers 500 to every request holding one command's marker (as the server did for a
 * NUL byte in a reason), a CS desk pushes five commands to the real central API: the four good
 * ones are applied, the bad one lands in the conflict inbox with the server's code, the loop stops
 * sending it, and the case's later command waits until a person resolves the entry.
 */
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AfterSalesCase } from '../../shared/domain';
import { dispatch, type DispatchInput } from '../../renderer/src/sync/dispatch';
import { pendingCount } from '../../renderer/src/sync/outbox';
import { UNPROCESSABLE } from '../../renderer/src/sync/poison';
import { discardConflict } from '../../renderer/src/sync/resolve';
import { startFaultProxy, type FaultProxy } from './support/fault-proxy';
import { createOrder, maxChangeSeq, openClient, openReturnCase, RETURN_ADDRESS, serverCase, startCentralApi, type Client, type TestServer } from './support/world';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 120_000 });

const NO_FAULTS = { drop: 0, unavailable: 0, resetAfter: 0, badGatewayAfter: 0, duplicate: 0, replayLater: 0, truncate: 0, delay: 0 };
const MARKER = 'POISON-7f3a';

let server: TestServer;
let proxy: FaultProxy;

beforeAll(async () => {
  server = await startCentralApi();
  proxy = await startFaultProxy(server.url, 1, NO_FAULTS);
});
afterAll(async () => {
  await proxy.close();
  await server.close();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting until ${what}`);
    await sleep(20);
  }
}

async function issue(client: Client, input: DispatchInput): Promise<string> {
  const result = await dispatch(client.db, input, { actor: client.actor, clock: () => new Date() });
  if (!result.ok) throw new Error(`${input.type} refused locally: ${result.rejection.code}`);
  return result.commandId;
}

const stateOnServer = async (caseId: string): Promise<AfterSalesCase | undefined> => (await serverCase(server, caseId))?.data as AfterSalesCase | undefined;

describe('a command the server cannot process', () => {
  it('is put in the conflict inbox while the rest of the outbox drains, and is not sent again', async () => {
    const buyer = await server.login('buyer1');
    const since = await maxChangeSeq(server);
    const cases: string[] = [];
    for (let i = 0; i < 5; i++) cases.push(await openReturnCase(server, buyer, await createOrder(server)));
    const client = await openClient(proxy.url, await server.login('cs1'), 'cs1', since);
    expect((await client.engine().syncOnce()).ok).toBe(true);

    const bad = cases[2] as string;
    proxy.poison(MARKER);
    const good: string[] = [];
    for (const caseId of cases) {
      if (caseId !== bad) good.push(await issue(client, { type: 'cs.approve', caseId, payload: { returnAddress: RETURN_ADDRESS } }));
      else await issue(client, { type: 'cs.reject', caseId, payload: { reason: `照片不清晰 ${MARKER}` } });
    }
    const poisoned = (await client.db.outbox.where('caseId').equals(bad).first())?.id;
    // The case's next command, issued on top of the refusal the desk shows.
    const later = await issue(client, { type: 'cs.escalate', caseId: bad, payload: { reason: '买家申诉' } });

    const engine = client.engine();
    engine.start();
    try {
      await until('the outbox drained but for the held command', async () => (await pendingCount(client.db)) === 1 && (await client.db.conflicts.count()) === 1);
      for (const caseId of cases.filter((c) => c !== bad)) expect((await stateOnServer(caseId))?.state).toBe('awaiting_buyer_shipment');
      expect((await stateOnServer(bad))?.state).toBe('pending_review');
      expect(await client.db.outbox.get(poisoned ?? '')).toMatchObject({ status: 'rejected', lastError: UNPROCESSABLE });
      expect(await client.db.outbox.get(later)).toMatchObject({ status: 'pending' });
      const [entry] = await client.db.conflicts.toArray();
      expect(entry).toMatchObject({ commandId: poisoned, caseId: bad, kind: 'rejected', open: 1, rejection: { code: UNPROCESSABLE, params: { status: 500, code: 'server.error' } } });
      for (const id of good) expect((await client.db.outbox.get(id))?.status).toBe('acked');

      // Found with a handful of requests, and the loop does not go on sending it.
      const poisonedRequests = proxy.stats.poisoned;
      expect(poisonedRequests).toBeLessThanOrEqual(2 + Math.ceil(Math.log2(5)) + 1);
      await until('a few more syncs ran', async () => engine.status.lastSyncAt !== null && engine.status.attempt === 0);
      const passed = proxy.stats.pass;
      await until('the loop polled again', async () => proxy.stats.pass >= passed + 3);
      expect(proxy.stats.poisoned).toBe(poisonedRequests);
      expect(engine.status).toMatchObject({ connection: 'online', lastError: null });

      // The worker drops the refused intent: the case's held command is released and answered
      // (it was built on the refusal the desk showed, so the server may refuse it in turn).
      expect((await discardConflict(client.db, poisoned ?? '')).ok).toBe(true);
      engine.wake();
      await until('the held command was answered', async () => (await pendingCount(client.db)) === 0);
      expect(['acked', 'rejected', 'conflict']).toContain((await client.db.outbox.get(later))?.status);
      expect(proxy.stats.poisoned).toBe(poisonedRequests);
    } finally {
      await engine.stop();
      proxy.poison(null);
    }
  });
});
