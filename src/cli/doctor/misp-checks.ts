import type { Logger } from 'pino';
import type { ConfiguredInstance } from '../../config/types.js';
import { GROUP_NAMES, type GroupName, type InstanceSnapshot } from '../../domain/snapshot.js';
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

function groupFinding(instance: ConfiguredInstance, index: number, snapshot: InstanceSnapshot, group: GroupName): Finding {
  const poll = snapshot.polls[group];
  const configuredOff = instance.intervals[group] === 0;
  const subject = `${instance.name} ${group}`;
  const took = poll.lastDurationMs === null ? '' : ` (${Math.round(poll.lastDurationMs)} ms)`;
  if (poll.status === 'ok') return { level: 'ok', subject, detail: `ok${took}${configuredOff ? '; off in the configuration, the key could poll it' : ''}` };
  const detail = `${poll.status}${poll.lastError === '' ? '' : `: ${poll.lastError}`}${configuredOff ? ' (off in the configuration: no harm)' : ''}`;
  const fix = adviceFor(poll.status, group, `instances[${index}]`);
  // A group switched off may fail (a read-only key cannot read workers): worth knowing, not a problem.
  return { level: configuredOff ? 'warn' : 'fail', subject, detail, ...(fix !== '' && { fix }) };
}

/** Polls each instance once with every group on and reports each group's result against the configuration. */
export async function checkMispAccess(instances: readonly ConfiguredInstance[], logger: Logger): Promise<Finding[]> {
  const snapshots = await pollEveryInstanceOnce(instances.map(everyGroupOn), logger);
  return instances.flatMap((instance, i) => {
    const snapshot = snapshots[i] as InstanceSnapshot;
    return [
      { level: 'ok', subject: instance.name, detail: `${instance.url}, key from ${instance.keySource}` } as const,
      ...GROUP_NAMES.map((group) => groupFinding(instance, i, snapshot, group)),
    ];
  });
}
