/**
 * The test-barcode sheet of the signed-in warehouse, read from the local store on demand: `load`
 * reads afresh, so the sheet shows what was synced since the page opened.
 */
import { ref } from 'vue';
import { useSessionStore } from '../../stores/session';
import { runtime } from '../../sync/runtime';
import { loadTestSheet, type TestSheetLoad } from '../../components/labels/testSheet';

export type TestSheetState = { status: 'loading' } | { status: 'unavailable'; reason: string } | TestSheetLoad;

export function useTestSheet() {
  const session = useSessionStore();
  const state = ref<TestSheetState>({ status: 'loading' });

  async function load(): Promise<void> {
    try {
      await session.restore();
      const db = await runtime().db();
      state.value = await loadTestSheet(db, { warehouseId: session.staff?.warehouseId ?? null, now: runtime().clock() });
    } catch (error) {
      state.value = { status: 'unavailable', reason: error instanceof Error ? error.message : String(error) };
    }
  }

  return { state, load };
}
