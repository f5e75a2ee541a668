/** Creating and dropping the throw-away PostgreSQL databases and schemas of test and benchmark runs. */
import pg from 'pg';

/** Runs one statement on a connection of its own, closed afterwards. */
export async function adminQuery(connectionString: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
