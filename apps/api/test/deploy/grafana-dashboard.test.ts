import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { metricFamilies } from '../helpers/prometheus-text.js';
import { startTestApp, type TestContext } from '../helpers/test-app.js';
import { readRepoFile } from './deploy-files.js';

interface Panel {
  type: string;
  title: string;
  datasource?: { type: string; uid: string };
  targets?: { expr: string; datasource?: { uid: string } }[];
}

const dashboard = JSON.parse(readRepoFile('deploy/grafana/emporium.json')) as {
  __inputs: { name: string; type: string; pluginId: string }[];
  panels: Panel[];
};
const queried = dashboard.panels.filter((p) => p.type !== 'row');
const TOKEN = 'dashboard-test-token-0123456789';
/** Grafana's placeholder for the data source chosen at import (written with `$` and braces). */
const DS_INPUT = ['$', '{DS_PROMETHEUS}'].join('');
const HISTOGRAM_SERIES = /_(bucket|count|sum)$/;

describe('deploy/grafana/emporium.json', () => {
  let ctx: TestContext;
  let families: Map<string, string>;
  before(async () => {
    ctx = await startTestApp({ METRICS_TOKEN: TOKEN });
    const res = await ctx.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } });
    families = metricFamilies(res.body);
  });
  after(() => ctx.close());

  it('asks for its Prometheus data source as the DS_PROMETHEUS input, and every panel uses it', () => {
    assert.deepEqual(
      dashboard.__inputs.map((i) => [i.name, i.type, i.pluginId]),
      [['DS_PROMETHEUS', 'datasource', 'prometheus']],
    );
    assert.ok(queried.length >= 10);
    for (const panel of queried) {
      assert.equal(panel.datasource?.uid, DS_INPUT, panel.title);
      for (const target of panel.targets ?? []) assert.equal(target.datasource?.uid, DS_INPUT, panel.title);
    }
  });

  it('queries only metrics the API exposes', () => {
    const missing: string[] = [];
    let names = 0;
    for (const panel of queried) {
      assert.ok(panel.targets?.length, `${panel.title} has no query`);
      for (const { expr } of panel.targets) {
        for (const [name] of expr.matchAll(/\bemporium_[a-z0-9_]+/g)) {
          names++;
          // A histogram's series are its name with _bucket, _count or _sum.
          const base = name.replace(HISTOGRAM_SERIES, '');
          const family = families.get(base) === 'histogram' ? base : name;
          if (!families.has(family)) missing.push(`${name} (${panel.title})`);
        }
      }
    }
    assert.ok(names > 20);
    assert.deepEqual(missing, []);
  });

  it('covers the metrics listed for operators: requests, event loop, memory, pool, cache, outboxes, logins, orders', () => {
    const all = queried.flatMap((p) => p.targets?.map((t) => t.expr) ?? []).join('\n');
    for (const name of [
      'emporium_http_request_duration_seconds_bucket',
      'emporium_nodejs_eventloop_lag_p99_seconds',
      'emporium_process_resident_memory_bytes',
      'emporium_db_pool_waiting_queries',
      'emporium_catalog_cache_hits_total',
      'emporium_mail_outbox_backlog',
      'emporium_event_outbox_oldest_age_seconds',
      'emporium_login_failures_total',
      'emporium_rate_limit_refusals_total',
      'emporium_orders_placed_total',
      'emporium_checkout_conflicts_total',
    ]) {
      assert.ok(all.includes(name), name);
    }
  });
});
