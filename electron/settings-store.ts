/**
 * The workstation settings file (`settings.json` in the user-data folder), owned by the main
 * process. Every write goes to a temporary file that is flushed and renamed over the old one, so
 * a crash or power cut mid-write leaves the previous settings, never half a file. A damaged or
 * unreadable file is set aside (renamed `.damaged-<time>`) and the defaults are used, so the app
 * still starts and the evidence is kept.
 */
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { open, readFile, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { DEFAULT_SETTINGS, DeskSettingsSchema, ModeChoiceSchema, SettingsPatchSchema, type DeskSettings, type ModeChoice, type SettingsPatch } from '../shared/ipc/settings';

export const SETTINGS_FILE = 'settings.json';

export class SettingsError extends Error {
  constructor(
    readonly code: 'settings.invalid' | 'settings.write_failed',
    message: string,
  ) {
    super(message);
    this.name = 'SettingsError';
  }
}

/** Writes `text` to `path` atomically: temporary file, fsync, rename. */
export async function writeFileAtomic(path: string, text: string): Promise<void> {
  const temporary = `${path}.${process.pid}.${Date.now()}.tmp`;
  const handle = await open(temporary, 'w', 0o600);
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(temporary, path);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
}

/**
 * The same, synchronously: for writes on the way out (a window's 'close' while the app quits), where
 * the process may end before an asynchronous write completes.
 */
export function writeFileAtomicSync(path: string, text: string): void {
  const temporary = `${path}.${process.pid}.${Date.now()}.tmp`;
  const fd = openSync(temporary, 'w', 0o600);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

export interface SettingsStore {
  /** The current settings (a copy). */
  get(): DeskSettings;
  /** Validates and applies a renderer patch; throws `settings.invalid` and changes nothing on bad input. */
  update(patch: unknown): Promise<DeskSettings>;
  /** Records the first-run (or later) mode choice. */
  chooseMode(choice: unknown): Promise<DeskSettings>;
  /** Whether the file was damaged at load and set aside. */
  readonly recovered: boolean;
}

/** Reads the settings file in `dir` (defaults when absent) and returns the store. */
export async function loadSettings(dir: string, now: () => Date = () => new Date()): Promise<SettingsStore> {
  const path = join(dir, SETTINGS_FILE);
  let current: DeskSettings = structuredClone(DEFAULT_SETTINGS);
  let recovered = false;
  let text: string | null = null;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  if (text !== null) {
    let parsed: ReturnType<typeof DeskSettingsSchema.safeParse> | null = null;
    try {
      parsed = DeskSettingsSchema.safeParse(JSON.parse(text));
    } catch {
      parsed = null;
    }
    if (parsed?.success) current = parsed.data;
    else {
      recovered = true;
      await rename(path, `${path}.damaged-${now().toISOString().replace(/[:.]/g, '-')}`).catch(() => undefined);
    }
  }

  // Changes run one after another, in call order, each on the result of the one before.
  let queue: Promise<unknown> = Promise.resolve();
  function save(change: (before: DeskSettings) => DeskSettings): Promise<DeskSettings> {
    const run = queue.then(async () => {
      const checked = DeskSettingsSchema.safeParse(change(current));
      if (!checked.success) throw new SettingsError('settings.invalid', checked.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
      try {
        await writeFileAtomic(path, `${JSON.stringify(checked.data, null, 2)}\n`);
      } catch (error) {
        throw new SettingsError('settings.write_failed', `settings could not be saved: ${String(error)}`);
      }
      current = checked.data;
      return structuredClone(current);
    });
    queue = run.catch(() => undefined);
    return run;
  }

  return {
    get: () => structuredClone(current),
    get recovered() {
      return recovered;
    },
    async update(patch: unknown) {
      const parsed = SettingsPatchSchema.safeParse(patch);
      if (!parsed.success) throw new SettingsError('settings.invalid', parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
      const changes = Object.fromEntries(Object.entries(parsed.data).filter(([, v]) => v !== undefined)) as SettingsPatch;
      return save((before) => ({ ...before, ...changes }));
    },
    async chooseMode(choice: unknown) {
      const parsed = ModeChoiceSchema.safeParse(choice);
      if (!parsed.success) throw new SettingsError('settings.invalid', 'unknown mode choice');
      const c: ModeChoice = parsed.data;
      return save((before) => ({ ...before, mode: c.mode, apiUrl: c.mode === 'central' ? c.apiUrl.replace(/\/+$/, '') : before.apiUrl }));
    },
  };
}
