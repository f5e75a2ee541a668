/** What the main-process tests share: a scratch folder per test and a fake utility process child. */
import { afterEach, beforeEach } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { UtilityChild } from '../../electron/embedded-api';

/** A fresh empty folder for each test of the file (named `prefix`…), removed after it. */
export function tempDirPerTest(prefix: string): { readonly path: string } {
  let path = '';
  beforeEach(async () => {
    path = await mkdtemp(join(tmpdir(), prefix));
  });
  afterEach(async () => {
    await rm(path, { recursive: true, force: true });
  });
  return {
    get path() {
      return path;
    },
  };
}

/**
 * A utility process child as the embedded API sees it: the test emits its events and reads whether
 * it was killed. With `onMessage` it also takes messages (as Electron's does), kept in `sent`.
 */
export function fakeChild(onMessage?: (message: unknown) => void): {
  child: UtilityChild;
  emit(event: string, value: unknown): void;
  sent: unknown[];
  wasKilled(): boolean;
} {
  const listeners: Record<string, Array<(value: never) => void>> = {};
  const sent: unknown[] = [];
  let killed = false;
  const child: UtilityChild = {
    on(event: string, listener: (value: never) => void) {
      (listeners[event] ??= []).push(listener);
      return child;
    },
    kill() {
      killed = true;
      return true;
    },
  } as UtilityChild;
  if (onMessage) {
    child.postMessage = (message: unknown) => {
      sent.push(message);
      onMessage(message);
    };
  }
  return {
    child,
    emit: (event, value) => listeners[event]?.forEach((l) => l(value as never)),
    sent,
    wasKilled: () => killed,
  };
}
