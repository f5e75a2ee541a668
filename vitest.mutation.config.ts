import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * Vitest settings for mutation runs only (`npm run test:mutation`, read by stryker.config.mjs).
 * `npm test` never reads this file. It runs the node-side suites that exercise the mutated code
 * (the shared rule book, scanner and barcode modules, and the server's push path) without the
 * renderer and e2e projects, so each mutant is judged by the tests that can see it and a run fits
 * on a small machine.
 */
export default defineConfig({
  define: { __APP_VERSION__: JSON.stringify('mutation') },
  test: {
    root: fileURLToPath(new URL('.', import.meta.url)),
    environment: 'node',
    setupFiles: ['vitest.mutation.setup.ts'],
    // Stryker sets each mutant's own time limit from the dry run; this only guards the dry run, where
    // instrumented code and long property walks run slower than under `npm test`.
    testTimeout: 120_000,
    include: [
      'test/shared/**/*.test.ts',
      'test/server/push.test.ts',
      'test/server/push-batch.test.ts',
      'test/server/time-trust.test.ts',
      'test/server/command-ids.test.ts',
    ],
  },
});
