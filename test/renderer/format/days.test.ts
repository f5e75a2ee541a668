/** Days picked in a range picker as the instants a filter wants, in local time. */
import { describe, expect, it } from 'vitest';
import { pickedDays } from '../../../renderer/src/format/days';

const local = (y: number, m: number, d: number, h = 0, min = 0) => new Date(y, m - 1, d, h, min).getTime();

describe('picked days', () => {
  it('starts at the first day’s midnight and ends at the midnight after the last day', () => {
    const { start, after } = pickedDays([local(2026, 3, 2, 15, 30), local(2026, 3, 5, 9)]);
    expect(start.getTime()).toBe(local(2026, 3, 2));
    expect(after.getTime()).toBe(local(2026, 3, 6));
  });

  it('counts a single day whole and crosses a month end', () => {
    const { start, after } = pickedDays([local(2026, 1, 31, 12), local(2026, 1, 31, 12)]);
    expect(start.getTime()).toBe(local(2026, 1, 31));
    expect(after.getTime()).toBe(local(2026, 2, 1));
  });
});
