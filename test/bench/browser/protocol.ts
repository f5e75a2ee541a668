/**
 * What the sync benchmark page (`sync-bench.mts`) exposes as `window.syncBench`, shared by the page
 * and the Node driver (`../sync.bench.ts`). Plain data only: every call crosses `page.evaluate`.
 */

export interface Session {
  token: string;
  deviceId: string;
}

export interface PullResult {
  seconds: number;
  cases: number;
  orders: number;
  /** Rows the engine wrote into the merged view. */
  views: number;
  pages: number;
  /** Part of `seconds` spent waiting for GET /sync/pull replies. */
  networkSeconds: number;
}

export interface BaselinePutResult {
  /** Raw bulkPut of every record the pull stored (cases, orders, merged views), same schema. */
  seconds: number;
  cases: number;
  orders: number;
  views: number;
  /** cases + orders + views. */
  records: number;
  /** The earlier baseline, for comparison: bulkPut of the case rows alone into a `cases` table. */
  casesOnlySeconds: number;
}

export interface DispatchResult {
  /** Milliseconds per dispatch, in dispatch order. */
  latencies: number[];
  accepted: number;
  refused: number;
  /** First refusal code, when any. */
  firstRefusal: string | null;
}

export interface RawGetResult {
  latencies: number[];
}

export interface DrainResult {
  /** From engine start until every pushed command's answer is recorded (the engine moves on to its pull). */
  seconds: number;
  pushRequests: number;
  /** Part of `seconds` spent waiting for POST /sync/push replies. */
  networkSeconds: number;
  acked: number;
  conflict: number;
  rejected: number;
  pending: number;
}

export interface RawPushResult {
  seconds: number;
  requests: number;
  applied: number;
  refused: number;
  firstRefusal: string | null;
}

export interface SyncBenchPage {
  /** Initial pull into a fresh workstation database, the production engine settings. */
  pull(session: Session): Promise<PullResult>;
  /**
   * Raw Dexie bulkPut of the records the pull stored (case snapshots, orders, merged view rows)
   * into a fresh database with the workstation's schema and durability; also, for comparison,
   * of the case rows alone into a fresh `cases` table (the earlier baseline).
   */
  baselinePut(): Promise<BaselinePutResult>;
  /** `warehouse.receive` on `count` cases awaiting receipt at the signed-in warehouse, engine stopped. */
  dispatchOffline(count: number, warehouseId: string, staffId: string): Promise<DispatchResult>;
  /** Native IndexedDB `index('orderId').get()` on the merged view, one readonly transaction each. */
  rawGet(count: number): Promise<RawGetResult>;
  /** Starts the engine and times the drain of the outbox. */
  drain(): Promise<DrainResult>;
  /**
   * Pushes already-built batches of `warehouse.receive` for `count` other cases awaiting receipt
   * (not touched by dispatchOffline) straight to POST /sync/push, sequentially, `batch` per request.
   */
  rawPush(session: Session, count: number, batch: number, warehouseId: string): Promise<RawPushResult>;
  /**
   * `warehouse.receive` on `count` cases awaiting receipt with the engine running and pushing
   * (woken after each dispatch, as the app's dispatch does); waits until every command is answered.
   */
  dispatchOnline(count: number, warehouseId: string, staffId: string): Promise<DispatchResult>;
  /** Closes and deletes the databases this page created. */
  cleanup(): Promise<void>;
}
