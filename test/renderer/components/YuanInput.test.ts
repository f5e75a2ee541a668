/** The amount field: shows fen as yuan and hands back fen, whatever is typed. */
import { afterEach, describe, expect, it } from 'vitest';
import { h, nextTick } from 'vue';
import { mount, type VueWrapper } from '@vue/test-utils';
import YuanInput from '../../../renderer/src/components/YuanInput.vue';

let wrapper: VueWrapper | undefined;
afterEach(() => {
  wrapper?.unmount();
  wrapper = undefined;
});

function field(value: number | null, withPrefix = false): VueWrapper {
  wrapper = mount(YuanInput, {
    props: { value, placeholder: 'Min', 'data-testid': 'amount' },
    slots: withPrefix ? { prefix: () => h('span', { class: 'yuan-sign' }, '¥') } : {},
  });
  return wrapper;
}

const input = (w: VueWrapper) => w.find('input');

describe('yuan input', () => {
  it('shows fen as yuan with two decimals, the caller’s placeholder and test id', () => {
    const w = field(1850);
    expect(input(w).element.value).toBe('18.50');
    expect(input(w).attributes('placeholder')).toBe('Min');
    expect(w.attributes('data-testid')).toBe('amount');
  });

  it('hands back what is typed in fen, rounded to the fen', async () => {
    const w = field(null);
    expect(input(w).element.value).toBe('');
    await input(w).setValue('12.345');
    await input(w).trigger('blur');
    await nextTick();
    const emitted = w.emitted('update:value') ?? [];
    expect(emitted.at(-1)).toEqual([1235]);
  });

  it('hands back null when the field is emptied', async () => {
    const w = field(500);
    await input(w).setValue('');
    await input(w).trigger('blur');
    await nextTick();
    expect((w.emitted('update:value') ?? []).at(-1)).toEqual([null]);
  });

  it('passes a prefix on, and has none unless given one', () => {
    expect(field(100, true).find('.yuan-sign').text()).toBe('¥');
    wrapper?.unmount();
    expect(field(100).find('.n-input__prefix').exists()).toBe(false);
  });
});
