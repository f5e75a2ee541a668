/**
 * Photos are content-addressed: the key is the SHA-256 of the bytes (computed with WebCrypto),
 * so an upload repeated after a lost reply is harmless and a command can name its photos before
 * they reach the server. The engine uploads them before the first command that references them.
 */
import type { DeskDb } from '../db/schema';

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
