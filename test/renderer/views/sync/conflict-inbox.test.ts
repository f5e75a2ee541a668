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
import { formatMinor, rejectionKey } from '../../../../renderer/src/views/sync/labels';
import { CS, RETURN_ADDRESS, clock, seededDb, serverCaseAfter, command, NOW } from '../../sync/fixtures';

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

async function conflictOnC1(): Promise<string> {
  const result = await dispatch(db, { type: 'cs.approve', caseId: 'C1', payload: { returnAddress: RETURN_ADDRESS } }, { actor: CS, clock });
  if (!result.ok) throw new Error(result.rejection.code);
  const serverCase = serverCaseAfter('C1', 'O1', [command('cs.reject', 'C1', 1, { reason: '照片不清晰' }, { id: 'staff-admin', role: 'admin' })]);
  await db.outbox.update(result.commandId, { status: 'conflict' });
  await db.conflicts.put({
    commandId: result.commandId,
    caseId: 'C1',
    kind: 'conflict',
    rejection: { code: 'invalid_state', params: { state: 'rejected', commandType: 'cs.approve' } },
    command: (await db.outbox.get(result.commandId))!.command,
    serverCase,
    serverVersion: 2,
    createdAt: NOW,
    open: 1,
    resolution: null,
    resolvedAt: null,
    followUpId: null,
  });
  return result.commandId;
}

describe('conflict inbox', () => {
  it('shows the local intent beside the server case with a translated reason, and discards on request', async () => {
    const id = await conflictOnC1();
    const wrapper = mount(ConflictInbox, { global: { plugins: [pinia, createAppI18n('en-US')] } });
    await until(() => wrapper.findAll('[data-testid="conflict"]').length === 1);
    const card = wrapper.get('[data-testid="conflict"]');
    expect(card.text()).toContain('What this desk did');
    expect(card.text()).toContain('Approve');
    expect(wrapper.get('[data-testid="server-case"]').text()).toContain('Rejected');
    expect(wrapper.get('[data-testid="conflict-reason"]').text()).toContain('Not possible in the case’s current state');
    // Only customer service may escalate; nobody is signed in here.
    expect(wrapper.get('[data-testid="conflict-escalate"]').attributes('disabled')).toBeDefined();

    await wrapper.get('[data-testid="conflict-discard"]').trigger('click');
    await until(() => wrapper.findAll('[data-testid="conflict"]').length === 0);
    expect(wrapper.text()).toContain('No conflicts need you');
    expect(await db.conflicts.get(id)).toMatchObject({ open: 0, resolution: 'discarded' });
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
