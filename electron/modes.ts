/**
 * What the app runs for each first-run choice (see shared/ipc/settings.ts DESK_MODES). Pure: the
 * bootstrap and the mode controller act on the plan.
 */
import type { DeskSettings } from '../shared/ipc/settings';

export interface StartupPlan {
  /** The built-in API to run: with the demo data, for a real site, or none. */
  embedded: { demo: boolean; dataFolder: string } | null;
  /** The central API the `app://desk/api` forwarding reaches when nothing runs built in. */
  centralUrl: string | null;
  /** The renderer shows the first-run chooser. */
  firstRun: boolean;
  /** Update checks (never in demo mode, never without a feed). */
  updateUrl: string | null;
}

/**
 * The demo keeps the folder earlier versions used for their (always demo) built-in API; a site
 * gets a folder of its own, so the demo accounts (admin / demo1234) never reach a real site's data.
 */
export const DEMO_DATA_FOLDER = 'central-api';
export const SITE_DATA_FOLDER = 'site-api';

export function startupPlan(settings: DeskSettings, envUpdateUrl?: string): StartupPlan {
  const updateUrl = settings.mode === 'demo' || settings.mode === null ? null : (settings.updateUrl ?? (envUpdateUrl || null));
  switch (settings.mode) {
    case 'demo':
      return { embedded: { demo: true, dataFolder: DEMO_DATA_FOLDER }, centralUrl: null, firstRun: false, updateUrl };
    case 'site':
      return { embedded: { demo: false, dataFolder: SITE_DATA_FOLDER }, centralUrl: null, firstRun: false, updateUrl };
    case 'central':
      return { embedded: null, centralUrl: settings.apiUrl, firstRun: settings.apiUrl === null, updateUrl };
    default:
      return { embedded: null, centralUrl: null, firstRun: true, updateUrl: null };
  }
}

/** The origin the CSP's connect-src allows besides the app itself (central mode only). */
export function connectOrigin(settings: DeskSettings): string | null {
  if (settings.mode !== 'central' || !settings.apiUrl) return null;
  return new URL(settings.apiUrl).origin;
}

/** Hosts external links may open (help pages, and the company's own API and update hosts). */
export function externalHosts(base: readonly string[], settings: DeskSettings): string[] {
  const hosts = new Set(base);
  for (const url of [settings.apiUrl, settings.updateUrl]) if (url) hosts.add(new URL(url).hostname);
  return [...hosts];
}
