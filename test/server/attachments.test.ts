import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, startServer, type LoggedIn, type TestServer } from './support/harness';
import { bytesOf, concat, jpeg, png } from './support/images';

const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

interface PutBody {
  sha256: string;
  size: number;
  mime: string;
  existing: boolean;
  code: string;
}

describe.each(backends)('attachments on %s', (backend) => {
  let server: TestServer;
  let wh: LoggedIn;
  const MAX = 64 * 1024;

  beforeAll(async () => {
    server = await startServer(backend, { config: { attachmentMaxBytes: MAX } });
    wh = await server.login('wh1');
  });
  afterAll(async () => {
    await server?.close();
  });

  const put = (hash: string, body: Uint8Array, type: string, token: string | null = wh.token) =>
    server.request<PutBody>('PUT', `/attachments/${hash}`, { ...(token ? { token } : {}), body, headers: { 'content-type': type } });

  it('stores a photo under its SHA-256 once, and serves it back with its type', async () => {
    const photo = png(5000);
    const first = await put(sha(photo), photo, 'image/png');
    expect(first.status).toBe(201);
    expect(first.body).toEqual({ sha256: sha(photo), size: 5000, mime: 'image/png', existing: false });
    const again = await put(sha(photo), photo, 'image/png');
    expect(again.status).toBe(200);
    expect(again.body.existing).toBe(true);

    const got = await server.request<Uint8Array>('GET', `/attachments/${sha(photo)}`, { token: wh.token });
    expect(got.status).toBe(200);
    expect(got.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(got.body).equals(Buffer.from(photo))).toBe(true);

    const other = jpeg(300);
    expect((await put(sha(other), other, 'image/jpeg; charset=binary')).status).toBe(201);
  });

  it('refuses a body whose hash differs from the path', async () => {
    const photo = png(100, 1);
    const res = await put(sha(png(100, 2)), photo, 'image/png');
    expect([res.status, res.body.code]).toEqual([400, 'attachment.hash_mismatch']);
    expect((await server.request('GET', `/attachments/${sha(png(100, 2))}`, { token: wh.token })).status).toBe(404);
  });

  it('refuses other types, and bytes that are not the declared image', async () => {
    const text = bytesOf('hello');
    const res = await put(sha(text), text, 'text/plain');
    expect([res.status, res.body.code]).toEqual([415, 'attachment.unsupported_type']);
    const gif = await put(sha(text), text, 'image/gif');
    expect([gif.status, gif.body.code]).toEqual([415, 'attachment.unsupported_type']);
    const lying = png(200);
    const mislabelled = await put(sha(lying), lying, 'image/jpeg');
    expect([mislabelled.status, mislabelled.body.code]).toEqual([415, 'attachment.invalid_image']);
  });

  it('checks the real file structure, not only the first bytes', async () => {
    const page = bytesOf('<html><script>alert(document.cookie)</script></html>');
    // Two letters and a page: BMP and WebP are not accepted at all any more.
    const bm = concat(bytesOf('BM'), page);
    expect((await put(sha(bm), bm, 'image/bmp')).body.code).toBe('attachment.unsupported_type');
    expect((await put(sha(bm), bm, 'image/webp')).body.code).toBe('attachment.unsupported_type');
    const good = png(300);
    const cases: Array<[string, Uint8Array, string, string]> = [
      ['PNG signature and a page', concat(good.subarray(0, 8), page), 'image/png', 'png.chunk_type'],
      ['a page after IEND', concat(good, page), 'image/png', 'png.trailing_bytes'],
      ['a damaged chunk', Uint8Array.from(good, (v, i) => (i === 50 ? v ^ 0xff : v)), 'image/png', 'png.chunk_crc'],
      ['JPEG magic and a page', concat(new Uint8Array([0xff, 0xd8, 0xff]), page), 'image/jpeg', 'jpeg.no_end'],
      ['JPEG magic, a page and an end marker', concat(new Uint8Array([0xff, 0xd8, 0xff]), page, new Uint8Array([0xff, 0xd9])), 'image/jpeg', 'jpeg.segment_length'],
      ['a JPEG without a frame', concat(new Uint8Array([0xff, 0xd8]), jpeg(100).subarray(15)), 'image/jpeg', 'jpeg.no_frame'],
    ];
    for (const [label, bytes, type, problem] of cases) {
      const res = await put(sha(bytes), bytes, type);
      expect([label, res.status, res.body.code, (res.body as unknown as { params?: { problem?: string } }).params?.problem]).toEqual([label, 415, 'attachment.invalid_image', problem]);
      expect((await server.request('GET', `/attachments/${sha(bytes)}`, { token: wh.token })).status).toBe(404);
    }
    // Zero padding after the end marker is what some cameras write: accepted.
    const padded = concat(jpeg(400, 2), new Uint8Array(16));
    expect((await put(sha(padded), padded, 'image/jpeg')).status).toBe(201);
  });

  it('serves a photo so that no browser takes it for a page', async () => {
    const photo = jpeg(500, 5);
    expect((await put(sha(photo), photo, 'image/jpeg')).status).toBe(201);
    const got = await server.request('GET', `/attachments/${sha(photo)}`, { token: wh.token });
    expect(got.headers.get('x-content-type-options')).toBe('nosniff');
    expect(got.headers.get('content-security-policy')).toContain('sandbox');
  });

  it('refuses a photo above the size limit with 413 body.too_large', async () => {
    const big = png(MAX + 1);
    const res = await put(sha(big), big, 'image/png');
    expect([res.status, res.body.code]).toEqual([413, 'body.too_large']);
    const exact = png(MAX, 3);
    expect((await put(sha(exact), exact, 'image/png')).status).toBe(201);
  });

  it('requires a token and a well-formed hash', async () => {
    const photo = png(64, 9);
    const anonymous = await put(sha(photo), photo, 'image/png', null);
    expect([anonymous.status, anonymous.body.code]).toEqual([401, 'auth.missing']);
    expect((await server.request<{ code: string }>('GET', `/attachments/${sha(photo)}`)).status).toBe(401);
    const badPath = await server.request<{ code: string }>('GET', '/attachments/XYZ', { token: wh.token });
    expect([badPath.status, badPath.body.code]).toEqual([400, 'params.invalid']);
    const missing = await server.request<{ code: string }>('GET', `/attachments/${'0'.repeat(64)}`, { token: wh.token });
    expect([missing.status, missing.body.code]).toEqual([404, 'attachment.not_found']);
  });
});
