/** A finance command from a dialog: busy while sent, a message either way, the follow-up only on success. */
import { afterEach, describe, expect, it } from 'vitest';
import { defineComponent, h } from 'vue';
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { NMessageProvider } from 'naive-ui';
import { createAppI18n } from '../../../../renderer/src/i18n';
import type { FinanceResult } from '../../../../renderer/src/views/finance/batch';
import { useFinanceAction, type FinanceAction } from '../../../../renderer/src/views/finance/useFinanceAction';

let wrapper: VueWrapper | undefined;
afterEach(() => {
  wrapper?.unmount();
  wrapper = undefined;
  document.body.innerHTML = '';
});

function mountAction(): FinanceAction {
  let action: FinanceAction | undefined;
  const Child = defineComponent({
    setup() {
      action = useFinanceAction();
      return () => null;
    },
  });
  wrapper = mount(() => h(NMessageProvider, null, { default: () => h(Child) }), { attachTo: document.body, global: { plugins: [createAppI18n('en-US')] } });
  if (!action) throw new Error('the composable did not run');
  return action;
}

const messages = (): string[] => [...document.body.querySelectorAll('.n-message__content')].map((m) => m.textContent ?? '');

describe('useFinanceAction', () => {
  it('spins while the command is recorded, then says it is done and runs the follow-up', async () => {
    const { busy, run } = mountAction();
    let release: (r: FinanceResult) => void = () => undefined;
    let after = 0;
    const sent = run(() => new Promise<FinanceResult>((resolve) => (release = resolve)), 'Refund approved', () => (after += 1));
    expect(busy.value).toBe(true);
    release({ ok: true } as FinanceResult);
    await sent;
    await flushPromises();
    expect(busy.value).toBe(false);
    expect(after).toBe(1);
    expect(messages()).toEqual(['Refund approved']);
  });

  it('on a refusal says why and leaves the dialog as it is', async () => {
    const { busy, run } = mountAction();
    let after = 0;
    const refused = { ok: false, rejection: { code: 'version_conflict', params: {} } } as unknown as FinanceResult;
    await run(() => Promise.resolve(refused), 'Refund rejected', () => (after += 1));
    await flushPromises();
    expect(busy.value).toBe(false);
    expect(after).toBe(0);
    expect(messages()).toEqual(['Someone else updated the case; refresh and try again']);
  });

  it('stops spinning when sending throws', async () => {
    const { busy, run } = mountAction();
    await expect(run(() => Promise.reject(new Error('store closed')), 'done', () => undefined)).rejects.toThrow('store closed');
    expect(busy.value).toBe(false);
  });
});
