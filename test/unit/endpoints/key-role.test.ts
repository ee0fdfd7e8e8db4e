import { describe, expect, it } from 'vitest';
import { parseKeyRole } from '../../../src/endpoints/key-role/index.js';
import { keyRoleAnswer } from '../../../src/endpoints/key-role/sim.js';
import { defaultState } from '../../../src/sim/scenario.js';

describe('parseKeyRole (/users/view/me)', () => {
  it("reads the role's name, site-admin and audit flags of each of MISP's default roles, nothing of User", () => {
    const state = defaultState('2.5', { a: 'siteAdmin', b: 'orgAdmin', c: 'user', d: 'readOnly' });
    const roles = ['a', 'b', 'c', 'd'].map((key) => parseKeyRole(keyRoleAnswer(state, { key })));
    expect(roles).toEqual([
      { name: 'admin', siteAdmin: true },
      { name: 'Org Admin', siteAdmin: false },
      { name: 'User', siteAdmin: false },
      { name: 'Read Only', siteAdmin: false },
    ]);
    expect(JSON.stringify(roles)).not.toMatch(/authkey|"[abcd]"/);
  });

  it('takes 0/1 flags and names a wrong shape without echoing the answer', () => {
    expect(parseKeyRole({ User: { authkey: 'k' }, Role: { name: 'Rôle', perm_site_admin: 1, perm_audit: 0 } })).toEqual({ name: 'Rôle', siteAdmin: true });
    expect(() => parseKeyRole({ User: { authkey: 'SecretKey0123456789' } })).toThrow(/^users\/view\/me: has no "Role" object$/);
    expect(() => parseKeyRole({ Role: { name: 'x', perm_site_admin: 'yes', perm_audit: true } })).toThrow('users/view/me.Role.perm_site_admin: is the text "yes", expected true or false');
    expect(() => parseKeyRole({ Role: { name: 'x', perm_audit: true } })).toThrow('users/view/me.Role.perm_site_admin: is');
  });
});
