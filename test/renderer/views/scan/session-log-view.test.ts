/**
 * The session-log panel on a busy day: the latest rows are drawn, newest first, with their time of
 * day; the whole day is one click away, and back.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { flushPromises } from '@vue/test-utils';
import { createAppI18n } from '../../../../renderer/src/i18n';
import SessionLog from '../../../../renderer/src/views/scan/SessionLog.vue';
import type { ScanLogRow } from '../../../../renderer/src/db/types';
import { deskPerTest } from '../../support/desk';

const NOW = new Date(2026, 2, 1, 15, 0, 0);
const desk = deskPerTest({ name: 'session-log-view', runtime: () => ({ clock: () => NOW }) });

function row(i: number): ScanLogRow {
  // One scan a minute from 08:00 local time.
  const at = new Date(2026, 2, 1, 8, i, 5).toISOString();
  return { id: `log-${String(i).padStart(3, '0')}`, at, code: `SF${String(1_000_000_000 + i)}`, kind: 'tracking', outcome: 'opened', caseId: null, caseNo: null, commandId: null, parcelId: null, staffId: 'staff-wh1' };
}

const codes = (): string[] => [...document.querySelectorAll('[data-testid="session-log-row"] .code')].map((el) => el.firstChild?.textContent?.trim() ?? '');

/** The panel over `count` scans of today, once it draws `drawn` rows. */
async function panel(count: number, drawn: number, locale: 'zh-CN' | 'en-US') {
  await desk.db.scanLog.bulkPut(Array.from({ length: count }, (_, i) => row(i)));
  const page = desk.mount(SessionLog, [createAppI18n(locale)]);
  await expect.poll(async () => {
    await flushPromises();
    return codes().length;
  }).toBe(drawn);
  return page;
}

describe('session log panel', () => {
  it('draws the latest fifty of a busy day, and all of them on request', async () => {
    const page = await panel(70, 50, 'en-US');
    expect(codes()[0]).toBe(row(69).code);
    expect(codes().at(-1)).toBe(row(20).code);
    expect(page.find('[data-testid="session-log-row"] .time').text()).toBe('09:09:05');

    const more = page.find('[data-testid="session-log-more"]');
    expect(more.text()).toBe('Show all 70 of today');
    await more.trigger('click');
    expect(codes()).toHaveLength(70);
    expect(codes().at(-1)).toBe(row(0).code);
    expect(page.find('[data-testid="session-log-more"]').text()).toBe('Show the latest 50 only');
    await page.find('[data-testid="session-log-more"]').trigger('click');
    expect(codes()).toHaveLength(50);
  });

  it('offers nothing more when the day fits', async () => {
    const page = await panel(3, 3, 'zh-CN');
    expect(page.find('[data-testid="session-log-more"]').exists()).toBe(false);
    expect(page.find('[data-testid="session-log-row"] .time').text()).toBe('08:02:05');
  });
});
