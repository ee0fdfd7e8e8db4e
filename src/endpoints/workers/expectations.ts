import type { ExpectedSource, QueueData, WorkersData } from '../../domain/snapshot.js';
import { expectation, workerTotals } from './parse.js';
import type { ConfiguredProcesses } from './supervisord.js';

/**
 * How many workers each queue should have, from the best source available for it: the agent
 * configuration (exact, when the admin says so), else the processes supervisord runs for MISP
 * (every state: a STOPPED or FATAL worker is still expected), else the most workers seen for the
 * queue since the agent started (from MISP's lists and supervisord's answers), so that a worker
 * that vanishes from SimpleBackgroundJobs' list is still missed after supervisord went down too.
 */
export class WorkerExpectations {
  private readonly mostSeen = new Map<string, number>();

  constructor(private readonly configured: Readonly<Record<string, number>> = {}) {}

  apply(listed: WorkersData, supervisord: ConfiguredProcesses | null): WorkersData {
    if (!listed.backgroundJobsEnabled) return listed;
    const queues = listed.queues.map((queue) => this.expect(queue, supervisord));
    return { ...listed, queues, ...workerTotals(queues) };
  }

  private expect(queue: QueueData, supervisord: ConfiguredProcesses | null): QueueData {
    const fromSupervisord = supervisord === null ? undefined : (supervisord.get(queue.name) ?? 0);
    const seen = Math.max(this.mostSeen.get(queue.name) ?? 0, queue.workers.length, fromSupervisord ?? 0);
    this.mostSeen.set(queue.name, seen);
    const configured = Object.hasOwn(this.configured, queue.name) ? this.configured[queue.name] : undefined;
    const [expected, source]: [number, ExpectedSource] =
      configured !== undefined ? [configured, 'configured'] : fromSupervisord !== undefined ? [fromSupervisord, 'supervisord'] : [seen, 'mostSeen'];
    return { ...queue, ...expectation(queue.workersRunning, expected), expectedSource: source };
  }
}
