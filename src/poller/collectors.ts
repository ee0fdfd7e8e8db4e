import type { Logger } from 'pino';
import type { DiagnosticsData, ProbeData, StatisticsData, VersionData, WorkersData } from '../domain/snapshot.js';
import type { InstanceConfig } from '../domain/instance-config.js';
import type { MispHttpClient } from '../http/client.js';
import type { HttpAnswer } from '../http/http-answer.js';
import { looksLikeHtml } from '../http/http-answer.js';
import { withBoundedRetry, type RetryBudget } from '../http/bounded-retry.js';
import { classifyHttpAnswer, classifyThrown } from '../http/classify.js';
import { decodeJson } from '../http/json-decode.js';
import { EndpointGate } from '../http/endpoint-gate.js';
import { PollError } from '../http/poll-error.js';
import { probeOnce, type ProbeEndpoint } from '../http/timed-probe.js';
import { parseVersion } from '../endpoints/version/parse.js';
import { parseWorkers } from '../endpoints/workers/parse.js';
import { fetchConfiguredProcesses, type ConfiguredProcesses } from '../endpoints/workers/supervisord.js';
import { WorkerExpectations } from '../endpoints/workers/expectations.js';
import { isRecord, optional, readBoolean } from '../http/json-values.js';
import { parseStatistics } from '../endpoints/statistics/parse.js';
import { parseDbSchema, parseSettingsReport } from '../endpoints/diagnostics/parse.js';

/** What each polled group yields when it succeeds. */
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

const HEARTBEAT_MISSING: ReadonlySet<PollError['status']> = new Set(['notFound', 'authFailed']);

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
  private readonly expectations: WorkerExpectations;
  /** The last supervisord failure, so that it is logged once per change, not once per poll. */
  private supervisordProblem = '';

  constructor(
    private readonly config: InstanceConfig,
    private readonly client: MispHttpClient,
    private readonly logger: Logger,
  ) {
    this.expectations = new WorkerExpectations(config.workers?.expected);
  }

  async collect<G extends CollectedGroup>(group: G, budget: RetryBudget): Promise<GroupResults[G]> {
    const results: { [K in CollectedGroup]: () => Promise<GroupResults[K]> } = {
      probe: () => this.probe(budget),
      version: async () => parseVersion(await this.fetchJson('/servers/getVersion', budget)),
      workers: () => this.workers(budget),
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
      // MISP before 2.4.194 has no heartbeat: it answers 404, or, checking the key before routing,
      // 403 "Authentication failed" to the keyless request. Either way getVersion (with the key) probes.
      if (!useHeartbeat || !(error instanceof PollError) || !HEARTBEAT_MISSING.has(error.status)) throw error;
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
          // A 200 whose JSON is cut or not MISP's is no proof that MISP works.
          const status = result.answer.statusCode;
          const body = await decodeJson(requireJsonAnswer(result.answer).body).catch((error: unknown) => {
            throw new PollError('invalidResponse', `${endpoint}: ${classifyThrown(error).message}`, status);
          });
          if (!isRecord(body)) throw new PollError('invalidResponse', `${endpoint}: the answer is not a JSON object`, status);
          return result.data;
        }),
      budget,
    );
  }

  /**
   * getWorkers, MISP.live and supervisord's processes, side by side (the poll takes the longest of
   * them, not their sum). The two extras are optional: a MISP without /servers/getSetting, or
   * supervisord down, leaves live unknown and falls back to another source of expected workers,
   * without failing the group.
   */
  private async workers(budget: RetryBudget): Promise<WorkersData> {
    const [body, live, processes] = await Promise.all([this.fetchJson('/servers/getWorkers', budget), this.mispLive(budget), this.supervisordProcesses(budget)]);
    return { ...this.expectations.apply(parseWorkers(body), processes), mispLive: live };
  }

  /** MISP.live: with it false a site-admin key still gets normal answers, so maintenance shows only here. */
  private async mispLive(budget: RetryBudget): Promise<boolean | null> {
    try {
      const setting = await this.fetchJson('/servers/getSetting/MISP.live', budget);
      return isRecord(setting) ? optional(readBoolean, setting.value, 'MISP.live') : null;
    } catch {
      return null;
    }
  }

  private async supervisordProcesses(budget: RetryBudget): Promise<ConfiguredProcesses | null> {
    const supervisor = this.config.workers?.supervisor;
    if (supervisor === undefined) return null;
    try {
      const processes = await withBoundedRetry((signal) => fetchConfiguredProcesses(supervisor, this.config.timeouts, signal), budget);
      if (this.supervisordProblem !== '') this.logger.info('supervisord XML-RPC answers again; expected workers come from it');
      this.supervisordProblem = '';
      return processes;
    } catch (error) {
      const problem = error instanceof Error ? error.message : String(error);
      if (problem !== this.supervisordProblem) {
        this.logger.warn({ error: problem }, 'supervisord XML-RPC failed; expected workers fall back to the configured or most seen counts');
      }
      this.supervisordProblem = problem;
      return null;
    }
  }

  /** Site admin only; serverSettings is MISP's heavy report, so this group is off by default. */
  private async diagnostics(budget: RetryBudget): Promise<DiagnosticsData> {
    const schema = parseDbSchema(await this.fetchJson('/servers/dbSchemaDiagnostic', budget));
    const report = parseSettingsReport(await this.fetchJson('/servers/serverSettings', budget));
    return { ...schema, ...report };
  }
}
