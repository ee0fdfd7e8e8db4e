import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

/** How much work each part of the benchmark does; every load loop is bounded by count and time. */
export interface BenchSettings {
  readonly name: 'full' | 'quick';
  /** Sequential GETs per target for the latency figures (after a warm-up of a tenth as many). */
  readonly latencySamples: number;
  /** GETs of extend lines whose cache has expired: each runs the Python script once. */
  readonly uncachedSamples: number;
  /** Walks of each subtree, by GETNEXT and by GETBULK. */
  readonly walks: number;
  /** How long each throughput measurement runs in all, per client count and target... */
  readonly throughputSeconds: number;
  /** ...in this many slices, native and MISP taking turns, so both see the same shared machine. */
  readonly throughputSlices: number;
  readonly clientCounts: readonly number[];
  /** Requests before the first RSS figure after start, and again before the second. */
  readonly rssRequests: number;
  /** Polls of a large statistics answer measured for event-loop delay and GET p99. */
  readonly largePolls: number;
  readonly largeBodyBytes: number;
  /** Upper bound on any single load loop, whatever its count. */
  readonly maxLoopSeconds: number;
}

export const FULL: BenchSettings = {
  name: 'full',
  latencySamples: 20_000,
  uncachedSamples: 200,
  walks: 200,
  throughputSeconds: 10,
  throughputSlices: 5,
  clientCounts: [1, 8, 16],
  rssRequests: 1_000_000,
  largePolls: 5,
  largeBodyBytes: 12 * 1024 * 1024,
  maxLoopSeconds: 300,
};

/** For the smoke test: every part runs, briefly. */
export const QUICK: BenchSettings = {
  name: 'quick',
  latencySamples: 300,
  uncachedSamples: 8,
  walks: 3,
  throughputSeconds: 1,
  throughputSlices: 1,
  clientCounts: [1, 8, 16],
  rssRequests: 3_000,
  largePolls: 1,
  largeBodyBytes: 4 * 1024 * 1024,
  maxLoopSeconds: 20,
};

export interface BenchOptions {
  readonly settings: BenchSettings;
  /** Where the JSON results go. */
  readonly outFile: string | null;
  /** Flags for the daemon's node: by default the NODE_OPTIONS of the systemd unit, as installed. */
  readonly daemonNodeOptions: readonly string[];
  /** The unit's other Environment= variables (malloc, libuv settings...), given to the daemon as the unit gives them. */
  readonly daemonEnvironment: Readonly<Record<string, string>>;
}

// The bench runs compiled, from dist-bench/bench/.
const UNIT_FILE = new URL('../../systemd/misp-agentx.service', import.meta.url);

/**
 * Every variable the unit's Environment= lines set, read as systemd reads them: several
 * assignments per line, separated by spaces, quoted where a value holds spaces.
 */
export function unitEnvironment(unitText: string): Record<string, string> {
  const variables: Record<string, string> = {};
  for (const [, assignments = ''] of unitText.matchAll(/^Environment=(.*)$/gm)) {
    // A word runs to the next space outside quotes; quotes may start it or sit inside it (A="b c").
    for (const [word] of assignments.matchAll(/(?:[^\s"]+|"[^"]*")+/g)) {
      const assignment = word.replace(/"/g, '');
      const equals = assignment.indexOf('=');
      if (equals > 0) variables[assignment.slice(0, equals)] = assignment.slice(equals + 1);
    }
  }
  return variables;
}

/** systemd's default PATH for services (systemd.exec(5), "Environment variables in spawned processes"). */
const SERVICE_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/**
 * The environment a service gets from systemd: its PATH, the system's locale and the unit's
 * Environment= variables, and nothing of the shell that runs the benchmark. A variable there
 * changes what node does at start: NODE_EXTRA_CA_CERTS, set on some build machines, makes every
 * node process parse a CA bundle (+1.8 MiB RSS for a bare node on this machine).
 */
export function serviceEnvironment(unitVariables: Readonly<Record<string, string>>, shell: NodeJS.ProcessEnv = process.env): Record<string, string> {
  return { PATH: SERVICE_PATH, LANG: shell['LANG'] ?? 'C.UTF-8', ...unitVariables };
}

/** The node flags the shipped systemd unit gives the daemon (Environment=NODE_OPTIONS=...). */
export function unitNodeOptions(unitText: string): string[] {
  return (unitEnvironment(unitText)['NODE_OPTIONS'] ?? '').split(/\s+/).filter(Boolean);
}

const USAGE = 'usage: npm run bench [-- --quick] [--rss-requests N] [--daemon-node-option FLAG]... [--out FILE] (node flags default to the systemd unit\'s NODE_OPTIONS)';

export function parseBenchArgs(argv: readonly string[]): BenchOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      quick: { type: 'boolean', default: false },
      'rss-requests': { type: 'string' },
      out: { type: 'string' },
      'daemon-node-option': { type: 'string', multiple: true },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) throw new Error(USAGE);
  const base = values.quick ? QUICK : FULL;
  const rssText = values['rss-requests'];
  const rssRequests = rssText === undefined ? base.rssRequests : Number(rssText);
  if (!Number.isInteger(rssRequests) || rssRequests < 1) throw new Error(`--rss-requests wants a positive integer, not "${rssText}"\n${USAGE}`);
  const unitText = readFileSync(UNIT_FILE, 'utf8');
  const { NODE_OPTIONS: _flags, ...daemonEnvironment } = unitEnvironment(unitText);
  return { settings: { ...base, rssRequests }, outFile: values.out ?? null, daemonNodeOptions: values['daemon-node-option'] ?? unitNodeOptions(unitText), daemonEnvironment };
}
