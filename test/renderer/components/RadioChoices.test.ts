/** One answer out of a few: the choices in order, their test ids, and the answer handed back with its type. */
import { afterEach, describe, expect, it } from 'vitest';
import { mount, type VueWrapper } from '@vue/test-utils';
import RadioChoices from '../../../renderer/src/components/RadioChoices.vue';

let wrapper: VueWrapper | undefined;
afterEach(() => {
  wrapper?.unmount();
  wrapper = undefined;
});

describe('radio choices', () => {
  it('lists the choices in order with their own test ids and the group’s on the group', () => {
    wrapper = mount(RadioChoices, {
      props: {
        value: null,
        'data-testid': 'question',
        choices: [
          { value: 'a', label: 'First', testid: 'choice-a' },
          { value: 'b', label: 'Second' },
        ],
      },
    });
    const radios = wrapper.findAll('.n-radio');
    expect(radios.map((r) => r.text())).toEqual(['First', 'Second']);
    expect(radios[0]?.attributes('data-testid')).toBe('choice-a');
    expect(radios[1]?.attributes('data-testid')).toBeUndefined();
    expect(wrapper.attributes('data-testid')).toBe('question');
    expect(wrapper.findAll('input:checked')).toHaveLength(0);
  });

  it('marks the current answer and hands back a new one with its type (false is an answer)', async () => {
    wrapper = mount(RadioChoices, {
      props: {
        value: true,
        choices: [
          { value: true, label: 'Yes' },
          { value: false, label: 'No' },
        ],
      },
    });
    const inputs = wrapper.findAll('input[type="radio"]');
    expect((inputs[0]?.element as HTMLInputElement).checked).toBe(true);
    await inputs[1]?.trigger('change');
    expect(wrapper.emitted('update:value')).toEqual([[false]]);
  });
});
