import type { Logger } from 'pino';
import type { InstanceConfig } from '../domain/instance-config.js';
import type { GroupName, GroupResults, InstanceSnapshot } from '../domain/snapshot.js';
import type { RetryBudget } from '../http/bounded-retry.js';
import type { MispHttpClient } from '../http/client.js';
import type { EndpointGate } from '../http/endpoint-gate.js';
import type { ReadableObject } from '../smi/define.js';
import type { Branch, SyntaxInfo } from '../smi/types.js';
import type { SimEndpoint, SimRoute } from '../sim/scenario.js';

/** Any role with API access, or site admin (which passes every ACL rule of MISP, ACLComponent::checkAccess). */
export type KeyNeeds = 'anyRole' | 'siteAdmin';

/** For the rare request that must not be repeated or needs longer than the instance's headersMs. */
export interface FetchOptions {
  /** false: one attempt only (the request makes MISP act, e.g. connect out). Default true. */
  readonly retry?: boolean;
  /** How long MISP may take to start its answer, instead of timeouts.headersMs. */
  readonly answerWithinMs?: number;
}

/** What an endpoint group's collector gets from the poller, once per instance. */
export interface CollectContext {
  readonly config: InstanceConfig;
  readonly client: MispHttpClient;
  /** Bound to the instance. */
  readonly logger: Logger;
  /** At most one request in flight per endpoint of the instance. */
  readonly gate: EndpointGate;
  /** GET `path` with the key, through the gate and bounded retries: the decoded JSON of a 2xx JSON answer. */
  fetchJson(path: string, budget: RetryBudget, options?: FetchOptions): Promise<unknown>;
  /** POST `json` to `path` (MISP's search filters), otherwise as fetchJson. */
  postJson(path: string, json: unknown, budget: RetryBudget): Promise<unknown>;
}

/** One poll of the group within `budget`; throws a PollError (or what classifyThrown turns into one). */
export type Collect<Data> = (budget: RetryBudget) => Promise<Data>;

/**
 * One group of MISP endpoints polled together on its own interval: how it is read, what it feeds
 * into the MIB and how the simulator answers it. src/endpoints/index.ts lists every group; the
 * poller, the MIB, the docs, the NMS templates, doctor and the simulator all read that list.
 */
export interface EndpointGroup<G extends GroupName = GroupName> {
  readonly name: G;
  /** Default poll interval in seconds; 0 = off unless configured. */
  readonly defaultIntervalSeconds: number;
  /** The requests, as doctor's advice names them. */
  readonly asks: string;
  /** The key's role the group needs (`check` and `doctor` compare the key's role). */
  readonly keyNeeds: KeyNeeds;
  /** Makes the instance's collector; state the group keeps between polls lives in its closure. */
  readonly collector: (context: CollectContext) => Collect<GroupResults[G]>;
  /** Columns the group adds to mispInstanceTable (placed by their arcs). */
  readonly instanceColumns?: readonly ReadableObject<InstanceSnapshot>[];
  /** Textual conventions of its own, listed in the MIB after the shared ones. */
  readonly conventions?: readonly SyntaxInfo[];
  /** Tables of its own, in MIB order. */
  readonly tables?: readonly Branch[];
  /** The paths the simulated MISP answers for this group. */
  readonly simRoutes: Readonly<Record<SimEndpoint, SimRoute>>;
}
