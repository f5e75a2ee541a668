import { describe, expect, it } from 'vitest';
import {
  afterSalesWindowEnd,
  foldCase,
  isOverdue,
  nextDeadline,
  nextLocalMidnight,
  sevenDayWindowEnd,
  toMs,
  warrantyEnd,
  type AfterSalesCase,
  type CaseEvent,
  type CaseState,
} from '../../../shared/domain';
import { APPLY_RETURN_A, command, ctx, makeOrder, policy, POLICY, PRODUCTS, run, T0 } from './fixtures';

describe('seven-day no-reason window', () => {
  it('runs 168 h from 00:00 (store time) of the day after signing', () => {
    // Signed 23:30 Shanghai on 1 March = 15:30 UTC; window starts 2 March 00:00 Shanghai = 1 March 16:00 UTC.
    const order = makeOrder('completed', { signedAt: '2026-03-01T15:30:00.000Z' });
    expect(nextLocalMidnight('2026-03-01T15:30:00.000Z', 'Asia/Shanghai')).toBe('2026-03-01T16:00:00.000Z');
    expect(sevenDayWindowEnd(order, POLICY)).toBe('2026-03-08T16:00:00.000Z');
  });

  it('follows the store time zone: the same instant is a different local day in New York', () => {
    const order = makeOrder('completed', { signedAt: '2026-03-01T15:30:00.000Z' });
    // 10:30 in New York (EST, −5) → next local midnight 2 March 05:00 UTC.
    expect(sevenDayWindowEnd(order, policy({ timeZone: 'America/New_York' }))).toBe('2026-03-09T05:00:00.000Z');
  });

  it('without carrier sign data runs 10 days (3 transit + 7) from shipment', () => {
    const order = makeOrder('shipped', { shippedAt: '2026-03-01T02:00:00.000Z', signedAt: null });
    expect(sevenDayWindowEnd(order, POLICY)).toBe('2026-03-11T02:00:00.000Z');
    expect(sevenDayWindowEnd(makeOrder('awaiting_shipment'), POLICY)).toBeNull();
  });
});

describe('after-sales window', () => {
  it('closes 15 days after receipt confirmation and is open before confirmation', () => {
    const order = makeOrder('completed', { confirmedAt: '2026-03-01T00:00:00.000Z' });
    expect(afterSalesWindowEnd(order, POLICY)).toBe('2026-03-16T00:00:00.000Z');
    expect(afterSalesWindowEnd(makeOrder('shipped'), POLICY)).toBeNull();
    expect(afterSalesWindowEnd(order, policy({ windows: { afterSalesHours: 7 * 24 } }))).toBe('2026-03-08T00:00:00.000Z');
  });
});

describe('instants', () => {
  it('refuses a time it cannot read instead of computing with NaN', () => {
    expect(toMs('2026-03-10T02:00:00.000Z')).toBe(Date.UTC(2026, 2, 10, 2));
    expect(() => toMs('not a time')).toThrow(RangeError);
    expect(() => toMs('not a time')).toThrow('invalid time not a time');
  });
});

describe('warranty', () => {
  const product = PRODUCTS.A;
  if (!product) throw new Error('fixture');
  const order = makeOrder('completed', { signedAt: '2026-01-01T00:00:00.000Z' });
  /** One case open 1–20 Feb that paused the warranty over the given days (UTC midnights). */
  const pausedCase = (...spans: Array<[string, string]>) => [
    { openedAt: '2026-02-01T00:00:00.000Z', endedAt: '2026-02-20T00:00:00.000Z', warrantyPauses: spans.map(([from, to]) => ({ from: `${from}T00:00:00.000Z`, to: `${to}T00:00:00.000Z` })) },
  ];

  it('runs warrantyDays from signing', () => {
    expect(warrantyEnd(order, product, [], T0)).toBe('2027-01-01T00:00:00.000Z');
  });

  it('is paused while a case is open and resumes when it ends (overlaps count once)', () => {
    const cases = [
      { openedAt: '2026-02-01T00:00:00.000Z', endedAt: '2026-02-11T00:00:00.000Z' },
      { openedAt: '2026-02-05T00:00:00.000Z', endedAt: '2026-02-08T00:00:00.000Z' },
      { openedAt: '2026-03-01T00:00:00.000Z', endedAt: '2026-03-03T00:00:00.000Z' },
    ];
    expect(warrantyEnd(order, product, cases, T0)).toBe('2027-01-13T00:00:00.000Z');
  });

  it('merges pauses given in any order: a later span that starts inside an earlier one extends it', () => {
    // 1–15 Feb and 10–20 Feb (listed the other way round) pause 1–20 Feb: 19 days, not 10 or 14 + 10.
    const overlapping = pausedCase(['2026-02-10', '2026-02-20'], ['2026-02-01', '2026-02-15']);
    expect(warrantyEnd(order, product, overlapping, T0)).toBe('2027-01-20T00:00:00.000Z');
  });

  it('keeps pausing for a case still open at `now`', () => {
    const open = [{ openedAt: '2026-03-09T02:00:00.000Z', endedAt: null }];
    expect(warrantyEnd(order, product, open, T0)).toBe('2027-01-02T00:00:00.000Z');
  });

  it('counts only the spans a case paused it: a rejected case lets the warranty run', () => {
    const rejectedThenResubmitted = pausedCase(['2026-02-01', '2026-02-04'], ['2026-02-10', '2026-02-12']);
    expect(warrantyEnd(order, product, rejectedThenResubmitted, T0)).toBe('2027-01-06T00:00:00.000Z');
    // A running span pauses until `now` (T0 = 2026-03-10T02:00Z).
    const running = [{ openedAt: '2026-03-01T00:00:00.000Z', endedAt: null, warrantyPauses: [{ from: '2026-03-09T02:00:00.000Z', to: null }] }];
    expect(warrantyEnd(order, product, running, T0)).toBe('2027-01-02T00:00:00.000Z');
  });

  it('has no warranty for products without one or orders never received', () => {
    const b = PRODUCTS.B;
    if (!b) throw new Error('fixture');
    expect(warrantyEnd(order, b, [], T0)).toBeNull();
    expect(warrantyEnd(makeOrder('shipped'), product, [], T0)).toBeNull();
  });
});

describe('deadlines', () => {
  const order = makeOrder('completed');
  const applied = run(undefined, command('buyer.apply', APPLY_RETURN_A), ctx(order));

  function inState(state: CaseState): AfterSalesCase {
    return { ...applied, state, stateEnteredAt: '2026-03-10T00:00:00.000Z' };
  }

  it('merchant review: auto-approve 7×24 h after the application', () => {
    expect(nextDeadline(applied, POLICY)).toEqual({ action: 'system.auto_approve', owner: 'cs', dueAt: '2026-03-17T02:00:00.000Z', state: 'pending_review' });
  });

  it('no auto-approve when the policy turns it off, or for a reship (CS must say why)', () => {
    expect(nextDeadline(applied, policy({ deadlines: { autoApproveOnReviewTimeout: false } }))?.action).toBeNull();
    expect(nextDeadline({ ...applied, type: 'reship' }, POLICY)?.action).toBeNull();
  });

  it('each waiting state has its deadline and owner', () => {
    const table: Array<[CaseState, string | null, string, string]> = [
      ['rejected', 'system.auto_close', 'buyer', '2026-03-17T00:00:00.000Z'],
      ['awaiting_buyer_shipment', 'system.auto_close', 'buyer', '2026-03-17T00:00:00.000Z'],
      ['awaiting_receipt', 'system.auto_close', 'warehouse', '2026-03-24T00:00:00.000Z'],
      ['disputed', null, 'cs', '2026-03-13T00:00:00.000Z'],
      ['awaiting_refund', null, 'finance', '2026-03-12T00:00:00.000Z'],
      ['awaiting_exchange_shipment', null, 'warehouse', '2026-03-12T00:00:00.000Z'],
      ['awaiting_buyer_confirmation', 'system.auto_confirm', 'buyer', '2026-03-20T00:00:00.000Z'],
    ];
    for (const [state, action, owner, dueAt] of table) {
      expect(nextDeadline(inState(state), POLICY), state).toEqual({ action, owner, dueAt, state });
    }
    expect(nextDeadline(inState('completed'), POLICY)).toBeNull();
    expect(nextDeadline(inState('closed'), POLICY)).toBeNull();
  });

  it('a rejected case waits for the buyer as long as the idle time the policy sets for rejections', () => {
    const shortIdle = policy({ deadlines: { rejectedIdleHours: 3 * 24 } });
    expect(nextDeadline(inState('rejected'), shortIdle)).toEqual({ action: 'system.auto_close', owner: 'buyer', dueAt: '2026-03-13T00:00:00.000Z', state: 'rejected' });
    expect(nextDeadline(inState('awaiting_buyer_shipment'), shortIdle)?.dueAt).toBe('2026-03-17T00:00:00.000Z');
  });

  it('warehouse receipt deadline is configurable (7 or 14 days)', () => {
    expect(nextDeadline(inState('awaiting_receipt'), policy({ deadlines: { warehouseReceiptHours: 7 * 24 } }))?.dueAt).toBe('2026-03-17T00:00:00.000Z');
  });

  it('is overdue from its due time on', () => {
    const d = nextDeadline(applied, POLICY);
    expect(isOverdue(d, '2026-03-17T01:59:59.999Z')).toBe(false);
    expect(isOverdue(d, '2026-03-17T02:00:00.000Z')).toBe(true);
    expect(isOverdue(null, T0)).toBe(false);
  });

  it('restarts when the case enters a new state', () => {
    const events: CaseEvent[] = [];
    const c0 = run(undefined, command('buyer.apply', APPLY_RETURN_A), ctx(order), events);
    const c1 = run(c0, command('cs.approve', {}, { c: c0, occurredAt: '2026-03-12T00:00:00.000Z' }), ctx(order, '2026-03-12T00:00:00.000Z'), events);
    expect(nextDeadline(c1, POLICY)?.dueAt).toBe('2026-03-19T00:00:00.000Z');
    expect(foldCase(events).stateEnteredAt).toBe('2026-03-12T00:00:00.000Z');
  });
});
