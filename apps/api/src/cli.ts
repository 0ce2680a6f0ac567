import { createInterface } from 'node:readline/promises';
import { ConfigError, loadConfigFromEnvironment } from './config.js';
import { openDatabase } from './db/client.js';
import { seedDemo } from './demo/seed-demo.js';
import { isCommonPassword } from './modules/auth/password.js';
import { LocalImageStorage } from './modules/images/image-storage.js';
import { ensureAdmin } from './modules/users/admin-bootstrap.js';
import { uploadsDir } from './startup.js';

const USAGE = `Usage: npm run cli -- <command>

Commands:
  migrate                 apply pending database migrations
  create-admin [email]    create or promote an administrator
                          (password from ADMIN_PASSWORD, or asked for)
  seed-demo               load the demo data into the database (idempotent)`;

async function ask(question: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  try {
    return (await rl.question(question)).trim();
  } finally {
    rl.close();
  }
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
        await database.migrate();
        process.stdout.write('Migrations applied.\n');
        return 0;
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
