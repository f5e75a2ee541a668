// Prints the mutation score per folder from Stryker's JSON report (run after `stryker run`).
// Score = (killed + timeout) / (killed + timeout + survived + no coverage), the formula of Stryker's
// own table: ignored mutants (static ones, see stryker.config.mjs) and mutants that do not compile or
// crash the runner are left out; a mutant no test reaches counts as not caught.
// Exit code stays 0: the score is a figure to read, not a gate (the `break` threshold is Stryker's).
import { readFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** shared/domain/money.ts -> shared/domain; server/sync/push.ts -> server/sync */
const folderOf = (file) => file.replace(/\\/g, '/').split('/').slice(0, -1).join('/') || '.';

/** Prints the table; returns false when there is no report to read. */
export function printMutationScores(reportPath = 'reports/mutation/mutation.json') {
if (!existsSync(reportPath)) {
  console.error(`No mutation report at ${reportPath}; run \`npm run test:mutation\` first.`);
  return false;
}
const report = JSON.parse(readFileSync(reportPath, 'utf8'));
const rows = new Map();
const tally = (key) => {
  if (!rows.has(key)) rows.set(key, { killed: 0, timeout: 0, survived: 0, noCoverage: 0, ignored: 0, errors: 0 });
  return rows.get(key);
};
for (const [file, { mutants }] of Object.entries(report.files)) {
  for (const key of [folderOf(file), 'all']) {
    const row = tally(key);
    for (const m of mutants) {
      if (m.status === 'Killed') row.killed++;
      else if (m.status === 'Timeout') row.timeout++;
      else if (m.status === 'Survived') row.survived++;
      else if (m.status === 'NoCoverage') row.noCoverage++;
      else if (m.status === 'Ignored') row.ignored++;
      else row.errors++;
    }
  }
}

const pct = (n, d) => (d === 0 ? '   n/a' : `${((100 * n) / d).toFixed(2).padStart(6)}`);
console.log('\nMutation score per folder  (killed+timeout) / (killed+timeout+survived+no coverage)');
console.log('folder'.padEnd(22), 'score %', 'killed', 'timeout', 'survived', 'no cov', 'ignored', 'errors');
const keys = [...rows.keys()].filter((k) => k !== 'all').sort();
for (const key of [...keys, 'all']) {
  const r = rows.get(key);
  const caught = r.killed + r.timeout;
  const valid = caught + r.survived + r.noCoverage;
  console.log(
    key.padEnd(22),
    pct(caught, valid).padStart(7),
    String(r.killed).padStart(6),
    String(r.timeout).padStart(7),
    String(r.survived).padStart(8),
    String(r.noCoverage).padStart(6),
    String(r.ignored).padStart(7),
    String(r.errors).padStart(6),
  );
}
return true;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.exit(printMutationScores(process.argv[2]) ? 0 : 1);
}
