/**
 * Printing a receipt label or the test-barcode sheet, in the desktop app and in a browser.
 *
 * Both paths print the app's own page: the component is mounted into an off-screen print
 * container, and a print stylesheet (added for the job, removed after) hides everything else and
 * sets the paper size. In the desktop app the main process prints the calling page through the
 * preload bridge (`desk.print.page`: silently to the chosen label printer, or with the system
 * dialog); in a browser `window.print()` opens the browser's dialog. Never throws: every outcome
 * is a `PrintResult` with a translated message for failures.
 */
import { createApp, nextTick, type Component } from 'vue';
import type { DeskBridge, PrintFailureCode, PrintMedia, PrintRequest } from '../../../../shared/ipc/channels';
import { createAppI18n, DEFAULT_LOCALE, isAppLocale, type AppLocale } from '../../i18n';
import { getDesk } from '../../platform/desk';
import ReceiptLabel from './ReceiptLabel.vue';
import TestSheet from './TestSheet.vue';
import { readLabelPrinterPreferences } from './printPreferences';
import type { TestSheetData } from './testSheet';
import { isCode128Encodable, labelCode, type ReceiptLabelData } from './types';

/** Failures the renderer adds to the main process's: the label itself cannot be printed. */
export type LabelPrintFailureCode = PrintFailureCode | 'invalid_label' | 'render_failed';

/** What became of a print job, with a translated sentence to show as it is. */
export type PrintResult =
  /**
   * Handed to the printer. In a browser this only means the print dialog was shown and closed:
   * browsers do not tell whether the person printed or cancelled.
   */
  | { status: 'printed'; via: 'desktop' | 'browser'; message: string }
  | { status: 'cancelled'; message: string }
  | { status: 'failed'; code: LabelPrintFailureCode; message: string };

export interface PrintOptions {
  /** Without the dialog (desktop app only). Labels default to Settings → Label printing. */
  silent?: boolean;
  /** Printer system name; labels default to the one chosen in Settings. */
  deviceName?: string | null;
  copies?: number;
  /** Language of the printed text and of failure messages; defaults to the page's language. */
  locale?: AppLocale;
}

export const PRINT_ROOT_ID = 'desk-print-root';
const PRINT_STYLE_ID = 'desk-print-style';

const PAGE_CSS: Record<PrintMedia, string> = {
  'label-60x40': '@page { size: 60mm 40mm; margin: 0; }',
  a4: '@page { size: A4; margin: 10mm; }',
};

function printStylesheet(media: PrintMedia): string {
  return `${PAGE_CSS[media]}
@media screen { #${PRINT_ROOT_ID} { position: fixed; left: -10000px; top: 0; pointer-events: none; } }
@media print {
  html, body { margin: 0 !important; padding: 0 !important; height: auto !important; min-height: 0 !important; overflow: visible !important; background: #fff !important; }
  body > *:not(#${PRINT_ROOT_ID}) { display: none !important; }
  #${PRINT_ROOT_ID} { position: static !important; }
}`;
}

function pageLocale(): AppLocale {
  const lang = typeof document !== 'undefined' ? document.documentElement.lang : '';
  return isAppLocale(lang) ? lang : DEFAULT_LOCALE;
}

function translate(locale: AppLocale, key: string): string {
  return createAppI18n(locale).global.t(key);
}

function failed(code: LabelPrintFailureCode, locale: AppLocale): PrintResult {
  return { status: 'failed', code, message: translate(locale, `labels.print.failed.${code}`) };
}

function printed(via: 'desktop' | 'browser', locale: AppLocale): PrintResult {
  return { status: 'printed', via, message: translate(locale, 'labels.print.printed') };
}

/** One job at a time: the print container and stylesheet belong to the job being printed. */
let queue: Promise<unknown> = Promise.resolve();

function enqueue<T>(job: () => Promise<T>): Promise<T> {
  const next = queue.then(job, job);
  queue = next.catch(() => undefined);
  return next;
}

function nextFrame(): Promise<void> {
  return new Promise((resolve) => {
    if (typeof requestAnimationFrame === 'function') requestAnimationFrame(() => resolve());
    else setTimeout(resolve, 0);
  });
}

async function printComponent(component: Component, props: Record<string, unknown>, media: PrintMedia, request: Omit<PrintRequest, 'media'>, locale: AppLocale): Promise<PrintResult> {
  const style = document.createElement('style');
  style.id = PRINT_STYLE_ID;
  style.textContent = printStylesheet(media);
  const root = document.createElement('div');
  root.id = PRINT_ROOT_ID;
  root.dataset.media = media;
  const app = createApp(component, props).use(createAppI18n(locale));
  let mounted = false;
  try {
    try {
      document.head.appendChild(style);
      document.body.appendChild(root);
      app.mount(root);
      mounted = true;
      await nextTick();
      await document.fonts?.ready;
      await nextFrame();
    } catch {
      return failed('render_failed', locale);
    }
    const desk: DeskBridge | undefined = getDesk();
    if (desk) {
      let reply;
      try {
        reply = await desk.print.page({ media, ...request });
      } catch {
        return failed('print_failed', locale);
      }
      if (reply.status === 'printed') return printed('desktop', locale);
      if (reply.status === 'cancelled') return { status: 'cancelled', message: translate(locale, 'labels.print.cancelled') };
      return failed(reply.code, locale);
    }
    try {
      window.print();
    } catch {
      return failed('print_failed', locale);
    }
    return printed('browser', locale);
  } finally {
    if (mounted) app.unmount();
    root.remove();
    style.remove();
  }
}

function requestFrom(options: PrintOptions, fallback: { silent: boolean; deviceName: string | null }): Omit<PrintRequest, 'media'> {
  const deviceName = options.deviceName === undefined ? fallback.deviceName : options.deviceName;
  return {
    silent: options.silent ?? fallback.silent,
    ...(deviceName ? { deviceName } : {}),
    ...(options.copies !== undefined ? { copies: options.copies } : {}),
  };
}

/**
 * Prints one 60×40 mm receipt label. Printer and dialog come from Settings → Label printing
 * unless `options` says otherwise.
 */
export function printLabel(label: ReceiptLabelData, options: PrintOptions = {}): Promise<PrintResult> {
  const locale = options.locale ?? pageLocale();
  if (!isCode128Encodable(labelCode(label))) return Promise.resolve(failed('invalid_label', locale));
  return enqueue(() => printComponent(ReceiptLabel, { label }, 'label-60x40', requestFrom(options, readLabelPrinterPreferences()), locale));
}

/** Prints the A4 test-barcode sheet, always through the dialog unless told otherwise. */
export function printTestSheet(sheet: TestSheetData, options: PrintOptions = {}): Promise<PrintResult> {
  const locale = options.locale ?? pageLocale();
  return enqueue(() => printComponent(TestSheet, { sheet }, 'a4', requestFrom(options, { silent: false, deviceName: null }), locale));
}
