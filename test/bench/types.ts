/** One figure written to bench-results.json, named as in its issue (e.g. `domain.fold`). */
export interface BenchFigure {
  name: string;
  /** The figure: the median of its repeated measurements when `runs` is given. */
  value: number;
  unit: string;
  /** Latency percentiles, in `latencyUnit` (never percentiles of a rate). */
  p50?: number;
  p95?: number;
  p99?: number;
  /** Unit of p50/p95/p99 when it differs from `unit` (e.g. ms for a figure in commands/s). */
  latencyUnit?: string;
  /** Spread of the repeated measurements behind `value` (lowest, median, highest). */
  min?: number;
  median?: number;
  max?: number;
  /** How many times the figure and its baseline were measured, alternately, in this run. */
  runs?: number;
  /** The same quantity for a baseline measured in the same run (median of its repeats). */
  baseline?: number;
  baselineMin?: number;
  baselineMax?: number;
  /** value / baseline. */
  ratio?: number;
  /** Sample count behind the percentiles (or behind the figure when there are none). */
  n?: number;
  /** Records in the store the figure was measured against, where that matters. */
  storeSize?: number;
  /** Attempts that failed and are not in the percentiles (e.g. scans broken up by a busy page). */
  failures?: number;
}

/** A benchmark program: `npm run bench -- <name>` runs those whose name starts with <name>. */
export interface Benchmark {
  name: string;
  run(): Promise<BenchFigure[]>;
}

/** Percentile of an ascending-sorted sample (nearest rank). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] as number;
}

export interface Spread {
  min: number;
  median: number;
  max: number;
}

/** Lowest, median and highest of a set of measurements. */
export function spread(values: readonly number[]): Spread {
  if (values.length === 0) throw new Error('no measurements');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  return { min: sorted[0] as number, median, max: sorted[sorted.length - 1] as number };
}

/** Minimum repeats of an engine figure and its baseline in one run. */
export const MIN_RUNS = 3;

/**
 * Measures a figure and its baseline `runs` times each, alternating which goes first (so neither
 * always gets the warm cache or the quiet machine), and returns both sets of measurements.
 */
export async function alternate<E, B = E>(runs: number, engine: () => Promise<E> | E, baseline: () => Promise<B> | B): Promise<{ engine: E[]; baseline: B[] }> {
  const out = { engine: [] as E[], baseline: [] as B[] };
  for (let i = 0; i < Math.max(runs, MIN_RUNS); i++) {
    if (i % 2 === 0) {
      out.engine.push(await engine());
      out.baseline.push(await baseline());
    } else {
      out.baseline.push(await baseline());
      out.engine.push(await engine());
    }
  }
  return out;
}

/** The spread fields of a figure measured against a baseline: value = median, ratio of medians. */
export function withSpread(engine: readonly number[], baseline: readonly number[], round: (n: number) => number = Math.round): Pick<BenchFigure, 'value' | 'min' | 'median' | 'max' | 'runs' | 'baseline' | 'baselineMin' | 'baselineMax' | 'ratio'> {
  const e = spread(engine);
  const b = spread(baseline);
  return {
    value: round(e.median),
    min: round(e.min),
    median: round(e.median),
    max: round(e.max),
    runs: engine.length,
    baseline: round(b.median),
    baselineMin: round(b.min),
    baselineMax: round(b.max),
    ratio: e.median / b.median,
  };
}
