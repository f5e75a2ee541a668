import { describe, expect, it } from 'vitest';
import { startEmbeddedApi, type UtilityProcessLike } from '../../electron/embedded-api';
import { fakeChild } from './support';

function fakeUtility(script: (child: { emit(event: 'message' | 'exit', value: unknown): void }) => void) {
  const calls: Array<{ modulePath: string; args: string[] }> = [];
  const forked = fakeChild();
  const utilityProcess: UtilityProcessLike = {
    fork(modulePath, args = []) {
      calls.push({ modulePath, args });
      queueMicrotask(() => script(forked));
      return forked.child;
    },
  };
  return { utilityProcess, calls, wasKilled: forked.wasKilled };
}

describe('embedded central API', () => {
  it('forks the server on loopback with its data folder and resolves with the URL it reports', async () => {
    const fake = fakeUtility((child) => child.emit('message', { type: 'ready', url: 'http://127.0.0.1:40123' }));
    const api = await startEmbeddedApi({ utilityProcess: fake.utilityProcess, entry: '/app/embedded-server.js', dataDir: '/data/desk', demo: true });
    expect(api.url).toBe('http://127.0.0.1:40123');
    expect(fake.calls).toEqual([
      { modulePath: '/app/embedded-server.js', args: ['--data-dir', '/data/desk', '--port', '0', '--host', '127.0.0.1', '--demo'] },
    ]);
    api.stop();
    expect(fake.wasKilled()).toBe(true);
  });

  it('reports a start-up failure with the server’s message', async () => {
    const fake = fakeUtility((child) => child.emit('message', { type: 'failed', message: 'database is locked' }));
    await expect(startEmbeddedApi({ utilityProcess: fake.utilityProcess, entry: 'x', dataDir: 'd', demo: false })).rejects.toThrow(/database is locked/);
  });

  it('reports an early exit and ignores unrelated messages', async () => {
    const fake = fakeUtility((child) => {
      child.emit('message', { type: 'log', line: 'hello' });
      child.emit('exit', 3);
    });
    await expect(startEmbeddedApi({ utilityProcess: fake.utilityProcess, entry: 'x', dataDir: 'd', demo: false })).rejects.toThrow(/code 3/);
  });

  it('gives up after the timeout and stops the process', async () => {
    const fake = fakeUtility(() => undefined);
    await expect(startEmbeddedApi({ utilityProcess: fake.utilityProcess, entry: 'x', dataDir: 'd', demo: false, timeoutMs: 20 })).rejects.toThrow(/did not start/);
    expect(fake.wasKilled()).toBe(true);
  });
});
