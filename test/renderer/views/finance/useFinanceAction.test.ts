/** A finance command from a dialog: busy while sent, a message either way, the follow-up only on success. */
import { describe, expect, it } from 'vitest';
import { flushPromises } from '@vue/test-utils';
import type { FinanceResult } from '../../../../renderer/src/views/finance/batch';
import { inMessageHost, shownMessages } from '../../support/message-host';
import { useFinanceAction } from '../../../../renderer/src/views/finance/useFinanceAction';

describe('useFinanceAction', () => {
  it('spins while the command is recorded, then says it is done and runs the follow-up', async () => {
    const { busy, run } = inMessageHost(useFinanceAction);
    let release: (r: FinanceResult) => void = () => undefined;
    let after = 0;
    const sent = run(() => new Promise<FinanceResult>((resolve) => (release = resolve)), 'Refund approved', () => (after += 1));
    expect(busy.value).toBe(true);
    release({ ok: true } as FinanceResult);
    await sent;
    await flushPromises();
    expect(busy.value).toBe(false);
    expect(after).toBe(1);
    expect(shownMessages()).toEqual(['Refund approved']);
  });

  it('on a refusal says why and leaves the dialog as it is', async () => {
    const { busy, run } = inMessageHost(useFinanceAction);
    let after = 0;
    const refused = { ok: false, rejection: { code: 'version_conflict', params: {} } } as unknown as FinanceResult;
    await run(() => Promise.resolve(refused), 'Refund rejected', () => (after += 1));
    await flushPromises();
    expect(busy.value).toBe(false);
    expect(after).toBe(0);
    expect(shownMessages()).toEqual(['Someone else updated the case; refresh and try again']);
  });

  it('stops spinning when sending throws', async () => {
    const { busy, run } = inMessageHost(useFinanceAction);
    await expect(run(() => Promise.reject(new Error('store closed')), 'done', () => undefined)).rejects.toThrow('store closed');
    expect(busy.value).toBe(false);
  });
});
