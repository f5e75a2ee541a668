import type { AppInfo, DeskBridge, DeskStatus, PrinterSummary } from '../../../shared/ipc/channels';

/** The Electron bridge when running in the desktop app; undefined in a plain browser. */
export function getDesk(): DeskBridge | undefined {
  return typeof window !== 'undefined' ? window.desk : undefined;
}

export function isDesktop(): boolean {
  return getDesk() !== undefined;
}

/** App version and runtime; the build's version in a browser. */
export async function appInfo(): Promise<AppInfo> {
  const desk = getDesk();
  if (desk) return desk.app.version();
  return { version: __APP_VERSION__, electron: '', platform: 'web' };
}

/** The system's printers in the desktop app; none in a browser (its print dialog chooses). */
export async function systemPrinters(): Promise<PrinterSummary[]> {
  const desk = getDesk();
  if (!desk) return [];
  try {
    return await desk.print.printers();
  } catch {
    return [];
  }
}

/** The desktop app's mode, settings and keychain state; null in a browser (it uses its own /api). */
export async function deskStatus(): Promise<DeskStatus | null> {
  const settings = getDesk()?.settings;
  if (!settings) return null;
  return settings.get();
}
