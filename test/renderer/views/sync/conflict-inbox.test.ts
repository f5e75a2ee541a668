import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia, type Pinia } from 'pinia';
import type { DeskDb } from '../../../../renderer/src/db/schema';
import { createAppI18n } from '../../../../renderer/src/i18n';
import { configureRuntime, resetRuntime } from '../../../../renderer/src/sync/runtime';
import { dispatch } from '../../../../renderer/src/sync/dispatch';
import ConflictInbox from '../../../../renderer/src/views/sync/ConflictInbox.vue';
import PendingList from '../../../../renderer/src/views/sync/PendingList.vue';
import { formatMinor, rejectionKey } from '../../../../renderer/src/format/labels';
import { useSessionStore } from '../../../../renderer/src/stores/session';
import type { AfterSalesCase, Command } from '../../../../shared/domain';
import { BUYER, CS, RETURN_ADDRESS, WAREHOUSE, clock, seededDb, serverCaseAfter, command, NOW, putSnapshot } from '../../sync/fixtures';
import { inspection } from '../../../shared/domain/inspection';

let db: DeskDb;
let pinia: Pinia;

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !check(); i++) {
    await flushPromises();
    await new Promise((r) => setTimeout(r, 10));
  }
}

beforeEach(async () => {
  db = (await seededDb()).db;
  configureRuntime({ db: async () => db, clock });
  pinia = createPinia();
  setActivePinia(pinia);
});
afterEach(() => {
  resetRuntime();
  db.close();
});

/** Records `local` as refused with a conflict, the server's case stored as the push answer stores it. */
async function conflictWith(local: Command, serverCase: AfterSalesCase): Promise<string> {
  await putSnapshot(db, serverCase);
  await db.conflicts.put({
    commandId: local.id,
    caseId: local.caseId,
    kind: 'conflict',
    rejection: { code: 'invalid_state', params: { state: serverCase.state, commandType: local.type } },
    command: local,
    serverCase,
    serverVersion: serverCase.version,
    createdAt: NOW,
    open: 1,
    resolution: null,
    resolvedAt: null,
    followUpId: null,
  });
  return local.id;
}

async function conflictOnC1(): Promise<string> {
  const result = await dispatch(db, { type: 'cs.approve', caseId: 'C1', payload: { returnAddress: RETURN_ADDRESS } }, { actor: CS, clock });
  if (!result.ok) throw new Error(result.rejection.code);
  const serverCase = serverCaseAfter('C1', 'O1', [command('cs.reject', 'C1', 1, { reason: '照片不清晰' }, { id: 'staff-admin', role: 'admin' })]);
  await db.outbox.update(result.commandId, { status: 'conflict' });
  return conflictWith((await db.outbox.get(result.commandId))!.command as Command, serverCase);
}

function signIn(role: 'cs' | 'warehouse'): void {
  const session = useSessionStore(pinia);
  session.staff = role === 'cs' ? { id: CS.id, username: 'cs1', displayName: '客服一', role: 'cs', warehouseId: null } : { id: WAREHOUSE.id, username: 'wh1', displayName: '仓库一', role: 'warehouse', warehouseId: 'WH-SH' };
}

describe('conflict inbox', () => {
  it('tells both sides in words, by case number, and discards on request', async () => {
    const id = await conflictOnC1();
    signIn('cs');
    const wrapper = mount(ConflictInbox, { global: { plugins: [pinia, createAppI18n('en-US')], stubs: { RouterLink: { template: '<a><slot /></a>' } } } });
    await until(() => wrapper.findAll('[data-testid="conflict-case"]').some((c) => c.text().includes('AS-C1')));
    const card = wrapper.get('[data-testid="conflict"]');
    expect(wrapper.get('[data-testid="conflict-case"]').text()).toBe('Case AS-C1');
    expect(wrapper.get('[data-testid="conflict-mine"]').text()).toContain('staff-cs1 recorded “Approve');
    expect(wrapper.get('[data-testid="conflict-theirs"]').text()).toMatch(/^Rejected by Supervisor at .+: 照片不清晰$/);
    expect(wrapper.get('[data-testid="conflict-reason"]').text()).toContain('Not possible in the case’s current state');
    // No payload dump, no version numbers, no internal case id in the card.
    expect(card.text()).not.toMatch(/[{}]|Version|"C1"/);
    // Approving a rejected case cannot succeed: the button is off and says why.
    expect(wrapper.get('[data-testid="conflict-reissue"]').attributes('disabled')).toBeDefined();
    expect(wrapper.get('[data-testid="conflict-reissue-why"]').text()).toContain('Cannot submit again: Not possible in the case’s current state');

    await wrapper.get('[data-testid="conflict-discard"]').trigger('click');
    await until(() => wrapper.findAll('[data-testid="conflict"]').length === 0);
    expect(wrapper.text()).toContain('No conflicts to handle');
    expect(await db.conflicts.get(id)).toMatchObject({ open: 0, resolution: 'discarded' });
    wrapper.unmount();
  });

  it('a warehouse receipt refused because another station disputed the case: who, when, what to do with the parcel', async () => {
    const approve = command('cs.approve', 'C1', 1, { returnAddress: RETURN_ADDRESS }, CS);
    const shipBack = command('buyer.ship_back', 'C1', 2, { carrier: 'SF', trackingNumber: 'SF1234567890' }, BUYER);
    const dispute = command('warehouse.raise_dispute', 'C1', 3, { category: 'empty_parcel', notes: '空包', photos: [] }, { id: 'staff-wh2', role: 'warehouse', warehouseId: 'WH-SH' });
    const disputed = serverCaseAfter('C1', 'O1', [approve, shipBack, dispute]);
    const receive = command(
      'warehouse.receive',
      'C1',
      3,
      {
        inspection: inspection({ condition: 'opened_resalable', checklist: { seals: true }, weightGrams: 1200 }),
      },
      WAREHOUSE,
    );
    await conflictWith(receive, disputed);
    signIn('warehouse');
    const wrapper = mount(ConflictInbox, { global: { plugins: [pinia, createAppI18n('zh-CN')], stubs: { RouterLink: { template: '<a><slot /></a>' } } } });
    await until(() => wrapper.findAll('[data-testid="conflict-escalate-why"]').length === 1);
    expect(wrapper.get('[data-testid="conflict-mine"]').text()).toContain('清点：SKU-KETTLE 1 件');
    expect(wrapper.get('[data-testid="conflict-mine"]').text()).toContain('成色：已拆封可二次销售');
    expect(wrapper.get('[data-testid="conflict-theirs"]').text()).toMatch(/^staff-wh2 已于 .+ 对这张售后单发起争议（空包），现由客服处理。$/);
    expect(wrapper.get('[data-testid="conflict-advice"]').text()).toContain('请把包裹放到争议货架');
    // Receiving a disputed case cannot succeed, and the warehouse may not hand cases to CS: both say why.
    expect(wrapper.get('[data-testid="conflict-reissue"]').attributes('disabled')).toBeDefined();
    expect(wrapper.get('[data-testid="conflict-escalate"]').attributes('disabled')).toBeDefined();
    expect(wrapper.get('[data-testid="conflict-escalate-why"]').text()).toBe('只有客服或主管可以转客服介入：请联系客服处理售后单 AS-C1。');
    expect(wrapper.find('[data-testid="conflict-open-case"]').exists()).toBe(false);
    wrapper.unmount();
  });

  it('offers to submit again when the intent still fits the server case', async () => {
    // The server case moved on (a CS override happened elsewhere) but escalating still fits.
    const local = command('cs.escalate', 'C1', 1, { reason: '买家投诉' }, CS);
    await conflictWith(local, serverCaseAfter('C1', 'O1'));
    signIn('cs');
    const wrapper = mount(ConflictInbox, { global: { plugins: [pinia, createAppI18n('en-US')], stubs: { RouterLink: { template: '<a><slot /></a>' } } } });
    await until(() => wrapper.find('[data-testid="conflict-reissue"]').exists() && wrapper.get('[data-testid="conflict-reissue"]').attributes('disabled') === undefined);
    expect(wrapper.find('[data-testid="conflict-reissue-why"]').exists()).toBe(false);
    await wrapper.get('[data-testid="conflict-reissue"]').trigger('click');
    await until(() => wrapper.findAll('[data-testid="conflict"]').length === 0);
    // The conflict closes first, then the new command is dispatched and linked to it.
    let conflict = await db.conflicts.get(local.id);
    for (let i = 0; i < 100 && !conflict?.followUpId; i++) {
      await new Promise((r) => setTimeout(r, 10));
      conflict = await db.conflicts.get(local.id);
    }
    expect(conflict).toMatchObject({ open: 0, resolution: 'reissued' });
    expect(conflict?.followUpId).toBeTruthy();
    expect(await db.outbox.get(conflict!.followUpId!)).toMatchObject({ type: 'cs.escalate', status: 'pending' });
    wrapper.unmount();
  });

  it('lists pending commands in Chinese with their status', async () => {
    await dispatch(db, { type: 'cs.escalate', caseId: 'C1', payload: { reason: '跟进' } }, { actor: CS, clock });
    const wrapper = mount(PendingList, { global: { plugins: [pinia, createAppI18n('zh-CN')] } });
    await until(() => wrapper.text().includes('平台介入'));
    expect(wrapper.text()).toContain('待发送');
    expect(wrapper.text()).toContain('AS-C1');
    wrapper.unmount();
  });
});

describe('labels', () => {
  it('maps server codes with dots to translation keys and formats minor units exactly', () => {
    expect(rejectionKey('auth.forbidden_command')).toBe('rejections.auth_forbidden_command');
    expect(formatMinor(970)).toBe('¥9.70');
    expect(formatMinor(-5)).toBe('-¥0.05');
    expect(formatMinor(123456)).toBe('¥1234.56');
  });
});
