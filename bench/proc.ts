import { readFileSync } from 'node:fs';

/** Clock ticks per second for /proc/<pid>/stat times: 100 on every Linux Debian ships. */
const CLOCK_TICKS = 100;

export interface Rss {
  /** Resident set size as the kernel counts it (VmRSS), in MiB. */
  readonly totalMiB: number;
  /** Its private part (RssAnon): the heap and everything else the process allocated itself. */
  readonly anonMiB: number;
  /** Mapped files (RssFile): mostly the node binary's pages, shared with every other node process. */
  readonly fileMiB: number;
}

export function rss(pid: number): Rss {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string): number => {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(status);
    if (!match) throw new Error(`no ${field} for pid ${pid}`);
    return Number(match[1]) / 1024;
  };
  return { totalMiB: kb('VmRSS'), anonMiB: kb('RssAnon'), fileMiB: kb('RssFile') };
}

/** CPU time (user + system) the process has used so far, in ms (10 ms steps). */
export function cpuMs(pid: number): number {
  // Fields after the ")" that ends the command name: utime and stime are the 12th and 13th.
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
}

/** Adds up the CPU that named processes spend during the loads it measures. */
export class CpuMeter {
  private readonly spentMs = new Map<string, number>();

  constructor(private readonly pids: Readonly<Record<string, number>>) {}

  async measure<T>(load: () => Promise<T>): Promise<T> {
    const before = Object.entries(this.pids).map(([name, pid]) => [name, pid, cpuMs(pid)] as const);
    const result = await load();
    for (const [name, pid, ms] of before) this.spentMs.set(name, (this.spentMs.get(name) ?? 0) + cpuMs(pid) - ms);
    return result;
  }

  /** µs of CPU per request, per process. */
  perRequestUs(requests: number): Record<string, number> {
    return Object.fromEntries([...this.spentMs].map(([name, ms]) => [name, (ms * 1000) / Math.max(1, requests)]));
  }
}
