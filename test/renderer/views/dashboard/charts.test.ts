import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../../../../shared/domain';
import { createAppI18n, setMissingKeyReporter } from '../../../../renderer/src/i18n';
import { ZoneClock, aggregate, caseFacts, dayOfDate, orderFacts } from '../../../../renderer/src/stats';
import { CHART_KEYS } from '../../../../renderer/src/stores/dashboard';
import { chartSpecs, percent, yuan, type Translate } from '../../../../renderer/src/views/dashboard/charts';
import { CASE_ROWS, NOW_MS, ORDER_ROWS } from './fixture';

const clock = new ZoneClock('Asia/Shanghai');
const cases = CASE_ROWS.map((r) => caseFacts(r, clock, DEFAULT_POLICY));
const orders = ORDER_ROWS.map((r) => orderFacts(r, clock));
const march = aggregate(cases, orders, { from: dayOfDate(2026, 3, 1), to: dayOfDate(2026, 3, 3) }, NOW_MS);

function translate(locale: 'zh-CN' | 'en-US'): { t: Translate; missing: string[] } {
  const missing: string[] = [];
  setMissingKeyReporter((loc, key) => missing.push(`${loc}:${key}`));
  const { global } = createAppI18n(locale);
  return { t: (key, params) => (params ? global.t(key, params) : global.t(key)), missing };
}
afterEach(() => setMissingKeyReporter(null));

const option = (spec: { option: unknown }) => spec.option as { title?: { text: string }; series: Array<{ name: string; data: unknown[] }>; yAxis?: { data?: string[] }; xAxis?: { data?: string[] } };

describe('dashboard charts and their tables', () => {
  it('builds one chart per chart key, with every word translated in both languages', () => {
    for (const locale of ['zh-CN', 'en-US'] as const) {
      const { t, missing } = translate(locale);
      const specs = chartSpecs(march, t);
      expect(specs.map((s) => s.key)).toEqual([...CHART_KEYS]);
      expect(missing).toEqual([]);
    }
  });

  it('shows the same numbers in the chart and in its table', () => {
    const { t } = translate('en-US');
    const specs = Object.fromEntries(chartSpecs(march, t).map((s) => [s.key, s]));
    const throughput = specs.throughput!;
    expect(throughput.rows).toEqual([
      { day: '2026-03-01', opened: 4, closed: 2 },
      { day: '2026-03-02', opened: 2, closed: 2 },
      { day: '2026-03-03', opened: 1, closed: 1 },
    ]);
    expect(option(throughput).series.map((s) => s.data)).toEqual([[4, 2, 1], [2, 2, 1]]);
    expect(option(throughput).xAxis?.data).toEqual(['03-01', '03-02', '03-03']);
    // Refunds: yuan with two decimals in the table, yuan in the chart.
    expect(specs.refunds!.rows.map((r) => r.cash)).toEqual(['0.00', '30.00', '58.50']);
    expect(option(specs.refunds!).series[0]!.data).toEqual([0, 30, 58.5]);
    expect(specs.refunds!.figure).toBe('2 refunds · cash ¥88.50 · coins ¥0.50');
    // Return rates as percentages, highest first; the SKU on the axis.
    expect(specs.returnsBySku!.rows).toEqual([
      { sku: 'SKU-B', returned: 2, sold: 2, rate: '100.0%' },
      { sku: 'SKU-A', returned: 3, sold: 5, rate: '60.0%' },
    ]);
    expect(option(specs.returnsBySku!).yAxis?.data).toEqual(['SKU-B', 'SKU-A']);
    expect(specs.overdue!.rows).toEqual([
      { role: 'Customer service', count: 1 },
      { role: 'Warehouse', count: 0 },
      { role: 'Finance', count: 1 },
      { role: 'Buyer', count: 1 },
    ]);
    expect(specs.disputes!.figure).toBe('Settled in 28.0 h on average · agreed amounts ¥0.00 · 1 open');
  });

  it('drills down from the i-th bar of the return-rate charts', () => {
    const { t } = translate('zh-CN');
    const specs = Object.fromEntries(chartSpecs(march, t).map((s) => [s.key, s]));
    expect(specs.returnsBySku!.drill?.(1)).toEqual({ key: { sku: 'SKU-A' }, label: 'SKU-A' });
    expect(specs.returnsByReason!.drill?.(0)).toEqual({ key: { reason: 'quality_issue' }, label: '质量问题' });
    expect(specs.returnsBySku!.drill?.(5)).toBeNull();
    expect(specs.throughput!.drill).toBeUndefined();
  });

  it('says so on a chart with nothing in the range, and only there', () => {
    const { t } = translate('zh-CN');
    const empty = aggregate(cases, orders, { from: dayOfDate(2025, 1, 1), to: dayOfDate(2025, 1, 7) }, NOW_MS);
    const specs = Object.fromEntries(chartSpecs(empty, t).map((s) => [s.key, s]));
    expect(option(specs.refunds!).title?.text).toBe('该范围内没有数据');
    expect(option(specs.grades!).title?.text).toBe('该范围内没有数据');
    // Open cases are "now": still there.
    expect(option(specs.openByState!).title).toBeUndefined();
    expect(specs.openByState!.now).toBe(true);
  });

  it('formats money and rates', () => {
    expect(yuan(0)).toBe('0.00');
    expect(yuan(5)).toBe('0.05');
    expect(yuan(123456)).toBe('1234.56');
    expect(yuan(-250)).toBe('-2.50');
    expect(percent(null)).toBe('—');
    expect(percent(1 / 3)).toBe('33.3%');
  });
});
