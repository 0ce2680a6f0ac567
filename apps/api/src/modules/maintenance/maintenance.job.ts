import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../../db/client.js';
import { PollingLoop } from '../../lib/polling-loop.js';
import { type PurgeReport, type PurgeSettings, purgeExpired } from './purge.js';

/** How often the API purges: at start, then hourly. Expired rows are refused anyway; this only reclaims them. */
export const MAINTENANCE_INTERVAL_MS = 3600_000;

export interface MaintenanceJobDeps extends PurgeSettings {
  db: Db;
  logger: FastifyBaseLogger;
  intervalMs?: number;
}

/** Runs the purge periodically in the API process; `runOnce` is also the CLI's `purge`. */
export class MaintenanceJob {
  private readonly loop: PollingLoop;
  private running: Promise<PurgeReport | undefined> | undefined;

  constructor(private readonly deps: MaintenanceJobDeps) {
    this.loop = new PollingLoop(
      'maintenance',
      async () => {
        await this.runOnce();
        return false;
      },
      deps.intervalMs ?? MAINTENANCE_INTERVAL_MS,
      deps.logger,
    );
  }

  start(): void {
    this.loop.start();
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }

  /**
   * One purge; undefined when another is running (here, or on another instance: the advisory
   * lock). The embedded database has one session, where the lock does not exclude: the
   * in-process check does.
   */
  async runOnce(): Promise<PurgeReport | undefined> {
    if (this.running) return undefined;
    this.running = purgeExpired(this.deps.db, this.deps);
    try {
      const report = await this.running;
      if (report) this.deps.logger.info({ purged: report }, 'maintenance: expired rows purged');
      else this.deps.logger.info('maintenance: another instance is purging; skipped');
      return report;
    } finally {
      this.running = undefined;
    }
  }
}
