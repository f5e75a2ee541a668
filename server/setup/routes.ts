/**
 * First run of a site (`GET /setup`, `POST /setup/admin`): a server started without the demo
 * accounts has no staff, and the desktop app asks whoever installs it to create the
 * administrator. Creating one is possible exactly once — while no administrator exists — and
 * two racing calls create one: the `site_setup` row (one allowed) is inserted in the same
 * transaction as the account, so the second call waits for the first and then conflicts.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ErrorBodySchema, LoginResponseSchema } from '../../shared/sync';
import { hashPassword } from '../auth/password';
import type { AuthDeps } from '../auth/routes';
import { openSession, profileOf } from '../auth/sessions';
import type { Queryable } from '../db/db';
import { isUniqueViolation } from '../db/db';
import { HttpError } from '../errors';
import { MIN_CLIENT_PROTOCOL, PROTOCOL_VERSION } from '../protocol';
import { MIN_PASSWORD_LENGTH, SetupAdminBodySchema, SetupStatusSchema } from '../admin/schemas';
import { passwordLength } from '../../shared/sync/admin';

async function adminExists(db: Queryable): Promise<boolean> {
  const rows = await db.query(`SELECT 1 FROM staff WHERE role = 'admin' LIMIT 1`);
  return rows.length > 0;
}

/** 400 `setup.weak_password` unless the password is long enough (counted in characters). */
export function assertStrongPassword(password: string): void {
  if (passwordLength(password) < MIN_PASSWORD_LENGTH) {
    throw new HttpError(400, 'setup.weak_password', `a password needs at least ${MIN_PASSWORD_LENGTH} characters`, { minLength: MIN_PASSWORD_LENGTH });
  }
}

const alreadyDone = () => new HttpError(409, 'setup.already_done', 'this site already has an administrator: sign in instead');

export function registerSetupRoutes(root: FastifyInstance, deps: AuthDeps): void {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const { max, windowMs } = deps.config.loginRateLimit;

  app.get(
    '/setup',
    { config: { public: true }, schema: { tags: ['setup'], summary: 'Whether this site still needs its first administrator; server version and time', security: [], response: { 200: SetupStatusSchema } } },
    async () => ({
      needsAdmin: !(await adminExists(deps.db)),
      version: deps.config.version,
      time: deps.clock().toISOString(),
      protocol: { current: PROTOCOL_VERSION, minimum: deps.config.minClientProtocol ?? MIN_CLIENT_PROTOCOL },
    }),
  );

  app.post(
    '/setup/admin',
    {
      bodyLimit: deps.config.loginBodyLimit,
      schema: {
        tags: ['setup'],
        summary: 'Create the first administrator (only while none exists) and sign them in',
        security: [],
        body: SetupAdminBodySchema,
        response: { 200: LoginResponseSchema, 400: ErrorBodySchema, 409: ErrorBodySchema, 413: ErrorBodySchema, 429: ErrorBodySchema },
      },
      config: {
        public: true,
        rateLimit: { max, timeWindow: windowMs, keyGenerator: (request: FastifyRequest) => `setup|${request.ip}` },
      },
    },
    async (request) => {
      const { username, displayName, password } = request.body;
      // Cheap refusals first: a done site does not spend a password hash on every caller.
      if (await adminExists(deps.db)) throw alreadyDone();
      assertStrongPassword(password);
      const passwordHash = await hashPassword(password);
      const deviceId = request.body.deviceId ?? `setup-${randomUUID()}`;
      const id = `staff-${randomUUID()}`;
      const now = deps.clock();
      try {
        const session = await deps.db.transaction(async (tx) => {
          if (await adminExists(tx)) throw alreadyDone();
          await tx.query(`INSERT INTO staff (id, username, display_name, role, warehouse_id, password_hash) VALUES ($1, $2, $3, 'admin', NULL, $4)`, [
            id,
            username,
            displayName,
            passwordHash,
          ]);
          const marked = await tx.query('INSERT INTO site_setup (admin_id, created_at) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING admin_id', [id, now.toISOString()]);
          if (marked.length === 0) throw alreadyDone();
          return openSession(tx, id, deviceId, now, deps.config.tokenTtlMs);
        });
        request.log.info({ staffId: id, deviceId }, 'site administrator created');
        return { token: session.token, expiresAt: session.expiresAt, staff: profileOf({ id, username, display_name: displayName, role: 'admin', warehouse_id: null }) };
      } catch (error) {
        // The same user name sent twice at once: the loser's insert meets the winner's row. With
        // no administrator, the name belongs to an existing (non-admin) account.
        if (isUniqueViolation(error)) {
          if (await adminExists(deps.db)) throw alreadyDone();
          throw new HttpError(409, 'admin.username_taken', 'this user name is already in use');
        }
        throw error;
      }
    },
  );
}
