/**
 * Photos are content-addressed: the key is the SHA-256 of the bytes (computed with WebCrypto),
 * so an upload repeated after a lost reply is harmless and a command can name its photos before
 * they reach the server. The engine uploads them before the first command that references them.
 */
import type { DeskDb } from '../db/schema';
import type { OutboxRow } from '../db/types';
import { SyncApiError, type SyncApi } from './api';
import { readPolicy, rebaseCase, SYNC_TABLES } from './local';
import { isParcelCommand, recomputeParcels } from './parcels';
import { recordRejection } from './refusals';

export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** Stores a photo locally; returns its reference for a command payload. */
export async function storeAttachment(db: DeskDb, blob: Blob, now: Date = new Date()): Promise<string> {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  const sha256 = await sha256Hex(bytes);
  const existing = await db.attachments.get(sha256);
  if (!existing) {
    await db.attachments.put({ sha256, mime: blob.type || 'application/octet-stream', size: bytes.byteLength, blob, uploaded: 0, createdAt: now.toISOString() });
  }
  return sha256;
}

/**
 * Uploads the photos a batch references that the server does not have yet, and returns the
 * commands that may be sent. A photo the server refuses (4xx) sends the commands that reference
 * it to the inbox; any other failure stops the push (the photo is tried again next time).
 */
export async function uploadAttachments(db: DeskDb, api: SyncApi, batch: OutboxRow[], now: () => string, signal?: AbortSignal): Promise<OutboxRow[]> {
  const refs = [...new Set(batch.flatMap((r) => r.attachments))];
  if (refs.length === 0) return batch;
  const stored = await db.attachments.bulkGet(refs);
  const refused = new Map<string, string>();
  for (const attachment of stored) {
    if (!attachment || attachment.uploaded === 1) continue;
    try {
      const bytes = new Uint8Array(await attachment.blob.arrayBuffer());
      await api.putAttachment(attachment.sha256, attachment.mime, bytes, signal);
      await db.attachments.update(attachment.sha256, { uploaded: 1 });
    } catch (error) {
      if (error instanceof SyncApiError && error.kind === 'client') refused.set(attachment.sha256, error.code);
      else throw error;
    }
  }
  if (refused.size === 0) return batch;
  const at = now();
  const policy = await readPolicy(db);
  const blocked = batch.filter((r) => r.attachments.some((a) => refused.has(a)));
  await db.transaction('rw', [...SYNC_TABLES], async () => {
    for (const row of blocked) {
      const sha256 = row.attachments.find((a) => refused.has(a)) ?? '';
      const code = refused.get(sha256) ?? 'attachment.refused';
      await recordRejection(db, row, { code, params: { sha256 } }, at);
      if (isParcelCommand(row.command)) await recomputeParcels(db, [row.caseId], at, policy);
      else await rebaseCase(db, row.caseId, at, policy);
    }
  });
  return batch.filter((r) => !blocked.includes(r));
}
