/**
 * The dashboard's charts and their tables from the figures (`stats/aggregate`): one spec per
 * chart with its ECharts option and the same numbers as rows. Pure: the words come from `t`, so
 * a change of language rebuilds the specs (cheap) without recomputing the figures.
 */
import type { EChartsCoreOption } from 'echarts/core';
import type { Reason } from '../../../../shared/domain';
import { dateOfDay, type Dashboard, type DrillKey } from '../../stats';
import type { ChartKey } from '../../stores/dashboard';

export type Translate = (key: string, params?: Record<string, unknown>) => string;

export interface TableColumn {
  key: string;
  title: string;
  /** Right-aligned numbers. */
  numeric?: boolean;
}

export interface ChartSpec {
  key: ChartKey;
  title: string;
  /** A line of figures under the title. */
  figure: string | null;
  /** Figures "now": the date range does not apply. */
  now: boolean;
  option: EChartsCoreOption;
  columns: TableColumn[];
  rows: Array<Record<string, string | number>>;
  /** The cases behind the i-th bar (return-rate charts). */
  drill?: (index: number) => { key: DrillKey; label: string } | null;
}

/** Minor units as yuan with two decimals. */
export function yuan(minor: number): string {
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(Math.round(minor));
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

export function percent(rate: number | null): string {
  return rate === null ? '—' : `${(rate * 100).toFixed(1)}%`;
}

const dayLabel = (day: number): string => dateOfDay(day).slice(5);

function base(extra: EChartsCoreOption): EChartsCoreOption {
  return { backgroundColor: 'transparent', animation: false, tooltip: { trigger: 'axis' }, grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true }, ...extra };
}

/** Bars over categories: every label shown (states, roles, reasons), or thinned out for days (`dates`). */
function bar(categories: string[], series: Array<{ name: string; data: number[]; stack?: string }>, horizontal = false, dates = false, legend = series.length > 1): EChartsCoreOption {
  const cat = { type: 'category', data: categories, axisLabel: dates ? { hideOverlap: true } : { interval: 0, overflow: 'truncate', width: horizontal ? 110 : 90 } };
  const val = { type: 'value', minInterval: 1 };
  return base({
    legend: legend ? { top: 0, type: 'scroll' } : undefined,
    xAxis: horizontal ? val : cat,
    yAxis: horizontal ? { ...cat, inverse: true } : val,
    series: series.map((s) => ({ type: 'bar', name: s.name, data: s.data, stack: s.stack, barMaxWidth: 28 })),
  });
}

function pie(name: string, data: Array<{ name: string; value: number }>): EChartsCoreOption {
  return {
    backgroundColor: 'transparent',
    animation: false,
    tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' },
    legend: { type: 'scroll', orient: 'vertical', left: 0, top: 'middle' },
    series: [{ type: 'pie', name, radius: ['38%', '68%'], center: ['65%', '52%'], data, label: { show: false }, showEmptyCircle: false }],
  };
}

/** True when a table holds no number but zeros (a chart of nothing says so). */
function allZero(rows: ChartSpec['rows'], columns: TableColumn[]): boolean {
  const numeric = columns.filter((c) => c.numeric).map((c) => c.key);
  return rows.every((r) => numeric.every((k) => r[k] === 0 || r[k] === '0.00' || r[k] === '—'));
}

/** The specs, with a "no data" note on the charts of the range that have nothing to show. */
export function chartSpecs(d: Dashboard, t: Translate): ChartSpec[] {
  return buildSpecs(d, t).map((spec) =>
    allZero(spec.rows, spec.columns)
      ? { ...spec, option: { ...spec.option, legend: { show: false }, title: { text: t('dashboard.noData'), left: 'center', top: 'middle', textStyle: { fontSize: 13, fontWeight: 'normal', color: '#909399' } } } }
      : spec,
  );
}

function buildSpecs(d: Dashboard, t: Translate): ChartSpec[] {
  const days = d.days.map(dayLabel);
  const role = (r: string): string => t(`session.roles.${r}`);
  const state = (s: string): string => t(`sync.caseStates.${s}`);
  const type = (s: string): string => t(`scanStation.caseTypes.${s}`);
  const reason = (s: string): string => t(`scanStation.reasons.${s}`);
  const daily = (cols: Array<{ key: string; title: string; values: number[]; money?: boolean }>): Pick<ChartSpec, 'columns' | 'rows'> => ({
    columns: [{ key: 'day', title: t('dashboard.columns.day') }, ...cols.map((c) => ({ key: c.key, title: c.title, numeric: true }))],
    rows: d.days.map((day, i) => ({ day: dateOfDay(day), ...Object.fromEntries(cols.map((c) => [c.key, c.money ? yuan(c.values[i] ?? 0) : (c.values[i] ?? 0)])) })),
  });
  /** Counts by category: a pie of the categories that have some, and the table with every category. */
  const byCategory = (pieName: string, column: TableColumn, countTitle: string, counts: Array<{ label: string; count: number }>): Pick<ChartSpec, 'option' | 'columns' | 'rows'> => ({
    option: pie(pieName, counts.filter((x) => x.count > 0).map((x) => ({ name: x.label, value: x.count }))),
    columns: [column, { key: 'count', title: countTitle, numeric: true }],
    rows: counts.map((x) => ({ [column.key]: x.label, count: x.count })),
  });
  const w = d.warehouse;
  const untimed = w.stations.reduce((n, s) => n + s.inspections - s.timed, 0);
  const hours = Array.from({ length: 24 }, (_, h) => `${String(h).padStart(2, '0')}:00`);

  return [
    {
      key: 'openByState',
      title: t('dashboard.charts.openByState'),
      figure: null,
      now: true,
      option: bar(d.openByState.map((x) => state(x.state)), [{ name: t('dashboard.series.cases'), data: d.openByState.map((x) => x.count) }], true),
      columns: [{ key: 'state', title: t('dashboard.columns.state') }, { key: 'count', title: t('dashboard.series.cases'), numeric: true }],
      rows: d.openByState.map((x) => ({ state: state(x.state), count: x.count })),
    },
    {
      key: 'openByType',
      title: t('dashboard.charts.openByType'),
      figure: null,
      now: true,
      ...byCategory(
        t('dashboard.series.cases'),
        { key: 'type', title: t('dashboard.columns.type') },
        t('dashboard.series.cases'),
        d.openByType.map((x) => ({ label: type(x.type), count: x.count })),
      ),
    },
    {
      key: 'throughput',
      title: t('dashboard.charts.throughput'),
      figure: null,
      now: false,
      option: base({
        legend: { top: 0 },
        xAxis: { type: 'category', data: days },
        yAxis: { type: 'value', minInterval: 1 },
        series: [
          { type: 'line', name: t('dashboard.series.opened'), data: d.opened, showSymbol: false },
          { type: 'line', name: t('dashboard.series.closed'), data: d.closed, showSymbol: false },
        ],
      }),
      ...daily([
        { key: 'opened', title: t('dashboard.series.opened'), values: d.opened },
        { key: 'closed', title: t('dashboard.series.closed'), values: d.closed },
      ]),
    },
    {
      key: 'overdue',
      title: t('dashboard.charts.overdue'),
      figure: null,
      now: true,
      option: bar(d.overdueNow.map((x) => role(x.owner)), [{ name: t('dashboard.series.overdue'), data: d.overdueNow.map((x) => x.count) }]),
      columns: [{ key: 'role', title: t('dashboard.columns.role') }, { key: 'count', title: t('dashboard.series.overdue'), numeric: true }],
      rows: d.overdueNow.map((x) => ({ role: role(x.owner), count: x.count })),
    },
    {
      key: 'breaches',
      title: t('dashboard.charts.breaches'),
      figure: null,
      now: false,
      option: bar(days, d.breaches.map((b) => ({ name: role(b.owner), data: b.perDay, stack: 'breaches' })), false, true),
      ...daily(d.breaches.map((b) => ({ key: b.owner, title: role(b.owner), values: b.perDay }))),
    },
    {
      key: 'returnsBySku',
      title: t('dashboard.charts.returnsBySku'),
      figure: t('dashboard.figures.returns', { returned: d.unitsReturned, sold: d.unitsSold }),
      now: false,
      option: base({
        tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => `${Number(v).toFixed(1)}%` },
        xAxis: { type: 'value', axisLabel: { formatter: '{value}%' } },
        yAxis: { type: 'category', inverse: true, data: d.returnsBySku.map((x) => x.sku) },
        series: [{ type: 'bar', name: t('dashboard.series.rate'), data: d.returnsBySku.map((x) => (x.rate === null ? 0 : Math.round(x.rate * 1000) / 10)), barMaxWidth: 16, cursor: 'pointer' }],
      }),
      columns: [
        { key: 'sku', title: t('dashboard.columns.sku') },
        { key: 'returned', title: t('dashboard.series.returned'), numeric: true },
        { key: 'sold', title: t('dashboard.series.sold'), numeric: true },
        { key: 'rate', title: t('dashboard.series.rate'), numeric: true },
      ],
      rows: d.returnsBySku.map((x) => ({ sku: x.sku, returned: x.returned, sold: x.sold, rate: percent(x.rate) })),
      drill: (i) => {
        const row = d.returnsBySku[i];
        return row ? { key: { sku: row.sku }, label: row.sku } : null;
      },
    },
    {
      key: 'returnsByReason',
      title: t('dashboard.charts.returnsByReason'),
      figure: null,
      now: false,
      option: bar(d.returnsByReason.map((x) => reason(x.reason)), [{ name: t('dashboard.series.returned'), data: d.returnsByReason.map((x) => x.returned) }], true),
      columns: [
        { key: 'reason', title: t('dashboard.columns.reason') },
        { key: 'returned', title: t('dashboard.series.returned'), numeric: true },
        { key: 'rate', title: t('dashboard.series.rate'), numeric: true },
      ],
      rows: d.returnsByReason.map((x) => ({ reason: reason(x.reason), returned: x.returned, rate: percent(x.rate) })),
      drill: (i) => {
        const row = d.returnsByReason[i];
        return row ? { key: { reason: row.reason as Reason }, label: reason(row.reason) } : null;
      },
    },
    {
      key: 'stationHours',
      title: t('dashboard.charts.stationHours'),
      figure: [t('dashboard.figures.disputeRate', { rate: percent(w.disputeRate), disputed: w.disputed, inspections: w.inspections }), untimed > 0 ? t('dashboard.figures.untimed', { count: untimed }) : ''].filter(Boolean).join(' · '),
      now: false,
      option: bar(hours, w.stations.map((s) => ({ name: s.station, data: s.byHour, stack: 'stations' })), false, true, true),
      columns: [
        { key: 'station', title: t('dashboard.columns.station') },
        { key: 'inspections', title: t('dashboard.series.inspections'), numeric: true },
        { key: 'timed', title: t('dashboard.columns.timed'), numeric: true },
        { key: 'activeHours', title: t('dashboard.columns.activeHours'), numeric: true },
        { key: 'perHour', title: t('dashboard.columns.perHour'), numeric: true },
      ],
      rows: w.stations.map((s) => ({ station: s.station, inspections: s.inspections, timed: s.timed, activeHours: s.activeHours, perHour: s.perHour === null ? '—' : s.perHour.toFixed(1) })),
    },
    {
      key: 'grades',
      title: t('dashboard.charts.grades'),
      figure: null,
      now: false,
      ...byCategory(
        t('dashboard.series.inspections'),
        { key: 'grade', title: t('dashboard.columns.grade') },
        t('dashboard.series.count'),
        w.grades.map((x) => ({ label: t(`scanStation.grades.${x.grade}`), count: x.count })),
      ),
    },
    {
      key: 'dispositions',
      title: t('dashboard.charts.dispositions'),
      figure: null,
      now: false,
      ...byCategory(
        t('dashboard.series.inspections'),
        { key: 'disposition', title: t('dashboard.columns.disposition') },
        t('dashboard.series.count'),
        w.dispositions.map((x) => ({ label: t(`scanStation.dispositions.${x.kind}`), count: x.count })),
      ),
    },
    {
      key: 'disputes',
      title: t('dashboard.charts.disputes'),
      figure:
        d.disputes.avgSettleHours === null
          ? t('dashboard.figures.settleNone', { open: d.disputes.open })
          : t('dashboard.figures.settle', { hours: d.disputes.avgSettleHours.toFixed(1), amount: yuan(d.disputes.agreedAmount), open: d.disputes.open }),
      now: false,
      ...byCategory(
        t('dashboard.series.count'),
        { key: 'resolution', title: t('dashboard.columns.resolution') },
        t('dashboard.series.count'),
        d.disputes.outcomes.map((x) => ({ label: t(`cs.resolutions.${x.resolution}`), count: x.count })),
      ),
    },
    {
      key: 'refunds',
      title: t('dashboard.charts.refunds'),
      figure: t('dashboard.figures.refunds', { count: d.refunds.count, cash: yuan(d.refunds.totalCash), coins: yuan(d.refunds.totalCoins) }),
      now: false,
      option: base({
        legend: { top: 0 },
        tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => Number(v).toFixed(2) },
        xAxis: { type: 'category', data: days },
        yAxis: { type: 'value' },
        series: [
          { type: 'bar', name: t('dashboard.series.cash'), data: d.refunds.cash.map((m) => m / 100), stack: 'refunds', barMaxWidth: 18 },
          { type: 'bar', name: t('dashboard.series.coins'), data: d.refunds.coins.map((m) => m / 100), stack: 'refunds', barMaxWidth: 18 },
        ],
      }),
      ...daily([
        { key: 'cash', title: t('dashboard.series.cash'), values: d.refunds.cash, money: true },
        { key: 'coins', title: t('dashboard.series.coins'), values: d.refunds.coins, money: true },
      ]),
    },
  ];
}
