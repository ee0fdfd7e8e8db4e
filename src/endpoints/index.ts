import { GROUP_NAMES, type GroupName } from '../domain/snapshot.js';
import type { EndpointGroup } from './endpoint.js';
import { diagnosticsGroup } from './diagnostics/index.js';
import { jobsGroup } from './jobs/index.js';
import { serversGroup } from './servers/index.js';
import { feedsGroup } from './feeds/index.js';
import { authFailuresGroup } from './auth-failures/index.js';
import { probeGroup } from './probe/index.js';
import { statisticsGroup } from './statistics/index.js';
import { versionGroup } from './version/index.js';
import { workersGroup } from './workers/index.js';

/**
 * Every endpoint group, the one list the poller, the MIB (and so its text, the docs and the NMS
 * templates), doctor and the simulator read. A new group (sync servers, feeds, jobs, logs, ...) is
 * a folder beside these, one line here, and its name, poll-table index and data type in
 * src/domain/snapshot.ts (GROUP_INDEX, GroupResults): docs/architecture.md walks through it.
 */
export const ENDPOINT_GROUPS: { readonly [G in GroupName]: EndpointGroup<G> } = {
  probe: probeGroup,
  version: versionGroup,
  workers: workersGroup,
  statistics: statisticsGroup,
  diagnostics: diagnosticsGroup,
  jobs: jobsGroup,
  servers: serversGroup,
  feeds: feedsGroup,
  authFailures: authFailuresGroup,
};

/** The groups in poll-table order. */
export const ENDPOINT_GROUP_LIST: readonly EndpointGroup[] = GROUP_NAMES.map((name) => ENDPOINT_GROUPS[name] as EndpointGroup);

/** Poll intervals in seconds (0 = off), as each group sets them. */
export const DEFAULT_INTERVALS: Readonly<Record<GroupName, number>> = Object.freeze(
  Object.fromEntries(ENDPOINT_GROUP_LIST.map((group) => [group.name, group.defaultIntervalSeconds])) as Record<GroupName, number>,
);
