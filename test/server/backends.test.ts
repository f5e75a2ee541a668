/**
 * Says which storage backends the server suites ran on. Outside CI the PostgreSQL variants run
 * only when TEST_DATABASE_URL points at a reachable server; when they do not, this file reports
 * a skipped test with the reason instead of the variants silently disappearing from the count.
 */
import { describe, expect, it } from 'vitest';
import { backends } from './support/harness';

const postgresReason = !process.env.TEST_DATABASE_URL
  ? 'TEST_DATABASE_URL is not set'
  : 'TEST_DATABASE_URL is set but the server did not answer';

describe('storage backends of the server suites', () => {
  it('always include embedded PGlite', () => {
    expect(backends).toContain('pglite');
  });

  if (backends.includes('postgres')) {
    it('include PostgreSQL', () => {
      expect(backends).toEqual(['pglite', 'postgres']);
    });
  } else {
    it.skip(`PostgreSQL variants skipped: ${postgresReason} (with CI=true this is a failure)`, () => {});
  }
});
