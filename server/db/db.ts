/**
 * The database port used by every server module. Two adapters implement it: embedded PGlite
 * (default, one process, data in a folder) and a `pg` pool (a PostgreSQL server shared by several
 * API instances). Only parameterised SQL goes through it; the same statements run on both.
 */

export type Row = Record<string, unknown>;

export interface Queryable {
  /** One statement with `$1…$n` parameters. */
  query<T extends object = Row>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  /** A parameterless script of several statements (migrations only). */
  exec(sql: string): Promise<void>;
}

/**
 * The port over a driver handle whose `query` answers `{ rows }` (PGlite, node-postgres), with
 * `exec` for its multi-statement scripts.
 */
export function rowsQueryable(run: <T extends object>(sql: string, params: unknown[]) => Promise<{ rows: T[] }>, exec: (sql: string) => Promise<unknown>): Queryable {
  return {
    async query<T extends object = Row>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
      const result = await run<T>(sql, [...params]);
      return result.rows;
    },
    async exec(sql: string): Promise<void> {
      await exec(sql);
    },
  };
}

export type Tx = Queryable;

export interface Db extends Queryable {
  /**
   * Runs `fn` inside BEGIN … COMMIT on one connection; rolls back and rethrows on error.
   * Inside `fn` use only `tx`: on PGlite the database handle is held by the transaction, and a
   * call on it from inside would wait for the transaction forever.
   */
  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  close(): Promise<void>;
  readonly kind: 'pglite' | 'postgres';
  /**
   * Resolves once every statement and transaction queued so far has finished (PGlite: one
   * connection, work queued in order). Absent where work does not queue (a connection pool).
   */
  idle?(): Promise<void>;
  /**
   * A connection of its own, outside the pool, for session state that must live as long as the
   * connection does (an advisory lock held for leadership). PostgreSQL only: PGlite is one
   * process with one connection.
   */
  dedicated?(): Promise<DedicatedConnection>;
}

export interface DedicatedConnection extends Queryable {
  /** True once the connection failed or ended; whatever it held is gone with it. */
  readonly lost: boolean;
  close(): Promise<void>;
}

/** SQLSTATE of an error thrown by either driver, if it has one. */
export function sqlState(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const code = (error as { code: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return undefined;
}

export const isUniqueViolation = (error: unknown): boolean => sqlState(error) === '23505';

/** Errors after which the whole transaction may simply be tried again. */
export const isRetryable = (error: unknown): boolean => {
  const state = sqlState(error);
  return state === '23505' || state === '40001' || state === '40P01';
};

/** int8 arrives as a string from `pg` and as a number from PGlite. */
export function toInt(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'string' && value !== '') return Number(value);
  throw new TypeError(`not an integer column value: ${String(value)}`);
}

export function toIso(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'string') return new Date(value).toISOString();
  throw new TypeError('not a timestamp column value');
}

export function toBytes(value: unknown): Uint8Array {
  if (value instanceof Uint8Array) return value;
  throw new TypeError('not a bytea column value');
}

/** Serialises promise-returning work; PGlite has a single connection. */
export class Mutex {
  #tail: Promise<void> = Promise.resolve();

  run<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.#tail.then(fn);
    this.#tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }
}
