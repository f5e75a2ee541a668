/**
 * How this workstation prints receipt labels: which printer, and whether without the dialog.
 * Kept in web storage per workstation (the label printer is the one on this desk).
 */
import { reactive, watch } from 'vue';
import { z } from 'zod';
import { preferenceStorage, readPreference, savePreference } from '../../stores/preferences';

export const LABEL_PRINTER_KEY = 'desk.labelPrinter.v1';

const LabelPrinterSchema = z.object({
  /** System name of the label printer; null: the system's default printer. */
  deviceName: z.string().min(1).max(256).nullable().catch(null),
  /** Print without the system dialog (desktop app only; a browser always shows its dialog). */
  silent: z.boolean().catch(false),
});
export type LabelPrinterPreferences = z.infer<typeof LabelPrinterSchema>;

export function readLabelPrinterPreferences(): LabelPrinterPreferences {
  const parsed = LabelPrinterSchema.safeParse(readPreference(preferenceStorage(), LABEL_PRINTER_KEY));
  return parsed.success ? parsed.data : { deviceName: null, silent: false };
}

export function saveLabelPrinterPreferences(preferences: LabelPrinterPreferences): void {
  savePreference(preferenceStorage(), LABEL_PRINTER_KEY, preferences);
}

/** The preferences as reactive state that saves itself on change (for the Settings form). */
export function useLabelPrinterPreferences(): LabelPrinterPreferences {
  const state = reactive(readLabelPrinterPreferences());
  watch(state, () => saveLabelPrinterPreferences({ deviceName: state.deviceName, silent: state.silent }));
  return state;
}
