import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { loadConfig } from '../../src/config.js';
import { hashPassword, verifyPassword } from '../../src/modules/auth/password.js';
import { ensureAdmin } from '../../src/modules/users/admin-bootstrap.js';
import { AdminAccountUnverifiedError } from '../../src/modules/users/users.errors.js';
import { findUserByEmail, insertUserUnlessEmailTaken } from '../../src/modules/users/users.repository.js';
import { prepareDatabase } from '../../src/startup.js';
import { GOOD_PASSWORD, uniqueEmail } from '../helpers/test-app.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';

const ADMIN_PASSWORD = 'the operator admin passphrase';
const silent = { info: () => {} } as unknown as Console;

describe('ADMIN_EMAIL and create-admin', () => {
  let testDb: TestDatabase;
  before(async () => {
    testDb = await createTestDatabase();
  });
  after(() => testDb.drop());

  const customer = async (isVerified: boolean) => {
    const email = uniqueEmail(isVerified ? 'verified' : 'squatter');
    await insertUserUnlessEmailTaken(testDb.database.db, {
      email,
      fullName: 'Somebody',
      passwordHash: await hashPassword(GOOD_PASSWORD),
      isVerified,
    });
    return email;
  };

  it('when the address has no account, then a verified admin is created with the given password', async () => {
    const email = uniqueEmail('fresh-admin');
    assert.equal(await ensureAdmin(testDb.database.db, { email, password: ADMIN_PASSWORD }), 'created');
    const row = await findUserByEmail(testDb.database.db, email);
    assert.equal(row?.role, 'admin');
    assert.equal(row?.isVerified, true);
    assert.ok(row && (await verifyPassword(row.passwordHash, ADMIN_PASSWORD)));
  });

  it('when the account exists but its address was never verified, then it is refused and stays an unverified customer', async () => {
    const email = await customer(false);
    await assert.rejects(ensureAdmin(testDb.database.db, { email, password: ADMIN_PASSWORD }), (err: unknown) => {
      assert.ok(err instanceof AdminAccountUnverifiedError);
      assert.match(err.message, /never verified/);
      return true;
    });
    const row = await findUserByEmail(testDb.database.db, email);
    assert.equal(row?.role, 'customer');
    assert.equal(row?.isVerified, false);
    assert.ok(row && (await verifyPassword(row.passwordHash, GOOD_PASSWORD)), 'the password is untouched');
  });

  it('when the API starts with ADMIN_EMAIL naming an unverified account, then it refuses to start with the reason', async () => {
    const email = await customer(false);
    const config = loadConfig({ NODE_ENV: 'test', ADMIN_EMAIL: email, ADMIN_PASSWORD, SEED_DEMO: 'false', DATABASE_URL: testDb.url });
    await assert.rejects(prepareDatabase(config, testDb.database, silent), /Refusing to start: ADMIN_EMAIL .* never verified/);
    assert.equal((await findUserByEmail(testDb.database.db, email))?.role, 'customer');
  });

  it('when the account is verified, then it is promoted and keeps its own password', async () => {
    const email = await customer(true);
    assert.equal(await ensureAdmin(testDb.database.db, { email, password: ADMIN_PASSWORD }), 'promoted');
    const row = await findUserByEmail(testDb.database.db, email);
    assert.equal(row?.role, 'admin');
    assert.ok(row && (await verifyPassword(row.passwordHash, GOOD_PASSWORD)));
    assert.equal(await ensureAdmin(testDb.database.db, { email, password: ADMIN_PASSWORD }), 'unchanged');
  });
});
