import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from '../../src/config.js';

describe('metrics and tracing configuration', () => {
  it('when nothing is set, then no metrics are served and tracing is off', () => {
    const config = loadConfig({});
    assert.deepEqual(config.metrics, { enabled: false, port: undefined, host: '127.0.0.1', token: undefined });
    assert.equal(config.tracing, undefined);
  });

  it('when METRICS_PORT or METRICS_TOKEN is set, then metrics are on; the listener binds 127.0.0.1 unless METRICS_HOST says otherwise', () => {
    assert.deepEqual(loadConfig({ METRICS_PORT: '9464' }).metrics, { enabled: true, port: 9464, host: '127.0.0.1', token: undefined });
    const token = 'a-token-of-sixteen-or-more';
    assert.deepEqual(loadConfig({ METRICS_TOKEN: token, METRICS_HOST: '0.0.0.0' }).metrics, {
      enabled: true,
      port: undefined,
      host: '0.0.0.0',
      token,
    });
  });

  it('when METRICS_TOKEN is shorter than 16 characters or METRICS_PORT is not a port, then the configuration is refused naming it', () => {
    assert.throws(
      () => loadConfig({ METRICS_TOKEN: 'short' }),
      (err: Error) => err instanceof ConfigError && /METRICS_TOKEN/.test(err.message),
    );
    assert.throws(
      () => loadConfig({ METRICS_PORT: '70000' }),
      (err: Error) => err instanceof ConfigError && /METRICS_PORT/.test(err.message),
    );
  });

  it('when OTEL_EXPORTER_OTLP_ENDPOINT is set, then tracing is on with OTEL_SERVICE_NAME; a bad URL is refused', () => {
    assert.deepEqual(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' }).tracing, {
      endpoint: 'http://collector:4318',
      serviceName: 'emporium-api',
    });
    assert.equal(
      loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_SERVICE_NAME: 'shop-api' }).tracing?.serviceName,
      'shop-api',
    );
    assert.throws(
      () => loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector' }),
      (err: Error) => err instanceof ConfigError && /OTEL_EXPORTER_OTLP_ENDPOINT/.test(err.message),
    );
  });
});
