/** What the finance benchmark page offers the Node side (`window.financeBench`). */
export interface FinanceBenchRun {
  /** Commands recorded. */
  commands: number;
  seconds: number;
  /** Per-command latencies, ms (for the batch: each chunk's time over its size). */
  latencies: number[];
  refused: number;
  firstRefusal: string | null;
}

export interface FinanceBenchPage {
  /** Creates a fresh store holding `cases` cases awaiting refund; returns the seconds it took. */
  seed(cases: number): Promise<{ seconds: number; cases: number }>;
  /** Approves the next `count` cases of the refund queue as the workspace's batch does. */
  batch(count: number): Promise<FinanceBenchRun>;
  /** Approves the next `count` cases with one bare `dispatch()` each (the sync.dispatch path). */
  bare(count: number): Promise<FinanceBenchRun>;
  cleanup(): Promise<void>;
}
