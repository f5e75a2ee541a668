/** An administration request from a panel: busy meanwhile, the answer to the caller, a refusal as a message. */
import { afterEach, describe, expect, it } from 'vitest';
import { defineComponent, h } from 'vue';
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { NMessageProvider } from 'naive-ui';
import { createAppI18n } from '../../../../renderer/src/i18n';
import { AdminFailure } from '../../../../renderer/src/views/admin/adminApi';
import { useAdminRequest, type AdminRequest } from '../../../../renderer/src/views/admin/useAdminRequest';

let wrapper: VueWrapper | undefined;
afterEach(() => {
  wrapper?.unmount();
  wrapper = undefined;
  document.body.innerHTML = '';
});

function mountRequest(): AdminRequest {
  let request: AdminRequest | undefined;
  const Child = defineComponent({
    setup() {
      request = useAdminRequest();
      return () => null;
    },
  });
  wrapper = mount(() => h(NMessageProvider, null, { default: () => h(Child) }), { attachTo: document.body, global: { plugins: [createAppI18n('en-US')] } });
  if (!request) throw new Error('the composable did not run');
  return request;
}

const messages = (): string[] => [...document.body.querySelectorAll('.n-message__content')].map((m) => m.textContent ?? '');

describe('useAdminRequest', () => {
  it('is busy while the request runs and gives its answer to the caller', async () => {
    const { busy, run } = mountRequest();
    let answer = '';
    let release: (v: string) => void = () => undefined;
    const sent = run(() => new Promise<string>((resolve) => (release = resolve)), (v) => (answer = v));
    expect(busy.value).toBe(true);
    release('WH-CD');
    await sent;
    expect(busy.value).toBe(false);
    expect(answer).toBe('WH-CD');
    await flushPromises();
    expect(messages()).toEqual([]);
  });

  it('says a refusal in words and does not call the caller back', async () => {
    const { busy, run } = mountRequest();
    let called = false;
    await run(() => Promise.reject(new AdminFailure('offline', null)), () => (called = true));
    await flushPromises();
    expect(busy.value).toBe(false);
    expect(called).toBe(false);
    expect(messages()).toEqual(['Cannot reach the server; nothing was saved. Try again when online.']);
  });
});
