/** An administration request from a panel: busy meanwhile, the answer to the caller, a refusal as a message. */
import { describe, expect, it } from 'vitest';
import { flushPromises } from '@vue/test-utils';
import { AdminFailure } from '../../../../renderer/src/views/admin/adminApi';
import { inMessageHost, shownMessages } from '../../support/message-host';
import { useAdminRequest } from '../../../../renderer/src/views/admin/useAdminRequest';

describe('useAdminRequest', () => {
  it('is busy while the request runs and gives its answer to the caller', async () => {
    const { busy, run } = inMessageHost(useAdminRequest);
    let answer = '';
    let release: (v: string) => void = () => undefined;
    const sent = run(() => new Promise<string>((resolve) => (release = resolve)), (v) => (answer = v));
    expect(busy.value).toBe(true);
    release('WH-CD');
    await sent;
    expect(busy.value).toBe(false);
    expect(answer).toBe('WH-CD');
    await flushPromises();
    expect(shownMessages()).toEqual([]);
  });

  it('says a refusal in words and does not call the caller back', async () => {
    const { busy, run } = inMessageHost(useAdminRequest);
    let called = false;
    await run(() => Promise.reject(new AdminFailure('offline', null)), () => (called = true));
    await flushPromises();
    expect(busy.value).toBe(false);
    expect(called).toBe(false);
    expect(shownMessages()).toEqual(['Cannot reach the server; nothing was saved. Try again when online.']);
  });
});
