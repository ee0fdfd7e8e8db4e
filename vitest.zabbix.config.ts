import { defineConfig } from 'vitest/config';

/** npm run test:zabbix: the shipped Zabbix template in Debian's real Zabbix 6.0, as root; never part of npm test. */
export default defineConfig({
  test: {
    include: ['test/zabbix/**/*.zabbix.ts'],
    pool: 'forks',
    maxWorkers: 1,
    testTimeout: 30 * 60_000,
    hookTimeout: 20 * 60_000,
  },
});
