import { join } from 'node:path';
import { type Config, ConfigError, isLoopbackHost } from './config.js';
import type { Database } from './db/client.js';
import { DEMO_ACCOUNTS, seedDemo } from './demo/seed-demo.js';
import { verifyPassword } from './modules/auth/password.js';
import { LocalImageStorage } from './modules/images/image-storage.js';
import { ensureAdmin } from './modules/users/admin-bootstrap.js';
import { AdminAccountUnverifiedError } from './modules/users/users.errors.js';
import { findUserByEmail } from './modules/users/users.repository.js';

export function uploadsDir(config: Config): string {
  return join(config.dataDir, 'uploads');
}

/** Everything that must happen to the database before the API serves: migrate, admin, demo data. */
/** Where start-up reports its steps: the app's logger, or the console before there is one. */
interface StartupLog {
  info(message: string): void;
}

export async function prepareDatabase(config: Config, database: Database, log: StartupLog): Promise<void> {
  await database.migrate();
  if (config.admin) {
    const outcome = await ensureAdmin(database.db, config.admin).catch((err: unknown) => {
      if (err instanceof AdminAccountUnverifiedError) throw new ConfigError(`Refusing to start: ADMIN_EMAIL ${err.message}`);
      throw err;
    });
    log.info(`ADMIN_EMAIL ${config.admin.email}: ${outcome}`);
  }
  if (!isLoopbackHost(config.host)) await refuseDemoAccountsWithPublishedPasswords(database, config.host);
  if (config.seedDemo) {
    const started = Date.now();
    await seedDemo(database.db, new LocalImageStorage(uploadsDir(config)), (step) => log.info(`seeding ${step}`));
    log.info(`demo data ready in ${Date.now() - started} ms`);
  }
}

/**
 * A database seeded for the demo on this machine keeps its demo accounts: before listening
 * where others can reach, make sure none of them still opens with the password the README
 * prints.
 */
async function refuseDemoAccountsWithPublishedPasswords(database: Database, host: string): Promise<void> {
  for (const account of Object.values(DEMO_ACCOUNTS)) {
    const row = await findUserByEmail(database.db, account.email);
    if (row?.isActive && !row.deletedAt && (await verifyPassword(row.passwordHash, account.password))) {
      throw new ConfigError(
        `Refusing to start: the demo account ${account.email} still has its published password and HOST=${host} can be reached ` +
          'from other machines. Change its password or delete it, or use HOST=127.0.0.1',
      );
    }
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
