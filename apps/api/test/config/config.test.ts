import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { startSettings } from '../../../../scripts/start-settings.mjs';
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

  it('when TRUST_PROXY is true, then it trusts one hop, never every hop', () => {
    const trust = loadConfig({ TRUST_PROXY: 'true' }).trustProxy;
    assert.equal(typeof trust, 'function');
    if (typeof trust !== 'function') return;
    assert.equal(trust('10.0.0.1', 0), true);
    assert.equal(trust('203.0.113.1', 1), false);
    assert.equal(loadConfig({ TRUST_PROXY: 'false' }).trustProxy, false);
  });

  it('when HOST is not a loopback address, then the demo data (accounts with published passwords) is off by default and refused when asked for', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]']) {
      assert.equal(loadConfig({ HOST: host }).seedDemo, true, host);
    }
    for (const host of ['0.0.0.0', '::', '192.168.1.20', 'shop.example.com']) {
      assert.equal(loadConfig({ HOST: host }).seedDemo, false, host);
      assert.throws(
        () => loadConfig({ HOST: host, SEED_DEMO: 'true' }),
        (err: unknown) => {
          assert.ok(err instanceof ConfigError);
          assert.match(err.message, /SEED_DEMO .*published.*HOST=/);
          return true;
        },
      );
      assert.equal(loadConfig({ HOST: host, SEED_DEMO: 'false' }).seedDemo, false);
    }
  });

  it('when npm start runs, then the web shop and the API listen on 127.0.0.1 unless HOST is set, and the demo accounts are printed only on loopback', () => {
    const plain = startSettings({});
    assert.equal(plain.host, '127.0.0.1');
    assert.equal(plain.apiUrl, 'http://127.0.0.1:8000');
    assert.equal(plain.demo, true);
    const everywhere = startSettings({ HOST: '0.0.0.0', WEB_PORT: '3100' });
    assert.equal(everywhere.host, '0.0.0.0');
    assert.equal(everywhere.webLocalUrl, 'http://127.0.0.1:3100');
    assert.equal(everywhere.demo, false);
    assert.equal(startSettings({ HOST: '0.0.0.0', SEED_DEMO: 'true' }).demo, false);
    assert.equal(startSettings({ DATABASE_URL: 'postgres://u@h/db' }).demo, false);
    const script = readFileSync(new URL('../../../../scripts/start.mjs', import.meta.url), 'utf8');
    assert.match(script, /'--hostname', host\]/, 'next is told where to listen (it would take every interface)');
    assert.match(script, /HOST: host/, 'the API gets the same address');
  });
});
