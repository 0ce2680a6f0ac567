import type { FastifyBaseLogger } from 'fastify';

/**
 * Runs `pass` every `intervalMs`, at most one pass at a time, again at once while it reports
 * more work, and at once when woken. `stop()` waits for a running pass to finish.
 */
export class PollingLoop {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private rerun = false;
  private stopped = true;

  constructor(
    private readonly name: string,
    private readonly pass: () => Promise<boolean>,
    private readonly intervalMs: number,
    private readonly logger: FastifyBaseLogger,
  ) {}

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  /** Run a pass now instead of at the next interval. */
  wake(): void {
    if (this.stopped) return;
    if (this.running) this.rerun = true;
    else this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private schedule(delayMs: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.tick(), delayMs);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    if (this.stopped || this.running) return;
    this.running = (async () => {
      try {
        let more: boolean;
        do {
          this.rerun = false;
          more = await this.pass();
        } while (!this.stopped && (more || this.rerun));
      } catch (err) {
        this.logger.error({ err }, `${this.name} pass failed`);
      }
    })();
    await this.running;
    this.running = undefined;
    if (!this.stopped) this.schedule(this.intervalMs);
  }
}
