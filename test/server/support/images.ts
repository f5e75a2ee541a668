/** Small well-formed PNG and JPEG files for upload tests (their pixel data is not decodable). */
import { crc32 } from 'node:zlib';

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  out.set(new TextEncoder().encode(type), 4);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export const PNG_OVERHEAD = 57;

/** A PNG of exactly `size` bytes (at least {@link PNG_OVERHEAD} + 1); `fill` varies the content. */
export function png(size: number, fill = 7): Uint8Array {
  const ihdr = new Uint8Array(13);
  const view = new DataView(ihdr.buffer);
  view.setUint32(0, 16);
  view.setUint32(4, 16);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const signature = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return concat(signature, chunk('IHDR', ihdr), chunk('IDAT', new Uint8Array(size - PNG_OVERHEAD).fill(fill)), chunk('IEND', new Uint8Array(0)));
}

/** A baseline JPEG of exactly `size` bytes (at least 26). */
export function jpeg(size: number, fill = 1): Uint8Array {
  const head = [0xff, 0xd8, 0xff, 0xc0, 0x00, 0x0b, 0x08, 0x00, 0x10, 0x00, 0x10, 0x01, 0x01, 0x11, 0x00, 0xff, 0xda, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3f, 0x00];
  const out = new Uint8Array(size).fill(fill);
  out.set(head, 0);
  out.set([0xff, 0xd9], size - 2);
  return out;
}

export const bytesOf = (text: string): Uint8Array => new TextEncoder().encode(text);
export { concat };
