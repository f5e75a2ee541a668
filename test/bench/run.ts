/**
 * `npm run bench [-- <name> …]` — runs every benchmark module in this folder (`*.bench.ts`,
 * default export: Benchmark[]), prints a table and writes bench-results.json.
 */
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BenchFigure, Benchmark } from './types';

const dir = fileURLToPath(new URL('.', import.meta.url));
const filters = process.argv.slice(2).filter((a) => !a.startsWith('-'));

async function main(): Promise<void> {
  const files = readdirSync(dir).filter((f) => f.endsWith('.bench.ts')).sort();
  const benches: Benchmark[] = [];
  for (const file of files) {
    const mod = (await import(pathToFileURL(`${dir}/${file}`).href)) as { default: Benchmark[] };
    benches.push(...mod.default);
  }
  const selected = filters.length ? benches.filter((b) => filters.some((f) => b.name.startsWith(f))) : benches;
  if (selected.length === 0) {
    console.error(`No benchmark matches ${filters.join(', ')}. Known: ${benches.map((b) => b.name).join(', ')}`);
    process.exit(2);
  }
  const figures: BenchFigure[] = [];
  for (const bench of selected) {
    console.log(`▶ ${bench.name}`);
    const out = await bench.run();
    figures.push(...out);
  }
  const fmt = (n: number | undefined): string => (n === undefined ? '' : Number.isInteger(n) ? String(n) : n.toFixed(2));
  console.table(
    figures.map((f) => ({
      name: f.name,
      value: fmt(f.value),
      unit: f.unit,
      'min…max': f.min === undefined ? '' : `${fmt(f.min)}…${fmt(f.max)}`,
      p50: fmt(f.p50),
      p95: fmt(f.p95),
      p99: fmt(f.p99),
      baseline: fmt(f.baseline),
      'baseline min…max': f.baselineMin === undefined ? '' : `${fmt(f.baselineMin)}…${fmt(f.baselineMax)}`,
      ratio: fmt(f.ratio),
      runs: f.runs ?? '',
      n: f.n ?? '',
    })),
  );
  // Running a subset replaces its figures and keeps the others from earlier runs.
  const file = new URL('../../bench-results.json', import.meta.url);
  const fresh = new Set(figures.map((f) => f.name));
  const earlier = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as BenchFigure[]).filter((f) => !fresh.has(f.name)) : [];
  writeFileSync(file, JSON.stringify([...earlier, ...figures], null, 2) + '\n');
  console.log(`wrote bench-results.json (${figures.length} new figures, ${earlier.length} kept from earlier runs)`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
