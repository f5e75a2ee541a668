import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../../../../shared/domain';
import { ZoneClock, caseFacts, orderFacts, packFacts, unpackFacts } from '../../../../renderer/src/stats';
import { CASE_ROWS, ORDER_ROWS } from './fixture';

const clock = new ZoneClock('Asia/Shanghai');
const cases = CASE_ROWS.map((r) => caseFacts(r, clock, DEFAULT_POLICY));
const orders = ORDER_ROWS.map((r) => orderFacts(r, clock));

describe('packed dashboard projections', () => {
  it('give back every case and order exactly, with missing times, benches without a grade and refunds', () => {
    const packed = structuredClone(packFacts(cases, orders));
    const back = unpackFacts(packed);
    expect([...back.cases.values()]).toEqual(cases);
    expect([...back.orders.values()]).toEqual(orders);
    expect(back.cases.get('D')?.bench).toMatchObject({ grade: null, disposition: null, disputed: true });
    expect(Number.isNaN(back.cases.get('A')!.endedDay)).toBe(true);
  });

  it('keep repeated words once', () => {
    const packed = packFacts(cases, orders);
    expect(new Set(packed.words).size).toBe(packed.words.length);
    expect(packed.words.filter((w) => w === 'SKU-A')).toHaveLength(1);
  });

  it('pack nothing as nothing', () => {
    const back = unpackFacts(packFacts([], []));
    expect(back.cases.size).toBe(0);
    expect(back.orders.size).toBe(0);
  });

  it('refuse a pack of another format or a damaged one', () => {
    const packed = packFacts(cases, orders);
    expect(() => unpackFacts({ ...packed, format: 99 as unknown as 1 })).toThrow(/format/);
    expect(() => unpackFacts({ ...packed, cases: { ...packed.cases, ids: 'one' } })).toThrow(/damaged/);
  });
});
