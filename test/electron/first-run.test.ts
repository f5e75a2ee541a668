import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { DEFAULT_SETTINGS } from '../../shared/ipc/settings';
import { createDeskController } from '../../electron/controller';
import { connectOrigin, DEMO_DATA_FOLDER, externalHosts, SITE_DATA_FOLDER, startupPlan } from '../../electron/modes';
import { loadSettings } from '../../electron/settings-store';
import { createTokenStore } from '../../electron/token-store';
import { testConnection } from '../../electron/connection';
import { tempDirPerTest } from './support';

const tmp = tempDirPerTest('desk-firstrun-');

async function controllerWithFakeApi(options: { failStart?: boolean } = {}) {
  const events: string[] = [];
  let port = 40000;
  const settings = await loadSettings(tmp.path);
  const controller = createDeskController({
    settings,
    tokens: createTokenStore(tmp.path, { isEncryptionAvailable: () => false, encryptString: () => Buffer.alloc(0), decryptString: () => '' }, 'linux'),
    dataDir: tmp.path,
    logDir: join(tmp.path, 'logs'),
    envUpdateUrl: 'https://updates.example.com/desk',
    async startEmbedded({ demo, dataFolder }) {
      events.push(`start ${demo ? 'demo' : 'site'} ${dataFolder}`);
      if (options.failStart) throw new Error('database is locked');
      const url = `http://127.0.0.1:${port++}`;
      return {
        url,
        stop: async () => {
          events.push(`stop ${url}`);
        },
      };
    },
  });
  return { controller, events, settings };
}

describe('first-run mode choice', () => {
  it('starts nothing before the choice: the renderer shows the chooser and /api answers 503', async () => {
    const { controller, events } = await controllerWithFakeApi();
    await controller.start();
    expect(events).toEqual([]);
    expect(controller.plan()).toMatchObject({ firstRun: true, embedded: null, updateUrl: null });
    expect(controller.apiBase()).toBeUndefined();
    expect(controller.status()).toMatchObject({ embeddedApi: 'stopped', settings: { mode: null }, secrets: { backend: 'unavailable' } });
  });

  it('try the demo: the built-in API with demo data, no update checks', async () => {
    const { controller, events } = await controllerWithFakeApi();
    const status = await controller.chooseMode({ mode: 'demo' });
    expect(status).toMatchObject({ embeddedApi: 'running', settings: { mode: 'demo' } });
    expect(events).toEqual([`start demo ${DEMO_DATA_FOLDER}`]);
    expect(controller.apiBase()).toBe('http://127.0.0.1:40000');
    expect(controller.plan().updateUrl).toBeNull();
  });

  it('run this site: an empty database in a folder of its own; the demo API stops first', async () => {
    const { controller, events } = await controllerWithFakeApi();
    await controller.chooseMode({ mode: 'demo' });
    await controller.chooseMode({ mode: 'site' });
    expect(events).toEqual([`start demo ${DEMO_DATA_FOLDER}`, 'stop http://127.0.0.1:40000', `start site ${SITE_DATA_FOLDER}`]);
    expect(controller.apiBase()).toBe('http://127.0.0.1:40001');
    expect(controller.plan().updateUrl).toBe('https://updates.example.com/desk');
    // Choosing the same mode again restarts nothing.
    await controller.chooseMode({ mode: 'site' });
    expect(events).toHaveLength(3);
  });

  it('connect to the central API: nothing runs locally, /api goes to the company address, and it is kept across restarts', async () => {
    const { controller, events } = await controllerWithFakeApi();
    await controller.chooseMode({ mode: 'site' });
    await controller.chooseMode({ mode: 'central', apiUrl: 'https://desk-api.example.com/' });
    expect(events).toEqual([`start site ${SITE_DATA_FOLDER}`, 'stop http://127.0.0.1:40000']);
    expect(controller.apiBase()).toBe('https://desk-api.example.com');
    const again = await controllerWithFakeApi();
    await again.controller.start();
    expect(again.events).toEqual([]);
    expect(again.controller.apiBase()).toBe('https://desk-api.example.com');
    expect(connectOrigin(again.settings.get())).toBe('https://desk-api.example.com');
    expect(externalHosts(['help.aftersalesdesk.com'], again.settings.get())).toEqual(['help.aftersalesdesk.com', 'desk-api.example.com']);
  });

  it('a refused choice changes nothing; a built-in API that fails to start is reported', async () => {
    const { controller, events } = await controllerWithFakeApi();
    await expect(controller.chooseMode({ mode: 'central', apiUrl: 'file:///etc/passwd' } as never)).rejects.toMatchObject({ code: 'settings.invalid' });
    expect(controller.status().settings.mode).toBeNull();
    expect(events).toEqual([]);
    const failing = await controllerWithFakeApi({ failStart: true });
    const status = await failing.controller.chooseMode({ mode: 'demo' });
    expect(status).toMatchObject({ embeddedApi: 'failed', embeddedError: 'database is locked' });
    expect(failing.controller.apiBase()).toBeUndefined();
  });

  it('plans updates only outside demo mode and with a feed', () => {
    expect(startupPlan({ ...DEFAULT_SETTINGS, mode: 'demo', updateUrl: 'https://u.example.com' }).updateUrl).toBeNull();
    expect(startupPlan({ ...DEFAULT_SETTINGS, mode: 'site' }).updateUrl).toBeNull();
    expect(startupPlan({ ...DEFAULT_SETTINGS, mode: 'site', updateUrl: 'https://u.example.com' }, 'https://env.example.com').updateUrl).toBe('https://u.example.com');
    expect(startupPlan({ ...DEFAULT_SETTINGS, mode: 'central', apiUrl: null }).firstRun).toBe(true);
  });
});

describe('central API connection test', () => {
  const health = (body: unknown, status = 200) => async () => new Response(JSON.stringify(body), { status });

  it('shows the server version and the clock skew measured from the middle of the request', async () => {
    const clock = [1_000_000, 1_000_200];
    const reply = await testConnection('https://desk-api.example.com/', {
      fetch: async (url) => {
        expect(url).toBe('https://desk-api.example.com/health');
        return health({ ok: true, time: new Date(1_000_100 + 90_000).toISOString(), version: '0.2.0' })();
      },
      now: () => clock.shift() ?? 0,
    });
    expect(reply).toEqual({ ok: true, version: '0.2.0', serverTime: new Date(1_090_100).toISOString(), skewMs: 90_000, latencyMs: 200 });
  });

  it('names what went wrong: unreachable, an HTTP error, not this API, a timeout', async () => {
    expect(await testConnection('https://a.example.com', { fetch: () => Promise.reject(new TypeError('ECONNREFUSED')) })).toEqual({ ok: false, code: 'connection.unreachable' });
    expect(await testConnection('https://a.example.com', { fetch: health({ code: 'x' }, 502) })).toEqual({ ok: false, code: 'connection.http_error', status: 502 });
    expect(await testConnection('https://a.example.com', { fetch: health({ hello: 'world' }) })).toEqual({ ok: false, code: 'connection.not_desk_api' });
    expect(await testConnection('https://a.example.com', { fetch: async () => new Response('<html>', { status: 200 }) })).toEqual({ ok: false, code: 'connection.not_desk_api' });
    const hanging = (_url: string, init: { signal: AbortSignal }) => new Promise<Response>((_resolve, reject) => init.signal.addEventListener('abort', () => reject(new Error('aborted'))));
    expect(await testConnection('https://a.example.com', { fetch: hanging, timeoutMs: 20 })).toEqual({ ok: false, code: 'connection.timeout' });
  });
});
