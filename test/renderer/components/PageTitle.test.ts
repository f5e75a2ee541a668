/** A workspace heading: the title as the page's heading, with what the page puts beside it. */
import { describe, expect, it } from 'vitest';
import { h } from 'vue';
import { mount } from '@vue/test-utils';
import PageTitle from '../../../renderer/src/components/PageTitle.vue';

describe('page title', () => {
  it('shows the title as a heading, with its test id, followed by the page’s own parts', () => {
    const w = mount(PageTitle, { props: { title: 'Pending review', titleTestid: 'queue-title' }, slots: { default: () => h('span', { class: 'count' }, '12 cases') } });
    const heading = w.get('h2');
    expect(heading.text()).toBe('Pending review');
    expect(heading.attributes('data-testid')).toBe('queue-title');
    expect(w.get('.title-row').element.lastElementChild?.textContent).toBe('12 cases');
    w.unmount();
  });

  it('is a heading alone when the page adds nothing, without a test id unless given one', () => {
    const w = mount(PageTitle, { props: { title: 'Finance' } });
    expect(w.get('.title-row').element.children).toHaveLength(1);
    expect(w.get('h2').attributes('data-testid')).toBeUndefined();
    w.unmount();
  });
});
