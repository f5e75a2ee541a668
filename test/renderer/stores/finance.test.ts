import { beforeEach, describe, expect, it } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { useFinanceStore } from '../../../renderer/src/stores/finance';
import { row } from '../views/finance/support';

describe('finance store', () => {
  beforeEach(() => setActivePinia(createPinia()));

  const rows = [row('A'), row('B'), row('C')];
  rows[0]!.view.data.refund = { goods: 5850, coins: 50, outboundShipping: 0, returnShipping: 0, taxDeduction: 0, adjustments: [], cash: 5850 };
  rows[1]!.view.data.refund = { goods: 12000, coins: 300, outboundShipping: 0, returnShipping: 0, taxDeduction: 0, adjustments: [], cash: 12000 };
  rows[2]!.view.data.refund = { goods: 1, coins: 0, outboundShipping: 0, returnShipping: 0, taxDeduction: 0, adjustments: [], cash: 1 };

  it('totals the chosen cases that are still in the queue', () => {
    const store = useFinanceStore();
    store.toggle('A');
    store.toggle('B');
    expect(store.totals(rows)).toEqual({ count: 2, cash: 17850, coins: 350 });
    // B was paid elsewhere and left the queue: it no longer counts.
    expect(store.totals([rows[0]!, rows[2]!])).toEqual({ count: 1, cash: 5850, coins: 50 });
    store.toggle('A');
    expect(store.chosen(rows).map((r) => r.view.id)).toEqual(['B']);
  });

  it('selects every filtered case at once and clears', () => {
    const store = useFinanceStore();
    store.selectAll(rows);
    expect(store.selectedCount).toBe(3);
    expect(store.totals(rows)).toEqual({ count: 3, cash: 17851, coins: 350 });
    store.clearSelection();
    expect(store.totals(rows)).toEqual({ count: 0, cash: 0, coins: 0 });
  });

  it('clears filters and search together', () => {
    const store = useFinanceStore();
    store.setFilters({ ...store.filters, amountMin: 100, types: ['return_refund'] });
    store.setSearch('RMA');
    store.clearFilters();
    expect(store.filters).toEqual({ from: null, to: null, amountMin: null, amountMax: null, types: [], warehouses: [], shops: [] });
    expect(store.search).toBe('');
  });
});
