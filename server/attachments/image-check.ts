/**
 * Structural check of an uploaded photo: the bytes must be a well-formed file of the declared
 * type, not just start with its magic number. Two letters `BM` followed by an HTML page passed a
 * magic-number check as `image/bmp`; a file served back from this API must never be something a
 * browser could take for a page or a script.
 *
 * Accepted are the types photos reach the server in: the desktop app re-encodes every inspection
 * photo as JPEG before storing it, and storefronts send JPEG or PNG. BMP (no real signature, no
 * checksum) and WebP (never produced by the app) are refused on upload; photos stored earlier
 * stay downloadable.
 */
import { crc32 } from 'node:zlib';

export const UPLOAD_TYPES = ['image/jpeg', 'image/png'] as const;
export type UploadType = (typeof UPLOAD_TYPES)[number];

export function isUploadType(value: string): value is UploadType {
  return (UPLOAD_TYPES as readonly string[]).includes(value);
}

/** Why the bytes are not a well-formed image of the declared type (a short reason for the error). */
export type ImageProblem = string;

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/** Largest side a photo may claim (far beyond any camera; stops absurd headers). */
const MAX_SIDE = 65_535;

/** `null` when the bytes are a well-formed image of `type`, else the problem. */
export function checkImage(type: UploadType, bytes: Uint8Array): ImageProblem | null {
  return type === 'image/png' ? checkPng(bytes) : checkJpeg(bytes);
}

/**
 * PNG: the signature, then chunks each with a matching CRC-32 — IHDR first with a sane size,
 * at least one IDAT, and IEND as the last bytes of the file.
 */
function checkPng(b: Uint8Array): ImageProblem | null {
  if (b.length < 8 + 25 + 12 || !PNG_SIGNATURE.every((v, i) => b[i] === v)) return 'png.signature';
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  let at = 8;
  let index = 0;
  let sawData = false;
  while (at + 12 <= b.length) {
    const length = view.getUint32(at);
    const type = String.fromCharCode(b[at + 4] ?? 0, b[at + 5] ?? 0, b[at + 6] ?? 0, b[at + 7] ?? 0);
    if (!/^[A-Za-z]{4}$/.test(type)) return 'png.chunk_type';
    const end = at + 12 + length;
    if (length > 0x7fffffff || end > b.length) return 'png.chunk_length';
    const crc = view.getUint32(at + 8 + length);
    if (crc32(b.subarray(at + 4, at + 8 + length)) !== crc) return 'png.chunk_crc';
    if (index === 0) {
      if (type !== 'IHDR' || length !== 13) return 'png.ihdr';
      const width = view.getUint32(at + 8);
      const height = view.getUint32(at + 12);
      if (width === 0 || height === 0 || width > MAX_SIDE || height > MAX_SIDE) return 'png.size';
    } else if (type === 'IHDR') {
      return 'png.ihdr';
    }
    if (type === 'IDAT') sawData = true;
    if (type === 'IEND') {
      if (!sawData) return 'png.no_data';
      return end === b.length ? null : 'png.trailing_bytes';
    }
    at = end;
    index += 1;
  }
  return 'png.truncated';
}

/** Markers without a length field: TEM and RST0–RST7. */
const STANDALONE = new Set([0x01, 0xd0, 0xd1, 0xd2, 0xd3, 0xd4, 0xd5, 0xd6, 0xd7]);

/**
 * JPEG: SOI, then a chain of length-prefixed segments that must hold a frame header (SOF) with
 * a sane size before the first scan (SOS), and the file must end with EOI (only zero padding
 * after it). The entropy-coded data of the scans is not decoded.
 */
function checkJpeg(b: Uint8Array): ImageProblem | null {
  if (b.length < 4 || b[0] !== 0xff || b[1] !== 0xd8 || b[2] !== 0xff) return 'jpeg.signature';
  let last = b.length;
  while (last > 2 && b[last - 1] === 0x00) last -= 1;
  if (b[last - 2] !== 0xff || b[last - 1] !== 0xd9) return 'jpeg.no_end';
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  let at = 2;
  let sawFrame = false;
  while (at + 4 <= last) {
    if (b[at] !== 0xff) return 'jpeg.marker';
    // Fill bytes (0xFF) may precede a marker.
    while (at + 1 < last && b[at + 1] === 0xff) at += 1;
    const marker = b[at + 1] ?? 0;
    if (STANDALONE.has(marker)) {
      at += 2;
      continue;
    }
    if (marker === 0xd8 || marker === 0xd9 || marker === 0x00) return 'jpeg.marker';
    const length = view.getUint16(at + 2);
    if (length < 2 || at + 2 + length > last) return 'jpeg.segment_length';
    // SOF0–SOF15 except DHT (C4), JPG (C8) and DAC (CC).
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      if (length < 8) return 'jpeg.frame';
      const height = view.getUint16(at + 5);
      const width = view.getUint16(at + 7);
      if (width === 0 || height === 0) return 'jpeg.size';
      sawFrame = true;
    }
    if (marker === 0xda) return sawFrame ? null : 'jpeg.no_frame';
    at += 2 + length;
  }
  return 'jpeg.no_scan';
}
