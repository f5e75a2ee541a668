import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  canIssueParcel,
  decideParcel,
  DEFAULT_POLICY,
  evolveParcel,
  evolveParcelAll,
  holdingEndsAt,
  isParcelCommandType,
  mayHandleParcel,
  parcelFromWire,
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
    expect(decideParcel(undefined, cmd({ ...REGISTER, payload: { ...REGISTER.payload, warehouseId: 'WH9' } }), context())).toEqual({ ok: false, rejection: { code: 'wrong_warehouse', params: { expected: 'WH1', actual: 'WH9' } } });
    // Warehouse staff without a warehouse register nothing, named or not.
    const unplaced: Actor = { id: 'wh-staff-0', role: 'warehouse' };
    expect(decideParcel(undefined, cmd({ ...REGISTER, actor: unplaced }), context())).toEqual({ ok: false, rejection: { code: 'wrong_warehouse', params: { expected: null, actual: null } } });
    expect(decideParcel(undefined, cmd({ ...REGISTER, actor: unplaced, payload: { ...REGISTER.payload, warehouseId: 'WH1' } }), context())).toEqual({ ok: false, rejection: { code: 'wrong_warehouse', params: { expected: null, actual: 'WH1' } } });
    // Naming their own warehouse is fine.
    expect(apply(undefined, cmd({ ...REGISTER, payload: { ...REGISTER.payload, warehouseId: 'WH1' } })).warehouseId).toBe('WH1');
    expect(decideParcel(undefined, cmd({ ...REGISTER, actor: ACTORS.admin }), context())).toEqual({ ok: false, rejection: { code: 'warehouse_required', params: {} } });
    expect(apply(undefined, cmd({ ...REGISTER, actor: ACTORS.admin, payload: { ...REGISTER.payload, warehouseId: 'WH2' } })).warehouseId).toBe('WH2');
    expect(decideParcel(registered(), cmd(REGISTER), context())).toEqual({ ok: false, rejection: { code: 'parcel_already_exists', params: { parcelId: 'P-1' } } });
    // A first register must start from version 0.
    expect(decideParcel(undefined, cmd({ ...REGISTER, baseVersion: 3 }), context())).toEqual({ ok: false, rejection: { code: 'version_conflict', params: { expected: 3, actual: 0 } } });
    // A tracking number of only spaces and dashes is empty once normalised.
    expect(decideParcel(undefined, cmd({ ...REGISTER, payload: { ...REGISTER.payload, trackingNumber: ' - - ' } }), context())).toEqual({
      ok: false,
      rejection: { code: 'payload_invalid', params: { path: 'payload.trackingNumber', message: 'empty tracking number', issues: 1 } },
    });
  });

  it('lets only warehouse staff and admin handle parcels', () => {
    for (const role of ROLES) for (const type of PARCEL_COMMAND_TYPES) expect(canIssueParcel(role, type)).toBe(role === 'warehouse' || role === 'admin');
    // A role the client does not know (an older or newer server's) issues nothing, without throwing.
    expect(canIssueParcel('auditor' as never, 'parcel.register')).toBe(false);
    // Parcel command types, and only they, are told apart from case commands as sent.
    for (const type of PARCEL_COMMAND_TYPES) expect(isParcelCommandType(type)).toBe(true);
    expect(isParcelCommandType('cs.approve')).toBe(false);
    expect(isParcelCommandType('parcel.unknown')).toBe(false);
    expect(decideParcel(undefined, cmd({ ...REGISTER, actor: ACTORS.cs }), context())).toEqual({ ok: false, rejection: { code: 'role_not_allowed', params: { role: 'cs', commandType: 'parcel.register' } } });
    // Where a parcel lies: warehouse staff of that warehouse, admin anywhere; nobody else, whatever their warehouse.
    expect(mayHandleParcel(ACTORS.warehouse, { warehouseId: 'WH1' })).toBe(true);
    expect(mayHandleParcel(ACTORS.otherWarehouse, { warehouseId: 'WH1' })).toBe(false);
    expect(mayHandleParcel({ id: 'wh-staff-0', role: 'warehouse' }, { warehouseId: 'WH1' })).toBe(false);
    expect(mayHandleParcel({ id: 'cs-1', role: 'cs', warehouseId: 'WH1' } as Actor, { warehouseId: 'WH1' })).toBe(false);
    expect(mayHandleParcel(ACTORS.admin, { warehouseId: 'WH9' })).toBe(true);
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
    expect(decideParcel(p, match('RMA-4'), context())).toEqual({ ok: false, rejection: { code: 'case_not_found', params: { caseId: 'RMA-4' } } });
    // The context's case must be the one named.
    expect(decideParcel(p, match('RMA-4'), context({ case: awaiting('RMA-6') }))).toEqual({ ok: false, rejection: { code: 'case_not_found', params: { caseId: 'RMA-4' } } });
    const c = awaiting('RMA-5');
    expect(decideParcel(p, match('RMA-5'), context({ case: c, caseParcelId: 'P-OTHER' }))).toEqual({ ok: false, rejection: { code: 'case_has_parcel', params: { caseId: 'RMA-5' } } });
    // The case's parcel being this very one is no obstacle.
    expect(decideParcel(p, match('RMA-5'), context({ case: c, caseParcelId: 'P-1' })).ok).toBe(true);
  });

  it('answers another warehouse’s parcel exactly like a missing one', () => {
    const p = registered();
    const move = (actor: Actor) => cmd({ type: 'parcel.move_shelf', parcelId: 'P-1', baseVersion: 1, payload: { shelf: 'U-02' }, actor, id: 'same' });
    const foreign = decideParcel(p, move(ACTORS.otherWarehouse), context());
    const missing = decideParcel(undefined, move(ACTORS.otherWarehouse), context());
    expect(foreign).toEqual(missing);
    expect(foreign).toEqual({ ok: false, rejection: { code: 'parcel_not_found', params: { parcelId: 'P-1' } } });
    // A command naming another parcel id than the one given is not applied to it.
    expect(decideParcel(p, cmd({ type: 'parcel.move_shelf', parcelId: 'P-2', baseVersion: 1, payload: { shelf: 'U-02' } }), context())).toEqual({ ok: false, rejection: { code: 'parcel_not_found', params: { parcelId: 'P-2' } } });
  });

  it('moves an unmatched parcel to another shelf; the same shelf changes nothing', () => {
    const p = apply(registered(), cmd({ type: 'parcel.move_shelf', parcelId: 'P-1', baseVersion: 1, payload: { shelf: 'U-09' } }));
    expect(p).toMatchObject({ shelf: 'U-09', version: 2 });
    expect(decideParcel(p, cmd({ type: 'parcel.move_shelf', parcelId: 'P-1', baseVersion: 2, payload: { shelf: 'U-09' } }), context())).toEqual({ ok: true, events: [] });
  });

  it('refuses a stale version and a repeated command', () => {
    const p = apply(registered(), cmd({ type: 'parcel.move_shelf', parcelId: 'P-1', baseVersion: 1, payload: { shelf: 'U-09' }, id: 'move-1' }));
    expect(decideParcel(p, cmd({ type: 'parcel.move_shelf', parcelId: 'P-1', baseVersion: 1, payload: { shelf: 'U-03' } }), context())).toMatchObject({ ok: false, rejection: { code: 'version_conflict', params: { expected: 1, actual: 2 } } });
    expect(decideParcel(p, cmd({ type: 'parcel.move_shelf', parcelId: 'P-1', baseVersion: 2, payload: { shelf: 'U-09' }, id: 'move-1' }), context())).toEqual({ ok: false, rejection: { code: 'duplicate_command', params: { commandId: 'move-1' } } });
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
    expect(decideParcel(gone, cmd({ type: 'parcel.move_shelf', parcelId: 'P-1', baseVersion: 2, payload: { shelf: 'X' } }), context())).toEqual({ ok: false, rejection: { code: 'parcel_disposed', params: { parcelId: 'P-1' } } });
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
      if (code === 'invalid_state' && !d.ok) expect(d.rejection.params).toEqual({ state: 'matched', commandType: type });
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

  it('refuses a malformed parcel command at the boundary, saying where', () => {
    const res = validateParcelCommand({ id: 'pc-x', occurredAt: T0, actor: ACTORS.warehouse, baseVersion: 0, type: 'parcel.register', parcelId: 'P-9', payload: { carrier: 'SF', shelf: 'U-01' } });
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(res.rejection.code).toBe('payload_invalid');
    expect(res.rejection.params).toMatchObject({ path: 'payload.trackingNumber', issues: 1 });
    expect(String(res.rejection.params.message)).not.toBe('');
  });

  it('applies events only in version order, a registration first and once', () => {
    const d = decideParcel(undefined, cmd(REGISTER), context());
    if (!d.ok) throw new Error(d.rejection.code);
    const [reg] = d.events;
    if (!reg) throw new Error('no event');
    const p = evolveParcel(undefined, reg);
    expect(() => evolveParcel(p, reg)).toThrow(new Error('parcel event version 1 does not follow 1'));
    expect(() => evolveParcel(p, { ...reg, version: 2 })).toThrow(new Error('parcel registered twice'));
    const moved = decideParcel(p, cmd({ type: 'parcel.move_shelf', parcelId: 'P-1', baseVersion: 1, payload: { shelf: 'U-05' } }), context());
    if (!moved.ok) throw new Error(moved.rejection.code);
    const [move] = moved.events;
    if (!move) throw new Error('no event');
    expect(() => evolveParcel(undefined, move)).toThrow(new Error('parcel event version 2 does not follow 0'));
    expect(() => evolveParcel(undefined, { ...move, version: 1 })).toThrow(new Error('parcel.shelf_moved before the parcel was registered'));
    expect(evolveParcel(p, move)).toMatchObject({ shelf: 'U-05', version: 2 });
  });

  it('reads a parcel document from the wire, and nothing else', () => {
    const p = registered();
    expect(parcelFromWire(JSON.parse(JSON.stringify(p)))).toEqual(p);
    expect(parcelFromWire({ ...p, status: 'lost' })).toBeNull();
    expect(parcelFromWire({ id: 'P-1' })).toBeNull();
    expect(parcelFromWire(null)).toBeNull();
  });
});
