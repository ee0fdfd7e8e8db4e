/**
 * At most one request in flight per endpoint of an instance: a second one (a `check` while the
 * scheduler polls, the probe's getVersion fallback next to the version group) waits its turn.
 */
export class EndpointGate {
  private readonly tails = new Map<string, Promise<void>>();

  async run<T>(endpoint: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(endpoint) ?? Promise.resolve();
    let release = (): void => undefined;
    const turn = new Promise<void>((resolve) => {
      release = resolve;
    });
    const tail = previous.then(() => turn);
    this.tails.set(endpoint, tail);
    await previous;
    try {
      return await task();
    } finally {
      release();
      if (this.tails.get(endpoint) === tail) this.tails.delete(endpoint);
    }
  }
}
