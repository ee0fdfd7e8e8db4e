import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The approach misp-agentx replaces: snmpd `extend` lines running a Python script (the old
 * misp-snmp-monitor.py behind Cacti read a JSON file a cron job had fetched from MISP and printed
 * one number). The stand-in does the same: it reads a getWorkers answer cached in a file, prints
 * the number of live workers, and appends a line to a run log so the benchmark can check that an
 * "uncached" GET really ran it.
 */
const SCRIPT = `import json, sys
with open(sys.argv[1]) as f:
    answer = json.load(f)
alive = sum(1 for queue in answer.values() if isinstance(queue, dict) for w in queue.get("workers", []) if w.get("alive") is True)
with open(sys.argv[2], "a") as runs:
    runs.write("run\\n")
print(alive)
`;

const PYTHON = '/usr/bin/python3';
/** NET-SNMP-EXTEND-MIB::nsExtendOutput1Line, indexed by the extend name as a length-prefixed string. */
const OUTPUT_1_LINE = '1.3.6.1.4.1.8072.1.3.2.3.1.1';
/** snmpd's shortest cache time; `-cacheTime 0` means "the default" (5 s) in snmpd 5.9.3. */
export const UNCACHED_CACHE_SECONDS = 1;

export interface ExtendSetup {
  /** snmpd.conf lines. */
  readonly config: string;
  /** An extend line with snmpd's default 5 s output cache. */
  readonly cachedOid: string;
  /** Extend lines cached for UNCACHED_CACHE_SECONDS only: a GET after that runs the script again. */
  readonly uncachedOids: readonly string[];
  /** How many times the script has run so far. */
  runs(): number;
}

function outputLineOid(name: string): string {
  return `${OUTPUT_1_LINE}.${name.length}.${[...Buffer.from(name)].join('.')}`;
}

/** Writes the script and its cache file into `dir`; `uncachedLines` extend lines let uncached samples come faster. */
export function prepareExtend(dir: string, workersAnswer: unknown, uncachedLines: number): ExtendSetup {
  const script = join(dir, 'misp_snmp_standin.py');
  const cache = join(dir, 'misp-workers-cache.json');
  const runLog = join(dir, 'standin-runs.log');
  writeFileSync(script, SCRIPT);
  writeFileSync(cache, JSON.stringify(workersAnswer));
  writeFileSync(runLog, '');
  const command = `${PYTHON} ${script} ${cache} ${runLog}`;
  const uncachedNames = Array.from({ length: uncachedLines }, (_, i) => `mispuncached${i + 1}`);
  const config = [`extend mispcached ${command}`, ...uncachedNames.map((name) => `extend -cacheTime ${UNCACHED_CACHE_SECONDS} ${name} ${command}`)].join('\n');
  return {
    config,
    cachedOid: outputLineOid('mispcached'),
    uncachedOids: uncachedNames.map(outputLineOid),
    runs: () => readFileSync(runLog, 'utf8').split('\n').filter((line) => line === 'run').length,
  };
}
