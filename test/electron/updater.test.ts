import { describe, expect, it } from 'vitest';
import { createUpdater, type AutoUpdaterLike } from '../../electron/updater';

function fakeAutoUpdater(check: () => Promise<unknown> = async () => ({})) {
  const listeners = new Map<string, (arg: unknown) => void>();
  const feeds: unknown[] = [];
  let checks = 0;
  const updater: AutoUpdaterLike & { emit(event: string, arg?: unknown): void } = {
    autoDownload: false,
    autoInstallOnAppQuit: false,
    setFeedURL: (options) => void feeds.push(options),
    checkForUpdates: () => {
      checks++;
      return check();
    },
    on: (event, listener) => listeners.set(event, listener),
    emit: (event, arg) => listeners.get(event)?.(arg),
  };
  return { updater, feeds, checks: () => checks };
}

describe('updater wiring', () => {
  it('sets the generic feed from the configuration and checks at start without bothering anyone', async () => {
    const fake = fakeAutoUpdater();
    const notes: unknown[] = [];
    const updater = createUpdater({ autoUpdater: fake.updater, feedUrl: () => 'https://updates.example.com/desk', disabledReason: () => 'no_feed', notify: (e) => notes.push(e) });
    expect(fake.updater.autoDownload).toBe(true);
    expect(fake.updater.autoInstallOnAppQuit).toBe(true);
    expect(await updater.check('start')).toEqual({ status: 'checked' });
    expect(fake.feeds).toEqual([{ provider: 'generic', url: 'https://updates.example.com/desk' }]);
    fake.updater.emit('update-not-available');
    expect(notes).toEqual([]);
    // From the menu, the answer is shown; the feed is not set again.
    await updater.check('menu');
    fake.updater.emit('update-not-available');
    expect(notes).toEqual([{ kind: 'none' }]);
    expect(fake.feeds).toHaveLength(1);
    fake.updater.emit('update-downloaded', { version: '0.3.0' });
    expect(notes).toContainEqual({ kind: 'downloaded', detail: '0.3.0' });
  });

  it('never checks in demo mode or without a feed, and says why when asked from the menu', async () => {
    const fake = fakeAutoUpdater();
    const notes: unknown[] = [];
    const updater = createUpdater({ autoUpdater: fake.updater, feedUrl: () => null, disabledReason: () => 'demo', notify: (e) => notes.push(e) });
    expect(await updater.check('start')).toEqual({ status: 'disabled', reason: 'demo' });
    expect(await updater.check('menu')).toEqual({ status: 'disabled', reason: 'demo' });
    expect(fake.checks()).toBe(0);
    expect(fake.feeds).toEqual([]);
    expect(notes).toEqual([{ kind: 'disabled', detail: 'demo' }]);
  });

  it('reports a failed check from the menu and keeps the app running', async () => {
    const fake = fakeAutoUpdater(() => Promise.reject(new Error('ENOTFOUND updates.example.com')));
    const notes: Array<{ kind: string }> = [];
    const updater = createUpdater({ autoUpdater: fake.updater, feedUrl: () => 'https://updates.example.com', disabledReason: () => 'no_feed', notify: (e) => notes.push(e) });
    expect(await updater.check('start')).toMatchObject({ status: 'failed' });
    expect(notes).toEqual([]);
    expect(await updater.check('menu')).toMatchObject({ status: 'failed', message: expect.stringContaining('ENOTFOUND') });
    expect(notes.map((n) => n.kind)).toEqual(['error']);
  });
});
