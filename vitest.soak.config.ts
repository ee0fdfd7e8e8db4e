import { defineConfig } from 'vitest/config';

/** The long runs (npm run test:soak): one file at a time, never part of npm test. */
export default defineConfig({
  test: {
    include: ['test/soak/**/*.soak.ts'],
    pool: 'forks',
    maxWorkers: 1,
    testTimeout: 30 * 60_000,
    hookTimeout: 60_000,
  },
});
