import type { KeyRole, SimRequest, SimState } from '../../sim/scenario.js';

/** The perm_* flags that differ between MISP's default roles (INSTALL/MYSQL.sql, 2.5.1), by the simulator's key roles. */
const ROLES: Readonly<Record<KeyRole, { id: string; name: string; perm_admin: boolean; perm_site_admin: boolean; perm_sync: boolean; perm_add: boolean }>> = {
  siteAdmin: { id: '1', name: 'admin', perm_admin: true, perm_site_admin: true, perm_sync: true, perm_add: true },
  orgAdmin: { id: '2', name: 'Org Admin', perm_admin: true, perm_site_admin: false, perm_sync: false, perm_add: true },
  user: { id: '3', name: 'User', perm_admin: false, perm_site_admin: false, perm_sync: false, perm_add: true },
  readOnly: { id: '6', name: 'Read Only', perm_admin: false, perm_site_admin: false, perm_sync: false, perm_add: false },
};

/**
 * UsersController::view('me') as MISP 2.5.1 sends it with legacy keys (Security.advanced_authkeys
 * off): User carries the key itself, the worst case for a client that must never print it.
 */
export function keyRoleAnswer(state: SimState, request: SimRequest): unknown {
  const role = ROLES[state.keys[request.key] ?? 'readOnly'];
  const { id, name, ...flags } = role;
  return {
    User: { id: '7', org_id: '1', email: 'agent@misp.example', authkey: request.key, password: '*****', totp: '*****', role_id: id, disabled: false, autoalert: false },
    Role: {
      id,
      name,
      ...flags,
      perm_modify: flags.perm_add,
      perm_modify_org: flags.perm_add,
      perm_publish: flags.perm_admin,
      perm_audit: true,
      perm_auth: true,
      perm_full: flags.perm_site_admin,
      perm_regexp_access: flags.perm_site_admin,
      perm_tagger: flags.perm_add,
      perm_sighting: flags.perm_add,
      default_role: id === '3',
      permission: flags.perm_add ? '3' : '0',
      permission_description: flags.perm_add ? 'publish' : 'read_only',
    },
    UserSetting: [],
    Organisation: { id: '1', name: 'ORGNAME', uuid: '92473ca9-8b8b-4d1b-896a-f5906f638daf' },
  };
}
