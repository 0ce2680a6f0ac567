import http from 'node:http';
import { createRequire } from 'node:module';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import type { InstrumentationBase } from '@opentelemetry/instrumentation';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { IORedisInstrumentation } from '@opentelemetry/instrumentation-ioredis';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { Redis } from 'ioredis';
import pg from 'pg';
import type { Config } from './config.js';

export interface Tracing {
  /** Sends the spans still buffered and stops. */
  shutdown(): Promise<void>;
}

/**
 * Patches `exports` with the instrumentation's own patch for module `name`. Instrumentations
 * normally patch a package when it is first required; in the production bundle `pg` is bundled
 * (no require to see) and in development it may already be loaded. The patches wrap prototype
 * methods (`Client.prototype.query`, `Pool.prototype.connect`, `Redis.prototype.sendCommand`,
 * `http.Server.prototype.emit`), so applying them to the very objects the API uses works in
 * both, whenever it happens before the first request.
 */
function patch(instrumentation: InstrumentationBase, name: string, exports: unknown, version?: string): void {
  const definition = instrumentation.getModuleDefinitions().find((d) => d.name === name);
  if (!definition?.patch) throw new Error(`tracing: no ${name} patch in ${instrumentation.instrumentationName}`);
  definition.patch(exports, version);
}

/**
 * OpenTelemetry traces over OTLP/HTTP (OTEL_EXPORTER_OTLP_ENDPOINT): a span for every HTTP
 * request the API serves, with pg and Redis client spans under it. server.ts imports this
 * module only when tracing is configured, so without it no OpenTelemetry code loads.
 */
export function startTracing({ endpoint, serviceName }: NonNullable<Config['tracing']>): Tracing {
  // Scrapes of the metrics listener are not worth a trace each.
  const httpInstrumentation = new HttpInstrumentation({ ignoreIncomingRequestHook: (req) => req.url === '/metrics' });
  const pgInstrumentation = new PgInstrumentation();
  const redisInstrumentation = new IORedisInstrumentation();
  const sdk = new NodeSDK({
    serviceName,
    traceExporter: new OTLPTraceExporter({ url: `${endpoint}/v1/traces` }),
    instrumentations: [httpInstrumentation, pgInstrumentation, redisInstrumentation],
    // Traces only: metrics are Prometheus's (/metrics), and logs go to stdout. Without these the
    // SDK would also export both to the OTLP endpoint.
    metricReaders: [],
    logRecordProcessors: [],
  });
  sdk.start();
  patch(httpInstrumentation, 'http', http);
  patch(pgInstrumentation, 'pg', pg);
  // pg.Pool extends pg-pool's Pool: the class whose connect the instrumentation wraps.
  patch(pgInstrumentation, 'pg-pool', Object.getPrototypeOf(pg.Pool));
  const ioredisVersion = (createRequire(import.meta.url)('ioredis/package.json') as { version: string }).version;
  patch(redisInstrumentation, 'ioredis', Redis, ioredisVersion);
  return { shutdown: () => sdk.shutdown() };
}
