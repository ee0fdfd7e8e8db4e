import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, closeSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { GroupName } from '../src/domain/snapshot.js';
import { serviceEnvironment } from './options.js';
import type { ProbeReply, ProbeRequest } from './probe-protocol.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
// The installed command's entry point, as the systemd unit starts it (it sets V8 flags first).
const DAEMON_MAIN = join(repoRoot, 'dist/cli/entry.js');
const PROBE = fileURLToPath(new URL('./daemon-probe.js', import.meta.url));
const PROBE_TIMEOUT_MS = 10_000;
const SESSION_LOST = 'AgentX session lost; reconnecting';

/**
 * The real daemon, `node dist/cli/entry.js run --config <yaml>`, as its own process with the
 * benchmark's probe preloaded (bench/daemon-probe.ts, asked over IPC); its JSON log goes to a file.
 */
export class DaemonProcess {
  private nextProbeId = 1;

  private constructor(
    private readonly child: ChildProcess,
    private readonly dir: string,
    private readonly writeConfig: (intervals: Partial<Record<GroupName, number>>) => void,
  ) {}

  static start(options: { dir: string; mispUrl: string; caFile: string; apiKey: string; agentxSocket: string; nodeOptions: readonly string[]; environment: Readonly<Record<string, string>> }): DaemonProcess {
    const { dir } = options;
    const keyFile = join(dir, 'misp-api-key');
    writeFileSync(keyFile, `${options.apiKey}\n`);
    chmodSync(keyFile, 0o600);
    const writeConfig = (intervals: Partial<Record<GroupName, number>>): void => {
      const lines = ['agentx:', `  socket: ${options.agentxSocket}`, 'log:', '  level: info', '  format: json', 'instances:', '  - name: bench-misp'];
      lines.push(`    url: ${options.mispUrl}`, `    keyFile: ${keyFile}`, `    caFile: ${options.caFile}`);
      const overrides = Object.entries(intervals);
      if (overrides.length > 0) lines.push(`    intervals: { ${overrides.map(([group, seconds]) => `${group}: ${seconds}`).join(', ')} }`);
      writeFileSync(join(dir, 'config.yaml'), `${lines.join('\n')}\n`);
    };
    writeConfig({});
    const log = openSync(join(dir, 'daemon.log'), 'a');
    const child = spawn(process.execPath, [...options.nodeOptions, '--expose-gc', '--import', PROBE, DAEMON_MAIN, 'run', '--config', join(dir, 'config.yaml')], {
      stdio: ['ignore', log, log, 'ipc'],
      env: serviceEnvironment(options.environment),
    });
    closeSync(log); // the child has its own copy
    return new DaemonProcess(child, dir, writeConfig);
  }

  get pid(): number {
    if (this.child.pid === undefined) throw new Error('the daemon did not start');
    return this.child.pid;
  }

  get exited(): boolean {
    return this.child.exitCode !== null || this.child.signalCode !== null;
  }

  get log(): string {
    return readFileSync(join(this.dir, 'daemon.log'), 'utf8');
  }

  /** How often the daemon has logged losing its AgentX session so far. */
  sessionDrops(): number {
    return this.log.split('\n').filter((line) => line.includes(`"msg":"${SESSION_LOST}"`)).length;
  }

  /** Rewrites the configuration with these interval overrides and reloads it (SIGHUP). */
  reloadWithIntervals(intervals: Partial<Record<GroupName, number>>): void {
    this.writeConfig(intervals);
    this.child.kill('SIGHUP');
  }

  /** Asks the probe inside the daemon. */
  probe(command: ProbeRequest['command']): Promise<ProbeReply> {
    const id = this.nextProbeId++;
    return new Promise((resolve, reject) => {
      const onMessage = (reply: ProbeReply): void => {
        if (reply.id !== id) return;
        clearTimeout(timer);
        this.child.off('message', onMessage);
        resolve(reply);
      };
      const timer = setTimeout(() => {
        this.child.off('message', onMessage);
        reject(new Error(`the daemon's probe did not answer ${command} within ${PROBE_TIMEOUT_MS} ms`));
      }, PROBE_TIMEOUT_MS);
      this.child.on('message', onMessage);
      this.child.send({ id, command } satisfies ProbeRequest);
    });
  }

  async stop(): Promise<void> {
    if (this.exited) return;
    const gone = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    await gone;
    clearTimeout(timer);
  }
}
