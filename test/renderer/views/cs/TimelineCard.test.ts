/**
 * The timeline names who acted: the buyer by the name on their order (as this desk may see it),
 * else by id; never another buyer's name.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { h } from 'vue';
import { NConfigProvider } from 'naive-ui';
import { createAppI18n } from '../../../../renderer/src/i18n';
import TimelineCard from '../../../../renderer/src/views/cs/TimelineCard.vue';
import type { CaseSnapshotRow } from '../../../../renderer/src/db/types';
import { deskPerTest } from '../../support/desk';
import { BUYER, serverCaseAfter } from '../../sync/fixtures';

const desk = deskPerTest({ name: 'timeline-card' });

function snapshot(): CaseSnapshotRow {
  const data = serverCaseAfter('C-1', 'O-1');
  return { id: 'C-1', caseNo: 'RMA1', version: 1, state: data.state, changeSeq: 1, data };
}

function buyerShown(order: { buyerId: string | null; buyerName: string | null } | undefined): string {
  const page = desk.mount({ render: () => h(NConfigProvider, null, () => h(TimelineCard, { snapshot: snapshot(), outbox: [], order })) }, [createAppI18n('en-US')]);
  const applied = page.find('[data-testid="timeline-entry"][data-event="applied"] [data-testid="timeline-actor"]');
  expect(applied.attributes('data-actor')).toBe(BUYER.id);
  const text = applied.text();
  desk.unmount();
  return text;
}

describe('timeline actors', () => {
  it('names the buyer as the order does, and by id without the order', () => {
    expect(buyerShown({ buyerId: BUYER.id, buyerName: '张*' })).toBe('张*');
    expect(buyerShown(undefined)).toBe(BUYER.id);
    expect(buyerShown({ buyerId: BUYER.id, buyerName: null })).toBe(BUYER.id);
  });

  it('does not lend an order’s buyer name to another buyer', () => {
    expect(buyerShown({ buyerId: 'buyer-someone-else', buyerName: '李四' })).toBe(BUYER.id);
  });
});
