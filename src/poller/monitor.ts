import { EventEmitter } from 'node:events';
import { performance } from 'node:perf_hooks';
import type { Logger } from 'pino';
import { redact } from '../common/secrets.js';
import type { InstanceConfig } from '../domain/instance-config.js';
import { afterFailure, afterSuccess, initialPollState } from '../domain/poll-state.js';
import { deriveInstanceStatus, deriveReachable } from '../domain/instance-status.js';
import { GROUP_NAMES, type GroupData, type GroupName, type GroupResults, type InstanceSnapshot, type PollState } from '../domain/snapshot.js';
import type { Collect, CollectContext, FetchOptions } from '../endpoints/endpoint.js';
import { ENDPOINT_GROUPS } from '../endpoints/index.js';
import { type RetryBudget, withBoundedRetry } from '../http/bounded-retry.js';
import { classifyThrown, requireJsonAnswer } from '../http/classify.js';
import { MispHttpClient } from '../http/client.js';
import { EndpointGate } from '../http/endpoint-gate.js';
import { decodeJson } from '../http/json-decode.js';
import { PollError } from '../http/poll-error.js';

export interface InstanceMonitorOptions {
  /** Monotonic clock in ms (performance.now by default); tests may replace it. */
  readonly now?: () => number;
}

/** How long stop() waits for polls in flight to notice the abort. */
const STOP_GRACE_MS = 2_000;

/** Next poll after interval ± 10 %, so instances and groups started together drift apart. */
function jitteredDelayMs(intervalSeconds: number, random: () => number = Math.random): number {
  return intervalSeconds * 1000 * (0.9 + 0.2 * random());
}

/** First poll soon after start, spread over up to 2 s (or a tenth of a short interval). */
function firstDelayMs(intervalSeconds: number, random: () => number = Math.random): number {
  return Math.min(2_000, intervalSeconds * 100) * random();
}

/** A poll, retries included, must be over before the earliest moment the next one may start (90 %). */
function pollBudgetMs(intervalSeconds: number): number {
  return intervalSeconds * 1000 * 0.85;
}

type Collectors = { readonly [G in GroupName]: Collect<GroupResults[G]> };

/** Each group's collector for one instance, sharing its client, gate and JSON requests. */
function collectorsFor(config: InstanceConfig, client: MispHttpClient, logger: Logger): Collectors {
  const gate = new EndpointGate();
  /** GET (json undefined) or POST `path` with the key, through the gate and bounded retries. */
  const requestJson = async (path: string, json: unknown, budget: RetryBudget, options: FetchOptions = {}): Promise<unknown> => {
    const request = { withKey: true, json, ...(options.answerWithinMs !== undefined && { headersMs: options.answerWithinMs }) };
    const attempt = (signal: AbortSignal) => gate.run(path, async () => requireJsonAnswer(await client.request(path, { ...request, signal })));
    const answer = await withBoundedRetry(attempt, budget, options.retry === false ? 0 : undefined);
    return decodeJson(answer.body);
  };
  const context: CollectContext = {
    config,
    client,
    logger,
    gate,
    fetchJson: (path, budget, options) => requestJson(path, undefined, budget, options),
    postJson: (path, json, budget) => requestJson(path, json, budget),
  };
  const make = <G extends GroupName>(group: G): Collect<GroupResults[G]> => ENDPOINT_GROUPS[group].collector(context);
  return Object.fromEntries(GROUP_NAMES.map((group) => [group, make(group)])) as unknown as Collectors;
}

function publicUrl(url: string): string {
  const parsed = new URL(url);
  parsed.username = '';
  parsed.password = '';
  return parsed.toString().replace(/\/+$/, '');
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/** Polls one MISP instance on each group's interval and keeps an immutable snapshot of what it learned. */
export class InstanceMonitor extends EventEmitter {
  private readonly now: () => number;
  private readonly client: MispHttpClient;
  private readonly collectors: Collectors;
  private readonly url: string;
  private polls: Record<GroupName, PollState>;
  private data: GroupData = Object.fromEntries(GROUP_NAMES.map((group) => [group, null])) as unknown as GroupData;
  private current: InstanceSnapshot;
  private readonly inFlight = new Map<GroupName, Promise<void>>();
  private readonly timers = new Map<GroupName, NodeJS.Timeout>();
  private abort = new AbortController();
  private running = false;
  private probeHttpStatus: number | null = null;

  constructor(
    private readonly index: number,
    private readonly config: InstanceConfig,
    private readonly logger: Logger,
    options: InstanceMonitorOptions = {},
  ) {
    super();
    this.now = options.now ?? (() => performance.now());
    this.url = publicUrl(config.url);
    this.client = new MispHttpClient(config, logger.child({ instance: config.name }));
    this.collectors = collectorsFor(config, this.client, logger.child({ instance: config.name }));
    this.polls = Object.fromEntries(
      GROUP_NAMES.map((group) => [group, initialPollState(this.enabledGroups().includes(group))]),
    ) as Record<GroupName, PollState>;
    this.current = this.buildSnapshot();
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.abort = new AbortController();
    for (const group of this.enabledGroups()) {
      this.schedule(group, firstDelayMs(this.config.intervals[group]));
    }
  }

  async stop(): Promise<void> {
    this.running = false;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.abort.abort();
    const settled = Promise.allSettled([...this.inFlight.values()]);
    let grace: NodeJS.Timeout | undefined;
    await Promise.race([settled, new Promise((resolve) => (grace = setTimeout(resolve, STOP_GRACE_MS)))]);
    clearTimeout(grace);
    await this.client.close().catch(() => undefined);
  }

  snapshot(): InstanceSnapshot {
    return this.current;
  }

  async pollOnce(): Promise<InstanceSnapshot> {
    const { connectMs, headersMs, bodyMs } = this.config.timeouts;
    // A one-off poll (check, doctor) gets one request's full timeouts plus room for a retry.
    const budgetMs = 2 * (connectMs + headersMs + bodyMs);
    await Promise.all(this.enabledGroups().map((group) => this.poll(group, budgetMs)));
    return this.current;
  }

  private enabledGroups(): GroupName[] {
    return GROUP_NAMES.filter((group) => this.config.intervals[group] > 0);
  }

  private schedule(group: GroupName, delayMs: number): void {
    const timer = setTimeout(() => {
      if (!this.running) return;
      const interval = this.config.intervals[group];
      this.schedule(group, jitteredDelayMs(interval));
      void this.poll(group, pollBudgetMs(interval));
    }, delayMs);
    timer.unref();
    this.timers.set(group, timer);
  }

  /**
   * MISP answers again: a group whose last poll failed (during the outage, or for a cause now gone)
   * is asked at once, not at its next turn, which may be an hour away. Costs one request per
   * failed group, only when the probe recovers.
   */
  private repollFailedGroups(): void {
    if (!this.running) return;
    for (const group of this.enabledGroups()) {
      const { status } = this.polls[group];
      if (group === 'probe' || status === 'ok' || status === 'notYetPolled' || status === 'disabled') continue;
      void this.poll(group, pollBudgetMs(this.config.intervals[group]));
    }
  }

  /** One poll of a group; joins the poll already in flight instead of starting a second one. */
  private poll(group: GroupName, budgetMs: number): Promise<void> {
    const existing = this.inFlight.get(group);
    if (existing) return existing;
    const run = this.runPoll(group, budgetMs).finally(() => this.inFlight.delete(group));
    this.inFlight.set(group, run);
    return run;
  }

  private async runPoll<G extends GroupName>(group: G, budgetMs: number): Promise<void> {
    const startedAt = this.now();
    const budget = { deadline: startedAt + budgetMs, now: this.now, signal: this.abort.signal };
    const previous = this.polls[group];
    try {
      const result: GroupResults[G] = await this.collectors[group](budget);
      this.data = { ...this.data, [group]: result };
      if (group === 'probe') this.probeHttpStatus = (result as GroupResults['probe']).httpStatus;
      this.update(group, afterSuccess(previous, startedAt, this.now()));
      if (group === 'probe' && previous.status !== 'ok') this.repollFailedGroups();
    } catch (error) {
      const failure = classifyThrown(error);
      // A hostile or broken server could echo the key in an error text: it never reaches SNMP or logs.
      const safe = new PollError(failure.status, redact(failure.message, this.config.apiKey), failure.httpStatus);
      // The probe's times and status describe the last probe: a failed one leaves no times, and its status (0 without an answer).
      if (group === 'probe') {
        this.data = { ...this.data, probe: null };
        this.probeHttpStatus = safe.httpStatus ?? 0;
      }
      this.update(group, afterFailure(previous, startedAt, this.now(), safe));
    }
  }

  private update(group: GroupName, next: PollState): void {
    const before = this.polls[group];
    const statusBefore = this.current.status;
    this.polls = { ...this.polls, [group]: next };
    this.current = this.buildSnapshot();
    if (next.status !== before.status) this.logGroupChange(group, before, next);
    if (this.current.status !== statusBefore) {
      this.logger.child({ instance: this.config.name }).info({ status: this.current.status, was: statusBefore }, 'instance status changed');
    }
    this.emit('snapshot', this.current);
  }

  /** One line per change of a group's status, never one per poll. */
  private logGroupChange(group: GroupName, before: PollState, next: PollState): void {
    const log = this.logger.child({ instance: this.config.name, group });
    if (next.status === 'ok') log.info({ status: next.status, was: before.status }, 'poll group ok');
    else log.warn({ status: next.status, was: before.status, error: next.lastError }, 'poll group failing');
  }

  private buildSnapshot(): InstanceSnapshot {
    return deepFreeze({
      index: this.index,
      name: this.config.name,
      url: this.url,
      status: deriveInstanceStatus(this.polls, this.data.workers, this.data.diagnostics),
      reachable: deriveReachable(this.polls),
      polls: { ...this.polls },
      ...this.data,
      probeHttpStatus: this.probeHttpStatus,
    });
  }
}
