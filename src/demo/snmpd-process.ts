import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getOnce } from '../snmp/manager.js';
import { freeTcpPort, freeUdpPort } from './free-port.js';

/** Debian puts snmpd in /usr/sbin, which is not on every user's PATH. */
const SNMPD = ['/usr/sbin/snmpd', '/usr/local/sbin/snmpd'].find((path) => existsSync(path)) ?? 'snmpd';

export interface SnmpdOptions {
  /** Extra snmpd.conf lines (trap sinks, extend lines...). */
  extraConfig?: string;
  agentXTimeoutSeconds?: number;
  agentXRetries?: number;
}

/**
 * A real snmpd (Debian's) run from a temp dir on loopback high ports, as master agent for AgentX
 * over TCP and a unix socket: for the demo, the tests and the benchmark. Stopped and removed by stop().
 */
export class SnmpdProcess {
  readonly community = 'public';
  /** Lets SET requests reach the subagent, which must refuse them itself. */
  readonly writeCommunity = 'private';
  private process: ChildProcess | null = null;
  private output = '';

  private constructor(
    readonly dir: string,
    readonly udpPort: number,
    readonly agentxTcpPort: number,
    private readonly configFile: string,
  ) {}

  static async start(options: SnmpdOptions = {}): Promise<SnmpdProcess> {
    const snmpd = await SnmpdProcess.prepare(options);
    await snmpd.launch();
    return snmpd;
  }

  /** Writes the configuration and picks ports without starting snmpd (to start a subagent first). */
  static async prepare(options: SnmpdOptions = {}): Promise<SnmpdProcess> {
    const dir = mkdtempSync(join(tmpdir(), 'misp-agentx-snmpd-'));
    const udpPort = await freeUdpPort();
    const agentxTcpPort = await freeTcpPort();
    // Not "snmpd.conf": snmpd writes its persistent state under that name in SNMP_PERSISTENT_DIR.
    const configFile = join(dir, 'master.conf');
    writeFileSync(
      configFile,
      [
        'rocommunity public 127.0.0.1',
        'rwcommunity private 127.0.0.1',
        'master agentx',
        `agentXSocket tcp:127.0.0.1:${agentxTcpPort},${join(dir, 'agentx.sock')}`,
        'agentXPerms 0660 0755',
        `agentXTimeout ${options.agentXTimeoutSeconds ?? 1}`,
        `agentXRetries ${options.agentXRetries ?? 1}`,
        'dontLogTCPWrappersConnects yes',
        'sysDescr snmpd started by misp-agentx for its demo, tests or benchmark',
        options.extraConfig ?? '',
        '',
      ].join('\n'),
    );
    return new SnmpdProcess(dir, udpPort, agentxTcpPort, configFile);
  }

  get agentxTcp(): string {
    return `tcp:127.0.0.1:${this.agentxTcpPort}`;
  }

  get agentxUnix(): string {
    return join(this.dir, 'agentx.sock');
  }

  get pid(): number | undefined {
    return this.process?.pid;
  }

  /** Everything snmpd printed so far. */
  get log(): string {
    return this.output;
  }

  async launch(): Promise<void> {
    const child = spawn(SNMPD, ['-f', '-Lo', '-C', '-I', '-smux', '-c', this.configFile, '-p', join(this.dir, 'snmpd.pid'), `udp:127.0.0.1:${this.udpPort}`], {
      env: { ...process.env, SNMP_PERSISTENT_DIR: join(this.dir, 'persist'), MIBS: '', MIBDIRS: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.process = child;
    const spawnFailed = new Promise<never>((_, reject) =>
      child.once('error', (error) => reject(new Error(`cannot start snmpd (${error.message}); install Debian's snmpd package (sudo ./scripts/setup.sh)`))),
    );
    child.stdout?.on('data', (d: Buffer) => (this.output += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (this.output += d.toString()));
    spawnFailed.catch(() => undefined); // a late 'error' (after the race) must not go unhandled
    await Promise.race([spawnFailed, this.waitUntilAnswering(child)]);
  }

  private async waitUntilAnswering(child: ChildProcess): Promise<void> {
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null || child.pid === undefined) throw new Error(`snmpd exited with ${child.exitCode}: ${this.output}`);
      if (existsSync(this.agentxUnix) && (await this.answers())) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`snmpd did not start within 10 s: ${this.output}`);
  }

  /** True when snmpd answers a GET of sysDescr.0. */
  answers(timeoutMs = 500): Promise<boolean> {
    return getOnce(this.udpPort, '1.3.6.1.2.1.1.1.0', timeoutMs, this.community).then((varbind) => varbind !== null);
  }

  signal(sig: NodeJS.Signals): void {
    this.process?.kill(sig);
  }

  /** SIGKILL, waiting until the process is gone. */
  async kill(): Promise<void> {
    const child = this.process;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const gone = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await gone;
  }

  async restart(): Promise<void> {
    await this.kill();
    await this.launch();
  }

  async stop(): Promise<void> {
    const child = this.process;
    if (child && child.exitCode === null && child.signalCode === null) {
      const gone = new Promise((r) => child.once('exit', r));
      child.kill('SIGCONT');
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await gone;
      clearTimeout(timer);
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
