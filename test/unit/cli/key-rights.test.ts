import { describe, expect, it } from 'vitest';
import { rightsVerdict, roleSuffices } from '../../../src/cli/key-rights.js';
import { GROUP_NAMES, type GroupName } from '../../../src/domain/snapshot.js';
import type { InstanceConfig } from '../../../src/domain/instance-config.js';
import { parseKeyRole } from '../../../src/endpoints/key-role/index.js';
import { PollError } from '../../../src/http/poll-error.js';

/** An instance with only `on` polled. */
function instance(on: readonly GroupName[]): InstanceConfig {
  const intervals = Object.fromEntries(GROUP_NAMES.map((group) => [group, on.includes(group) ? 60 : 0])) as Record<GroupName, number>;
  return { name: 'main', url: 'http://127.0.0.1:1', apiKey: 'k', tlsVerify: true, maxBodyBytes: 1024, intervals, timeouts: { connectMs: 1000, headersMs: 1000, bodyMs: 1000 } };
}

/** The Role of /users/view/me with these two flags. */
const role = (siteAdmin: boolean, audit: boolean) => parseKeyRole({ Role: { name: 'Rôle', perm_site_admin: siteAdmin, perm_audit: audit } });

describe("the key's rights per group (check and doctor)", () => {
  // MISP's ACLComponent::checkAccess lets a site admin through every rule, perm_audit or not; a role with
  // perm_audit but not site admin sees only its organisation's log rows, never the SYSTEM auth_fail rows.
  it('authFailures needs site admin, whatever perm_audit says', () => {
    expect(roleSuffices(role(true, true), 'authFailures')).toBe(true);
    expect(roleSuffices(role(true, false), 'authFailures')).toBe(true);
    expect(roleSuffices(role(false, true), 'authFailures')).toBe(false);
    expect(roleSuffices(role(true, false), 'jobs')).toBe(true);
    expect(roleSuffices(role(false, false), 'statistics')).toBe(true);
    expect(roleSuffices(new PollError('timeout', 'no answer'), 'authFailures')).toBe(null);
  });

  it('names the groups the role cannot read, with one fix for all', () => {
    const denied = rightsVerdict(role(false, true), instance(['statistics', 'jobs', 'feeds', 'authFailures']), 'instances[0]');
    expect(denied).toEqual({
      level: 'fail',
      detail: 'role "Rôle" (not site admin): jobs, feeds, authFailures need a site-admin key',
      fix: `give the key's user a site-admin role (perm_site_admin, e.g. MISP's "admin" role; docs/install.md), or switch those groups off: instances[0].intervals: { jobs: 0, feeds: 0, authFailures: 0 }`,
    });
    expect(rightsVerdict(role(false, false), instance(['authFailures']), 'instances[0]').detail).toBe('role "Rôle" (not site admin): authFailures needs a site-admin key');
    expect(rightsVerdict(role(true, false), instance(['jobs', 'authFailures']), 'instances[0]')).toEqual({ level: 'ok', detail: 'role "Rôle" (site admin): enough for every enabled group (jobs, authFailures)' });
  });
});
