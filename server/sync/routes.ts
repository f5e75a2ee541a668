import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Db } from '../db/db';
import { ErrorBodySchema, PullQuerySchema, PullResponseSchema, PushEnvelopeSchema, PushResponseSchema } from '../../shared/sync';
import { HttpError } from '../errors';
import { authOf, requireRole } from '../auth/routes';
import type { ServerRules } from './rules';
import { pullChanges, pullResponseJson, pullScopeOf } from './pull';
import { lastAckedSeq, pushBatch } from './push';

export interface SyncDeps {
  db: Db;
  rules?: ServerRules | undefined;
  clock: () => Date;
}

export function registerSyncRoutes(root: FastifyInstance, deps: SyncDeps): void {
  const app = root.withTypeProvider<ZodTypeProvider>();

  app.post(
    '/sync/push',
    {
      schema: {
        tags: ['sync'],
        summary: 'Apply a batch of commands in order, each atomically and idempotently by command id',
        body: PushEnvelopeSchema,
        response: { 200: PushResponseSchema, 400: ErrorBodySchema, 401: ErrorBodySchema, 403: ErrorBodySchema, 413: ErrorBodySchema, 503: ErrorBodySchema },
      },
    },
    async (request) => {
      const auth = authOf(request);
      const rules = deps.rules;
      if (!rules) throw new HttpError(503, 'sync.rules_unavailable', 'this server has no after-sales rules configured');
      if (request.body.deviceId !== auth.deviceId) {
        throw new HttpError(403, 'auth.device_mismatch', 'the token was issued to another device');
      }
      const actor = {
        id: auth.staff.id,
        role: auth.staff.role,
        ...(auth.staff.warehouseId !== null ? { warehouseId: auth.staff.warehouseId } : {}),
      };
      return pushBatch({ db: deps.db, rules, actor, deviceId: auth.deviceId, clock: deps.clock, log: request.log }, request.body.commands);
    },
  );

  app.get(
    '/sync/pull',
    {
      // Buyers get their own, narrower feed (buyer side of the API).
      preHandler: requireRole('cs', 'warehouse', 'finance', 'admin'),
      schema: {
        tags: ['sync'],
        summary: 'Cases and orders changed after the cursor, in change order, with tombstones',
        querystring: PullQuerySchema,
        response: { 200: PullResponseSchema, 400: ErrorBodySchema, 401: ErrorBodySchema, 403: ErrorBodySchema },
      },
    },
    async (request, reply) => {
      const auth = authOf(request);
      // Each role and warehouse pulls its own scope (docs/api.md, "Trust rules: who sees what").
      const page = await pullChanges(deps.db, request.query.since, request.query.limit, pullScopeOf(auth.staff));
      // Already JSON (see pullChanges): sent as it is, not serialized again (the typed reply
      // only takes the object, hence the plain one).
      const raw: FastifyReply = reply;
      return raw.type('application/json; charset=utf-8').send(pullResponseJson(page, await lastAckedSeq(deps.db, auth.deviceId)));
    },
  );
}
