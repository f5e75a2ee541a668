import { describe, expect, it, vi } from 'vitest';
import type { Event as ElectronEvent, HandlerDetails } from 'electron';
import {
  APP_ORIGIN,
  hardenAllWebContents,
  hardenWebContents,
  installPermissionHandlers,
  isAppUrl,
  isVettedExternalUrl,
  secureWebPreferences,
  type PermissionSession,
} from '../../electron/security';
import { mainWindowOptions } from '../../electron/window';

type Listener = (event: ElectronEvent, url: string) => void;

function fakeContents() {
  const listeners = new Map<string, Listener>();
  let openHandler: ((details: HandlerDetails) => { action: string }) | undefined;
  return {
    contents: {
      setWindowOpenHandler: (h: (details: HandlerDetails) => { action: 'deny' } | { action: 'allow' }) => {
        openHandler = h;
      },
      on: (name: 'will-navigate' | 'will-redirect', l: Listener) => listeners.set(name, l),
    },
    open: (url: string) => openHandler?.({ url } as HandlerDetails),
    navigate(name: string, url: string) {
      const event = { preventDefault: vi.fn() } as unknown as ElectronEvent & { preventDefault: ReturnType<typeof vi.fn> };
      listeners.get(name)?.(event, url);
      return event.preventDefault.mock.calls.length > 0;
    },
  };
}

describe('window hardening', () => {
  it('uses the Electron security checklist web preferences', () => {
    const prefs = mainWindowOptions('/app/preload.cjs').webPreferences;
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, preload: '/app/preload.cjs' });
    expect(secureWebPreferences('x').allowRunningInsecureContent).toBe(false);
  });

  it('denies every window.open and sends only vetted https links to the system browser', () => {
    const f = fakeContents();
    const openExternal = vi.fn();
    hardenWebContents({ contents: f.contents, openExternal, externalHosts: () => ['help.example.com'] });
    expect(f.open('https://help.example.com/returns')).toEqual({ action: 'deny' });
    expect(f.open('http://help.example.com/returns')).toEqual({ action: 'deny' });
    expect(f.open('https://evil.example.com/')).toEqual({ action: 'deny' });
    expect(f.open('https://help.example.com.evil.test/')).toEqual({ action: 'deny' });
    expect(f.open('https://help.example.com:8443/')).toEqual({ action: 'deny' });
    expect(f.open('file:///etc/passwd')).toEqual({ action: 'deny' });
    expect(f.open('https://user:pw@help.example.com')).toEqual({ action: 'deny' });
    expect(openExternal.mock.calls).toEqual([['https://help.example.com/returns']]);
  });

  it('blocks navigation and redirects away from the app', () => {
    const f = fakeContents();
    hardenWebContents({ contents: f.contents, openExternal: vi.fn(), devServerUrl: 'http://localhost:5173/' });
    expect(f.navigate('will-navigate', 'https://evil.example.com')).toBe(true);
    expect(f.navigate('will-redirect', 'file:///etc/passwd')).toBe(true);
    expect(f.navigate('will-navigate', `${APP_ORIGIN}/index.html#/scan`)).toBe(false);
    expect(f.navigate('will-navigate', 'http://localhost:5173/#/queues')).toBe(false);
    expect(f.navigate('will-navigate', 'http://localhost:5174/')).toBe(true);
  });

  it('recognises only the app origin (and the dev server when set)', () => {
    expect(isAppUrl('app://desk/index.html')).toBe(true);
    expect(isAppUrl('app://other/index.html')).toBe(false);
    expect(isAppUrl('http://localhost:5173/')).toBe(false);
    expect(isAppUrl('not a url')).toBe(false);
    expect(isVettedExternalUrl('javascript:alert(1)')).toBe(false);
    // Without a configured list only the product's own help hosts pass.
    expect(isVettedExternalUrl('https://help.aftersalesdesk.com/returns')).toBe(true);
    expect(isVettedExternalUrl('https://example.com/')).toBe(false);
  });

  it('grants the camera (video only) to the app only, and no other permission', () => {
    const installed: {
      request?: Parameters<PermissionSession['setPermissionRequestHandler']>[0];
      check?: Parameters<PermissionSession['setPermissionCheckHandler']>[0];
    } = {};
    installPermissionHandlers({
      setPermissionRequestHandler: (h) => (installed.request = h),
      setPermissionCheckHandler: (h) => (installed.check = h),
    });
    const { request, check } = installed;
    const ask = (permission: string, requestingUrl: string, mediaTypes?: Array<'video' | 'audio'>): boolean => {
      let granted: boolean | undefined;
      request?.({}, permission, (g) => (granted = g), { requestingUrl, ...(mediaTypes ? { mediaTypes } : {}) });
      return granted ?? false;
    };
    expect(ask('media', 'app://desk/index.html', ['video'])).toBe(true);
    // The microphone, alone or with the camera, is refused; so is a media request naming nothing.
    expect(ask('media', 'app://desk/index.html', ['audio'])).toBe(false);
    expect(ask('media', 'app://desk/index.html', ['video', 'audio'])).toBe(false);
    expect(ask('media', 'app://desk/index.html', [])).toBe(false);
    expect(ask('media', 'app://desk/index.html')).toBe(false);
    expect(ask('media', 'https://evil.example.com', ['video'])).toBe(false);
    expect(ask('geolocation', 'app://desk/index.html')).toBe(false);
    expect(ask('notifications', 'app://desk/index.html')).toBe(false);
    expect(check?.({}, 'media', 'app://desk', { mediaType: 'video' })).toBe(true);
    expect(check?.({}, 'media', 'app://desk', { mediaType: 'audio' })).toBe(false);
    expect(check?.({}, 'media', 'app://desk', { mediaType: 'unknown' })).toBe(false);
    expect(check?.({}, 'media', 'https://evil.example.com', { mediaType: 'video' })).toBe(false);
    expect(check?.({}, 'clipboard-read', 'app://desk', {})).toBe(false);
  });
});

describe('every web contents', () => {
  it('is hardened when created (not only the main window), and may not attach a webview', () => {
    let created: ((event: unknown, contents: never) => void) | undefined;
    const openExternal = vi.fn();
    hardenAllWebContents({ on: (_event, listener) => (created = listener as never) }, { openExternal, externalHosts: () => ['help.example.com'] });
    expect(created).toBeTypeOf('function');
    const f = fakeContents();
    const webviewGuards: Array<(event: ElectronEvent) => void> = [];
    const contents = {
      ...f.contents,
      on: (name: string, listener: never) => {
        if (name === 'will-attach-webview') webviewGuards.push(listener);
        else f.contents.on(name as 'will-navigate', listener);
      },
    };
    created?.({}, contents as never);
    expect(f.open('https://help.example.com/a')).toEqual({ action: 'deny' });
    expect(openExternal.mock.calls).toEqual([['https://help.example.com/a']]);
    expect(f.navigate('will-navigate', 'https://evil.example.com')).toBe(true);
    const attach = { preventDefault: vi.fn() } as unknown as ElectronEvent & { preventDefault: ReturnType<typeof vi.fn> };
    webviewGuards[0]?.(attach);
    expect(attach.preventDefault).toHaveBeenCalled();
  });
});
