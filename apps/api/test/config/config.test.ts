import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from '../../src/config.js';

const SECRET = 's'.repeat(32);

describe('configuration', () => {
  it('when nothing is set, then development defaults on the embedded database with demo data', () => {
    const c = loadConfig({});
    assert.equal(c.port, 8000);
    assert.equal(c.host, '127.0.0.1');
    assert.equal(c.database.embedded, true);
    assert.equal(c.dataDir, './data');
    assert.equal(c.seedDemo, true);
    assert.equal(c.rateLimit.loginPerMinute, 5);
    assert.equal(c.mail.from, 'Emporium <no-reply@localhost>');
    assert.equal(c.publicWebUrl, 'http://localhost:3000');
    assert.deepEqual(c.corsOrigins, ['http://localhost:3000']);
    assert.equal(c.store.currency, 'USD');
    assert.ok(c.jwt.secret.length >= 32);
    assert.equal(c.jwt.refreshTtlDays, 14);
    assert.equal(c.jwt.sessionMaxDays, 30);
  });

  it('when SESSION_MAX_DAYS is set, then sessions end that many days after sign-in; out of 1–365 it is refused', () => {
    assert.equal(loadConfig({ SESSION_MAX_DAYS: '7' }).jwt.sessionMaxDays, 7);
    assert.throws(() => loadConfig({ SESSION_MAX_DAYS: '0' }), /SESSION_MAX_DAYS/);
    assert.throws(() => loadConfig({ SESSION_MAX_DAYS: 'forever' }), /SESSION_MAX_DAYS/);
  });

  it('when DATABASE_URL is set, then demo data is off unless asked for', () => {
    assert.equal(loadConfig({ DATABASE_URL: 'postgres://u@h/db' }).seedDemo, false);
    assert.equal(loadConfig({ DATABASE_URL: 'postgres://u@h/db', SEED_DEMO: 'true' }).seedDemo, true);
  });

  it('when NODE_ENV=production, then a JWT_SECRET of 32+ bytes is required and demo data is never loaded', () => {
    assert.throws(() => loadConfig({ NODE_ENV: 'production' }), /JWT_SECRET/);
    assert.throws(() => loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'short' }), /JWT_SECRET/);
    const c = loadConfig({ NODE_ENV: 'production', JWT_SECRET: SECRET, SEED_DEMO: 'true' });
    assert.equal(c.seedDemo, false);
    assert.equal(c.production, true);
    assert.throws(() => loadConfig({ NODE_ENV: 'production', JWT_SECRET: SECRET, CORS_ORIGINS: '*' }), /CORS_ORIGINS/);
  });

  it('when a value is bad, then one ConfigError line names each bad variable', () => {
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', STORE_TIMEZONE: 'Mars/Olympus', SEED_DEMO: 'perhaps' });
      assert.fail('expected a ConfigError');
    } catch (err) {
      assert.ok(err instanceof ConfigError);
      assert.doesNotMatch(err.message, /\n/);
      for (const name of ['PORT', 'DATABASE_URL', 'STORE_TIMEZONE', 'SEED_DEMO']) assert.match(err.message, new RegExp(name));
    }
  });

  it('when lists and flags are given, then they are parsed', () => {
    const c = loadConfig({
      CORS_ORIGINS: 'http://a.test, http://b.test',
      KAFKA_BROKERS: 'k1:9092,k2:9092',
      SEED_DEMO: 'off',
      TRUST_PROXY: '10.0.0.0/8',
    });
    assert.deepEqual(c.corsOrigins, ['http://a.test', 'http://b.test']);
    assert.deepEqual(c.kafkaBrokers, ['k1:9092', 'k2:9092']);
    assert.equal(c.seedDemo, false);
    assert.deepEqual(c.trustProxy, ['10.0.0.0/8']);
    assert.throws(() => loadConfig({ ADMIN_EMAIL: 'a@example.com' }), /ADMIN_PASSWORD/);
  });
});
