import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    pool: 'threads',
    // A committed .only or .skip would silently narrow the suite: fail on it.
    allowOnly: false,
  },
});
