import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/load-config.js';
import { NOTIFICATION_DEFAULTS } from '../../../src/config/notifications.js';
import { TEST_KEY, issuesOf, tempDir } from '../../helpers/config-fixture.js';

const INSTANCES = 'instances: [{ name: main, url: "https://misp.example.org", keyFile: key }]\n';

function load(notifications: string) {
  const dir = tempDir({ 'config.yaml': `${notifications}${INSTANCES}`, key: TEST_KEY });
  return { path: join(dir, 'config.yaml'), dir };
}

describe('the notifications section', () => {
  it('defaults to every kind on, with hysteresis and rate limits', () => {
    expect(loadConfig(load('').path, {}).notifications).toEqual(NOTIFICATION_DEFAULTS);
    expect(NOTIFICATION_DEFAULTS).toMatchObject({ enabled: true, jobsPendingHigh: 1000, jobsPendingClear: 500, staleAfterSeconds: 0, clearAfterSeconds: 60 });
    expect(Object.values(NOTIFICATION_DEFAULTS.kinds).every((on) => on)).toBe(true);
  });

  it('reads every field', () => {
    const yaml = [
      'notifications:',
      '  enabled: true',
      '  kinds: { unreachable: false, updateLocked: false }',
      '  jobsPendingHigh: 50',
      '  jobsPendingClear: 10',
      '  authFailures: { burstThreshold: 25, burstSeconds: 60 }',
      '  staleAfterSeconds: 900',
      '  clearAfterSeconds: 0',
      '  rateLimit: { burst: 1, refillSeconds: 60, globalPerMinute: 5 }',
      '',
    ].join('\n');
    expect(loadConfig(load(yaml).path, {}).notifications).toEqual({
      enabled: true,
      kinds: { ...NOTIFICATION_DEFAULTS.kinds, unreachable: false, updateLocked: false },
      jobsPendingHigh: 50,
      jobsPendingClear: 10,
      authFailures: { burstThreshold: 25, burstSeconds: 60 },
      staleAfterSeconds: 900,
      clearAfterSeconds: 0,
      rateLimit: { burst: 1, refillSeconds: 60, globalPerMinute: 5 },
    });
  });

  it('names the field, the value and what was expected; flags unknown keys', () => {
    const yaml = [
      'notifications:',
      '  kinds: { unreachabel: false, authFailed: "no" }',
      '  jobsPendingHigh: 100',
      '  jobsPendingClear: 100',
      '  staleAfterSeconds: 5',
      '  rateLimit: { burst: 0 }',
      '  authFailures: { burstThreshold: 0, burstSeconds: 5, burst: 3 }',
      '  trapSink: 127.0.0.1',
      '',
    ].join('\n');
    const { path, dir } = load(yaml);
    expect(issuesOf(() => loadConfig(path, {})).map((line) => line.replaceAll(dir, 'DIR'))).toEqual([
      'DIR/config.yaml:2:32: notifications.kinds.authFailed: got "no", expected true or false',
      'DIR/config.yaml:2:12: notifications.kinds.unreachabel: unknown key; did you mean "unreachable"?',
      'DIR/config.yaml:7:19: notifications.authFailures.burstThreshold: got 0, expected an integer from 1 to 10000 failed-authentication log rows',
      'DIR/config.yaml:7:38: notifications.authFailures.burstSeconds: got 5, expected an integer from 10 to 86400 seconds',
      'DIR/config.yaml:7:55: notifications.authFailures.burst: unknown key; did you mean "burstThreshold"?',
      "DIR/config.yaml:5:3: notifications.staleAfterSeconds: got 5, expected 0 (three times the instance's shortest poll interval) or whole seconds from 10 to 604800",
      'DIR/config.yaml:6:16: notifications.rateLimit.burst: got 0, expected an integer from 1 to 100 notifications',
      'DIR/config.yaml:8:3: notifications.trapSink: unknown key; expected one of: enabled, kinds, jobsPendingHigh, jobsPendingClear, authFailures, staleAfterSeconds, clearAfterSeconds, rateLimit',
      'DIR/config.yaml:4:3: notifications.jobsPendingClear: got 100, expected less than jobsPendingHigh (100), so a count near the threshold cannot flap',
    ]);
  });
});
