import type { FastifyInstance, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../db/db';
import type { ServerConfig } from '../config';
import { ErrorBodySchema, LoginRequestSchema, LoginResponseSchema, StaffSchema } from '../../shared/sync';
import { HttpError } from '../errors';
import { burnPasswordCheck, verifyPassword } from './password';
import { LoginThrottle } from './throttle';
import type { StaffRole } from './roles';
import { lookupSession, openSession, profileOf, revokeSession, findStaffByUsername, type AuthContext } from './sessions';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the auth hook on every non-public route. */
    auth: AuthContext | null;
  }
  interface FastifyContextConfig {
    /** Reachable without a bearer token. */
    public?: boolean;
  }
}

const MeResponseSchema = z.object({ staff: StaffSchema, deviceId: z.string(), expiresAt: z.string() });

export interface AuthDeps {
  db: Db;
  config: ServerConfig;
  clock: () => Date;
}

/** The authenticated request's context; throws 401 if the route was public by mistake. */
export function authOf(request: FastifyRequest): AuthContext {
  if (!request.auth) throw new HttpError(401, 'auth.missing', 'authentication required');
  return request.auth;
}

/** preHandler that lets only the given roles through (403 `auth.forbidden`). */
export function requireRole(...roles: readonly StaffRole[]): preHandlerAsyncHookHandler {
  return async (request) => {
    const auth = authOf(request);
    if (!roles.includes(auth.staff.role)) throw new HttpError(403, 'auth.forbidden', 'your role may not do this', { role: auth.staff.role });
  };
}

const BEARER = /^Bearer ([A-Za-z0-9_-]{16,128})$/;

export function installAuth(app: FastifyInstance, deps: AuthDeps): void {
  app.decorateRequest('auth', null);
  app.addHook('onRequest', async (request) => {
    if (request.is404 || request.routeOptions.config.public === true) return;
    const header = request.headers.authorization;
    if (!header) throw new HttpError(401, 'auth.missing', 'bearer token required');
    const match = BEARER.exec(header);
    if (!match?.[1]) throw new HttpError(401, 'auth.invalid', 'malformed bearer token');
    const found = await lookupSession(deps.db, match[1], deps.clock());
    if (!found.ok) throw new HttpError(401, found.code, 'session not valid');
    request.auth = found.auth;
  });
}

export function registerAuthRoutes(root: FastifyInstance, deps: AuthDeps): void {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const { max, windowMs } = deps.config.loginRateLimit;
  const throttle = new LoginThrottle(deps.config.loginFailuresPerAddress);
  const failed = (request: FastifyRequest): HttpError => {
    throttle.recordFailure(request.ip, deps.clock().getTime());
    return new HttpError(401, 'auth.invalid_credentials', 'wrong username or password');
  };

  app.post(
    '/auth/login',
    {
      // Small: the body is read (and refused when larger) before anything parses it.
      bodyLimit: deps.config.loginBodyLimit,
      // An address with too many failed logins is refused before its body is even read.
      onRequest: async (request, reply) => {
        const waitMs = throttle.retryAfterMs(request.ip, deps.clock().getTime());
        if (waitMs > 0) {
          const seconds = Math.ceil(waitMs / 1000);
          void reply.header('retry-after', String(seconds));
          throw new HttpError(429, 'auth.rate_limited', 'too many failed logins from this address, try again later', { retryAfterSeconds: seconds });
        }
      },
      schema: {
        tags: ['auth'],
        summary: 'Log in with username and password; returns a bearer token bound to role and warehouse',
        body: LoginRequestSchema,
        response: { 200: LoginResponseSchema, 400: ErrorBodySchema, 401: ErrorBodySchema, 413: ErrorBodySchema, 429: ErrorBodySchema },
      },
      config: {
        public: true,
        rateLimit: {
          max,
          timeWindow: windowMs,
          // Per client address and account: one office behind NAT does not lock everyone out.
          keyGenerator: (request: FastifyRequest) => {
            const body = request.body as { username?: unknown } | undefined;
            const username = typeof body?.username === 'string' ? body.username.trim().toLowerCase() : '';
            return `${request.ip}|${username}`;
          },
        },
      },
    },
    async (request) => {
      const { username, password, deviceId } = request.body;
      const staff = await findStaffByUsername(deps.db, username);
      if (!staff) {
        await burnPasswordCheck(password);
        throw failed(request);
      }
      const ok = await verifyPassword(password, staff.password_hash);
      if (!ok || staff.disabled) throw failed(request);
      const session = await deps.db.transaction((tx) => openSession(tx, staff.id, deviceId, deps.clock(), deps.config.tokenTtlMs));
      request.log.info({ staffId: staff.id, deviceId }, 'login');
      return { token: session.token, expiresAt: session.expiresAt, staff: profileOf(staff) };
    },
  );

  app.post(
    '/auth/logout',
    { schema: { tags: ['auth'], summary: 'Revoke the current token', response: { 204: z.undefined(), 401: ErrorBodySchema } } },
    async (request, reply) => {
      await revokeSession(deps.db, authOf(request).tokenHash, deps.clock());
      return reply.code(204).send();
    },
  );

  app.get(
    '/auth/me',
    { schema: { tags: ['auth'], summary: 'The staff member and device behind the token', response: { 200: MeResponseSchema, 401: ErrorBodySchema } } },
    async (request) => {
      const auth = authOf(request);
      return { staff: auth.staff, deviceId: auth.deviceId, expiresAt: auth.expiresAt };
    },
  );
}
