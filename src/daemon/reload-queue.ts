/**
 * Runs reloads one at a time; signals that arrive during a reload fold into a single follow-up
 * reload, so a burst of SIGHUPs does a bounded amount of work and the last one always counts.
 */
export class ReloadQueue {
  private running: Promise<void> | null = null;
  private again = false;

  constructor(private readonly reload: () => Promise<void>) {}

  request(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.loop().finally(() => (this.running = null));
  }

  /** Resolves when no reload is running or queued. */
  async idle(): Promise<void> {
    await this.running;
  }

  private async loop(): Promise<void> {
    do {
      this.again = false;
      await this.reload();
    } while (this.again);
  }
}
