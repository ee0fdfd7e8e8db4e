import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SnmpdProcess } from '../src/demo/snmpd-process.js';
import { STATUS_CODES, type GroupName } from '../src/domain/snapshot.js';
import { createSelfSignedCertificate } from '../src/sim/self-signed-cert.js';
import { simulatedAnswer, startSimulatedMisp, type SimulatedMisp } from '../src/sim/simulated-misp.js';
import { SnmpClient } from '../src/snmp/manager.js';
import { waitFor } from '../src/common/wait.js';
import { CSubagent, type CSubagentKind } from './c-subagent.js';
import type { PerCSubagent } from './results.js';
import { DaemonProcess } from './daemon-process.js';
import { type ExtendSetup, prepareExtend } from './extend-lines.js';
import { pollColumnOid } from './mib-oids.js';

const API_KEY = 'BenchKey0123456789abcdefghijklmnopqrstuv';
/** The groups the daemon polls at its default intervals. */
const DEFAULT_POLLED: readonly GroupName[] = ['probe', 'version', 'workers', 'statistics'];
/** Enough extend lines that uncached samples rarely wait for a 1 s cache to expire. */
const UNCACHED_EXTEND_LINES = 16;

/** A simulated MISP, a private snmpd (with extend lines), the real daemon between them, and C subagents to compare with. */
export interface BenchStack {
  readonly misp: SimulatedMisp;
  readonly snmpd: SnmpdProcess;
  readonly daemon: DaemonProcess;
  readonly cSubagents: PerCSubagent<CSubagent>;
  readonly extend: ExtendSetup;
  /** When the daemon was started (performance.now()). */
  readonly daemonStartedAt: number;
  stop(): Promise<void>;
}

/** Resolves once the daemon serves a polled status for each of `groups`. */
async function waitForPolls(port: number, groups: readonly GroupName[], timeoutMs: number): Promise<void> {
  const client = new SnmpClient(port, { timeoutMs: 500 });
  const oids = groups.map((group) => pollColumnOid('mispPollStatus', group));
  try {
    await waitFor(
      `the daemon to serve polled data for ${groups.join(', ')}`,
      async () => {
        const vbs = await client.get(oids).catch(() => []);
        return vbs.length === oids.length && vbs.every((vb) => typeof vb.value === 'number' && vb.value !== STATUS_CODES.notYetPolled);
      },
      timeoutMs,
      100,
    );
  } finally {
    client.close();
  }
}

/**
 * `nodeOptions`: flags for the daemon's node (e.g. --max-semi-space-size=1), to compare memory
 * settings; `environment`: variables set for it besides (the unit's Environment=).
 */
export async function startStack(nodeOptions: readonly string[] = [], environment: Readonly<Record<string, string>> = {}): Promise<BenchStack> {
  const dir = mkdtempSync(join(tmpdir(), 'misp-agentx-bench-'));
  const started: { misp?: SimulatedMisp; snmpd?: SnmpdProcess; daemon?: DaemonProcess; cSubagents: Partial<Record<CSubagentKind, CSubagent>> } = { cSubagents: {} };
  const stop = async (): Promise<void> => {
    await started.cSubagents.table?.stop();
    await started.cSubagents.override?.stop();
    await started.daemon?.stop();
    await started.snmpd?.stop();
    await started.misp?.close();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    // HTTPS with a self-signed certificate, trusted through caFile: how MISP's installer sets up Apache.
    const certificate = await createSelfSignedCertificate({ dir });
    const misp = (started.misp = await startSimulatedMisp({ variant: '2.5', keys: { [API_KEY]: 'siteAdmin' }, tls: certificate }));
    const extend = prepareExtend(dir, simulatedAnswer('/servers/getWorkers', misp.state), UNCACHED_EXTEND_LINES);
    const snmpd = (started.snmpd = await SnmpdProcess.start({ extraConfig: extend.config }));
    const cSubagents = {
      table: (started.cSubagents.table = await CSubagent.start('table', dir, snmpd.agentxUnix, snmpd.udpPort)),
      override: (started.cSubagents.override = await CSubagent.start('override', dir, snmpd.agentxUnix, snmpd.udpPort)),
    };
    const daemonStartedAt = performance.now();
    const daemon = (started.daemon = DaemonProcess.start({ dir, mispUrl: misp.url, caFile: certificate.certFile, apiKey: API_KEY, agentxSocket: snmpd.agentxUnix, nodeOptions, environment }));
    await waitForPolls(snmpd.udpPort, DEFAULT_POLLED, 20_000).catch((error: Error) => {
      throw new Error(`${error.message}\ndaemon log:\n${daemon.log}`);
    });
    return { misp, snmpd, daemon, cSubagents, extend, daemonStartedAt, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
