import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    pool: 'threads',
    // Names the suites that could not run for want of an external oracle, in one line at the end of the run.
    globalSetup: ['test/support/oracle-summary.ts'],
    // A committed .only or .skip would silently narrow the suite: fail on it.
    allowOnly: false,
  },
});
