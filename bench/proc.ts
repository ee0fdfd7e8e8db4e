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

/** Runs a load and adds the CPU each named process spent on it, in µs per request answered. */
export async function withCpuPerRequest<T extends { readonly requests: number }>(pids: Readonly<Record<string, number>>, load: () => Promise<T>): Promise<T & { readonly cpuUsPerRequest: Record<string, number> }> {
  const before = Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, cpuMs(pid)]));
  const result = await load();
  const perRequest = (name: string, pid: number): number => ((cpuMs(pid) - (before[name] ?? 0)) * 1000) / Math.max(1, result.requests);
  return { ...result, cpuUsPerRequest: Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, perRequest(name, pid)])) };
}
