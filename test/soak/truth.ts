/**
 * What the simulated MISP held and when: a served value is right when the simulator held it at
 * some moment within the last `lagMs` (the daemon polls every 5 s, so it may be one poll behind).
 */
export class History {
  private readonly changes: Array<{ value: number; at: number }> = [];

  constructor(
    initial: number,
    private readonly lagMs: number,
  ) {
    this.changes.push({ value: initial, at: performance.now() });
  }

  set(value: number): void {
    this.changes.push({ value, at: performance.now() });
    // Keep what the window can still need.
    const horizon = performance.now() - 2 * this.lagMs;
    while (this.changes.length > 1 && (this.changes[1]?.at ?? Infinity) < horizon) this.changes.shift();
  }

  /** Whether `value` was held at any time in the last lagMs. */
  recent(value: number): boolean {
    const since = performance.now() - this.lagMs;
    return this.changes.some((change, i) => change.value === value && (this.changes[i + 1]?.at ?? Infinity) >= since);
  }
}
