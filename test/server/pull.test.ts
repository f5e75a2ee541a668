import { beforeAll, describe, expect, it } from 'vitest';
import { toInt } from '../../server/db/db';
import { tombstoneCase, upsertOrder } from '../../server/sync/changes';
import { PullResponseSchema, type Change, type PullResponse } from '../../shared/sync';
import { ORDER_JSON_SQL } from '../../server/sync/order-json';
import { backends, loginAll, postOnNewConnection, serverPerSuite, type LoggedIn } from './support/harness';
import { command, createOrder, describeCase, openCase, push, pushOne } from './support/fixtures';

describe.each(backends)('sync pull on %s', (backend) => {
  const server = serverPerSuite(backend);
  let buyer: LoggedIn;
  let cs: LoggedIn;
  let orderId: string;

  beforeAll(async () => {
    [buyer, cs] = await loginAll(server, ['buyer1', 'cs1']);
    orderId = await createOrder(server.db);
  });

  const pull = async (since: number, limit: number, session: LoggedIn = cs) => {
    const res = await server.request<PullResponse>('GET', `/sync/pull?since=${since}&limit=${limit}`, { token: session.token });
    if (res.status !== 200) throw new Error(`pull: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };

  /** Pulls until the server says there is no more; returns every change and the final cursor. */
  const drain = async (since: number, limit: number) => {
    const changes: Change[] = [];
    let cursor = since;
    for (;;) {
      const page = await pull(cursor, limit);
      expect(page.changes.length).toBeLessThanOrEqual(limit);
      changes.push(...page.changes);
      expect(page.nextCursor).toBeGreaterThanOrEqual(cursor);
      cursor = page.nextCursor;
      if (!page.hasMore) return { changes, cursor };
    }
  };

  const dbVersions = async () => {
    const rows = await server.db.query<{ id: string; version: unknown }>('SELECT id, version FROM cases WHERE NOT deleted');
    return new Map(rows.map((r) => [r.id, toInt(r.version)]));
  };

  it('returns every case and order exactly once across pages, in change order', async () => {
    // One open case per order line (the rule book's limit): a case on each of nine orders.
    const orderIds = [orderId];
    for (let i = 1; i < 9; i += 1) orderIds.push(await createOrder(server.db));
    const caseIds: string[] = [];
    for (const id of orderIds) caseIds.push(await openCase(server, buyer, id));
    for (const caseId of caseIds.slice(0, 4)) await pushOne(server, buyer, describeCase(caseId, 1, 'n'));

    const { changes } = await drain(0, 4);
    const seqs = changes.map((c) => c.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(seqs.length);
    const keys = changes.map((c) => `${c.kind}:${c.id}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.filter((k) => k.startsWith('order:')).sort()).toEqual(orderIds.map((id) => `order:${id}`).sort());
    expect(keys.filter((k) => k.startsWith('case:')).sort()).toEqual(caseIds.map((id) => `case:${id}`).sort());
    const versions = new Map(changes.filter((c) => c.kind === 'case').map((c) => [c.id, c.version]));
    for (const [i, caseId] of caseIds.entries()) expect(versions.get(caseId)).toBe(i < 4 ? 2 : 1);

    const order = changes.find((c) => c.kind === 'order' && c.id === orderId);
    expect(order?.data).toMatchObject({ id: orderId, orderNo: `NO-${orderId}`, state: 'completed', shippingFee: 1000, lines: [{ id: `${orderId}-L1`, sku: 'SKU-KETTLE', quantity: 2, paid: 9700 }] });
    const aCase = changes.find((c) => c.kind === 'case');
    expect(aCase).toMatchObject({ deleted: false, caseNo: expect.stringMatching(/^RMA\d{12}$/) as unknown, data: { state: 'pending_review' } });
  });

  it('writes a reply that is a valid PullResponse, each document equal to the stored one', async () => {
    const caseId = await openCase(server, buyer, await createOrder(server.db));
    // Text that JSON has to escape, in a document that goes out as PostgreSQL's JSON text.
    const tricky = '引号 "quoted" \\ back\nslash \t tab 🙂 </script>';
    await server.db.query(`UPDATE cases SET data = jsonb_set(data, '{description}', to_jsonb($2::text)) WHERE id = $1`, [caseId, tricky]);
    const res = await server.request<unknown>('GET', '/sync/pull?since=0&limit=1000', { token: cs.token });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/json');
    const page = PullResponseSchema.parse(res.body);
    const change = page.changes.find((c) => c.kind === 'case' && c.id === caseId);
    const [stored] = await server.db.query<{ data: unknown; version: unknown; case_no: string }>('SELECT data, version, case_no FROM cases WHERE id = $1', [caseId]);
    expect(change).toMatchObject({ deleted: false, version: toInt(stored?.version), caseNo: stored?.case_no });
    expect(change?.data).toEqual(stored?.data);
    expect((change?.data as { description?: string }).description).toBe(tricky);
    const order = page.changes.find((c) => c.kind === 'order' && c.id === orderId);
    const [doc] = await server.db.query<{ doc: unknown }>(`SELECT ${ORDER_JSON_SQL} AS doc FROM orders o WHERE o.id = $1`, [orderId]);
    expect(order?.data).toEqual(doc?.doc);
  });

  it('sends only what changed after the cursor, then tombstones', async () => {
    const { cursor } = await drain(0, 1000);
    const empty = await pull(cursor, 10);
    expect(empty).toMatchObject({ changes: [], nextCursor: cursor, hasMore: false });

    const fresh = await createOrder(server.db);
    const caseId = await openCase(server, buyer, fresh);
    await server.db.transaction((tx) => upsertOrder(tx, { id: fresh, orderNo: `NO-${fresh}`, state: 'closed', shippingFee: 1000, lines: [{ id: `${fresh}-L1`, sku: 'SKU-KETTLE', quantity: 2, unitPrice: 5000, discount: 200, coins: 100, paid: 9700 }] }));
    const next = await pull(cursor, 10);
    expect(next.changes.map((c) => [c.kind, c.id])).toEqual([
      ['case', caseId],
      ['order', fresh],
    ]);
    expect(next.changes[1]?.data).toMatchObject({ state: 'closed' });

    await server.db.transaction((tx) => tombstoneCase(tx, caseId));
    const tomb = await pull(next.nextCursor, 10);
    expect(tomb.changes).toEqual([{ seq: tomb.nextCursor, kind: 'case', id: caseId, deleted: true, version: 1, caseNo: expect.any(String) as unknown, data: null }]);
  });

  it('loses nothing while other connections write between and during pages', async () => {
    const start = (await drain(0, 1000)).cursor;
    const replica = new Map<string, number>();
    const seen = new Set<number>();
    const apply = (changes: readonly Change[]) => {
      for (const c of changes) {
        expect(seen.has(c.seq)).toBe(false);
        seen.add(c.seq);
        if (c.kind !== 'case') continue;
        if (c.deleted) replica.delete(c.id);
        else replica.set(c.id, c.version ?? 0);
      }
    };
    // Start from a full snapshot.
    apply((await drain(0, 1000)).changes);

    const targets: string[] = [];
    for (let i = 0; i < 4; i += 1) targets.push(await openCase(server, buyer, await createOrder(server.db)));
    let cursor = start;
    let writing = true;
    const writers = targets.map(async (caseId) => {
      for (let v = 1; v <= 8; v += 1) {
        const res = await postOnNewConnection(server.url, '/sync/push', buyer.token, { deviceId: buyer.deviceId, commands: [command(describeCase(caseId, v, `w${v}`))] });
        expect((res.body as { results: { status: string }[] }).results[0]?.status).toBe('applied');
      }
    });
    const done = Promise.all(writers).finally(() => {
      writing = false;
    });
    while (writing) {
      const page = await pull(cursor, 3);
      apply(page.changes);
      cursor = page.nextCursor;
    }
    await done;
    const rest = await drain(cursor, 3);
    apply(rest.changes);
    expect(replica).toEqual(await dbVersions());
    for (const caseId of targets) expect(replica.get(caseId)).toBe(9);
  });

  it('tells the first page of the feed how many changes remain after it, and only the first page', async () => {
    for (let i = 0; i < 3; i += 1) await openCase(server, buyer, await createOrder(server.db));
    const everything = await pull(0, 1000);
    expect(everything.hasMore).toBe(false);
    expect(everything.remaining).toBe(0);
    const total = everything.changes.length;
    expect(total).toBeGreaterThan(4);

    const first = await pull(0, 3);
    expect(first).toMatchObject({ hasMore: true, remaining: total - 3 });
    // Later pages go without the count.
    const second = await pull(first.nextCursor, 3);
    expect(second.changes).toHaveLength(3);
    expect(second).not.toHaveProperty('remaining');
    // `since` defaults to 0: the first page.
    const defaults = await server.request<PullResponse>('GET', '/sync/pull?limit=2', { token: cs.token });
    expect(defaults.body.remaining).toBe(total - 2);
  });

  it('reports the device acknowledgement and validates its query', async () => {
    const device = await server.login('cs1', 'dev-pull');
    const caseId = await openCase(server, buyer, await createOrder(server.db));
    await push(server, device, [command({ type: 'cs.escalate', caseId, baseVersion: 1, payload: { reason: 'x' }, deviceSeq: 12 })]);
    expect((await pull(0, 1, device)).lastAckedSeq).toBe(12);

    for (const query of ['limit=0', 'limit=1001', 'since=-1', 'since=abc']) {
      const res = await server.request<{ code: string }>('GET', `/sync/pull?${query}`, { token: cs.token });
      expect([query, res.status, res.body.code]).toEqual([query, 400, 'query.invalid']);
    }
    const defaults = await server.request<PullResponse>('GET', '/sync/pull', { token: cs.token });
    expect(defaults.status).toBe(200);
    const forbidden = await server.request<{ code: string }>('GET', '/sync/pull', { token: buyer.token });
    expect([forbidden.status, forbidden.body.code]).toEqual([403, 'auth.forbidden']);
  });
});
