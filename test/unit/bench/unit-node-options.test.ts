import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { serviceEnvironment, unitEnvironment, unitNodeOptions } from '../../../bench/options.js';

describe('the benchmark runs the daemon with the systemd unit node flags and environment', () => {
  it('reads them from the shipped unit', () => {
    const unit = readFileSync(new URL('../../../systemd/misp-agentx.service', import.meta.url), 'utf8');
    expect(unitNodeOptions(unit)).toEqual(['--max-semi-space-size=1']);
    expect(unitEnvironment(unit)).toEqual({ NODE_OPTIONS: '--max-semi-space-size=1' });
  });

  it('reads quoted and several flags, and none when the unit sets none', () => {
    expect(unitNodeOptions('[Service]\nEnvironment=NODE_OPTIONS="--a=1 --b"\n')).toEqual(['--a=1', '--b']);
    expect(unitNodeOptions('[Service]\nEnvironment="NODE_OPTIONS=--a=1 --b"\n')).toEqual(['--a=1', '--b']);
    expect(unitNodeOptions('[Service]\nEnvironment=TZ=UTC\n')).toEqual([]);
  });

  it('reads every variable of every Environment= line, as systemd splits them', () => {
    const unit = '[Service]\nEnvironment=NODE_OPTIONS=--x MALLOC_ARENA_MAX=2\nEnvironment="A=b c" D=\n';
    expect(unitEnvironment(unit)).toEqual({ NODE_OPTIONS: '--x', MALLOC_ARENA_MAX: '2', A: 'b c', D: '' });
  });

  it('gives the daemon what systemd gives a service, not the shell of the benchmark', () => {
    const shell = { LANG: 'de_DE.UTF-8', NODE_EXTRA_CA_CERTS: '/etc/ssl/certs/ca-certificates.crt', NODE_OPTIONS: '--inspect', HOME: '/root' };
    expect(serviceEnvironment({ MALLOC_ARENA_MAX: '2' }, shell)).toEqual({ PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', LANG: 'de_DE.UTF-8', MALLOC_ARENA_MAX: '2' });
    expect(serviceEnvironment({}, {})['LANG']).toBe('C.UTF-8');
  });
});
