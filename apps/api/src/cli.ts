import { createInterface } from 'node:readline/promises';
import { ConfigError, loadConfigFromEnvironment } from './config.js';
import { type Database, openDatabase } from './db/client.js';
import { migrateDown, migrationStatus } from './db/migrator.js';
import { seedDemo } from './demo/seed-demo.js';
import { isCommonPassword } from './modules/auth/password.js';
import { LocalImageStorage } from './modules/images/image-storage.js';
import { purgeExpired } from './modules/maintenance/purge.js';
import { ensureAdmin } from './modules/users/admin-bootstrap.js';
import { uploadsDir } from './startup.js';

const USAGE = `Usage: npm run cli -- <command>

Commands:
  migrate [up]            apply pending database migrations
  migrate down [N]        undo the newest N applied migrations (default 1)
  migrate status          list the migrations, applied or not, and which can be undone
  create-admin [email]    create or promote an administrator
                          (password from ADMIN_PASSWORD, or asked for)
  seed-demo               load the demo data into the database (idempotent)
  purge                   delete expired sessions, tokens and idempotency keys, and sent
                          mail and relayed events older than RETENTION_DAYS (the API also
                          does this hourly; one run at a time)`;

async function ask(question: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  try {
    return (await rl.question(question)).trim();
  } finally {
    rl.close();
  }
}

async function migrate(database: Database, [direction = 'up', count]: string[]): Promise<number> {
  if (direction === 'up') {
    await database.migrate();
    process.stdout.write('Migrations applied.\n');
    return 0;
  }
  if (direction === 'status') {
    for (const m of await migrationStatus(database.db)) {
      process.stdout.write(`${m.applied ? 'applied' : 'pending'}  ${m.tag}${m.reversible ? '' : '  (no down step)'}\n`);
    }
    return 0;
  }
  if (direction === 'down') {
    const steps = count === undefined ? 1 : Number(count);
    if (!/^\d+$/.test(count ?? '1') || steps < 1) throw new Error('migrate down takes a number of migrations, 1 or more');
    for (const tag of await migrateDown(database.db, steps)) process.stdout.write(`undone: ${tag}\n`);
    return 0;
  }
  throw new Error(`migrate takes up, down [N] or status, not '${direction}'`);
}

async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  if (!command || command === 'help' || command === '--help') {
    process.stdout.write(`${USAGE}\n`);
    return command ? 0 : 2;
  }
  const config = loadConfigFromEnvironment();
  const database = await openDatabase({
    url: config.database.url,
    dataDir: config.dataDir,
    poolSize: 2,
    statementTimeoutMs: config.database.statementTimeoutMs,
  });
  try {
    switch (command) {
      case 'migrate':
        return await migrate(database, args);
      case 'create-admin': {
        const email = args[0] ?? config.admin?.email ?? (await ask('Admin e-mail: '));
        const password = config.adminPassword ?? (await ask('Password (8–128 characters): '));
        if (!/^[^@\s]+@[^@\s]+$/.test(email)) throw new Error('that is not an e-mail address');
        if (password.length < 8 || password.length > 128) throw new Error('the password must be 8–128 characters');
        if (await isCommonPassword(password)) throw new Error('that password is one of the most common; choose another');
        await database.migrate();
        const outcome = await ensureAdmin(database.db, { email, password });
        process.stdout.write(`Admin ${email.toLowerCase()}: ${outcome}.\n`);
        return 0;
      }
      case 'seed-demo':
        await database.migrate();
        await seedDemo(database.db, new LocalImageStorage(uploadsDir(config)), (step) => process.stdout.write(`seeding ${step}…\n`));
        process.stdout.write('Demo data is in place.\n');
        return 0;
      case 'purge': {
        await database.migrate();
        const report = await purgeExpired(database.db, { retentionDays: config.retentionDays, sessionMaxDays: config.jwt.sessionMaxDays });
        if (!report) {
          process.stdout.write('Another purge is running; nothing done.\n');
          return 0;
        }
        const counts = Object.entries(report).map(([what, n]) => `${what}: ${n}`);
        process.stdout.write(`Purged: ${counts.join(', ')}.\n`);
        return 0;
      }
      default:
        process.stderr.write(`Unknown command '${command}'.\n${USAGE}\n`);
        return 2;
    }
  } finally {
    await database.close();
  }
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (err) {
  const message = err instanceof ConfigError ? err.message : `emporium: ${err instanceof Error ? err.message : String(err)}`;
  process.stderr.write(`${message}\n`);
  process.exitCode = 1;
}
