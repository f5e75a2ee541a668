/**
 * What a careless or hostile client may put into POST /sync/push. Each bad command is refused on
 * its own with a clear code and leaves nothing stored, while the good commands around it in the
 * same batch are applied: one bad value no longer turns a whole batch into a 500 that the
 * workstation retries forever.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { PushResponse } from '../../shared/sync';
import { backends, loginAll, serverPerSuite, type LoggedIn } from './support/harness';
import { command, createOrder, openCase, push } from './support/fixtures';

/** `{ a: { a: … } }`, `depth` levels. */
function nested(depth: number): unknown {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
}

describe.each(backends)('bad input on POST /sync/push on %s', (backend) => {
  const server = serverPerSuite(backend);
  let buyer: LoggedIn;
  let cs: LoggedIn;

  beforeAll(async () => {
    [buyer, cs] = await loginAll(server, ['buyer1', 'cs1']);
  });

  const newCase = async () => openCase(server, buyer, await createOrder(server.db));
  const eventCount = async (caseId: string) => (await server.db.query('SELECT 1 FROM case_events WHERE case_id = $1', [caseId])).length;
  const storedCommand = async (id: string) => (await server.db.query('SELECT 1 FROM commands WHERE command_id::text = lower($1)', [id])).length;

  it('refuses each malformed command alone and applies the good ones of the same batch', async () => {
    const caseId = await newCase();
    const other = await newCase();
    const reject = (reason: unknown) => command({ type: 'cs.reject', caseId: other, baseVersion: 1, payload: { reason } });
    const onCase = (id: string) => command({ type: 'cs.escalate', caseId: id, baseVersion: 0, payload: { reason: 'x' } });
    const typed = (type: string) => command({ type, caseId: other, baseVersion: 1, payload: { reason: 'x' } });
    const corpus: [string, ReturnType<typeof command> | Record<string, unknown>][] = [
      // The highest sequence of the batch: a refused malformed command is not acknowledged.
      ['NUL in a reason', { ...reject('before\u0000after'), deviceSeq: 9_000_000_000 }],
      ['lone high surrogate in a reason', reject('bad \ud800 text')],
      ['lone low surrogate in a reason', reject('\udc00 first')],
      ['right-to-left override in a reason', reject('refund \u202Eevil')],
      ['10 kB reason', reject('x'.repeat(10_240))],
      ['NUL in a payload key', command({ type: 'cs.reject', caseId: other, baseVersion: 1, payload: { reason: 'ok', 'no\u0000te': 1 } })],
      ['NUL in a case id', onCase('case-\u0000')],
      ['lone surrogate in a case id', onCase('case-\ud83d')],
      ['right-to-left override in a case id', onCase('case-\u202E1')],
      ['10 kB case id', onCase(`case-${'y'.repeat(10_240)}`)],
      ['NUL in a type', typed('cs.esca\u0000late')],
      ['lone surrogate in a type', typed('cs.\udfffescalate')],
      ['year 9999', { ...reject('late'), occurredAt: '9999-12-31T23:59:59Z' }],
      ['year 0000', { ...reject('early'), occurredAt: '0000-01-01T00:00:00Z' }],
      ['before 2000', { ...reject('early'), occurredAt: '1999-12-31T23:59:59Z' }],
      ['not a time', { ...reject('when'), occurredAt: 'yesterday' }],
      ['device sequence past 2^53', { ...reject('seq'), deviceSeq: 2 ** 53 + 2 }],
      ['base version past 2^53', { ...reject('version'), baseVersion: 2 ** 53 }],
      ['amount past 2^53', command({ type: 'cs.resolve_dispute', caseId: other, baseVersion: 1, payload: { resolution: 'agreed_amount', amount: 2 ** 53 + 2, reason: 'x' } })],
      ['payload nested 2,000 levels', command({ type: 'cs.reject', caseId: other, baseVersion: 1, payload: { reason: 'deep', more: nested(2000) } })],
      ['id that is not a UUID', { ...reject('id'), id: 'not-a-uuid' }],
      ['no id at all', { type: 'cs.reject', caseId: other, baseVersion: 1, deviceSeq: 1, occurredAt: new Date().toISOString(), payload: { reason: 'x' } }],
    ];
    const first = command({ type: 'cs.escalate', caseId, baseVersion: 1, payload: { reason: 'before the bad ones' } });
    const last = command({ type: 'cs.approve', caseId, baseVersion: 2 });
    const answer = await push(server, cs, [first, ...corpus.map(([, c]) => c), last]);

    expect(answer.results).toHaveLength(corpus.length + 2);
    expect(answer.results[0]).toMatchObject({ id: first.id, status: 'applied', version: 2 });
    expect(answer.results.at(-1)).toMatchObject({ id: last.id, status: 'applied', version: 3 });
    for (const [i, [label, sent]] of corpus.entries()) {
      const result = answer.results[i + 1];
      expect(result, label).toMatchObject({ status: 'rejected', code: 'payload_invalid', params: { path: expect.any(String) as unknown, message: expect.any(String) as unknown } });
      expect(result?.id, label).toBe(typeof sent.id === 'string' ? sent.id : '');
      if (typeof sent.id === 'string' && /^[0-9a-f-]{36}$/i.test(sent.id)) expect(await storedCommand(sent.id), label).toBe(0);
    }
    // Nothing of the bad commands was stored: no case for the bad ids, no event on the other case.
    expect(await eventCount(other)).toBe(1);
    expect(await eventCount(caseId)).toBe(3);
    const [row] = await server.db.query<{ n: unknown }>(`SELECT count(*) AS n FROM cases WHERE id LIKE 'case-%' AND (id ~ '[^[:print:]]' OR length(id) > 100)`);
    expect(Number(row?.n)).toBe(0);
    // Malformed commands are not acknowledged: the device's sequence is that of the last good one.
    expect(answer.lastAckedSeq).toBe(last.deviceSeq);
  });

  it('answers a malformed envelope with 4xx, never 500', async () => {
    const good = command({ type: 'cs.escalate', caseId: 'case-x', baseVersion: 1, payload: { reason: 'x' } });
    const cases: [string, { json?: unknown; body?: string; headers?: Record<string, string> }, number, string][] = [
      ['NUL in the device id', { json: { deviceId: 'dev-\u0000', commands: [good] } }, 400, 'body.invalid'],
      ['a command that is not an object', { json: { deviceId: cs.deviceId, commands: [good, 42] } }, 400, 'body.invalid'],
      ['no commands', { json: { deviceId: cs.deviceId, commands: [] } }, 400, 'body.invalid'],
      ['form content type', { body: 'deviceId=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } }, 415, 'body.unsupported_type'],
      ['broken JSON', { body: '{"deviceId":', headers: { 'content-type': 'application/json' } }, 400, 'body.malformed'],
    ];
    for (const [label, init, status, code] of cases) {
      const res = await server.request<{ code: string }>('POST', '/sync/push', { token: cs.token, ...init });
      expect([label, res.status, res.body.code], label).toEqual([label, status, code]);
    }
    // Plain text is read as a string (Fastify's default parser), which is not a push request.
    const text = await server.request<{ code: string }>('POST', '/sync/push', { token: cs.token, body: JSON.stringify({ deviceId: cs.deviceId, commands: [good] }), headers: { 'content-type': 'text/plain' } });
    expect([text.status, text.body.code]).toEqual([400, 'body.invalid']);
    // JSON nested deeper than any payload beside the commands: parsed or refused, never a crash.
    const deep = `{"deviceId":"${cs.deviceId}","commands":[${JSON.stringify(good)}],"padding":${'['.repeat(50_000)}${']'.repeat(50_000)}}`;
    const res = await server.request<PushResponse>('POST', '/sync/push', { token: cs.token, body: deep, headers: { 'content-type': 'application/json' } });
    expect(res.status).toBeLessThan(500);
    expect((await server.request('GET', '/health')).status).toBe(200);
  });

  it('answers a login with a device id PostgreSQL would refuse with 400, not 500', async () => {
    for (const deviceId of ['dev-\u0000', 'dev-\ud800', 'dev-\u202E']) {
      const res = await server.request<{ code: string }>('POST', '/auth/login', { json: { username: 'cs1', password: 'demo1234', deviceId } });
      expect([deviceId, res.status, res.body.code]).toEqual([deviceId, 400, 'body.invalid']);
    }
  });

  it('refuses alone a command the database refuses, and applies the rest of its batch', async () => {
    // A stand-in for any value the wire check misses: the database itself refuses this reason.
    const marker = `poison-${randomUUID().slice(0, 8)}`;
    await server.db.exec(`
      CREATE FUNCTION refuse_poison() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.data::text LIKE '%${marker}%' THEN RAISE EXCEPTION 'poisoned' USING ERRCODE = '23514'; END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER refuse_poison BEFORE INSERT ON case_events FOR EACH ROW EXECUTE FUNCTION refuse_poison();`);
    try {
      const [a, b, c] = [await newCase(), await newCase(), await newCase()];
      const poisoned = command({ type: 'cs.reject', caseId: b, baseVersion: 1, payload: { reason: marker } });
      const answer = await push(server, cs, [command({ type: 'cs.approve', caseId: a, baseVersion: 1 }), poisoned, command({ type: 'cs.approve', caseId: c, baseVersion: 1 })]);
      expect(answer.results.map((r) => r.status)).toEqual(['applied', 'rejected', 'applied']);
      expect(answer.results[1]).toMatchObject({ id: poisoned.id, code: 'server.rule_error', params: { errorId: expect.any(String) as unknown } });
      expect(await eventCount(b)).toBe(1);
      expect(await storedCommand(poisoned.id)).toBe(0);
    } finally {
      await server.db.exec('DROP TRIGGER refuse_poison ON case_events; DROP FUNCTION refuse_poison();');
    }
  });
});
