import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia, type Pinia } from 'pinia';
import { createAppI18n } from '../../../../renderer/src/i18n';
import { useSessionStore } from '../../../../renderer/src/stores/session';
import { count, newDraft } from '../../../../renderer/src/views/scan/inspection';
import { useScanStationStore } from '../../../../renderer/src/views/scan/station';
import DisputeDialog from '../../../../renderer/src/views/scan/DisputeDialog.vue';
import InspectionForm from '../../../../renderer/src/views/scan/InspectionForm.vue';

/** The inspection form and dispute dialog as a worker meets them: nothing answered for them in advance. */

let wrapper: VueWrapper | null = null;
let pinia: Pinia;

beforeEach(() => {
  pinia = createPinia();
  setActivePinia(pinia);
  useSessionStore().staff = { id: 'staff-wh1', username: 'wh1', displayName: '仓库 Wang', role: 'warehouse', warehouseId: 'WH-SH' };
});
afterEach(() => {
  wrapper?.unmount();
  wrapper = null;
  document.body.innerHTML = '';
});

const find = (selector: string): HTMLElement | null => document.querySelector<HTMLElement>(selector);
const claimOfDamage = [{ id: 'C1', sku: 'SKU-1', quantity: 1, invoiceReturned: false, reason: 'damaged_on_arrival' as const }];

describe('inspection form', () => {
  it('starts with every checklist item unanswered, lists that as a blocker, and suggests no dispute before anything was recorded', async () => {
    const station = useScanStationStore();
    station.draft = newDraft(claimOfDamage);
    wrapper = mount(InspectionForm, { attachTo: document.body, global: { plugins: [pinia, createAppI18n('zh-CN')] } });
    await flushPromises();
    for (const key of ['packaging', 'seals', 'accessories', 'serialNumber']) {
      expect(find(`[data-testid="check-${key}"]`)?.getAttribute('data-answer')).toBe('');
      expect(find(`[data-testid="check-${key}"] input:checked`)).toBeNull();
    }
    expect(find('[data-testid="blockers"]')?.textContent).toContain('请逐项填写检查项');
    expect(find('[data-testid="dispute-suggestion"]')).toBeNull();

    // Weighed with nothing counted: now an empty parcel follows from what was recorded.
    station.patchDraft({ weightGrams: 30 });
    await flushPromises();
    expect(find('[data-testid="dispute-suggestion"]')?.textContent).toContain('空包');

    find('[data-testid="check-packaging-na"] input')?.click();
    await flushPromises();
    expect(station.draft.checklist.packaging).toBe('na');
    expect(find('[data-testid="check-packaging"]')?.getAttribute('data-answer')).toBe('na');
  });

  it('asks the worker to confirm a resalable grade for goods the buyer claimed damaged, with a checkbox', async () => {
    const station = useScanStationStore();
    station.draft = { ...count(newDraft(claimOfDamage), 'SKU-1'), weightGrams: 500, location: 'A-1', checklist: { packaging: true, seals: true, accessories: true, serialNumber: 'na' } };
    wrapper = mount(InspectionForm, { attachTo: document.body, global: { plugins: [pinia, createAppI18n('en-US')] } });
    station.setGrade('opened_resalable');
    await flushPromises();
    expect(find('[data-testid="grade-conflict"]')?.textContent).toContain('The buyer claims a quality problem or damage');
    expect(station.blockers).toEqual(['grade_unconfirmed']);
    expect((find('[data-testid="accept"]') as HTMLButtonElement).disabled).toBe(true);
    // Keyboard reachable: a real checkbox that takes focus.
    const box = find('[data-testid="grade-confirm"]');
    expect(box?.getAttribute('tabindex')).toBe('0');
    box?.click();
    await flushPromises();
    expect(station.draft.gradeConfirmed).toBe(true);
    expect(station.blockers).toEqual([]);
    // A new grade is confirmed anew.
    station.setGrade('new');
    expect(station.blockers).toEqual(['grade_unconfirmed']);
    station.setGrade('damaged');
    await flushPromises();
    expect(find('[data-testid="grade-conflict"]')).toBeNull();
  });
});

describe('dispute dialog', () => {
  function key(init: KeyboardEventInit, target: Element | null = document.body): void {
    (target ?? document.body).dispatchEvent(new KeyboardEvent('keydown', { bubbles: true, cancelable: true, ...init }));
  }

  it('pre-selects nothing without a suggestion, files nothing on a bare Enter, and in the notes Enter is a new line while Ctrl+Enter confirms', async () => {
    const station = useScanStationStore();
    station.draft = newDraft(claimOfDamage);
    wrapper = mount(DisputeDialog, { attachTo: document.body, props: { show: false, suggested: null }, global: { plugins: [pinia, createAppI18n('zh-CN')] } });
    await wrapper.setProps({ show: true });
    await flushPromises();
    expect(document.querySelector('[data-testid="dispute-dialog"] input:checked')).toBeNull();
    expect(find('[data-testid="dispute-keys"]')?.textContent).toBe('在说明里按 Enter 换行；按 Ctrl+Enter 发起争议，Esc 取消。');
    expect(find('[data-testid="dispute-confirm"]')?.textContent).toContain('Ctrl+Enter');
    key({ key: 'Enter', code: 'Enter' });
    expect(wrapper.emitted('confirm')).toBeUndefined();

    key({ key: '2', code: 'Digit2' });
    await flushPromises();
    const notes = find('[data-testid="dispute-notes"] textarea');
    expect(notes).not.toBeNull();
    key({ key: 'Enter', code: 'Enter' }, notes);
    expect(wrapper.emitted('confirm')).toBeUndefined();
    key({ key: 'Enter', code: 'Enter', ctrlKey: true }, notes);
    expect(wrapper.emitted('confirm')?.[0]?.[0]).toBe('wrong_item');
  });

  it('pre-selects the category that follows from what was recorded', async () => {
    useScanStationStore().draft = newDraft(claimOfDamage);
    wrapper = mount(DisputeDialog, { attachTo: document.body, props: { show: false, suggested: 'quantity_short' }, global: { plugins: [pinia, createAppI18n('zh-CN')] } });
    await wrapper.setProps({ show: true });
    await flushPromises();
    expect((find('[data-testid="dispute-quantity_short"] input') as HTMLInputElement | null)?.checked).toBe(true);
  });
});
