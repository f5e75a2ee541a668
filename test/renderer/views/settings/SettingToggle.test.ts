/** An on/off setting: its words, the switch named by them, and the new value handed back. */
import { describe, expect, it } from 'vitest';
import { mount } from '@vue/test-utils';
import SettingToggle from '../../../../renderer/src/views/settings/SettingToggle.vue';

describe('setting toggle', () => {
  it('shows the name and hint, labels the switch by the name and hands back the flipped value', async () => {
    const w = mount(SettingToggle, {
      attachTo: document.body,
      props: { value: false, label: 'Sound', hint: 'A beep per scan', labelId: 'sound-label', testid: 'sound', class: 'wide' },
    });
    expect(w.classes()).toEqual(expect.arrayContaining(['toggle', 'wide']));
    expect(w.get('#sound-label').text()).toBe('Sound');
    expect(w.get('.toggle-hint').text()).toBe('A beep per scan');
    const sw = w.get('[data-testid="sound"]');
    expect(sw.attributes('aria-labelledby')).toBe('sound-label');
    expect(sw.attributes('aria-checked')).toBe('false');
    await sw.trigger('click');
    expect(w.emitted('update:value')).toEqual([[true]]);
    await w.setProps({ value: true });
    expect(w.get('[data-testid="sound"]').attributes('aria-checked')).toBe('true');
    w.unmount();
  });
});
