import type { DiagnosticsData, ProbeData, StatisticsData, VersionData, WorkersData } from './model.js';
import type { InstanceConfig } from './instance-config.js';
import type { MispHttpClient } from './http-client.js';
import type { HttpAnswer } from './http-answer.js';
import { looksLikeHtml } from './http-answer.js';
import { withBoundedRetry, type RetryBudget } from './bounded-retry.js';
import { classifyHttpAnswer } from './classify.js';
import { decodeJson } from './json-decode.js';
import { EndpointGate } from './endpoint-gate.js';
import { PollError } from './poll-error.js';
import { probeOnce, type ProbeEndpoint } from './probe.js';
import { parseVersion } from './parse-version.js';
import { parseWorkers } from './parse-workers.js';
import { parseStatistics } from './parse-statistics.js';
import { parseDbSchema, parseSettingsReport } from './parse-diagnostics.js';

/** What each polled group yields when it succeeds. authFailures has no collector: see docs/polling.md. */
export interface GroupResults {
  readonly probe: ProbeData;
  readonly version: VersionData;
  readonly workers: WorkersData;
  readonly statistics: StatisticsData;
  readonly diagnostics: DiagnosticsData;
}
export type CollectedGroup = keyof GroupResults;

/** After a heartbeat 404 (MISP before 2.4.194) the probe uses getVersion for this long, then tries again. */
const HEARTBEAT_RECHECK_MS = 3_600_000;

/** A 2xx answer must be JSON: a 200 HTML page (a login form, a proxy page) is refused here. */
function requireJsonAnswer(answer: HttpAnswer): HttpAnswer {
  const failure = classifyHttpAnswer(answer);
  if (failure) throw failure;
  if (looksLikeHtml(answer)) throw new PollError('invalidResponse', `HTTP ${answer.statusCode}: HTML page instead of JSON`);
  return answer;
}

/** The requests and parsing behind each poll group of one instance. */
export class Collectors {
  private readonly gate = new EndpointGate();
  private heartbeatMissingUntil = -Infinity;

  constructor(
    private readonly config: InstanceConfig,
    private readonly client: MispHttpClient,
  ) {}

  async collect<G extends CollectedGroup>(group: G, budget: RetryBudget): Promise<GroupResults[G]> {
    const results: { [K in CollectedGroup]: () => Promise<GroupResults[K]> } = {
      probe: () => this.probe(budget),
      version: async () => parseVersion(await this.fetchJson('/servers/getVersion', budget)),
      workers: async () => parseWorkers(await this.fetchJson('/servers/getWorkers', budget)),
      statistics: async () => parseStatistics(await this.fetchJson('/users/statistics', budget)),
      diagnostics: () => this.diagnostics(budget),
    };
    return results[group]();
  }

  private async fetchJson(path: string, budget: RetryBudget): Promise<unknown> {
    const answer = await withBoundedRetry(
      (signal) => this.gate.run(path, async () => requireJsonAnswer(await this.client.get(path, { withKey: true, signal }))),
      budget,
    );
    return decodeJson(answer.body);
  }

  private async probe(budget: RetryBudget): Promise<ProbeData> {
    const useHeartbeat = budget.now() >= this.heartbeatMissingUntil;
    try {
      return await this.probeEndpoint(useHeartbeat ? '/users/heartbeat' : '/servers/getVersion', budget);
    } catch (error) {
      if (!useHeartbeat || !(error instanceof PollError) || error.status !== 'notFound') throw error;
      this.heartbeatMissingUntil = budget.now() + HEARTBEAT_RECHECK_MS;
      return this.probeEndpoint('/servers/getVersion', budget);
    }
  }

  private async probeEndpoint(endpoint: ProbeEndpoint, budget: RetryBudget): Promise<ProbeData> {
    const tls = this.client.tlsSettings;
    return withBoundedRetry(
      (signal) =>
        this.gate.run(endpoint, async () => {
          const result = await probeOnce(this.config, tls, endpoint, signal);
          requireJsonAnswer(result.answer);
          return result.data;
        }),
      budget,
    );
  }

  /** Site admin only; serverSettings is MISP's heavy report, so this group is off by default. */
  private async diagnostics(budget: RetryBudget): Promise<DiagnosticsData> {
    const schema = parseDbSchema(await this.fetchJson('/servers/dbSchemaDiagnostic', budget));
    const report = parseSettingsReport(await this.fetchJson('/servers/serverSettings', budget));
    return { ...schema, ...report };
  }
}
