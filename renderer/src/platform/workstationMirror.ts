/**
 * The label printer and scanner set-up belong to the workstation, so the desktop app keeps them in
 * the main process's settings file (they survive a cleared browser profile and are in the same
 * place as the station's other settings). The Settings forms keep working on web storage; this
 * mirror copies the main process's copy into web storage when the app starts, and web storage back
 * to the main process when the user leaves Settings and when the app quits.
 */
import { PrinterSettingsSchema, ScannerSettingsSchema, type DeskSettings, type SettingsPatch } from '../../../shared/ipc/settings';
import { LABEL_PRINTER_KEY } from '../components/labels/printPreferences';
import { SCANNER_PREFERENCES_KEY } from '../stores/scanner';

type Store = Pick<Storage, 'getItem' | 'setItem'>;

function read(storage: Store, key: string): unknown {
  try {
    const raw = storage.getItem(key);
    return raw === null ? null : (JSON.parse(raw) as unknown);
  } catch {
    return null;
  }
}

/** Main process → web storage (app start): what the main process holds wins. */
export function pullWorkstationSettings(settings: DeskSettings, storage: Store): void {
  try {
    if (settings.scanner) storage.setItem(SCANNER_PREFERENCES_KEY, JSON.stringify(settings.scanner));
    if (settings.printer) storage.setItem(LABEL_PRINTER_KEY, JSON.stringify(settings.printer));
  } catch {
    // Web storage full or blocked: the forms fall back to their defaults.
  }
}

/** The valid printer and scanner settings in web storage (an invalid one is left out). */
export function localWorkstationSettings(storage: Store): Pick<SettingsPatch, 'printer' | 'scanner'> {
  const printer = PrinterSettingsSchema.safeParse(read(storage, LABEL_PRINTER_KEY));
  const scanner = ScannerSettingsSchema.safeParse(read(storage, SCANNER_PREFERENCES_KEY));
  return { ...(printer.success ? { printer: printer.data } : {}), ...(scanner.success ? { scanner: scanner.data } : {}) };
}

/** Web storage → main process, when something changed; resolves with the patch sent (or null). */
export async function pushWorkstationSettings(current: DeskSettings, storage: Store, update: (patch: SettingsPatch) => Promise<unknown>): Promise<SettingsPatch | null> {
  const local = localWorkstationSettings(storage);
  const patch: SettingsPatch = {};
  if (local.printer && JSON.stringify(local.printer) !== JSON.stringify(current.printer)) patch.printer = local.printer;
  if (local.scanner && JSON.stringify(local.scanner) !== JSON.stringify(current.scanner)) patch.scanner = local.scanner;
  if (Object.keys(patch).length === 0) return null;
  await update(patch);
  return patch;
}
