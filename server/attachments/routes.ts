import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../db/db';
import { toBytes, toInt } from '../db/db';
import type { ServerConfig } from '../config';
import { AttachmentPutResponseSchema, ErrorBodySchema } from '../../shared/sync';
import { HttpError } from '../errors';
import { authOf } from '../auth/routes';
import { checkImage, isUploadType, UPLOAD_TYPES } from './image-check';

export interface AttachmentDeps {
  db: Db;
  config: ServerConfig;
}

const ParamsSchema = z.object({ sha256: z.string().regex(/^[0-9a-f]{64}$/, 'lower-case hex SHA-256') });

function mediaType(header: string | undefined): string {
  return (header ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

/**
 * SQL condition on case `c` (with `$2` the caller's id and `$3` their warehouse): the cases whose
 * photos the caller may download — the cases of their pull feed, or a buyer's own cases. The
 * uploader of a photo may always download it (before a case shows it).
 */
function caseSeenBy(staff: { role: string; warehouseId: string | null }): string {
  switch (staff.role) {
    case 'cs':
    case 'admin':
    case 'finance':
      return 'true';
    case 'warehouse':
      return staff.warehouseId === null ? 'false' : "c.pull_scope IN ($3, '*') AND NOT c.deleted";
    case 'buyer':
      return "c.data->>'buyerId' = $2 AND NOT c.deleted";
    default:
      return 'false';
  }
}

/** Content-addressed photo store: the path is the SHA-256 of the bytes, so uploads are idempotent. */
export async function registerAttachmentRoutes(root: FastifyInstance, deps: AttachmentDeps): Promise<void> {
  await root.register(async (scope) => {
    // Raw bytes for the image types only; anything else is refused before the body is read.
    scope.addContentTypeParser([...UPLOAD_TYPES], { parseAs: 'buffer', bodyLimit: deps.config.attachmentMaxBytes }, (_request, body, done) => {
      done(null, body);
    });
    scope.addHook('onRequest', async (request) => {
      if (request.method !== 'PUT') return;
      const type = mediaType(request.headers['content-type']);
      if (!isUploadType(type)) {
        throw new HttpError(415, 'attachment.unsupported_type', `accepted types: ${UPLOAD_TYPES.join(', ')}`, { type });
      }
      const length = Number(request.headers['content-length']);
      if (Number.isFinite(length) && length > deps.config.attachmentMaxBytes) {
        throw new HttpError(413, 'body.too_large', `at most ${deps.config.attachmentMaxBytes} bytes`);
      }
    });

    const app = scope.withTypeProvider<ZodTypeProvider>();
    app.put(
      '/attachments/:sha256',
      {
        bodyLimit: deps.config.attachmentMaxBytes,
        schema: {
          tags: ['attachments'],
          summary: 'Upload a photo; the path is the SHA-256 (hex) of the body',
          params: ParamsSchema,
          response: { 200: AttachmentPutResponseSchema, 201: AttachmentPutResponseSchema, 400: ErrorBodySchema, 401: ErrorBodySchema, 413: ErrorBodySchema, 415: ErrorBodySchema },
        },
      },
      async (request, reply) => {
        const auth = authOf(request);
        const body = request.body;
        if (!(body instanceof Buffer) || body.length === 0) throw new HttpError(400, 'attachment.empty', 'no bytes received');
        const mime = mediaType(request.headers['content-type']);
        if (!isUploadType(mime)) throw new HttpError(415, 'attachment.unsupported_type', `accepted types: ${UPLOAD_TYPES.join(', ')}`, { type: mime });
        const problem = checkImage(mime, body);
        if (problem !== null) throw new HttpError(415, 'attachment.invalid_image', 'the bytes are not a well-formed image of the declared type', { type: mime, problem });
        const sha256 = createHash('sha256').update(body).digest('hex');
        if (sha256 !== request.params.sha256) {
          throw new HttpError(400, 'attachment.hash_mismatch', 'SHA-256 of the body differs from the path', { actual: sha256 });
        }
        const inserted = await deps.db.query(
          `INSERT INTO attachments (sha256, mime, size, bytes, uploaded_by) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (sha256) DO NOTHING RETURNING sha256`,
          [sha256, mime, body.length, body, auth.staff.id],
        );
        const existing = inserted.length === 0;
        return reply.code(existing ? 200 : 201).send({ sha256, size: body.length, mime, existing });
      },
    );

    app.get(
      '/attachments/:sha256',
      { schema: { tags: ['attachments'], summary: 'Download a photo (raw bytes with their image content type) of a case the caller may see', params: ParamsSchema } },
      async (request, reply) => {
        const staff = authOf(request).staff;
        const seen = caseSeenBy(staff);
        // A photo nobody may show to this caller is answered like one that does not exist.
        const [row] = await deps.db.query<{ mime: string; size: unknown; bytes: unknown }>(
          `SELECT a.mime, a.size, a.bytes FROM attachments a
            WHERE a.sha256 = $1
              AND (a.uploaded_by = $2
                   OR EXISTS (SELECT 1 FROM case_photos p JOIN cases c ON c.id = p.case_id WHERE p.sha256 = a.sha256 AND ${seen}))`,
          seen.includes('$3') ? [request.params.sha256, staff.id, staff.warehouseId] : [request.params.sha256, staff.id],
        );
        if (!row) throw new HttpError(404, 'attachment.not_found', 'no such attachment');
        const bytes = toBytes(row.bytes);
        return reply
          .header('content-type', row.mime)
          .header('content-length', String(toInt(row.size)))
          .header('cache-control', 'private, max-age=31536000, immutable')
          .header('etag', `"${request.params.sha256}"`)
          // Never interpreted as anything but the stored image type, nor run as a page.
          .header('x-content-type-options', 'nosniff')
          .header('content-security-policy', "default-src 'none'; sandbox")
          .header('content-disposition', 'inline')
          .send(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
      },
    );
  });
}
