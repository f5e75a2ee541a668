/**
 * The Electron security checklist as one regression test: window options, session handlers, the
 * CSP header, every web contents hardened, the builder's fuses and package contents. Each item
 * names the checklist line it guards, so a failure says what regressed.
 */
import { describe, expect, it, vi } from 'vitest';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { mainWindowOptions } from '../../electron/window';
import { contentSecurityPolicy, installPermissionHandlers, type PermissionSession } from '../../electron/security';
import { createAppProtocolHandler } from '../../electron/protocol';

const root = new URL('../../', import.meta.url);
const builder = parse(readFileSync(new URL('electron-builder.yml', root), 'utf8')) as Record<string, unknown>;
const mainSource = readFileSync(new URL('electron/main.ts', root), 'utf8');

describe('Electron security checklist', () => {
  it('window: context isolation, sandbox, no Node, web security, no insecure content', () => {
    const prefs = mainWindowOptions('/app/preload.cjs').webPreferences ?? {};
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
    });
    expect(prefs).not.toHaveProperty('webviewTag', true);
    // Remembered bounds never reach the web preferences.
    expect(mainWindowOptions('/p', { x: 1, y: 2, width: 1400, height: 900 }).webPreferences).toEqual({ ...prefs, preload: '/p' });
  });

  it('session: only video, only to the app origin', () => {
    const handlers: { request?: Parameters<PermissionSession['setPermissionRequestHandler']>[0]; check?: Parameters<PermissionSession['setPermissionCheckHandler']>[0] } = {};
    installPermissionHandlers({ setPermissionRequestHandler: (h) => (handlers.request = h), setPermissionCheckHandler: (h) => (handlers.check = h) });
    expect(handlers.request).toBeTypeOf('function');
    expect(handlers.check).toBeTypeOf('function');
    const granted = (permission: string, url: string, mediaTypes?: Array<'video' | 'audio'>) => {
      const callback = vi.fn();
      handlers.request?.({}, permission, callback, { requestingUrl: url, ...(mediaTypes ? { mediaTypes } : {}) });
      return callback.mock.calls[0]?.[0] as boolean;
    };
    expect(granted('media', 'app://desk/', ['video'])).toBe(true);
    expect(granted('media', 'app://desk/', ['audio'])).toBe(false);
    expect(granted('media', 'app://desk/', ['video', 'audio'])).toBe(false);
    for (const p of ['geolocation', 'notifications', 'midi', 'clipboard-read', 'openExternal', 'display-capture', 'fullscreen']) expect(granted(p, 'app://desk/'), p).toBe(false);
  });

  it('CSP: sent as a header; scripts from the app only; connect-src the app and the configured API only', async () => {
    const csp = contentSecurityPolicy('https://desk-api.example.com/v1');
    const directives = Object.fromEntries(csp.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]));
    expect(directives['default-src']).toEqual(["'none'"]);
    expect(directives['script-src']).toEqual(["'self'"]);
    expect(directives['connect-src']).toEqual(["'self'", 'https://desk-api.example.com']);
    expect(directives['object-src']).toEqual(["'none'"]);
    expect(directives['frame-ancestors']).toEqual(["'none'"]);
    expect(contentSecurityPolicy()).not.toMatch(/https:(?!\/)|localhost|127\.0\.0\.1|\*/);
    const handler = createAppProtocolHandler('/srv/r', async () => new TextEncoder().encode('<html>'), undefined, () => csp);
    expect((await handler(new Request('app://desk/index.html'))).headers.get('content-security-policy')).toBe(csp);
  });

  it('bootstrap: every web contents hardened, permission handlers and the CSP-sending handler installed', () => {
    expect(mainSource).toMatch(/hardenAllWebContents\(app,/);
    expect(mainSource).toMatch(/installPermissionHandlers\(session\.defaultSession/);
    expect(mainSource).toMatch(/contentSecurityPolicy\(connectOrigin\(/);
    expect(mainSource).toMatch(/validatedHandle\(ipcMain, ipcChannels\.secretsSetToken/);
    // No raw ipcMain.handle / ipcMain.on in the bootstrap: every channel is validated.
    expect(mainSource).not.toMatch(/ipcMain\.(handle|on)\(/);
    // Links leave only through the allowlist (hosts), never straight to shell.openExternal.
    expect(mainSource).toMatch(/externalHosts: hosts/);
  });

  it('builder: fuses set, sources/tests/maps left out, PGlite assets in, icons and maintainer e-mail', () => {
    expect(builder.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
    expect(builder.asar).toBe(true);
    const files = builder.files as string[];
    for (const excluded of ['!**/*.map', '!**/*.{ts,mts,cts}', '!**/{test,tests,__tests__,spec,docs,example,examples}/**']) expect(files).toContain(excluded);
    expect(files).toContain('node_modules/@electric-sql/pglite/dist/**');
    expect(files.some((f) => f.startsWith('test') || f.startsWith('renderer/') || f.startsWith('server/'))).toBe(false);
    expect(builder.asarUnpack).toEqual(expect.arrayContaining(['node_modules/@electric-sql/pglite/dist/*.wasm', 'node_modules/@electric-sql/pglite/dist/*.data']));
    expect((builder.directories as { buildResources: string }).buildResources).toBe('build');
    const linux = builder.linux as { maintainer: string; icon: string };
    expect(linux.maintainer).toMatch(/<[^@\s>]+@[^@\s>]+\.[a-z]+>$/);
    for (const icon of ['build/icon.png', 'build/icons/256x256.png', 'build/icons/16x16.png']) {
      const png = readFileSync(new URL(icon, root));
      expect(png.subarray(1, 4).toString(), icon).toBe('PNG');
    }
    expect(readFileSync(new URL('build/icon.png', root)).readUInt32BE(16)).toBeGreaterThanOrEqual(512);
  });
});
