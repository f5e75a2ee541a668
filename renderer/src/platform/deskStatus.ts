/**
 * The desktop app's mode and settings as the renderer sees them (read once from the main process,
 * refreshed after a change). In a browser there is none: the web build talks to its own /api.
 */
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { DeskStatus, ModeChoice, SettingsPatch } from '../../../shared/ipc/channels';
import { getDesk } from './desk';

export const useDeskStatus = defineStore('deskStatus', () => {
  const status = ref<DeskStatus | null>(null);
  let loaded: Promise<DeskStatus | null> | null = null;

  const available = computed(() => getDesk()?.settings !== undefined);
  const mode = computed(() => status.value?.settings.mode ?? null);
  const isDemo = computed(() => mode.value === 'demo');
  /** The first-run chooser is due (desktop app, nothing chosen yet). */
  const needsFirstRun = computed(() => status.value !== null && status.value.settings.mode === null);

  async function refresh(): Promise<DeskStatus | null> {
    const settings = getDesk()?.settings;
    if (!settings) return null;
    status.value = await settings.get();
    return status.value;
  }

  /** The status, read from the main process on first use; the latest one after a change. */
  async function load(): Promise<DeskStatus | null> {
    loaded ??= refresh().catch((error: unknown) => {
      loaded = null;
      throw error;
    });
    await loaded;
    return status.value;
  }

  async function chooseMode(choice: ModeChoice): Promise<DeskStatus> {
    const settings = getDesk()?.settings;
    if (!settings) throw new Error('not the desktop app');
    status.value = await settings.chooseMode(choice);
    return status.value;
  }

  async function update(patch: SettingsPatch): Promise<void> {
    const settings = getDesk()?.settings;
    if (!settings) return;
    const next = await settings.update(patch);
    if (status.value) status.value = { ...status.value, settings: next };
  }

  return { status, available, mode, isDemo, needsFirstRun, load, refresh, chooseMode, update };
});
