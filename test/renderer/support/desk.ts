/**
 * One desk per test: a fresh local store (seeded as the file needs), the runtime pointed at it, a
 * fresh active pinia, and afterwards the mounted page unmounted, the document emptied, the runtime
 * reset and the store closed. Every screen and store suite needs this same frame; what differs
 * (the seed, the fake network, the clock) is passed in.
 */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, vi } from 'vitest';
import type { Component } from 'vue';
import { mount, type ComponentMountingOptions, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia, type Pinia } from 'pinia';
import { forgetKeptAnswers } from '../../../renderer/src/composables/useStoreQuery';
import { openDeskDb, type DeskDb } from '../../../renderer/src/db/schema';
import { configureRuntime, resetRuntime, type Runtime } from '../../../renderer/src/sync/runtime';
import { uniqueName } from '../sync/fixtures';

type Plugins = NonNullable<NonNullable<ComponentMountingOptions<Component>['global']>['plugins']>;

export interface DeskOptions {
  /** Names the store (for reading a failure); ignored when `open` is given. */
  name?: string;
  /** Opens and seeds this test's store; an empty store by default. */
  open?: () => Promise<DeskDb>;
  /** The runtime around the store (network, clock, …), made afresh for each test. */
  runtime?: () => Partial<Omit<Runtime, 'db'>>;
  /** Restores every spy after each test, before the page is unmounted (for files that stub the store's writes). */
  restoreMocks?: boolean;
}

export interface Desk {
  /** This test's store. */
  readonly db: DeskDb;
  /** This test's pinia, already active. */
  readonly pinia: Pinia;
  /** The page mounted last (unmounted after the test), or null. */
  readonly page: VueWrapper | null;
  /** Starts the app's state afresh as a restart would (a new pinia, made active); the store stays. */
  restart(): Pinia;
  /** Mounts `component` attached to the document, with this test's pinia and `plugins`, as the test's page. */
  mount(component: Component, plugins?: Plugins): VueWrapper;
  /** Unmounts the page now, for a test that opens the screen again. */
  unmount(): void;
}

/**
 * Registers the per-test frame (call it at the top of a file) and returns the current test's desk.
 * A file's own `afterEach` hooks registered after this call run before it (Vitest runs them in
 * reverse order), so they still find the page mounted and the runtime configured.
 */
export function deskPerTest(options: DeskOptions = {}): Desk {
  let db: DeskDb | null = null;
  let pinia: Pinia | null = null;
  let page: VueWrapper | null = null;
  const restart = (): Pinia => {
    pinia = createPinia();
    setActivePinia(pinia);
    return pinia;
  };
  beforeEach(async () => {
    restart();
    const opened = await (options.open ? options.open() : openDeskDb(uniqueName(options.name)));
    db = opened;
    configureRuntime({ db: async () => opened, ...options.runtime?.() });
  });
  const unmount = (): void => {
    page?.unmount();
    page = null;
  };
  afterEach(() => {
    unmount();
    document.body.innerHTML = '';
    forgetKeptAnswers();
    resetRuntime();
    db?.close();
    db = null;
  });
  // Registered after the frame's own hook, so it runs first (Vitest runs after-hooks in reverse).
  if (options.restoreMocks) afterEach(() => vi.restoreAllMocks());
  return {
    get db() {
      if (!db) throw new Error('the desk exists only while a test runs');
      return db;
    },
    get pinia() {
      if (!pinia) throw new Error('the desk exists only while a test runs');
      return pinia;
    },
    get page() {
      return page;
    },
    restart,
    mount(component, plugins = []) {
      page = mount(component, { attachTo: document.body, global: { plugins: [this.pinia, ...plugins] } });
      return page;
    },
    unmount,
  };
}

/** The runtime of a desk talking to a test central API at http://central.test through `fetch`, with a fast offline verifier (few PBKDF2 iterations). */
export function centralRuntime(fetch: typeof globalThis.fetch): Partial<Omit<Runtime, 'db'>> {
  return { fetch, pbkdf2Iterations: 1000, defaultApiBase: 'http://central.test' };
}

/** A network that is down: every request fails as a refused connection does. */
export const offlineFetch = (async () => {
  throw new TypeError('offline');
}) as typeof fetch;
