import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { HealthSchema } from '../shared/sync';
import type { Db } from './db/db';
import { DEFAULT_CONFIG, type ServerConfig } from './config';
import { installErrorHandling } from './errors';
import { installHostCheck } from './hosts';
import { installAuth, registerAuthRoutes } from './auth/routes';
import { registerSyncRoutes } from './sync/routes';
import { registerAttachmentRoutes } from './attachments/routes';
import { registerStoreRoutes } from './store/routes';
import { registerSetupRoutes } from './setup/routes';
import { registerAdminRoutes } from './admin/routes';
import { registerNotificationRoutes } from './notifications/routes';
import { registerStaffDirectoryRoutes } from './staff/routes';
import { installProtocolCheck } from './protocol';
import type { ServerRules } from './sync/rules';

export interface BuildServerOptions {
  /** Migrated database (see `migrate`). The server does not close it. */
  db: Db;
  /**
   * The after-sales rules (production: the adapter over `shared/domain`). Without them push
   * answers 503 `sync.rules_unavailable`; everything else works.
   */
  rules?: ServerRules | undefined;
  config?: Partial<ServerConfig>;
  /** Pino options or `false`; secrets are always redacted. */
  logger?: boolean | { level?: string; stream?: { write(line: string): void } };
  /** Server clock (tests move it to expire tokens). */
  clock?: () => Date;
}

/** Paths a log line must never show. */
const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  'authorization',
  'password',
  'token',
  '*.password',
  '*.token',
  '*.password_hash',
  'body.password',
];

export async function buildServer(options: BuildServerOptions): Promise<FastifyInstance> {
  const config: ServerConfig = { ...DEFAULT_CONFIG, ...options.config };
  const clock = options.clock ?? (() => new Date());
  const loggerOption = options.logger ?? false;
  const logger: FastifyServerOptions['logger'] =
    loggerOption === false
      ? false
      : {
          level: loggerOption === true ? 'info' : (loggerOption.level ?? 'info'),
          redact: { paths: REDACT_PATHS, censor: '[redacted]' },
          ...(loggerOption !== true && loggerOption.stream ? { stream: loggerOption.stream } : {}),
        };

  const app = Fastify({
    logger,
    bodyLimit: config.jsonBodyLimit,
    // Behind a reverse proxy the client address comes from X-Forwarded-For (rate limiting), but
    // only when it was set by a proxy named in the configuration: anyone else could forge it.
    trustProxy: config.trustedProxies && config.trustedProxies.length > 0 ? [...config.trustedProxies] : false,
    return503OnClosing: true,
    forceCloseConnections: true,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandling(app);
  // Before anything else looks at the request (the auth hook reads the database).
  installHostCheck(app, config.allowedHosts);

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'After-sales Desk central API', version: config.version, description: 'Sync protocol, auth, attachments and the storefront (buyer side). See docs/api.md.' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(rateLimit, { global: false, hook: 'preHandler' });

  // An app too old for this server is told so before anything else about its request.
  installProtocolCheck(app, config.minClientProtocol);
  installAuth(app, { db: options.db, config, clock });

  const typed = app.withTypeProvider<ZodTypeProvider>();
  typed.get(
    '/health',
    { config: { public: true }, schema: { tags: ['health'], summary: 'Connectivity check (no auth)', security: [], response: { 200: HealthSchema } } },
    async () => ({ ok: true as const, time: clock().toISOString(), version: config.version }),
  );
  app.get('/openapi.json', { config: { public: true }, schema: { hide: true } }, async () => app.swagger());

  registerAuthRoutes(app, { db: options.db, config, clock });
  registerSetupRoutes(app, { db: options.db, config, clock });
  registerAdminRoutes(app, { db: options.db, config, clock });
  registerNotificationRoutes(app, { db: options.db, config, clock });
  registerStaffDirectoryRoutes(app, { db: options.db, config, clock });
  registerSyncRoutes(app, { db: options.db, rules: options.rules, clock });
  registerStoreRoutes(app, { db: options.db, rules: options.rules, clock, orderCreation: config.orderCreation });
  await registerAttachmentRoutes(app, { db: options.db, config });
  return app;
}
