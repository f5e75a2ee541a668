/**
 * The main window's size and position, remembered per display arrangement: a laptop docked to a
 * wide monitor and the same laptop alone each get their own remembered window. A saved position
 * is used only when it still lies on a display that is there now; otherwise the window is centred
 * at its saved size (clamped to the work area).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomicSync } from './settings-store';

const WINDOW_STATE_FILE = 'window-state.json';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface DisplayLike {
  id: number;
  bounds: Rect;
  workArea: Rect;
}

export interface ScreenLike {
  getAllDisplays(): DisplayLike[];
  getPrimaryDisplay(): DisplayLike;
}

const RectSchema = z.object({ x: z.number().int(), y: z.number().int(), width: z.number().int().min(1), height: z.number().int().min(1) });
const SavedSchema = z.object({ bounds: RectSchema, maximized: z.boolean() });
const FileSchema = z.record(z.string().max(200), SavedSchema);
export type SavedWindow = z.infer<typeof SavedSchema>;

/** Names the current display arrangement: each display's id and size, in a stable order. */
export function arrangementKey(displays: readonly DisplayLike[]): string {
  return displays
    .map((d) => `${d.id}@${d.bounds.x},${d.bounds.y}:${d.bounds.width}x${d.bounds.height}`)
    .sort()
    .join('|');
}

function overlap(a: Rect, b: Rect): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

/**
 * Where to open the window. `saved` is what was stored for this arrangement; `defaults` the
 * first-start size. A title bar must remain reachable: at least a quarter of the window on a display.
 */
export function placeWindow(saved: SavedWindow | undefined, screen: ScreenLike, defaults: { width: number; height: number; minWidth: number; minHeight: number }): { bounds: Partial<Rect> & { width: number; height: number }; maximized: boolean } {
  const displays = screen.getAllDisplays();
  if (saved) {
    const host = displays.reduce<DisplayLike | undefined>((best, d) => (overlap(saved.bounds, d.workArea) > (best ? overlap(saved.bounds, best.workArea) : 0) ? d : best), undefined);
    if (host && overlap(saved.bounds, host.workArea) >= (saved.bounds.width * saved.bounds.height) / 4) {
      return { bounds: { ...saved.bounds }, maximized: saved.maximized };
    }
  }
  const area = screen.getPrimaryDisplay().workArea;
  const width = Math.max(defaults.minWidth, Math.min(saved?.bounds.width ?? defaults.width, area.width));
  const height = Math.max(defaults.minHeight, Math.min(saved?.bounds.height ?? defaults.height, area.height));
  return { bounds: { width, height, x: area.x + Math.round((area.width - width) / 2), y: area.y + Math.round((area.height - height) / 2) }, maximized: saved?.maximized ?? false };
}

export interface WindowStateStore {
  /** What was saved for the current arrangement. */
  forCurrent(screen: ScreenLike): SavedWindow | undefined;
  save(screen: ScreenLike, state: SavedWindow): Promise<void>;
}

export async function loadWindowState(dir: string): Promise<WindowStateStore> {
  const path = join(dir, WINDOW_STATE_FILE);
  let all: Record<string, SavedWindow> = {};
  try {
    const parsed = FileSchema.safeParse(JSON.parse(await readFile(path, 'utf8')));
    if (parsed.success) all = parsed.data;
  } catch {
    // First start, or a damaged file: the defaults.
  }
  return {
    forCurrent: (screen) => all[arrangementKey(screen.getAllDisplays())],
    async save(screen, state) {
      const checked = SavedSchema.safeParse({ bounds: roundRect(state.bounds), maximized: state.maximized });
      if (!checked.success) return;
      const key = arrangementKey(screen.getAllDisplays());
      const rest = Object.fromEntries(Object.entries(all).filter(([k]) => k !== key));
      all = { ...rest, [key]: checked.data };
      // Keep the ten most recent arrangements.
      const keys = Object.keys(all);
      if (keys.length > 10) for (const key of keys.slice(0, keys.length - 10)) delete all[key];
      // Synchronous: this runs on the window's 'close', which may be the last thing before exit.
      writeFileAtomicSync(path, `${JSON.stringify(all)}\n`);
    },
  };
}

function roundRect(r: Rect): Rect {
  return { x: Math.round(r.x), y: Math.round(r.y), width: Math.round(r.width), height: Math.round(r.height) };
}
