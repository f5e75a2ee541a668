import pg from 'pg';
import { rowsQueryable, type Db, type DedicatedConnection, type Queryable, type Tx } from './db';

export interface PostgresOptions {
  connectionString: string;
  /** Sets `search_path` on every connection (tests use a schema per run). */
  schema?: string;
  max?: number;
}

function wrapClient(client: pg.PoolClient | pg.Pool | pg.Client): Queryable {
  return rowsQueryable(
    <T extends object>(sql: string, params: unknown[]) => client.query<T>(sql, params),
    (sql) => client.query(sql),
  );
}

/** A PostgreSQL server through a `pg` pool; each transaction holds one pooled connection. */
export async function openPostgres(options: PostgresOptions): Promise<Db> {
  const config: pg.PoolConfig = { connectionString: options.connectionString, max: options.max ?? 10 };
  if (options.schema !== undefined) {
    if (!/^[a-z_][a-z0-9_]*$/.test(options.schema)) throw new Error('invalid schema name');
    config.options = `-c search_path=${options.schema}`;
  }
  const pool = new pg.Pool(config);
  // An idle client losing its connection must not crash the process.
  pool.on('error', () => undefined);
  // Fail early (and clearly) when the server cannot be reached.
  const probe = await pool.connect();
  probe.release();
  const direct = wrapClient(pool);
  let closed = false;
  return {
    kind: 'postgres',
    query: (sql, params) => direct.query(sql, params),
    exec: (sql) => direct.exec(sql),
    async transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      let broken = false;
      try {
        await client.query('BEGIN');
        const value = await fn(wrapClient(client));
        await client.query('COMMIT');
        return value;
      } catch (error) {
        try {
          await client.query('ROLLBACK');
        } catch {
          broken = true;
        }
        throw error;
      } finally {
        client.release(broken);
      }
    },
    async dedicated(): Promise<DedicatedConnection> {
      const client = new pg.Client({ connectionString: config.connectionString, ...(config.options ? { options: config.options } : {}) });
      let lost = false;
      // A dropped connection (server restart, network) must not crash the process: it is lost.
      client.on('error', () => {
        lost = true;
      });
      client.on('end', () => {
        lost = true;
      });
      await client.connect();
      const wrapped = wrapClient(client);
      return {
        query: (sql, params) => wrapped.query(sql, params),
        exec: (sql) => wrapped.exec(sql),
        get lost() {
          return lost;
        },
        async close() {
          lost = true;
          await client.end().catch(() => undefined);
        },
      };
    },
    async close() {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}
