/** Benchmark settings from the environment. */

/** An integer knob (e.g. a store size): `fallback` when unset, an error when not an integer ≥ `min`. */
export function positiveInt(name: string, fallback: number, min: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) throw new Error(`${name} must be an integer ≥ ${min}, got ${raw}`);
  return n;
}
