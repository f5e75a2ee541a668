import { PGlite } from '@electric-sql/pglite';
import { Mutex, rowsQueryable, type Db, type Queryable, type Tx } from './db';

interface PgliteQueryable {
  query<T>(sql: string, params?: unknown[]): Promise<{ rows: T[] }>;
  exec(sql: string): Promise<unknown>;
}

function wrap(target: PgliteQueryable): Queryable {
  return rowsQueryable(
    <T extends object>(sql: string, params: unknown[]) => target.query<T>(sql, params),
    (sql) => target.exec(sql),
  );
}

/**
 * Embedded PostgreSQL (WASM). `dataDir` undefined → in memory (tests).
 * PGlite runs one connection, so every query and transaction goes through one mutex: a request's
 * transaction never interleaves with another request's statements.
 */
export async function openPglite(dataDir?: string): Promise<Db> {
  const pg = dataDir === undefined ? await PGlite.create() : await PGlite.create({ dataDir });
  const mutex = new Mutex();
  const direct = wrap(pg);
  let closed = false;
  return {
    kind: 'pglite',
    query: (sql, params) => mutex.run(() => direct.query(sql, params)),
    exec: (sql) => mutex.run(() => direct.exec(sql)),
    transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
      return mutex.run(() => pg.transaction((tx) => fn(wrap(tx))));
    },
    idle: () => mutex.run(() => Promise.resolve()),
    async close() {
      if (closed) return;
      closed = true;
      await mutex.run(() => pg.close());
    },
  };
}
