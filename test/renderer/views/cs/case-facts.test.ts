/** The case page's derived facts: claim vs inspection, the timeline, the SLA and the masked buyer. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, toMs } from '../../../../shared/domain';
import type { OutboxRow } from '../../../../renderer/src/db/types';
import { amountOf, durationParts, maskName, slaOf } from '../../../../renderer/src/views/cs/caseFacts';
import { compareClaim } from '../../../../renderer/src/views/cs/compare';
import { buildTimeline } from '../../../../renderer/src/views/cs/timeline';
import { BUYER, CS, NOW, RETURN_ADDRESS, WAREHOUSE, command, wireOrder } from '../../sync/fixtures';
import { orderRowFromChange } from '../../../../renderer/src/sync/engine';
import { inspection, type InspectionPatch } from '../../../shared/domain/inspection';
import { caseOn } from './support';

const wire = wireOrder('O1');
const returns = { caseType: 'return_refund', reason: 'size_or_fit' };
const approve = command('cs.approve', 'C', 1, { returnAddress: RETURN_ADDRESS }, CS);
const shipBack = command('buyer.ship_back', 'C', 2, { carrier: 'SF', trackingNumber: 'SF1234567890' }, BUYER);
/** One kettle back as new at its catalogue weight, seals intact; `patch` for what the warehouse found instead. */
const received = (patch: InspectionPatch = {}) => inspection({ weightGrams: 1200, disposition: { kind: 'restock', location: 'A-1' }, ...patch, checklist: { seals: true, ...patch.checklist } });

describe('claim beside inspection', () => {
  it('marks nothing when the goods are as claimed', () => {
    const c = caseOn(wire, 'C', returns, [approve, shipBack, command('warehouse.receive', 'C', 3, { inspection: received() }, WAREHOUSE)]);
    const rows = compareClaim(c, 1200);
    expect(rows.filter((r) => r.differs)).toEqual([]);
  });

  it('marks damage found on a return for size, a failed checklist item and a weight far off', () => {
    const c = caseOn(wire, 'C', returns, [
      approve,
      shipBack,
      command('warehouse.receive', 'C', 3, { inspection: received({ condition: 'damaged', checklist: { packaging: false }, weightGrams: 300 }) }, WAREHOUSE),
    ]);
    const differing = compareClaim(c, 1200).filter((r) => r.differs).map((r) => r.key);
    expect(differing).toEqual(['condition', 'packaging', 'weight']);
  });

  it('has no rows before the goods were inspected', () => {
    expect(compareClaim(caseOn(wire, 'C', returns, [approve]), 1200)).toEqual([]);
  });
});

describe('timeline', () => {
  it('lists recorded steps newest first, and joins a command issued here to its step', () => {
    const c = caseOn(wire, 'C', returns, [approve, shipBack]);
    const mine: OutboxRow = {
      id: approve.id, seq: 1, deviceId: 'desk-abcdef123', caseId: 'C', type: 'cs.approve', command: approve, baseVersion: 1, occurredAt: NOW,
      status: 'acked', attempts: 1, lastError: null, ackedVersion: 2, attachments: [], createdAt: NOW, updatedAt: '2026-03-01T10:00:05.000Z',
    };
    const pending: OutboxRow = { ...mine, id: 'later', seq: 2, type: 'cs.escalate', command: { ...approve, id: 'later', type: 'cs.escalate', payload: { reason: 'x' } } as never, occurredAt: '2026-03-01T11:00:00.000Z', status: 'pending', ackedVersion: null };
    const entries = buildTimeline(c, [mine, pending]);
    expect(entries.map((e) => [e.event, e.sync])).toEqual([
      ['command', 'pending'],
      ['entered_state', 'server'],
      ['return_shipped', 'server'],
      ['approved', 'server'],
      ['applied', 'server'],
    ]);
    // The acknowledged approval joined the recorded step of the same time and role; the pending escalation stands alone.
    expect(entries.filter((e) => e.workstation === 'desk-abcdef123' && e.sync === 'server')).toHaveLength(1);
    expect(entries[0]).toMatchObject({ actorId: 'staff-cs1', role: 'cs', workstation: 'desk-abcdef123', recordedAt: null });
  });

  it('shows a command answered with a conflict as such', () => {
    const c = caseOn(wire, 'C', returns);
    const row = { id: 'x', seq: 1, deviceId: 'd', caseId: 'C', type: 'cs.reject', command: command('cs.reject', 'C', 1, { reason: 'r' }, CS, 'x'), baseVersion: 1, occurredAt: '2026-03-02T00:00:00.000Z', status: 'conflict', attempts: 1, lastError: null, ackedVersion: null, attachments: [], createdAt: NOW, updatedAt: NOW } as OutboxRow;
    expect(buildTimeline(c, [row])[0]).toMatchObject({ event: 'command', sync: 'conflict' });
  });
});

describe('SLA, amount and privacy', () => {
  it('turns due soon within a day and overdue after the deadline', () => {
    const c = caseOn(wire, 'C', returns);
    const due = toMs(NOW) + 7 * 24 * 3_600_000;
    expect(slaOf(c, DEFAULT_POLICY, toMs(NOW))?.tone).toBe('ok');
    expect(slaOf(c, DEFAULT_POLICY, due - 3_600_000)?.tone).toBe('soon');
    expect(slaOf(c, DEFAULT_POLICY, due)).toMatchObject({ tone: 'overdue', remainingMs: 0, deadline: { owner: 'cs', action: 'system.auto_approve' } });
    expect(durationParts(-(2 * 86_400_000 + 3 * 3_600_000 + 61_000))).toEqual({ days: 2, hours: 3, minutes: 1, seconds: 1 });
  });

  it('shows the paid share of the claim before a refund is computed', () => {
    const c = caseOn(wire, 'C', returns);
    const order = orderRowFromChange({ seq: 1, kind: 'order', id: 'O1', deleted: false, version: null, caseNo: null, data: wire });
    expect(amountOf(c, order)).toEqual({ value: 4850, computed: false });
    expect(amountOf(c, undefined)).toBeNull();
  });

  it('masks the buyer’s name', () => {
    expect(maskName('张三丰')).toBe('张**');
    expect(maskName('王')).toBe('王*');
    expect(maskName(null)).toBe('');
  });
});
