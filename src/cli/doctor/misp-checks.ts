import type { Logger } from 'pino';
import type { ConfiguredInstance } from '../../config/types.js';
import { GROUP_NAMES, type GroupName, type InstanceSnapshot } from '../../domain/snapshot.js';
import type { KeyRole } from '../../endpoints/key-role/index.js';
import type { PollError } from '../../http/poll-error.js';
import { readKeyRole, rightsVerdict, roleSuffices } from '../key-rights.js';
import { pollEveryInstanceOnce } from '../poll-once.js';
import type { Finding } from './finding.js';
import { adviceFor } from './misp-advice.js';

/** Any interval > 0 switches a group on for the one-off doctor poll. */
const TEST_INTERVAL_SECONDS = 3600;

/** The instance with every testable group on, so doctor learns what the key may read even where the configuration says off. */
function everyGroupOn(instance: ConfiguredInstance): ConfiguredInstance {
  const intervals = Object.fromEntries(GROUP_NAMES.map((group) => [group, TEST_INTERVAL_SECONDS])) as Record<GroupName, number>;
  return { ...instance, intervals };
}

function groupFinding(instance: ConfiguredInstance, index: number, snapshot: InstanceSnapshot, group: GroupName, role: KeyRole | PollError): Finding {
  const poll = snapshot.polls[group];
  const configuredOff = instance.intervals[group] === 0;
  const subject = `${instance.name} ${group}`;
  const took = poll.lastDurationMs === null ? '' : ` (${Math.round(poll.lastDurationMs)} ms)`;
  if (poll.status === 'ok') return { level: 'ok', subject, detail: `ok${took}${configuredOff ? '; off in the configuration, the key could poll it' : ''}` };
  const detail = `${poll.status}${poll.lastError === '' ? '' : `: ${poll.lastError}`}${configuredOff ? ' (off in the configuration: no harm)' : ''}`;
  // The key's rights finding already names every group its role cannot read, with one fix for all.
  const explained = poll.status === 'permissionDenied' && roleSuffices(role, group) === false;
  const fix = explained ? '' : adviceFor(poll.status, group, `instances[${index}]`);
  // A group switched off may fail (a read-only key cannot read workers): worth knowing, not a problem.
  return { level: configuredOff ? 'warn' : 'fail', subject, detail: explained ? `${detail} (the key's role, above)` : detail, ...(fix !== '' && { fix }) };
}

/**
 * Reads each key's role (one request) and polls each instance once with every group on; reports
 * whether the role suffices for the groups the configuration switches on, then each group's result.
 */
export async function checkMispAccess(instances: readonly ConfiguredInstance[], logger: Logger): Promise<Finding[]> {
  const [snapshots, roles] = await Promise.all([pollEveryInstanceOnce(instances.map(everyGroupOn), logger), Promise.all(instances.map((instance) => readKeyRole(instance, logger)))]);
  return instances.flatMap((instance, i) => {
    const snapshot = snapshots[i] as InstanceSnapshot;
    const role = roles[i] as KeyRole | PollError;
    const rights = rightsVerdict(role, instance, `instances[${i}]`);
    return [
      { level: 'ok', subject: instance.name, detail: `${instance.url}, key from ${instance.keySource}` } as const,
      { level: rights.level, subject: `${instance.name} key rights`, detail: rights.detail, ...(rights.fix !== undefined && { fix: rights.fix }) },
      ...GROUP_NAMES.map((group) => groupFinding(instance, i, snapshot, group, role)),
    ];
  });
}
