// Mutation testing (`npm run test:mutation`; not part of `npm test`). Stryker plants small bugs
// (mutants) in the files below and reruns the tests that cover each one; a mutant no test notices
// "survives". Reports: reports/mutation/mutation.html and mutation.json; `scripts/mutation-score.mjs`
// prints the score per folder at the end. Narrow a run with `-- --mutate 'shared/domain/money.ts'`.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts' },
  plugins: ['@stryker-mutator/vitest-runner'],
  mutate: [
    'shared/domain/**/*.ts',
    'shared/scanner/**/*.ts',
    'shared/barcode/**/*.ts',
    'server/sync/push*.ts',
    'server/sync/time-trust.ts',
    // Barrel files only re-export.
    '!shared/*/index.ts',
  ],
  // Each mutant runs only the tests that executed its code in the first (dry) run.
  coverageAnalysis: 'perTest',
  // Static mutants (module-level constants) would rerun every test per mutant; they are listed as
  // ignored instead, which keeps a full run within reach of a two-core machine.
  ignoreStatic: true,
  concurrency: 2,
  timeoutMS: 10_000,
  timeoutFactor: 2,
  reporters: ['html', 'json', 'clear-text', 'progress-append-only'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true, reportMutants: true },
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
};
