import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CASE_TYPES, REJECTION_CODES, runScenarioJson, type ScenarioResult } from '../../../shared/domain';

const dir = new URL('../../../scenarios/', import.meta.url);
const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
const results = new Map<string, ScenarioResult>();
for (const f of files) results.set(f, runScenarioJson(JSON.parse(readFileSync(new URL(f, dir), 'utf8')) as unknown, f));

describe('shipped scenarios', () => {
  it.each(files)('%s passes', (file) => {
    const r = results.get(file);
    expect(r?.failures).toEqual([]);
    expect(r?.passed).toBe(true);
  });

  it('cover every case type', () => {
    const types = new Set([...results.values()].flatMap((r) => r.transitions.map((t) => t.split(':')[0])));
    for (const t of CASE_TYPES) expect(types, t).toContain(t);
  });

  it('cover every rejection code of the case rules', () => {
    const seen = new Set([...results.values()].flatMap((r) => r.rejectionCodes));
    // Return parcels are not cases: their refusals are covered rule by rule in parcel-rules.test.ts.
    const parcelCodes = new Set(['parcel_not_found', 'parcel_already_exists', 'parcel_disposed', 'case_has_parcel', 'warehouse_required', 'holding_period_not_over']);
    expect(REJECTION_CODES.filter((c) => !seen.has(c) && !parcelCodes.has(c))).toEqual([]);
  });

  it('include the worked examples of DOMAIN.md §7 (coins 4/6/10; 19 yuan template; 9.50 yuan pro rata)', () => {
    expect(files.filter((f) => f.includes('worked-example'))).toEqual([
      '01-worked-example-coins-return-one-a.json',
      '02-worked-example-shipping-template-cancel-half.json',
      '03-worked-example-shipping-pro-rata-after-shipment.json',
    ]);
    for (const f of files.filter((x) => x.includes('worked-example'))) expect(results.get(f)?.passed, f).toBe(true);
  });
});

describe('scenario runner', () => {
  const base = JSON.parse(readFileSync(new URL(files[0] ?? '', dir), 'utf8')) as { steps: Array<Record<string, unknown>> };

  it('reports a readable diff when an expectation does not hold', () => {
    const broken = structuredClone(base);
    const last = broken.steps[broken.steps.length - 1] as { expect: { state: string } };
    last.expect.state = 'closed';
    const r = runScenarioJson(broken, 'broken');
    expect(r.passed).toBe(false);
    expect(r.failures).toEqual([`step ${broken.steps.length} (finance.approve_refund RMA-1): state: expected "closed", got "completed"`]);
  });

  it('reports an unexpected rejection and a malformed file', () => {
    const broken = structuredClone(base);
    broken.steps.splice(2, 1); // drop the approval: shipping back is then refused
    const r = runScenarioJson(broken, 'broken');
    expect(r.failures.some((f) => f.includes('unexpected rejection "invalid_state"'))).toBe(true);
    const bad = runScenarioJson({ name: 'x' }, 'bad.json');
    expect(bad.passed).toBe(false);
    expect(bad.failures[0]).toMatch(/^format: /);
  });
});
