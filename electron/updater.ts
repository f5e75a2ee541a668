/**
 * electron-updater with a generic feed (a folder of release files on the company's web server),
 * taken from the settings (`updateUrl`, set in Settings by an administrator) or the
 * DESK_UPDATE_URL variable of the installation. Checks once at start and from Help → Check for
 * updates; never in demo mode, never without a feed. A downloaded update installs when the app quits.
 */

/** The part of electron-updater's `autoUpdater` used here. */
export interface AutoUpdaterLike {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  setFeedURL(options: { provider: 'generic'; url: string }): void;
  checkForUpdates(): Promise<unknown>;
  on(event: 'update-available' | 'update-not-available' | 'update-downloaded' | 'error', listener: (arg: unknown) => void): unknown;
}

export type UpdateCheckResult = { status: 'disabled'; reason: 'demo' | 'no_feed' | 'first_run' } | { status: 'checked' } | { status: 'failed'; message: string };

export interface UpdaterDeps {
  autoUpdater: AutoUpdaterLike;
  /** The feed from the current settings, or null (see modes.ts startupPlan). */
  feedUrl(): string | null;
  /** Why updates are off when feedUrl() is null. */
  disabledReason(): 'demo' | 'no_feed' | 'first_run';
  /** Tells the user (menu-triggered checks only, and when an update is ready). */
  notify(event: { kind: 'none' | 'available' | 'downloaded' | 'error' | 'disabled'; detail?: string }): void;
  log?: { info(obj: unknown, msg?: string): void; warn(obj: unknown, msg?: string): void };
}

export interface Updater {
  check(source: 'start' | 'menu'): Promise<UpdateCheckResult>;
}

export function createUpdater(deps: UpdaterDeps): Updater {
  const { autoUpdater } = deps;
  autoUpdater.autoDownload = true;
  autoUpdater.autoInstallOnAppQuit = true;
  let fromMenu = false;
  let configured: string | null = null;
  autoUpdater.on('update-not-available', () => {
    if (fromMenu) deps.notify({ kind: 'none' });
  });
  autoUpdater.on('update-available', (info) => {
    deps.log?.info({ info }, 'update available');
    if (fromMenu) deps.notify({ kind: 'available' });
  });
  autoUpdater.on('update-downloaded', (info) => {
    const version = (info as { version?: unknown } | null)?.version;
    deps.notify({ kind: 'downloaded', detail: typeof version === 'string' ? version : undefined });
  });
  autoUpdater.on('error', (error) => {
    deps.log?.warn({ err: String(error) }, 'update check failed');
    if (fromMenu) deps.notify({ kind: 'error', detail: String(error) });
  });

  return {
    async check(source) {
      const url = deps.feedUrl();
      if (!url) {
        const reason = deps.disabledReason();
        if (source === 'menu') deps.notify({ kind: 'disabled', detail: reason });
        return { status: 'disabled', reason };
      }
      if (configured !== url) {
        autoUpdater.setFeedURL({ provider: 'generic', url });
        configured = url;
      }
      fromMenu = source === 'menu';
      try {
        await autoUpdater.checkForUpdates();
        return { status: 'checked' };
      } catch (error) {
        deps.log?.warn({ err: String(error) }, 'update check failed');
        if (source === 'menu') deps.notify({ kind: 'error', detail: String(error) });
        return { status: 'failed', message: String(error) };
      }
    },
  };
}
