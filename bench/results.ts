import type { CSubagentKind } from './c-subagent.js';
import type { LargePollResult } from './large-poll.js';
import type { RequestsPerHour } from './requests-per-hour.js';
import type { Rss } from './proc.js';
import type { LatencySummary } from './stats.js';
import type { Throughput } from './throughput.js';
import type { WalkRate } from './walk.js';

/** The daemon's memory as the kernel sees it, then right after a full garbage collection. */
export interface MemoryPoint {
  readonly raw: Rss;
  readonly afterGc: Rss & { readonly heapUsedMiB: number };
}

interface WithCpu {
  /** CPU µs per request by process: snmpd, and the subagent that answered (daemon or cSubagent). */
  readonly cpuUsPerRequest: Record<string, number>;
}

/** One figure for each C subagent: the same objects, registered once (a table) or one by one. */
export type PerCSubagent<T> = Readonly<Record<CSubagentKind, T>>;

/** Everything one run measured; written as JSON and rendered as the table. */
export interface BenchResults {
  readonly settings: string;
  readonly startedAt: string;
  readonly durationSeconds: number;
  readonly machine: { readonly cpus: number; readonly cpuModel: string; readonly loadAverage: readonly number[]; readonly node: string; readonly snmpd: string };
  readonly latency: {
    readonly native: LatencySummary;
    readonly misp: LatencySummary;
    /** net-snmp's C subagents through the same master: the AgentX hop without misp-agentx. */
    readonly cSubagent: PerCSubagent<LatencySummary>;
    readonly extendCached: LatencySummary;
    readonly extendUncached: LatencySummary;
    /** Script runs counted during the uncached samples (one per sample when really uncached). */
    readonly uncachedScriptRuns: number;
  };
  readonly walks: {
    readonly objects: number;
    readonly nativeRoot: string;
    readonly nativeRange: readonly [string, string];
    /** cSubagent: the same number of objects from net-snmp's C subagents through the same master. */
    readonly getNext: { readonly native: WalkRate; readonly misp: WalkRate; readonly cSubagent: PerCSubagent<WalkRate> };
    readonly getBulk: { readonly native: WalkRate; readonly misp: WalkRate; readonly cSubagent: PerCSubagent<WalkRate>; readonly maxRepetitions: number };
  };
  /** Registrations each subagent holds with the master (rows of snmpd's nsModuleTable). */
  readonly registrations: { readonly misp: number; readonly cSubagent: PerCSubagent<number> };
  /**
   * CPU µs per request of snmpd and of the subagent answering, from /proc, alongside each
   * throughput figure; cSubagent is the C subagent with one registration (the equal terms).
   */
  readonly throughput: readonly {
    readonly native: Throughput & WithCpu;
    readonly misp: Throughput & WithCpu;
    readonly cSubagent: Throughput & WithCpu;
    readonly sessionDrops: number;
  }[];
  /** Flags the daemon's node ran with (none by default). */
  readonly daemonNodeOptions: readonly string[];
  /** Other variables the daemon ran with, from the unit's Environment= lines. */
  readonly daemonEnvironment: Readonly<Record<string, string>>;
  readonly rss: {
    /** A bare node process with the same flags, for the floor. */
    readonly bareNode: Rss;
    readonly atStart: MemoryPoint;
    readonly afterFirst: MemoryPoint;
    readonly afterSecond: MemoryPoint;
    readonly requestsEach: number;
    /** Requests actually answered in each round (the time bound may stop one early). */
    readonly rounds: readonly Throughput[];
    readonly sessionDrops: number;
    readonly afterLargePolls: MemoryPoint;
  };
  readonly largePoll: LargePollResult;
  readonly requestsPerHour: RequestsPerHour;
}
