import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CASE_OWNER_ROLES, COMMAND_TYPES, CommandSchema, DEFAULT_POLICY, parsePolicy, PERMISSIONS, PolicySchema, REJECTION_CODES, ROLES, canIssue, type Role } from '../../../shared/domain';

describe('policy', () => {
  it('defaults to the numbers of DOMAIN.md', () => {
    expect(DEFAULT_POLICY.timeZone).toBe('Asia/Shanghai');
    expect(DEFAULT_POLICY.windows).toEqual({ afterSalesHours: 360, sevenDayHours: 168, sevenDayFromShipmentHours: 240, autoConfirmHours: 240 });
    expect(DEFAULT_POLICY.deadlines).toMatchObject({ reviewHours: 168, buyerShipmentHours: 168, rejectedIdleHours: 168, autoApproveOnReviewTimeout: true });
    // Three applications in all: the first and two resubmissions.
    expect(DEFAULT_POLICY.limits).toEqual({ maxResubmissions: 2, maxClosedCasesPerLine: 3 });
    expect(DEFAULT_POLICY.cancel.autoApproveWithinMinutes).toBe(30);
    expect(DEFAULT_POLICY.money.outboundShippingAfterShipment).toBe('none');
  });

  it('fills defaults for a partial policy and keeps what was set', () => {
    const p = parsePolicy({ deadlines: { warehouseReceiptHours: 168 }, money: { returnShipping: 'by_quality' } });
    expect(p.deadlines.warehouseReceiptHours).toBe(168);
    expect(p.deadlines.reviewHours).toBe(168);
    expect(p.money.returnShipping).toBe('by_quality');
  });

  it('rejects invalid settings', () => {
    expect(() => parsePolicy({ deadlines: { reviewHours: -1 } })).toThrow();
    expect(() => parsePolicy({ money: { taxPointBasisPoints: 1.5 } })).toThrow();
    expect(() => parsePolicy({ money: { returnShipping: 'whatever' } })).toThrow();
    expect(() => parsePolicy({ timeZone: 'Mars/Olympus_Mons' })).toThrow();
  });

  it('turns into JSON schemas for the API', () => {
    const policySchema = z.toJSONSchema(PolicySchema, { io: 'input' }) as { type: string; properties: Record<string, unknown> };
    expect(policySchema.type).toBe('object');
    expect(Object.keys(policySchema.properties)).toContain('deadlines');
    const commandSchema = z.toJSONSchema(CommandSchema, { io: 'input' }) as { oneOf?: unknown[]; anyOf?: unknown[] };
    expect((commandSchema.oneOf ?? commandSchema.anyOf)?.length).toBe(COMMAND_TYPES.length);
  });
});

describe('permissions', () => {
  it('gives each role exactly its own command types; admin supervises CS; system only sweeps', () => {
    for (const role of ROLES) {
      for (const type of COMMAND_TYPES) {
        const own = role === 'admin' ? type.startsWith('cs.') : type.startsWith(`${role}.`);
        expect(canIssue(role, type), `${role} ${type}`).toBe(own);
      }
    }
    expect(PERMISSIONS.system).toEqual(['system.auto_close', 'system.auto_approve', 'system.auto_confirm']);
    expect(PERMISSIONS.finance).not.toContain('warehouse.receive');
  });

  it('lets an unknown role (a forged or outdated session) issue nothing, without throwing', () => {
    expect(canIssue('intruder' as Role, 'cs.approve')).toBe(false);
  });

  it('hands cases only to the roles that may take and release them', () => {
    expect([...CASE_OWNER_ROLES].sort()).toEqual(ROLES.filter((role) => canIssue(role, 'cs.assign')).sort());
  });

  it('lists every command type and rejection code once', () => {
    expect(new Set(COMMAND_TYPES).size).toBe(COMMAND_TYPES.length);
    expect(COMMAND_TYPES).toHaveLength(25);
    expect(new Set(REJECTION_CODES).size).toBe(REJECTION_CODES.length);
  });
});
