// Run by tracing.test.ts in a process of its own: builds the app (with metrics when the first
// argument is `metrics`), serves a request, and prints which prom-client and OpenTelemetry
// files were loaded.
import { createRequire } from 'node:module';
import { startTestApp } from '../helpers/test-app.js';

const ctx = await startTestApp(process.argv[2] === 'metrics' ? { METRICS_TOKEN: 'loaded-modules-token-0123' } : {});
try {
  const res = await ctx.app.inject({ method: 'GET', url: '/api/v1/products' });
  if (res.statusCode !== 200) throw new Error(`products: ${res.statusCode}`);
} finally {
  await ctx.close();
}
const loaded = Object.keys(createRequire(import.meta.url).cache).filter((path) => /[\\/](prom-client|@opentelemetry)[\\/]/.test(path));
process.stdout.write(`${JSON.stringify([...new Set(loaded.map((p) => /(prom-client|@opentelemetry[\\/][^\\/]+)/.exec(p)?.[1]))])}\n`);
