import { mkdirSync } from 'node:fs';
import type { Db } from './db';
import { openPglite } from './pglite';
import { openPostgres } from './postgres';

export interface DatabaseOptions {
  /** PostgreSQL connection string; when set, PGlite is not used. */
  databaseUrl?: string | undefined;
  /** PGlite data folder; `':memory:'` keeps everything in memory. */
  dataDir?: string | undefined;
}

export async function openDatabase(options: DatabaseOptions): Promise<Db> {
  if (options.databaseUrl) return openPostgres({ connectionString: options.databaseUrl });
  const dir = options.dataDir ?? './data';
  if (dir === ':memory:') return openPglite();
  mkdirSync(dir, { recursive: true });
  return openPglite(dir);
}
