/**
 * The assign form names people: a supervisor chooses among the active customer-service agents and
 * supervisors of the staff directory by name (never warehouse staff, finance or former colleagues,
 * though a former owner stays shown as the current one), and typing an id of one's own is not offered.
 */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { NSelect } from 'naive-ui';
import { DEFAULT_POLICY } from '../../../../shared/domain';
import { openDeskDb, type DeskDb } from '../../../../renderer/src/db/schema';
import { createAppI18n } from '../../../../renderer/src/i18n';
import { useSessionStore } from '../../../../renderer/src/stores/session';
import { STAFF_DIRECTORY_KEY } from '../../../../renderer/src/stores/staffDirectory';
import { configureRuntime, resetRuntime } from '../../../../renderer/src/sync/runtime';
import ActionForm from '../../../../renderer/src/views/cs/ActionForm.vue';
import { serverCaseAfter, uniqueName } from '../../sync/fixtures';

const ADMIN = { id: 'staff-admin', username: 'admin', displayName: '主管 Admin', role: 'admin' as const, warehouseId: null };
const STAFF = [
  { id: 'staff-cs1', displayName: '客服 Chen', role: 'cs', active: true },
  { id: 'staff-cs2', displayName: '客服 Bai', role: 'cs', active: true },
  { id: 'staff-wh1', displayName: '仓库 Wang', role: 'warehouse', active: true },
  { id: 'staff-fin1', displayName: '财务 Fang', role: 'finance', active: true },
  { id: 'staff-cs-gone', displayName: '离职 Former', role: 'cs', active: false },
];

let db: DeskDb;
beforeEach(async () => {
  db = await openDeskDb(uniqueName('assign-form'));
  await db.meta.put({ key: STAFF_DIRECTORY_KEY, value: { fetchedAt: new Date().toISOString(), staff: STAFF } });
  const offline = (async () => {
    throw new TypeError('fetch failed');
  }) as typeof fetch;
  configureRuntime({ db: async () => db, fetch: offline, defaultApiBase: 'http://central.test' });
  setActivePinia(createPinia());
  useSessionStore().staff = ADMIN;
});
afterEach(() => {
  resetRuntime();
  db.close();
});

describe('assign form', () => {
  it('offers the supervisor active agents and supervisors by name, and shows a former owner by name', async () => {
    const data = { ...serverCaseAfter('C-ASSIGN', 'O-ASSIGN'), owner: 'staff-cs-gone' };
    const wrapper = mount(ActionForm, {
      props: { type: 'cs.assign', data, policy: DEFAULT_POLICY, needsAddress: false, addresses: [], errors: [], actor: { id: 'staff-admin', role: 'admin' } },
      global: { plugins: [createAppI18n('en-US')] },
    });
    const select = wrapper.findComponent(NSelect);
    await vi.waitFor(async () => {
      await flushPromises();
      expect((select.props('options') ?? []).length).toBe(4);
    });
    const options = (select.props('options') ?? []) as { value: string; label: string }[];
    expect(options.map((o) => o.value)).toEqual(['staff-cs-gone', 'staff-admin', 'staff-cs2', 'staff-cs1']);
    expect(options.find((o) => o.value === 'staff-cs2')?.label).toBe('客服 Bai · Customer service');
    expect(options.find((o) => o.value === 'staff-cs-gone')?.label).toBe('离职 Former · Customer service');
    expect(select.props('tag')).toBe(false);
    expect(wrapper.get('[data-testid="assign-current"]').text()).toContain('离职 Former');
    wrapper.unmount();
  });
});
