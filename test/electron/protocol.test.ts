import { describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { createAppProtocolHandler } from '../../electron/protocol';

const root = resolve('/srv/app/renderer');
const files = new Map<string, string>([
  [resolve(root, 'index.html'), '<!doctype html><title>desk</title>'],
  [resolve(root, 'assets/app.js'), 'console.log(1)'],
]);
const read = async (path: string): Promise<Uint8Array> => {
  const text = files.get(path);
  if (text === undefined) throw new Error('ENOENT');
  return new TextEncoder().encode(text);
};
const handler = createAppProtocolHandler(root, read);

describe('app:// protocol', () => {
  it('serves index.html at the root and assets with their content type', async () => {
    const index = await handler(new Request('app://desk/'));
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toContain('text/html');
    expect(await index.text()).toContain('<title>desk</title>');
    const js = await handler(new Request('app://desk/assets/app.js'));
    expect(js.headers.get('content-type')).toContain('text/javascript');
  });

  it('never serves files outside the renderer folder', async () => {
    expect((await handler(new Request('app://desk/../../etc/passwd'))).status).toBe(404);
    expect((await handler(new Request('app://desk/%2e%2e/%2e%2e/etc/passwd'))).status).toBe(404);
    expect((await handler(new Request('app://desk/missing.js'))).status).toBe(404);
  });
});
