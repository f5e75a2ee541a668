/**
 * `/notifications/reads`: the caller's own notification read marks (migration 008). Customer
 * service and administrators get notifications; every statement is scoped to the authenticated
 * staff id, so nobody can read or write another person's marks — there is no parameter that
 * names a person at all.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ErrorBodySchema } from '../../shared/sync';
import { MAX_NOTICE_READS_LISTED, NOTICE_READ_RETENTION_DAYS, NoticeReadsBodySchema, NoticeReadsListSchema, NoticeReadsStoredSchema, type NoticeRead } from '../../shared/sync/notice-reads';
import { authOf, requireRole, type AuthDeps } from '../auth/routes';

const DAY_MS = 86_400_000;
const errors = { 400: ErrorBodySchema, 401: ErrorBodySchema, 403: ErrorBodySchema };

/** One mark per key (a statement may not upsert one row twice); the earliest read wins. */
function earliestPerKey(reads: readonly NoticeRead[]): { keys: string[]; times: string[] } {
  const byKey = new Map<string, number>();
  for (const r of reads) {
    const at = Date.parse(r.readAt);
    const known = byKey.get(r.key);
    if (known === undefined || at < known) byKey.set(r.key, at);
  }
  return { keys: [...byKey.keys()], times: [...byKey.values()].map((ms) => new Date(ms).toISOString()) };
}

export function registerNotificationRoutes(root: FastifyInstance, deps: AuthDeps): void {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const onlyNotified = requireRole('cs', 'admin');

  app.get(
    '/notifications/reads',
    {
      preHandler: onlyNotified,
      schema: { tags: ['notifications'], summary: "The caller's notification read marks (newest first)", response: { 200: NoticeReadsListSchema, ...errors } },
    },
    async (request) => {
      const staffId = authOf(request).staff.id;
      const since = new Date(deps.clock().getTime() - NOTICE_READ_RETENTION_DAYS * DAY_MS).toISOString();
      const rows = await deps.db.query<{ key: string; read_at: unknown }>(
        'SELECT notice_key AS key, read_at FROM notice_reads WHERE staff_id = $1 AND read_at >= $2 ORDER BY read_at DESC, notice_key LIMIT $3',
        [staffId, since, MAX_NOTICE_READS_LISTED],
      );
      return { reads: rows.map((r) => ({ key: r.key, readAt: new Date(r.read_at as string | Date).toISOString() })) };
    },
  );

  app.post(
    '/notifications/reads',
    {
      preHandler: onlyNotified,
      schema: { tags: ['notifications'], summary: 'Record notification read marks of the caller', body: NoticeReadsBodySchema, response: { 200: NoticeReadsStoredSchema, ...errors } },
    },
    async (request) => {
      const staffId = authOf(request).staff.id;
      const now = deps.clock();
      const { keys, times } = earliestPerKey(request.body.reads);
      // A desk's clock may run ahead: a mark is never later than the server's now.
      await deps.db.transaction(async (tx) => {
        await tx.query(
          `INSERT INTO notice_reads (staff_id, notice_key, read_at, recorded_at)
           SELECT $1, x.k, least(x.r, $4::timestamptz), $4::timestamptz FROM unnest($2::text[], $3::timestamptz[]) AS x(k, r)
           ON CONFLICT (staff_id, notice_key) DO UPDATE SET read_at = least(notice_reads.read_at, EXCLUDED.read_at)`,
          [staffId, keys, times, now.toISOString()],
        );
        await tx.query('DELETE FROM notice_reads WHERE staff_id = $1 AND read_at < $2', [staffId, new Date(now.getTime() - NOTICE_READ_RETENTION_DAYS * DAY_MS).toISOString()]);
      });
      return { stored: keys.length };
    },
  );
}
