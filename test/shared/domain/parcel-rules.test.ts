import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  canIssueParcel,
  decideParcel,
  DEFAULT_POLICY,
  evolveParcelAll,
  holdingEndsAt,
  parsePolicy,
  PARCEL_COMMAND_TYPES,
  ROLES,
  validateParcelCommand,
  type Actor,
  type AfterSalesCase,
  type Parcel,
  type ParcelCommand,
  type ParcelCommandInput,
  type ParcelContext,
} from '../../../shared/domain';
import { ACTORS, ADDRESS, APPLY_RETURN_A, at, command, ctx, makeOrder, run, T0 } from './fixtures';

const order = makeOrder('completed');

function awaiting(id: string, address = ADDRESS): AfterSalesCase {
  let c = run(undefined, command('buyer.apply', APPLY_RETURN_A, { caseId: id }), ctx(order));
  c = run(c, command('cs.approve', { returnAddress: address }, { c }), ctx(order));
  return run(c, command('buyer.ship_back', { carrier: 'SF', trackingNumber: 'YT0000000001', invoiceReturned: false }, { c }), ctx(order));
}

let n = 0;
function cmd(input: Omit<ParcelCommandInput, 'id' | 'occurredAt' | 'actor' | 'baseVersion'> & { actor?: Actor; baseVersion?: number; occurredAt?: string; id?: string }): ParcelCommand {
  n += 1;
  const res = validateParcelCommand({ id: `pc-${n}`, occurredAt: T0, actor: ACTORS.warehouse, baseVersion: 0, ...input });
  if (!res.ok) throw new Error(JSON.stringify(res.rejection));
  return res.command;
}

const context = (patch: Partial<ParcelContext> = {}): ParcelContext => ({ policy: DEFAULT_POLICY, now: T0, ...patch });

function apply(parcel: Parcel | undefined, c: ParcelCommand, pc: ParcelContext = context()): Parcel {
  const d = decideParcel(parcel, c, pc);
  if (!d.ok) throw new Error(`${c.type}: ${d.rejection.code}`);
  return evolveParcelAll(parcel, d.events) as Parcel;
}

const REGISTER = { type: 'parcel.register' as const, parcelId: 'P-1', payload: { trackingNumber: 'sf 1234-567890', carrier: 'SF', shelf: 'U-01' } };

function registered(): Parcel {
  return apply(undefined, cmd(REGISTER));
}

describe('return parcels as their own aggregate (无主件)', () => {
  it('registers an unmatched parcel in the actor’s warehouse, normalised, at version 1', () => {
    const p = registered();
    expect(p).toMatchObject({ id: 'P-1', version: 1, status: 'unmatched', trackingNumber: 'SF1234567890', warehouseId: 'WH1', shelf: 'U-01', receivedBy: 'wh-staff-1', caseId: null });
  });

  it('refuses a register for another warehouse, without a warehouse, or twice', () => {
    expect(decideParcel(undefined, cmd({ ...REGISTER, payload: { ...REGISTER.payload, warehouseId: 'WH9' } }), context())).toMatchObject({ ok: false, rejection: { code: 'wrong_warehouse' } });
    expect(decideParcel(undefined, cmd({ ...REGISTER, actor: ACTORS.admin }), context())).toMatchObject({ ok: false, rejection: { code: 'warehouse_required' } });
    expect(apply(undefined, cmd({ ...REGISTER, actor: ACTORS.admin, payload: { ...REGISTER.payload, warehouseId: 'WH2' } })).warehouseId).toBe('WH2');
    expect(decideParcel(registered(), cmd(REGISTER), context())).toMatchObject({ ok: false, rejection: { code: 'parcel_already_exists' } });
  });

  it('lets only warehouse staff and admin handle parcels', () => {
    for (const role of ROLES) for (const type of PARCEL_COMMAND_TYPES) expect(canIssueParcel(role, type)).toBe(role === 'warehouse' || role === 'admin');
    expect(decideParcel(undefined, cmd({ ...REGISTER, actor: ACTORS.cs }), context())).toMatchObject({ ok: false, rejection: { code: 'role_not_allowed' } });
  });

  it('matches to a case waiting for goods in the parcel’s warehouse, whatever its tracking number', () => {
    const c = awaiting('RMA-1');
    const p = apply(registered(), cmd({ type: 'parcel.match', parcelId: 'P-1', baseVersion: 1, payload: { caseId: c.id } }), context({ case: c }));
    expect(p).toMatchObject({ status: 'matched', caseId: 'RMA-1', matchedAt: T0, version: 2 });
  });

  it('refuses a match to a case not awaiting goods, of another warehouse, unknown, or already holding a parcel', () => {
    const p = registered();
    const match = (caseId: string) => cmd({ type: 'parcel.match', parcelId: 'P-1', baseVersion: 1, payload: { caseId } });
    const pending = run(undefined, command('buyer.apply', APPLY_RETURN_A, { caseId: 'RMA-2' }), ctx(order));
    expect(decideParcel(p, match('RMA-2'), context({ case: pending }))).toMatchObject({ ok: false, rejection: { code: 'invalid_state', params: { state: 'pending_review' } } });
    const elsewhere = awaiting('RMA-3', { ...ADDRESS, warehouseId: 'WH9' });
    expect(decideParcel(p, match('RMA-3'), context({ case: elsewhere }))).toMatchObject({ ok: false, rejection: { code: 'wrong_warehouse' } });
    // An admin matching a WH1 parcel to a WH9 case is refused on the parcel's warehouse too.
    expect(decideParcel(p, { ...match('RMA-3'), actor: ACTORS.admin }, context({ case: elsewhere }))).toMatchObject({ ok: false, rejection: { code: 'wrong_warehouse' } });
    expect(decideParcel(p, match('RMA-4'), context())).toMatchObject({ ok: false, rejection: { code: 'case_not_found' } });
    const c = awaiting('RMA-5');
    expect(decideParcel(p, match('RMA-5'), context({ case: c, caseParcelId: 'P-OTHER' }))).toMatchObject({ ok: false, rejection: { code: 'case_has_parcel' } });
  });

  it('answers another warehouse’s parcel exactly like a missing one', () => {
    const p = registered();
    const move = (actor: Actor) => cmd({ type: 'parcel.move_shelf', parcelId: 'P-1', baseVersion: 1, payload: { shelf: 'U-02' }, actor, id: 'same' });
    const foreign = decideParcel(p, move(ACTORS.otherWarehouse), context());
    const missing = decideParcel(undefined, move(ACTORS.otherWarehouse), context());
    expect(foreign).toEqual(missing);
    expect(foreign).toMatchObject({ ok: false, rejection: { code: 'parcel_not_found' } });
  });

  it('moves an unmatched parcel to another shelf; the same shelf changes nothing', () => {
    const p = apply(registered(), cmd({ type: 'parcel.move_shelf', parcelId: 'P-1', baseVersion: 1, payload: { shelf: 'U-09' } }));
    expect(p).toMatchObject({ shelf: 'U-09', version: 2 });
    expect(decideParcel(p, cmd({ type: 'parcel.move_shelf', parcelId: 'P-1', baseVersion: 2, payload: { shelf: 'U-09' } }), context())).toEqual({ ok: true, events: [] });
  });

  it('refuses a stale version and a repeated command', () => {
    const p = apply(registered(), cmd({ type: 'parcel.move_shelf', parcelId: 'P-1', baseVersion: 1, payload: { shelf: 'U-09' }, id: 'move-1' }));
    expect(decideParcel(p, cmd({ type: 'parcel.move_shelf', parcelId: 'P-1', baseVersion: 1, payload: { shelf: 'U-03' } }), context())).toMatchObject({ ok: false, rejection: { code: 'version_conflict', params: { expected: 1, actual: 2 } } });
    expect(decideParcel(p, cmd({ type: 'parcel.move_shelf', parcelId: 'P-1', baseVersion: 2, payload: { shelf: 'U-09' }, id: 'move-1' }), context())).toMatchObject({ ok: false, rejection: { code: 'duplicate_command' } });
  });

  it('disposes of an unmatched parcel only after the holding period of the policy', () => {
    const p = registered();
    const dispose = cmd({ type: 'parcel.dispose', parcelId: 'P-1', baseVersion: 1, payload: { reason: 'held 30 days, no claim' } });
    const until = holdingEndsAt(T0, DEFAULT_POLICY);
    expect(until).toBe(at(T0, 30 * 24));
    expect(decideParcel(p, dispose, context({ now: at(T0, 30 * 24 - 1) }))).toMatchObject({ ok: false, rejection: { code: 'holding_period_not_over', params: { until, holdingDays: 30 } } });
    const gone = apply(p, dispose, context({ now: until }));
    expect(gone).toMatchObject({ status: 'disposed', disposalReason: 'held 30 days, no claim', version: 2 });
    // A shorter holding period in the policy counts.
    const short = parsePolicy({ parcels: { holdingDays: 1 } });
    expect(decideParcel(p, dispose, context({ now: at(T0, 24), policy: short })).ok).toBe(true);
    // Nothing more happens to a disposed parcel.
    expect(decideParcel(gone, cmd({ type: 'parcel.move_shelf', parcelId: 'P-1', baseVersion: 2, payload: { shelf: 'X' } }), context())).toMatchObject({ ok: false, rejection: { code: 'parcel_disposed' } });
  });

  it('validates the holding period in the policy', () => {
    expect(DEFAULT_POLICY.parcels.holdingDays).toBe(30);
    expect(() => parsePolicy({ parcels: { holdingDays: 0 } })).toThrow();
    expect(() => parsePolicy({ parcels: { holdingDays: 2.5 } })).toThrow();
  });

  it('table: what each state of a parcel accepts', () => {
    const c = awaiting('RMA-1');
    const base = registered();
    const matched = apply(base, cmd({ type: 'parcel.match', parcelId: 'P-1', baseVersion: 1, payload: { caseId: c.id } }), context({ case: c }));
    const rows: [Parcel, ParcelCommand['type'], string | null][] = [
      [base, 'parcel.match', null],
      [base, 'parcel.move_shelf', null],
      [base, 'parcel.dispose', 'holding_period_not_over'],
      [matched, 'parcel.match', 'invalid_state'],
      [matched, 'parcel.move_shelf', 'invalid_state'],
      [matched, 'parcel.dispose', 'invalid_state'],
    ];
    for (const [p, type, code] of rows) {
      const payload = type === 'parcel.match' ? { caseId: c.id } : type === 'parcel.move_shelf' ? { shelf: 'Z-1' } : { reason: 'r' };
      const d = decideParcel(p, cmd({ type, parcelId: 'P-1', baseVersion: p.version, payload } as never), context({ case: c }));
      expect(d.ok ? null : d.rejection.code, `${p.status} ${type}`).toBe(code);
    }
  });

  it('property: any sequence of commands keeps version = events applied, and a matched or disposed parcel stays so', () => {
    const c = awaiting('RMA-1');
    const step = fc.oneof(
      fc.record({ kind: fc.constant('move' as const), shelf: fc.stringMatching(/^[A-Z]-\d{1,2}$/) }),
      fc.record({ kind: fc.constant('match' as const), stale: fc.boolean() }),
      fc.record({ kind: fc.constant('dispose' as const), hours: fc.integer({ min: 0, max: 24 * 60 }) }),
      fc.record({ kind: fc.constant('foreign' as const) }),
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 12 }), (steps) => {
        let p = registered();
        let applied = 1;
        for (const s of steps) {
          const before = p;
          const baseVersion = s.kind === 'match' && s.stale ? Math.max(0, p.version - 1) : p.version;
          const command =
            s.kind === 'move'
              ? cmd({ type: 'parcel.move_shelf', parcelId: 'P-1', baseVersion, payload: { shelf: s.shelf } })
              : s.kind === 'match'
                ? cmd({ type: 'parcel.match', parcelId: 'P-1', baseVersion, payload: { caseId: c.id } })
                : s.kind === 'dispose'
                  ? cmd({ type: 'parcel.dispose', parcelId: 'P-1', baseVersion, payload: { reason: 'old' } })
                  : cmd({ type: 'parcel.move_shelf', parcelId: 'P-1', baseVersion, payload: { shelf: 'X-1' }, actor: ACTORS.otherWarehouse });
          const now = s.kind === 'dispose' ? at(T0, s.hours) : T0;
          const d = decideParcel(p, command, context({ case: c, now }));
          if (s.kind === 'foreign') expect(d).toMatchObject({ ok: false, rejection: { code: 'parcel_not_found' } });
          if (!d.ok) continue;
          p = evolveParcelAll(p, d.events) as Parcel;
          applied += d.events.length;
          if (before.status !== 'unmatched') throw new Error(`a ${before.status} parcel changed`);
        }
        expect(p.version).toBe(applied);
        expect(p.commandIds.length).toBe(applied);
      }),
    );
  });
});
