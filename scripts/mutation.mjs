// `npm run test:mutation [-- <stryker options>]`: runs Stryker (settings in stryker.config.mjs) with
// any extra options passed through, e.g. `-- --mutate 'shared/domain/**/*.ts'`, then prints the
// score per folder from the JSON report it wrote.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { printMutationScores } from './mutation-score.mjs';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
// The package exports no bin path; its package.json is exported and sits next to bin/.
const strykerBin = join(dirname(require.resolve('@stryker-mutator/core/package.json')), 'bin', 'stryker.js');
const run = spawnSync(process.execPath, [strykerBin, 'run', ...process.argv.slice(2)], { stdio: 'inherit' });
if (run.status === 0) printMutationScores();
process.exit(run.status ?? 1);
