import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { DEFAULT_ROOT, mibSearchPath, objectOid } from '../mib/index.js';
import { GROUP_INDEX, GROUP_NAMES, type GroupName, STATUS_CODES } from '../domain/snapshot.js';
import { DEFAULT_INTERVALS } from '../endpoints/index.js';
import { startSimulatedMisp, type SimulatedMisp } from '../sim/simulated-misp.js';
import { addSharingActivity, type MispVariant } from '../sim/scenario.js';
import { appendLogs } from '../endpoints/auth-failures/sim.js';
import { waitFor } from '../common/wait.js';
import { SnmpClient } from '../snmp/manager.js';
import { formatOid } from '../snmp/oid.js';
import { SnmpdProcess } from './snmpd-process.js';

const run = promisify(execFile);
const packageRoot = fileURLToPath(new URL('../../', import.meta.url));
const DEMO_KEY = 'DemoKey0123456789abcdefghijklmnopqrstuvw';
/** The opt-in groups on too (diagnostics, authFailures), so the demo serves, and test:cacti graphs, every table. */
const DEMO_INTERVALS: Readonly<Partial<Record<GroupName, number>>> = { probe: 10, version: 60, workers: 10, statistics: 30, diagnostics: 60, authFailures: 30 };
/** The opt-in connection test of the sync server, at the shortest interval allowed: the first servers poll runs it. */
const DEMO_SERVER_TEST_SECONDS = 3600;
/** Every group the demo's daemon polls: those set above and those on by default (jobs, servers, feeds). */
const DEMO_GROUPS = GROUP_NAMES.filter((group) => (DEMO_INTERVALS[group] ?? DEFAULT_INTERVALS[group]) > 0);

export interface DemoOptions {
  readonly mispVersion: MispVariant;
  /** Stop by itself after this many seconds; null waits for Ctrl-C. */
  readonly durationSeconds: number | null;
  readonly out: NodeJS.WritableStream;
  /** Prints the `check` table for a configuration file. */
  readonly check: (configPath: string) => Promise<unknown>;
}

/** Everything the demo started, stopped in reverse order. */
interface Started {
  dir: string;
  misp?: SimulatedMisp;
  snmpd?: SnmpdProcess;
  daemon?: ChildProcess;
}

function writeDemoConfig(dir: string, mispUrl: string, agentxSocket: string): string {
  const keyFile = join(dir, 'misp-api-key');
  writeFileSync(keyFile, `${DEMO_KEY}\n`);
  chmodSync(keyFile, 0o600);
  const configFile = join(dir, 'config.yaml');
  writeFileSync(
    configFile,
    [
      '# Written by `misp-agentx demo`: the daemon against a simulated MISP and a private snmpd.',
      'agentx:',
      `  socket: ${agentxSocket}`,
      'log:',
      '  level: info',
      '  format: json',
      'instances:',
      '  - name: demo-misp',
      `    url: ${mispUrl}`,
      `    keyFile: ${keyFile}`,
      `    intervals: { ${Object.entries(DEMO_INTERVALS).map(([group, seconds]) => `${group}: ${seconds}`).join(', ')}, serverConnectionTest: ${DEMO_SERVER_TEST_SECONDS} }`,
      '',
    ].join('\n'),
  );
  return configFile;
}

function startDaemon(configFile: string, logFile: string): ChildProcess {
  const log = openSync(logFile, 'a');
  // Its own process group: Ctrl-C reaches the demo, which stops the daemon with one SIGTERM.
  return spawn(process.execPath, [join(packageRoot, 'dist/cli/main.js'), 'run', '--config', configFile], { stdio: ['ignore', log, log], detached: true });
}

/** Resolves once the daemon serves a polled status for each poll group the demo enables. */
async function waitForFirstPolls(port: number, timeoutMs: number): Promise<void> {
  const oids = DEMO_GROUPS.map((group) => formatOid(objectOid(DEFAULT_ROOT, 'mispPollStatus', 1, GROUP_INDEX[group])));
  const client = new SnmpClient(port, { timeoutMs: 500 });
  const polled = async (): Promise<boolean> => {
    const values = await client.get(oids).then((varbinds) => varbinds.map((varbind) => varbind.value), () => []);
    return values.length === oids.length && values.every((v) => typeof v === 'number' && v !== STATUS_CODES.notYetPolled);
  };
  try {
    await waitFor('polled data', polled, timeoutMs, 200);
  } catch {
    throw new Error(`the daemon did not serve polled data within ${timeoutMs / 1000} s`);
  } finally {
    client.close();
  }
}

async function printWalk(out: NodeJS.WritableStream, port: number): Promise<void> {
  const target = `127.0.0.1:${port}`;
  const mibs = ['-M', mibSearchPath(), '-m', 'MISP-AGENTX-MIB'];
  const env = { ...process.env, MIBS: '', MIBDIRS: '' };
  const show = async (title: string, tool: string, args: string[]): Promise<void> => {
    out.write(`\n$ ${tool} ${args.join(' ')}\n`);
    const { stdout } = await run(tool, args, { env, maxBuffer: 16 * 1024 * 1024 });
    out.write(stdout.length > 0 ? stdout : `(${title}: nothing)\n`);
  };
  await show('walk', 'snmpwalk', ['-v2c', '-c', 'public', ...mibs, target, 'MISP-AGENTX-MIB::mispAgentxObjects']);
  await show('queues', 'snmptable', ['-v2c', '-c', 'public', ...mibs, '-Cb', '-Ci', target, 'MISP-AGENTX-MIB::mispQueueTable']);
}

async function stopAll(started: Started): Promise<void> {
  const daemon = started.daemon;
  if (daemon && daemon.exitCode === null && daemon.signalCode === null) {
    const exited = new Promise((resolve) => daemon.once('exit', resolve));
    daemon.kill('SIGTERM');
    await exited;
  }
  await started.snmpd?.stop();
  await started.misp?.close();
  rmSync(started.dir, { recursive: true, force: true });
}

/**
 * Starts a simulated MISP, a private snmpd on loopback high ports and the real daemon between
 * them; shows an snmpwalk and the `check` table; stops everything on Ctrl-C (or after a duration).
 */
export async function runDemo(options: DemoOptions): Promise<void> {
  const { out } = options;
  const started: Started = { dir: mkdtempSync(join(tmpdir(), 'misp-agentx-demo-')) };
  // If the demo dies before its cleanup (a closed stdout, say), its children must not outlive it.
  const killChildren = (): void => {
    started.daemon?.kill('SIGTERM');
    started.snmpd?.signal('SIGKILL');
  };
  process.once('exit', killChildren);
  const stopRequested = new Promise<string>((resolve) => {
    process.once('SIGINT', () => resolve('Ctrl-C'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
    if (options.durationSeconds !== null) setTimeout(() => resolve(`${options.durationSeconds} s elapsed`), options.durationSeconds * 1000).unref();
  });
  try {
    started.misp = await startSimulatedMisp({ variant: options.mispVersion, keys: { [DEMO_KEY]: 'siteAdmin' } });
    // Every table filled: the NMS tests (test:cacti) graph the sync servers, feeds and job types of the demo.
    addSharingActivity(started.misp.state);
    out.write(`Simulated MISP ${options.mispVersion} at ${started.misp.url}\n`);
    started.snmpd = await SnmpdProcess.start();
    out.write(`snmpd on udp:127.0.0.1:${started.snmpd.udpPort}, AgentX master socket ${started.snmpd.agentxUnix}\n`);
    const configFile = writeDemoConfig(started.dir, started.misp.url, started.snmpd.agentxUnix);
    const logFile = join(started.dir, 'daemon.log');
    const daemon = startDaemon(configFile, logFile);
    started.daemon = daemon;
    const daemonExited = new Promise<string>((resolve) => daemon.once('exit', (code) => resolve(`the daemon exited (${code})`)));
    out.write(`misp-agentx run --config ${configFile} (pid ${daemon.pid}; log ${logFile})\n`);
    const failedEarly = daemonExited.then((why) => {
      throw new Error(`${why} before serving data:\n${readFileSync(logFile, 'utf8')}`);
    });
    failedEarly.catch(() => undefined);
    await Promise.race([waitForFirstPolls(started.snmpd.udpPort, 20_000), failedEarly]);
    // A client with a revoked key and a mistyped password, after the agent's first read of the log (which
    // only finds where the log ends): the next authFailures poll counts them.
    appendLogs(started.misp.state, 'auth_fail');
    appendLogs(started.misp.state, 'login_fail');
    await printWalk(out, started.snmpd.udpPort);
    out.write(`\n$ misp-agentx check --config ${configFile}\n`);
    await options.check(configFile);
    const port = started.snmpd.udpPort;
    out.write(
      [
        '',
        'The demo keeps running. Try, in another terminal:',
        `  snmpwalk -v2c -c public -On 127.0.0.1:${port} .${formatOid(DEFAULT_ROOT)}`,
        `  snmptable -v2c -c public -M ${mibSearchPath()} -m MISP-AGENTX-MIB 127.0.0.1:${port} MISP-AGENTX-MIB::mispPollTable`,
        options.durationSeconds === null ? 'Press Ctrl-C to stop.' : `Stopping by itself after ${options.durationSeconds} s.`,
        '',
      ].join('\n'),
    );
    const why = await Promise.race([stopRequested, daemonExited]);
    out.write(`Stopping (${why})...\n`);
  } finally {
    await stopAll(started);
    process.off('exit', killChildren);
  }
  out.write('Stopped: daemon, snmpd and simulated MISP.\n');
}
