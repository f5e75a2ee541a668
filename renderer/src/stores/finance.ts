/**
 * The finance workspace's working state: the refund queue's filters, search and sort, the cases
 * chosen for batch approval, and the export's date range. The queue's contents are read from the
 * local store (`views/finance/financeQuery.ts`); the selection only keeps ids, and its totals
 * count the chosen cases that are still in the queue (one approved at another desk drops out).
 */
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { emptyRefundFilters, type RefundFilters, type RefundRow, type RefundSort, selectionTotals, type SelectionTotals } from '../views/finance/refunds';

export type FinanceTab = 'refunds' | 'compensation' | 'export';

export const useFinanceStore = defineStore('finance', () => {
  const tab = ref<FinanceTab>('refunds');
  const filters = ref<RefundFilters>(emptyRefundFilters());
  const sort = ref<RefundSort>('due');
  const search = ref('');
  const selected = ref<Set<string>>(new Set());
  /** The export's range as local calendar days (YYYY-MM-DD, both included); null = today. */
  const exportDays = ref<[string, string] | null>(null);

  function setFilters(next: RefundFilters): void {
    filters.value = next;
  }
  function clearFilters(): void {
    filters.value = emptyRefundFilters();
    search.value = '';
  }
  function setSort(next: RefundSort): void {
    sort.value = next;
  }
  function setSearch(text: string): void {
    search.value = text;
  }

  function toggle(id: string): void {
    const next = new Set(selected.value);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    selected.value = next;
  }
  function setSelected(ids: Iterable<string>): void {
    selected.value = new Set(ids);
  }
  /** Every case of the filtered queue. */
  function selectAll(rows: readonly RefundRow[]): void {
    selected.value = new Set(rows.map((r) => r.view.id));
  }
  function clearSelection(): void {
    selected.value = new Set();
  }

  /** The chosen rows that are in `rows` (the queue as it is now), in the queue's order. */
  function chosen(rows: readonly RefundRow[]): RefundRow[] {
    return rows.filter((r) => selected.value.has(r.view.id));
  }
  function totals(rows: readonly RefundRow[]): SelectionTotals {
    return selectionTotals(chosen(rows).map((r) => r.view.data));
  }

  const selectedCount = computed(() => selected.value.size);

  return { tab, filters, sort, search, selected, selectedCount, exportDays, setFilters, clearFilters, setSort, setSearch, toggle, setSelected, selectAll, clearSelection, chosen, totals };
});
