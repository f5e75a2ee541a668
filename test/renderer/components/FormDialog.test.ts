/** The shared edit dialog: its footer buttons, the one close event, and the caller's attributes on the modal. */
import { afterEach, describe, expect, it } from 'vitest';
import { h, nextTick } from 'vue';
import { mount, type VueWrapper } from '@vue/test-utils';
import FormDialog from '../../../renderer/src/components/FormDialog.vue';

let wrapper: VueWrapper | undefined;
afterEach(() => {
  wrapper?.unmount();
  wrapper = undefined;
  document.body.innerHTML = '';
});

type Props = InstanceType<typeof FormDialog>['$props'] & Record<string, unknown>;

async function open(props: Partial<Props> = {}): Promise<VueWrapper> {
  wrapper = mount(FormDialog, {
    attachTo: document.body,
    props: { show: true, title: 'Edit warehouse', cancelLabel: 'Cancel', confirmLabel: 'Save', confirmTestid: 'thing-save', 'data-testid': 'thing-dialog', ...props },
    slots: { default: () => h('p', { 'data-testid': 'thing-body' }, 'body text') },
  });
  await nextTick();
  return wrapper;
}

/** The modal is teleported to the body, so the dialog is looked up in the document. */
const q = (selector: string): HTMLElement | null => document.body.querySelector<HTMLElement>(selector);
const buttons = (): HTMLButtonElement[] => [...document.body.querySelectorAll<HTMLButtonElement>('[data-testid="thing-dialog"] .n-card__footer button')];

describe('form dialog', () => {
  it('shows the title, the body and cancel then confirm at the foot, with the attributes given to it', async () => {
    await open({ style: 'width: 333px' });
    const card = q('[data-testid="thing-dialog"]');
    expect(card).not.toBeNull();
    expect(card?.style.width).toBe('333px');
    expect(card?.querySelector('.n-card-header')?.textContent).toContain('Edit warehouse');
    expect(q('[data-testid="thing-body"]')?.textContent).toBe('body text');
    expect(buttons().map((b) => b.textContent?.trim())).toEqual(['Cancel', 'Save']);
    expect(buttons()[1]?.dataset.testid).toBe('thing-save');
    expect(buttons()[1]?.className).toContain('n-button--primary-type');
  });

  it('says confirm for the confirming button and close for cancel', async () => {
    const w = await open();
    buttons()[1]?.click();
    buttons()[0]?.click();
    expect(w.emitted('confirm')).toHaveLength(1);
    expect(w.emitted('close')).toHaveLength(1);
  });

  it('colours the confirming button as asked and spins it while busy', async () => {
    await open({ confirmType: 'warning', busy: true });
    const confirm = buttons()[1];
    expect(confirm?.className).toContain('n-button--warning-type');
    expect(confirm?.querySelector('.n-base-loading')).not.toBeNull();
  });

  it('renders nothing while hidden', async () => {
    await open({ show: false });
    expect(q('[data-testid="thing-dialog"]')).toBeNull();
  });
});
