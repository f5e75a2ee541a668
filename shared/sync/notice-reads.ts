/**
 * Wire format of a staff member's notification read marks (`/notifications/reads`, docs/api.md).
 * The notifications themselves are derived on each workstation from the synced cases; only "this
 * person has read notice K" travels, so a notice read on one of their desks is read on all of
 * them. A key names one fact (a sweeper action, one deadline of one case), never a case alone.
 */
import { z } from 'zod';
import { WireTimeSchema, wireIdentifier } from './wire-text';

/** Marks per request, and marks a reply lists at most (the newest). */
export const MAX_NOTICE_READS = 500;
export const MAX_NOTICE_READS_LISTED = 5000;
/** Marks older than this are forgotten by the server (and the notices they name are long gone). */
export const NOTICE_READ_RETENTION_DAYS = 30;

export const NoticeReadSchema = z.object({
  /** The notice's key, e.g. `auto_approved:<case id>:<time>`. */
  key: wireIdentifier(200),
  /** When the person read it (their workstation's clock; the server keeps the earliest). */
  readAt: WireTimeSchema,
});
export type NoticeRead = z.infer<typeof NoticeReadSchema>;

export const NoticeReadsBodySchema = z.object({ reads: z.array(NoticeReadSchema).min(1).max(MAX_NOTICE_READS) });
export type NoticeReadsBody = z.infer<typeof NoticeReadsBodySchema>;

export const NoticeReadsStoredSchema = z.object({ stored: z.number().int().nonnegative() });

export const NoticeReadsListSchema = z.object({ reads: z.array(z.object({ key: z.string(), readAt: z.string() })) });
export type NoticeReadsList = z.infer<typeof NoticeReadsListSchema>;
