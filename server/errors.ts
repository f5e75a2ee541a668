import type { FastifyError, FastifyInstance } from 'fastify';
import type { ErrorBody } from '../shared/sync';

/** An expected failure with its HTTP status and machine code. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message?: string,
    readonly params?: Record<string, unknown>,
  ) {
    super(message ?? code);
  }
}

const FASTIFY_CODES: Readonly<Record<string, { status: number; code: string }>> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'body.too_large' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, code: 'body.unsupported_type' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'body.malformed' },
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'body.malformed' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, code: 'body.malformed' },
};

const CONTEXT_CODES: Readonly<Record<string, string>> = {
  body: 'body.invalid',
  querystring: 'query.invalid',
  params: 'params.invalid',
  headers: 'headers.invalid',
};

interface ValidationItem {
  instancePath?: string;
  message?: string;
}

function issuesOf(validation: readonly ValidationItem[]): { path: string; message: string }[] {
  return validation.slice(0, 50).map((v) => ({ path: v.instancePath ?? '', message: v.message ?? 'invalid' }));
}

/** Maps every failure to `{ code, … }`; 5xx bodies never carry a stack or an internal message. */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | HttpError | Error, request, reply) => {
    if (error instanceof HttpError) {
      const body: ErrorBody = { code: error.code, message: error.message };
      if (error.params) body.params = error.params;
      return reply.code(error.statusCode).send(body);
    }
    const fastifyError = error as FastifyError & { validationContext?: string };
    if (fastifyError.validation) {
      const code = CONTEXT_CODES[fastifyError.validationContext ?? 'body'] ?? 'request.invalid';
      return reply.code(400).send({ code, message: 'request does not match the schema', issues: issuesOf(fastifyError.validation) });
    }
    const known = fastifyError.code ? FASTIFY_CODES[fastifyError.code] : undefined;
    if (known) return reply.code(known.status).send({ code: known.code, message: fastifyError.message });
    const status = fastifyError.statusCode ?? 500;
    if (status === 429) return reply.code(429).send({ code: 'auth.rate_limited', message: 'too many attempts, try again later' });
    if (status >= 400 && status < 500) {
      // secure-json-parse and other body parsers mark their failures 400.
      const code = error instanceof SyntaxError ? 'body.malformed' : `http.${status}`;
      return reply.code(status).send({ code, message: fastifyError.message });
    }
    request.log.error({ err: error }, 'request failed');
    return reply.code(500).send({ code: 'server.error', message: 'internal error' });
  });
  app.setNotFoundHandler((request, reply) => reply.code(404).send({ code: 'route.not_found', message: `${request.method} ${request.url.split('?')[0] ?? ''} not found` }));
}
