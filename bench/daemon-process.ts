import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, existsSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { GroupName } from '../src/misp/model.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const DAEMON_MAIN = join(repoRoot, 'dist/cli/main.js');
const LOOP_PROBE = fileURLToPath(new URL('./loop-probe.js', import.meta.url));
const SESSION_LOST = 'AgentX session lost; reconnecting';

export interface LoopSamples {
  /** [wall-clock ms, how late the 5 ms tick fired in ms] */
  readonly samples: readonly (readonly [number, number])[];
}

/**
 * The real daemon, `node dist/cli/main.js run --config <yaml>`, as its own process with the
 * benchmark's event-loop probe preloaded; its JSON log goes to a file the benchmark reads.
 */
export class DaemonProcess {
  private constructor(
    private readonly child: ChildProcess,
    private readonly dir: string,
    private readonly writeConfig: (intervals: Partial<Record<GroupName, number>>) => void,
  ) {}

  static start(options: { dir: string; mispUrl: string; apiKey: string; agentxSocket: string; nodeOptions: readonly string[] }): DaemonProcess {
    const { dir } = options;
    const keyFile = join(dir, 'misp-api-key');
    writeFileSync(keyFile, `${options.apiKey}\n`);
    chmodSync(keyFile, 0o600);
    const writeConfig = (intervals: Partial<Record<GroupName, number>>): void => {
      const lines = ['agentx:', `  socket: ${options.agentxSocket}`, 'log:', '  level: info', '  format: json', 'instances:', '  - name: bench-misp'];
      lines.push(`    url: ${options.mispUrl}`, `    keyFile: ${keyFile}`);
      const overrides = Object.entries(intervals);
      if (overrides.length > 0) lines.push(`    intervals: { ${overrides.map(([group, seconds]) => `${group}: ${seconds}`).join(', ')} }`);
      writeFileSync(join(dir, 'config.yaml'), `${lines.join('\n')}\n`);
    };
    writeConfig({});
    const log = openSync(join(dir, 'daemon.log'), 'a');
    const child = spawn(process.execPath, [...options.nodeOptions, '--import', LOOP_PROBE, DAEMON_MAIN, 'run', '--config', join(dir, 'config.yaml')], {
      stdio: ['ignore', log, log],
      env: { ...process.env, BENCH_LOOP_FILE: join(dir, 'loop.json') },
    });
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

  startLoopProbe(): void {
    this.child.kill('SIGUSR2');
  }

  /** Stops the probe and returns what it recorded. */
  async readLoopProbe(): Promise<LoopSamples> {
    const file = join(this.dir, 'loop.json');
    rmSync(file, { force: true });
    this.child.kill('SIGUSR2');
    const deadline = Date.now() + 5000;
    while (!existsSync(file)) {
      if (Date.now() > deadline) throw new Error('the loop probe wrote nothing within 5 s');
      await new Promise((r) => setTimeout(r, 20));
    }
    return JSON.parse(readFileSync(file, 'utf8')) as LoopSamples;
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
