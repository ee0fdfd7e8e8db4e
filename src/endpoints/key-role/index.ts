import type { SimRoute } from '../../sim/scenario.js';
import { keyRoleAnswer } from './sim.js';
import { invalid, isRecord, readBoolean, readUtf8Field } from '../../http/json-values.js';

/**
 * Who the API key belongs to: any role may ask (ACL `*`); MISP answers {User, Role, UserSetting,
 * Organisation} (UsersController::view, 2.5.1). Read by `check` and `doctor` only, never polled. With
 * legacy keys (Security.advanced_authkeys off) User.authkey holds the key itself: only Role is read.
 */
export const KEY_ROLE_PATH = '/users/view/me';

/** What the key's role allows, as far as the agent's groups care. */
export interface KeyRole {
  /** MISP's role name, e.g. "admin", "Org Admin", "User" (UTF-8, the admin may rename roles). */
  readonly name: string;
  /** Site admin passes every ACL rule (MISP's log included), so no other perm_* flag matters to the agent. */
  readonly siteAdmin: boolean;
}

export function parseKeyRole(body: unknown): KeyRole {
  const what = 'users/view/me';
  if (!isRecord(body) || !isRecord(body.Role)) throw invalid(what, 'has no "Role" object');
  return {
    name: readUtf8Field(body.Role.name, `${what}.Role.name`),
    siteAdmin: readBoolean(body.Role.perm_site_admin, `${what}.Role.perm_site_admin`),
  };
}

/** The simulator's answer to /users/view/me for a key of each role. */
export const keyRoleRoute: SimRoute = { answer: keyRoleAnswer, needsKey: true, siteAdminOnly: false };
