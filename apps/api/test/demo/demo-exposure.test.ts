import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { ConfigError, loadConfig } from '../../src/config.js';
import { users } from '../../src/db/schema/index.js';
import { DEMO_ACCOUNTS } from '../../src/demo/seed-demo.js';
import { hashPassword } from '../../src/modules/auth/password.js';
import { insertUserUnlessEmailTaken } from '../../src/modules/users/users.repository.js';
import { prepareDatabase } from '../../src/startup.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';

const silent = { info: () => {} } as unknown as Console;

describe('demo accounts and the listen address', () => {
  let testDb: TestDatabase;
  before(async () => {
    testDb = await createTestDatabase();
    // As a demo seeded on this machine leaves them (the catalog is not needed here).
    for (const account of Object.values(DEMO_ACCOUNTS)) {
      await insertUserUnlessEmailTaken(testDb.database.db, {
        email: account.email,
        fullName: account.fullName,
        passwordHash: await hashPassword(account.password),
        isVerified: true,
      });
    }
  });
  after(() => testDb.drop());

  const prepare = (host: string) =>
    prepareDatabase(loadConfig({ NODE_ENV: 'test', HOST: host, SEED_DEMO: 'false', DATABASE_URL: testDb.url }), testDb.database, silent);

  it('when the database holds demo accounts with their published passwords, then the API starts on loopback only', async () => {
    await prepare('127.0.0.1');
    for (const host of ['0.0.0.0', '10.1.2.3']) {
      await assert.rejects(prepare(host), (err: unknown) => {
        assert.ok(err instanceof ConfigError);
        assert.match(err.message, /Refusing to start: the demo account .* published password .*HOST=/);
        return true;
      });
    }
  });

  it('when their passwords were changed, then the API may listen anywhere', async () => {
    for (const account of Object.values(DEMO_ACCOUNTS)) {
      await testDb.database.db
        .update(users)
        .set({ passwordHash: await hashPassword(`${account.password} changed by the operator`) })
        .where(eq(users.email, account.email));
    }
    await prepare('0.0.0.0');
  });
});
