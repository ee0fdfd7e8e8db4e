import { defineConfig } from 'vitest/config';

/** npm run test:real-misp: against the real MISP of ../shared/real-misp, as root; never part of npm test. */
export default defineConfig({
  test: {
    include: ['test/real-misp/**/*.real.ts'],
    pool: 'forks',
    maxWorkers: 1,
    testTimeout: 120_000,
    hookTimeout: 30 * 60_000,
  },
});
