import type { CollectContext, EndpointGroup } from '../endpoint.js';
import { withBoundedRetry, type RetryBudget } from '../../http/bounded-retry.js';
import { isRecord, optional, readBoolean } from '../../http/json-values.js';
import { EXPECTED_SOURCE, liveColumn, queueTable, workersTable, workerTable } from './mib.js';
import type { WorkersData } from './model.js';
import { parseWorkers, WorkerExpectations } from './parse.js';
import { liveSettingAnswer, workersAnswer } from './sim.js';
import { fetchConfiguredProcesses, type ConfiguredProcesses } from './supervisord.js';

const GET_WORKERS = '/servers/getWorkers';
const MISP_LIVE = '/servers/getSetting/MISP.live';

/**
 * getWorkers, MISP.live and supervisord's processes, side by side (the poll takes the longest of
 * them, not their sum). The two extras are optional: a MISP without /servers/getSetting, or
 * supervisord down, leaves live unknown and falls back to another source of expected workers,
 * without failing the group.
 */
function collectWorkers({ config, logger: instanceLogger, fetchJson }: CollectContext): (budget: RetryBudget) => Promise<WorkersData> {
  const logger = instanceLogger.child({ group: 'workers' });
  const expectations = new WorkerExpectations(config.workers?.expected);
  /** The last supervisord failure, so that it is logged once per change, not once per poll. */
  let supervisordProblem = '';

  /** MISP.live: with it false a site-admin key still gets normal answers, so maintenance shows only here. */
  const mispLive = async (budget: RetryBudget): Promise<boolean | null> => {
    try {
      const setting = await fetchJson(MISP_LIVE, budget);
      return isRecord(setting) ? optional(readBoolean, setting.value, 'MISP.live') : null;
    } catch {
      return null;
    }
  };

  const supervisordProcesses = async (budget: RetryBudget): Promise<ConfiguredProcesses | null> => {
    const supervisor = config.workers?.supervisor;
    if (supervisor === undefined) return null;
    try {
      const processes = await withBoundedRetry((signal) => fetchConfiguredProcesses(supervisor, config.timeouts, signal), budget);
      if (supervisordProblem !== '') logger.info('supervisord XML-RPC answers again; expected workers come from it');
      supervisordProblem = '';
      return processes;
    } catch (error) {
      const problem = error instanceof Error ? error.message : String(error);
      if (problem !== supervisordProblem) {
        logger.warn({ error: problem }, 'supervisord XML-RPC failed; expected workers fall back to the configured or most seen counts');
      }
      supervisordProblem = problem;
      return null;
    }
  };

  return async (budget) => {
    const [body, live, processes] = await Promise.all([fetchJson(GET_WORKERS, budget), mispLive(budget), supervisordProcesses(budget)]);
    return { ...expectations.apply(parseWorkers(body), processes), mispLive: live };
  };
}

/** Background workers per queue, what should run, supervisord and MISP.live: site admin only. */
export const workersGroup: EndpointGroup<'workers'> = {
  name: 'workers',
  defaultIntervalSeconds: 60,
  asks: GET_WORKERS,
  keyNeeds: 'siteAdmin',
  collector: collectWorkers,
  instanceColumns: [liveColumn],
  conventions: [EXPECTED_SOURCE],
  tables: [workersTable, queueTable, workerTable],
  simRoutes: {
    [GET_WORKERS]: { answer: workersAnswer, needsKey: true, siteAdminOnly: true },
    [MISP_LIVE]: { answer: liveSettingAnswer, needsKey: true, siteAdminOnly: true },
  },
};
