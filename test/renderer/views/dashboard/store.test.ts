import { beforeEach, describe, expect, it } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { nextTick } from 'vue';
import { DASHBOARD_PREFERENCE_KEY, MAX_SPAN_DAYS, clampRange, useDashboardStore } from '../../../../renderer/src/stores/dashboard';

const TODAY = 20_500;

beforeEach(() => {
  localStorage.clear();
  setActivePinia(createPinia());
});

describe('dashboard choices', () => {
  it('shows the last 30 days by default, ending today', () => {
    expect(useDashboardStore().rangeFor(TODAY)).toEqual({ from: TODAY - 29, to: TODAY });
  });

  it('keeps a range ending today as a span (still the last days tomorrow), another one as picked', async () => {
    const store = useDashboardStore();
    store.setRange({ from: TODAY - 6, to: TODAY }, TODAY);
    expect(store.rangeFor(TODAY + 1)).toEqual({ from: TODAY - 5, to: TODAY + 1 });
    store.setRange({ from: TODAY - 10, to: TODAY - 20 }, TODAY);
    expect(store.rangeFor(TODAY + 1)).toEqual({ from: TODAY - 20, to: TODAY - 10 });
    store.toggleTable('refunds');
    await nextTick();
    expect(JSON.parse(localStorage.getItem(DASHBOARD_PREFERENCE_KEY) ?? '{}')).toEqual({ spanDays: 7, tables: ['refunds'] });
  });

  it('limits a range to a year', () => {
    expect(clampRange({ from: TODAY - 1000, to: TODAY })).toEqual({ from: TODAY - MAX_SPAN_DAYS + 1, to: TODAY });
  });

  it('restores the span and the tables; a table list with an unknown chart is dropped', () => {
    localStorage.setItem(DASHBOARD_PREFERENCE_KEY, JSON.stringify({ spanDays: 90, tables: ['grades', 'nonsense'] }));
    const restored = useDashboardStore();
    expect(restored.rangeFor(TODAY)).toEqual({ from: TODAY - 89, to: TODAY });
    expect(restored.isTable('grades')).toBe(false);
    setActivePinia(createPinia());
    localStorage.setItem(DASHBOARD_PREFERENCE_KEY, JSON.stringify({ spanDays: 90, tables: ['grades', 'refunds'] }));
    const again = useDashboardStore();
    expect(again.isTable('grades')).toBe(true);
    again.toggleTable('grades');
    expect(again.isTable('grades')).toBe(false);
  });
});
