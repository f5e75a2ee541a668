/**
 * `npm run scenarios -- <files or folders>` — runs after-sales scenario files (docs/scenarios.md).
 * Default: the `scenarios/` folder. Prints one line per scenario, a diff per failure, and last
 * `N passed, N failed`; exits non-zero on any failure.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { runScenarioJson, type ScenarioResult } from '../shared/domain';

function collect(path: string, out: string[]): void {
  const st = statSync(path);
  if (st.isDirectory()) {
    for (const entry of readdirSync(path).sort()) collect(join(path, entry), out);
  } else if (path.endsWith('.json')) out.push(path);
}

function main(): number {
  const args = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const roots = args.length ? args : [resolve(import.meta.dirname, '../scenarios')];
  const files: string[] = [];
  for (const root of roots) {
    try {
      collect(resolve(root), files);
    } catch (err) {
      console.error(`cannot read ${root}: ${(err as Error).message}`);
      console.log('0 passed, 1 failed');
      return 1;
    }
  }
  let passed = 0;
  let failed = 0;
  for (const file of files) {
    const name = relative(process.cwd(), file);
    let result: ScenarioResult;
    try {
      result = runScenarioJson(JSON.parse(readFileSync(file, 'utf8')) as unknown, name);
    } catch (err) {
      result = { name, passed: false, failures: [`cannot run: ${(err as Error).message}`], steps: 0, transitions: [], rejectionCodes: [] };
    }
    if (result.passed) {
      passed += 1;
      console.log(`✓ ${name} — ${result.name} (${result.steps} steps)`);
    } else {
      failed += 1;
      console.log(`✗ ${name} — ${result.name}`);
      for (const f of result.failures) console.log(`    ${f}`);
    }
  }
  console.log(`${passed} passed, ${failed} failed`);
  return failed > 0 || files.length === 0 ? 1 : 0;
}

process.exitCode = main();
