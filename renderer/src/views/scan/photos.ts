/**
 * Inspection photos (验货照片) from a file or the camera: only JPEG, PNG and BMP, at most
 * {@link MAX_PHOTO_BYTES} as picked, decoded and scaled down so that the long side is at most
 * {@link MAX_PHOTO_EDGE} pixels, re-encoded as JPEG and stored content-addressed in the local store
 * until the sync engine uploads it. Every refusal is a code the view translates.
 */
import type { DeskDb } from '../../db/schema';
import { storeAttachment } from '../../sync/attachments';

export const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/bmp'] as const;
export const PHOTO_EXTENSIONS = ['.jpg', '.jpeg', '.png', '.bmp'] as const;
export const MAX_PHOTO_BYTES = 20 * 1024 * 1024;
export const MAX_PHOTO_EDGE = 1600;
export const JPEG_QUALITY = 0.85;
/** Photos per inspection (the shared rules allow 50 per dispute). */
export const MAX_PHOTOS = 12;

export type PhotoError = 'photo.wrong_type' | 'photo.too_large' | 'photo.unreadable' | 'photo.too_many' | 'photo.storage';

export type PhotoResult = { ok: true; sha256: string; bytes: number; width: number; height: number } | { ok: false; code: PhotoError; params?: Record<string, string | number> };

/** Checks type (by MIME type or, when the system gives none, by extension) and size. */
export function checkPhotoFile(file: Pick<File, 'name' | 'type' | 'size'>): { ok: true } | { ok: false; code: PhotoError; params: Record<string, string | number> } {
  const lower = file.name.toLowerCase();
  const typeOk = file.type !== '' ? (PHOTO_TYPES as readonly string[]).includes(file.type) : PHOTO_EXTENSIONS.some((ext) => lower.endsWith(ext));
  if (!typeOk) return { ok: false, code: 'photo.wrong_type', params: { name: file.name } };
  if (file.size > MAX_PHOTO_BYTES) return { ok: false, code: 'photo.too_large', params: { name: file.name, limitMb: MAX_PHOTO_BYTES / 1024 / 1024 } };
  return { ok: true };
}

/** Target size keeping the aspect ratio, long side at most `maxEdge`. */
export function fitWithin(width: number, height: number, maxEdge = MAX_PHOTO_EDGE): { width: number; height: number } {
  const scale = Math.min(1, maxEdge / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/** Scales a decodable image source to JPEG. */
export async function encodeScaled(source: CanvasImageSource, width: number, height: number): Promise<Blob> {
  const size = fitWithin(width, height);
  const canvas = document.createElement('canvas');
  canvas.width = size.width;
  canvas.height = size.height;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no 2d canvas');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, size.width, size.height);
  ctx.drawImage(source, 0, 0, size.width, size.height);
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', JPEG_QUALITY));
  if (!blob) throw new Error('encoding failed');
  return blob;
}

async function storeScaled(db: DeskDb, source: CanvasImageSource, width: number, height: number): Promise<PhotoResult> {
  let blob: Blob;
  try {
    blob = await encodeScaled(source, width, height);
  } catch {
    return { ok: false, code: 'photo.unreadable' };
  }
  try {
    const sha256 = await storeAttachment(db, blob);
    const size = fitWithin(width, height);
    return { ok: true, sha256, bytes: blob.size, ...size };
  } catch {
    return { ok: false, code: 'photo.storage' };
  }
}

/** A picked file: checked, decoded, scaled, stored. */
export async function addPhotoFile(db: DeskDb, file: File): Promise<PhotoResult> {
  const check = checkPhotoFile(file);
  if (!check.ok) return check;
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file);
  } catch {
    return { ok: false, code: 'photo.unreadable', params: { name: file.name } };
  }
  try {
    return await storeScaled(db, bitmap, bitmap.width, bitmap.height);
  } finally {
    bitmap.close();
  }
}

/** The current frame of a playing camera video. */
export async function addCameraFrame(db: DeskDb, video: HTMLVideoElement): Promise<PhotoResult> {
  if (video.videoWidth === 0 || video.videoHeight === 0) return { ok: false, code: 'photo.unreadable' };
  return storeScaled(db, video, video.videoWidth, video.videoHeight);
}
