import { join } from 'node:path';
import type { FastifyBaseLogger } from 'fastify';
import { type Config, ConfigError } from './config.js';
import type { Database } from './db/client.js';
import { DEMO_ACCOUNTS, seedDemo } from './demo/seed-demo.js';
import { LocalImageStorage } from './modules/images/image-storage.js';
import { ensureAdmin } from './modules/users/admin-bootstrap.js';
import { AdminAccountUnverifiedError } from './modules/users/users.errors.js';

export function uploadsDir(config: Config): string {
  return join(config.dataDir, 'uploads');
}

/** Everything that must happen to the database before the API serves: migrate, admin, demo data. */
export async function prepareDatabase(config: Config, database: Database, log: FastifyBaseLogger | Console): Promise<void> {
  await database.migrate();
  if (config.admin) {
    const outcome = await ensureAdmin(database.db, config.admin).catch((err: unknown) => {
      if (err instanceof AdminAccountUnverifiedError) throw new ConfigError(`Refusing to start: ADMIN_EMAIL ${err.message}`);
      throw err;
    });
    log.info(`ADMIN_EMAIL ${config.admin.email}: ${outcome}`);
  }
  if (config.seedDemo) {
    const started = Date.now();
    await seedDemo(database.db, new LocalImageStorage(uploadsDir(config)), (step) => log.info(`seeding ${step}`));
    log.info(`demo data ready in ${Date.now() - started} ms`);
  }
}

export function demoCredentialsBanner(config: Config): string {
  if (!config.seedDemo) return '';
  const { admin, customer } = DEMO_ACCOUNTS;
  return [
    'Demo accounts (SEED_DEMO is on):',
    `  admin     ${admin.email} / ${admin.password}`,
    `  customer  ${customer.email} / ${customer.password}`,
  ].join('\n');
}
