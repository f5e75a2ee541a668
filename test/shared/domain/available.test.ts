/**
 * `availableCommands` against `decide`: from every state every case type reaches, for every role
 * (and actors decide treats specially: another buyer, staff of another warehouse or of none), a
 * command type is listed exactly when decide accepts it with one of the test's own payloads.
 */
import { describe, expect, it } from 'vitest';
import { availableCommands, canReceive, checkCommand, COMMAND_TYPES, decide, PERMISSIONS, probeCommand, validateCommand, type Actor, type AfterSalesCase, type PayloadOf } from '../../../shared/domain';
import { ACTORS, ADDRESS, at, command, ctx, makeOrder, policy, run, T0, APPLY_RETURN_A } from './fixtures';
import { payloadVariants, snapshots } from './paths';

/** Actors, and whether they may do anything at all to the buyer-1 cases of warehouse WH1. */
const ACTOR_LIST: Array<[string, Actor, boolean]> = [
  ...Object.entries(ACTORS).map(([name, actor]): [string, Actor, boolean] => [name, actor, name !== 'otherBuyer']),
  // Virtual goods have no return address: any warehouse ships their exchange.
  ['warehouse without a warehouse', { id: 'wh-staff-0', role: 'warehouse' }, true],
];

describe('availableCommands', () => {
  const all = snapshots();
  // At the snapshot's own time (no system deadline due) and far later (every one due).
  const times = [T0, at(T0, 24 * 400)];

  it.each(ACTOR_LIST)('agrees with decide for every state and case type: %s', (_, actor, some) => {
    let listed = 0;
    const disagreements: string[] = [];
    for (const s of all) {
      for (const now of times) {
        const available = new Set(availableCommands(s.c, actor, ctx(s.order, now)));
        listed += available.size;
        for (const type of COMMAND_TYPES) {
          const accepted = payloadVariants(type, s.c).some((payload) => decide(s.c, command(type, payload as PayloadOf<typeof type>, { c: s.c, occurredAt: now, actor }), ctx(s.order, now)).ok);
          if (accepted !== available.has(type)) disagreements.push(`${s.label} @${now} ${type}: decide ${accepted ? 'accepts' : 'refuses'}, listed ${available.has(type)}`);
        }
      }
    }
    expect(disagreements).toEqual([]);
    // Not a comparison of two empty sets, except for the buyer who owns none of these cases.
    expect(listed > 0).toBe(some);
  });

  it('lists what the warehouse may do with a parcel awaiting receipt, and nothing for another warehouse', () => {
    const waiting = all.find((s) => s.c.type === 'return_refund' && s.c.state === 'awaiting_receipt');
    if (!waiting) throw new Error('fixture');
    const context = ctx(waiting.order);
    expect(availableCommands(waiting.c, ACTORS.warehouse, context)).toEqual(['warehouse.receive', 'warehouse.reject', 'warehouse.raise_dispute']);
    expect(availableCommands(waiting.c, ACTORS.otherWarehouse, context)).toEqual([]);
    expect(canReceive(waiting.c, ACTORS.warehouse, context)).toEqual({ ok: true });
    expect(canReceive(waiting.c, ACTORS.otherWarehouse, context)).toEqual({ ok: false, rejection: { code: 'wrong_warehouse', params: { expected: 'WH1', actual: 'WH9' } } });
    expect(availableCommands(waiting.c, ACTORS.buyer, context)).toEqual(['buyer.withdraw']);
  });

  it('follows the rule book beyond the state: no fourth application after the third rejection', () => {
    const order = makeOrder('completed');
    let c: AfterSalesCase = run(undefined, command('buyer.apply', APPLY_RETURN_A), ctx(order));
    for (let i = 0; i < 2; i++) {
      c = run(c, command('cs.reject', { reason: 'no' }, { c }), ctx(order));
      expect(availableCommands(c, ACTORS.buyer, ctx(order))).toEqual(['buyer.modify', 'buyer.withdraw']);
      c = run(c, command('buyer.modify', {}, { c }), ctx(order));
    }
    c = run(c, command('cs.reject', { reason: 'no' }, { c }), ctx(order));
    expect(availableCommands(c, ACTORS.buyer, ctx(order))).toEqual(['buyer.withdraw']);
    expect(checkCommand(c, 'buyer.modify', ACTORS.buyer, ctx(order))).toEqual({ ok: false, rejection: { code: 'resubmission_limit_reached', params: { limit: 2, applications: 3 } } });
    // A policy allowing more resubmissions lists it again.
    expect(availableCommands(c, ACTORS.buyer, ctx(order, T0, [], policy({ limits: { maxResubmissions: 5 } })))).toContain('buyer.modify');
  });

  it('lists the system actions only once they are due', () => {
    const order = makeOrder('completed');
    const c = run(undefined, command('buyer.apply', APPLY_RETURN_A), ctx(order));
    expect(availableCommands(c, ACTORS.system, ctx(order))).toEqual([]);
    expect(availableCommands(c, ACTORS.system, ctx(order, at(T0, 24 * 8)))).toEqual(['system.auto_approve']);
  });

  it('asks decide with commands the boundary itself would accept: every probe passes the command schema', () => {
    const invalid: string[] = [];
    for (const s of all) {
      for (const actor of Object.values(ACTORS)) {
        for (const type of PERMISSIONS[actor.role]) {
          const checked = validateCommand(probeCommand(s.c, type, actor, ctx(s.order)));
          if (!checked.ok) invalid.push(`${s.label} ${type}: ${JSON.stringify(checked.rejection.params)}`);
        }
      }
    }
    expect(invalid).toEqual([]);
  });

  it('probes an approval with the case’s return address, else the policy’s, else a placeholder', () => {
    const order = makeOrder('completed');
    const c = run(undefined, command('buyer.apply', APPLY_RETURN_A), ctx(order));
    const other = { ...ADDRESS, warehouseId: 'WH2' };
    const addressOf = (cmd: { payload: unknown }) => (cmd.payload as PayloadOf<'cs.approve'>).returnAddress;
    expect(addressOf(probeCommand({ ...c, returnAddress: other }, 'cs.approve', ACTORS.cs, ctx(order)))).toEqual(other);
    expect(addressOf(probeCommand(c, 'cs.approve', ACTORS.cs, ctx(order)))).toEqual(ADDRESS);
    const placeholder = addressOf(probeCommand(c, 'cs.approve', ACTORS.cs, ctx(order, T0, [], policy({ defaultReturnAddress: null }))));
    expect(placeholder?.warehouseId).toBe('probe');
  });

  it('offers an agent to take an unowned case or release their own, never another agent’s; a supervisor any', () => {
    const order = makeOrder('completed');
    const c = run(undefined, command('buyer.apply', APPLY_RETURN_A), ctx(order));
    const assignable = (owner: string | null, actor: Actor) => availableCommands({ ...c, owner }, actor, ctx(order)).includes('cs.assign');
    expect(assignable(null, ACTORS.cs)).toBe(true);
    expect(assignable(ACTORS.cs.id, ACTORS.cs)).toBe(true);
    expect(assignable('cs-2', ACTORS.cs)).toBe(false);
    expect(assignable(null, ACTORS.admin)).toBe(true);
    expect(assignable('cs-2', ACTORS.admin)).toBe(true);
    // Even a case held by the name the supervisor's probe would pick.
    expect(assignable('probe-owner', ACTORS.admin)).toBe(true);
  });
});
