import type { Rss } from './proc.js';

/** Messages between the benchmark and its probe inside the daemon (over the child's IPC channel). */
export interface ProbeRequest {
  readonly id: number;
  readonly command: 'startLoop' | 'stopLoop' | 'memory';
}

export interface ProbeReply {
  readonly id: number;
  /** stopLoop: [wall-clock ms, how late the 5 ms tick fired in ms]. */
  readonly samples?: readonly (readonly [number, number])[];
  /** memory: read right after a full garbage collection. */
  readonly memory?: Rss & { readonly heapUsedMiB: number };
}
