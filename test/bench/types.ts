/** One figure written to bench-results.json, named as in its issue (e.g. `domain.fold`). */
export interface BenchFigure {
  name: string;
  value: number;
  unit: string;
  p50?: number;
  p95?: number;
  p99?: number;
  /** The same quantity for a baseline measured in the same run. */
  baseline?: number;
  /** value / baseline. */
  ratio?: number;
  /** Sample count behind the figure. */
  n?: number;
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
