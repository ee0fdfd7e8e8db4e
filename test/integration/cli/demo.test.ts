import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../../../src/common/wait.js';
import { CliProcess } from './cli-process.js';

const running: CliProcess[] = [];
afterEach(() => running.splice(0).forEach((p) => p.kill()));

function demo(args: string[]): CliProcess {
  const process = new CliProcess(['demo', ...args]);
  running.push(process);
  return process;
}

function pidsIn(output: string): number[] {
  return [...output.matchAll(/pid (\d+)/g)].map((m) => Number(m[1]));
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('misp-agentx demo', () => {
  it('shows the walk, the queue table and the check table, then stops by itself', async () => {
    const result = await demo(['--duration', '1']).done;
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/MISP-AGENTX-MIB::mispInstanceStatus\.1 = INTEGER: ok\(1\)/);
    expect(result.stdout).toMatch(/MISP-AGENTX-MIB::mispWorkersJobsPending\.1 = Gauge32: 9 jobs/);
    expect(result.stdout).toMatch(/SNMP table: MISP-AGENTX-MIB::mispQueueTable/);
    expect(result.stdout).toMatch(/mispStatEvents\.1\s+Gauge32\s+1200/);
    expect(result.stdout).toContain('Stopped: daemon, snmpd and simulated MISP.');
    expect(result.stdout).not.toContain('notYetPolled');
  }, 60_000);

  it('stops everything it started on Ctrl-C (SIGINT)', async () => {
    const run = demo(['--misp-version', '2.4.130']);
    await waitFor('demo ready', () => run.stdout.includes('Press Ctrl-C to stop.'), 45_000, 100);
    expect(run.stdout).toContain('Simulated MISP 2.4.130');
    const [daemonPid] = pidsIn(run.stdout);
    expect(daemonPid && alive(daemonPid)).toBe(true);
    run.child.kill('SIGINT');
    const result = await run.done;
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Stopping (Ctrl-C)');
    expect(alive(daemonPid as number)).toBe(false);
  }, 60_000);

  it('refuses an unknown MISP variant', async () => {
    const result = await demo(['--misp-version', '3.0']).done;
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--misp-version must be one of 2.4.130, 2.4-sbj, 2.5/);
  });
});
