import type { Logger } from 'pino';
import type { InstanceConfig } from '../domain/instance-config.js';
import { GROUP_NAMES, type GroupName } from '../domain/snapshot.js';
import type { KeyNeeds } from '../endpoints/endpoint.js';
import { ENDPOINT_GROUPS } from '../endpoints/index.js';
import { KEY_ROLE_PATH, type KeyRole, parseKeyRole } from '../endpoints/key-role/index.js';
import { classifyThrown, requireJsonAnswer } from '../http/classify.js';
import { MispHttpClient } from '../http/client.js';
import { decodeJson } from '../http/json-decode.js';
import type { PollError } from '../http/poll-error.js';

/** The key's role, or why it could not be read: one GET /users/view/me, whose body (it may hold the key) is read for Role only. */
export async function readKeyRole(instance: InstanceConfig, logger: Logger): Promise<KeyRole | PollError> {
  const client = new MispHttpClient(instance, logger);
  try {
    return parseKeyRole(await decodeJson(requireJsonAnswer(await client.request(KEY_ROLE_PATH, { withKey: true })).body));
  } catch (error) {
    return classifyThrown(error);
  } finally {
    await client.close();
  }
}

const isRole = (read: KeyRole | PollError): read is KeyRole => !(read instanceof Error);

/** Per need: whether a role meets it, and what a role that does not must become. */
const NEEDS: Readonly<Record<Exclude<KeyNeeds, 'anyRole'>, { met: (role: KeyRole) => boolean; key: string }>> = {
  siteAdmin: { met: (role) => role.siteAdmin, key: 'a site-admin key' },
  siteAdminWithAudit: { met: (role) => role.siteAdmin && role.audit, key: 'a site-admin key with "Audit Actions" (perm_audit)' },
};

/** Whether the role may read the group: true, false, or null when the role is unknown. */
export function roleSuffices(read: KeyRole | PollError, group: GroupName): boolean | null {
  if (!isRole(read)) return null;
  const needs = ENDPOINT_GROUPS[group].keyNeeds;
  return needs === 'anyRole' || NEEDS[needs].met(read);
}

export interface RightsVerdict {
  readonly level: 'ok' | 'warn' | 'fail';
  readonly detail: string;
  /** One fix for every group the role cannot read: the role to give, or the groups to switch off. */
  readonly fix?: string;
}

/** "workers, jobs need a site-admin key; authFailures needs a site-admin key with ...". */
function deniedByNeed(denied: readonly GroupName[]): string {
  const needs = [...new Set(denied.map((group) => ENDPOINT_GROUPS[group].keyNeeds))] as Exclude<KeyNeeds, 'anyRole'>[];
  return needs
    .map((need) => {
      const groups = denied.filter((group) => ENDPOINT_GROUPS[group].keyNeeds === need);
      return `${groups.join(', ')} ${groups.length === 1 ? 'needs' : 'need'} ${NEEDS[need].key}`;
    })
    .join('; ');
}

/** The key's rights against the groups the configuration switches on. */
export function rightsVerdict(read: KeyRole | PollError, instance: InstanceConfig, instancePath: string): RightsVerdict {
  if (!isRole(read)) return { level: 'warn', detail: `the key's role could not be read (GET ${KEY_ROLE_PATH}): ${read.status}: ${read.message}` };
  const enabled = GROUP_NAMES.filter((group) => instance.intervals[group] > 0);
  const denied = enabled.filter((group) => roleSuffices(read, group) === false);
  const role = `role "${read.name}" (${read.siteAdmin ? 'site admin' : 'not site admin'}${read.audit ? '' : ', without perm_audit'})`;
  if (denied.length === 0) return { level: 'ok', detail: `${role}: enough for every enabled group (${enabled.join(', ') || 'none'})` };
  const off = denied.map((group) => `${group}: 0`).join(', ');
  // MISP's default "admin" role has both rights; the log (authFailures) needs perm_audit besides site admin.
  const rights = denied.some((group) => ENDPOINT_GROUPS[group].keyNeeds === 'siteAdminWithAudit') ? 'perm_site_admin and "Audit Actions" perm_audit' : 'perm_site_admin';
  return {
    level: 'fail',
    detail: `${role}: ${deniedByNeed(denied)}`,
    fix: `give the key's user a site-admin role (${rights}, e.g. MISP's "admin" role; docs/install.md), or switch those groups off: ${instancePath}.intervals: { ${off} }`,
  };
}
