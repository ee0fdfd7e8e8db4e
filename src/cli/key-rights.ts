import type { Logger } from 'pino';
import type { InstanceConfig } from '../domain/instance-config.js';
import { GROUP_NAMES, type GroupName } from '../domain/snapshot.js';
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

/** Whether the role may read the group: true, false, or null when the role is unknown. */
export function roleSuffices(read: KeyRole | PollError, group: GroupName): boolean | null {
  if (!isRole(read)) return null;
  return ENDPOINT_GROUPS[group].keyNeeds === 'anyRole' || read.siteAdmin;
}

export interface RightsVerdict {
  readonly level: 'ok' | 'warn' | 'fail';
  readonly detail: string;
  /** One fix for every group the role cannot read: the role to give, or the groups to switch off. */
  readonly fix?: string;
}

/** The key's rights against the groups the configuration switches on. */
export function rightsVerdict(read: KeyRole | PollError, instance: InstanceConfig, instancePath: string): RightsVerdict {
  if (!isRole(read)) return { level: 'warn', detail: `the key's role could not be read (GET ${KEY_ROLE_PATH}): ${read.status}: ${read.message}` };
  const enabled = GROUP_NAMES.filter((group) => instance.intervals[group] > 0);
  const denied = enabled.filter((group) => roleSuffices(read, group) === false);
  const role = `role "${read.name}" (${read.siteAdmin ? 'site admin' : 'not site admin'})`;
  if (denied.length === 0) return { level: 'ok', detail: `${role}: enough for every enabled group (${enabled.join(', ') || 'none'})` };
  const off = denied.map((group) => `${group}: 0`).join(', ');
  return {
    level: 'fail',
    detail: `${role}: ${denied.join(', ')} ${denied.length === 1 ? 'needs' : 'need'} a site-admin key`,
    fix: `give the key's user a site-admin role (perm_site_admin, e.g. MISP's "admin" role; docs/install.md), or switch those groups off: ${instancePath}.intervals: { ${off} }`,
  };
}
