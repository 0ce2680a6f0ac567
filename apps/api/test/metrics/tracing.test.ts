import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes: { key: string; value: { stringValue?: string; intValue?: string | number } }[];
}

const SERVER = 2;
const CLIENT = 3;
const attribute = (span: OtlpSpan, key: string) => {
  const value = span.attributes.find((a) => a.key === key)?.value;
  return value?.stringValue ?? value?.intValue;
};
/** `db.system` before the stable database conventions, `db.system.name` after. */
const dbSystem = (span: OtlpSpan) => attribute(span, 'db.system.name') ?? attribute(span, 'db.system');

/** An OTLP/HTTP JSON receiver (what a collector listens on), keeping every span it is sent. */
async function startReceiver(): Promise<{ server: Server; url: string; spans: OtlpSpan[]; contentTypes: string[] }> {
  const spans: OtlpSpan[] = [];
  const contentTypes: string[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      contentTypes.push(String(req.headers['content-type']));
      if (req.url === '/v1/traces') {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
          resourceSpans: { scopeSpans: { spans: OtlpSpan[] }[] }[];
        };
        for (const resource of body.resourceSpans) for (const scope of resource.scopeSpans) spans.push(...scope.spans);
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, spans, contentTypes };
}

/** Runs a script of this folder in a node process of its own; resolves with its last line of output, parsed. */
function runScript<T>(name: string, arg: string): Promise<T> {
  const script = fileURLToPath(new URL(`./${name}`, import.meta.url));
  const child = spawn(process.execPath, ['--conditions=development', '--import', 'tsx', script, arg], {
    cwd: fileURLToPath(new URL('../..', import.meta.url)),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (c: Buffer) => {
    out += c;
  });
  child.stderr.on('data', (c: Buffer) => {
    err += c;
  });
  return new Promise((resolve, reject) => {
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`${name} exited with ${code}: ${err}`));
      resolve(JSON.parse(out.trim().split('\n').at(-1) ?? '{}'));
    });
  });
}

describe('tracing (OTEL_EXPORTER_OTLP_ENDPOINT)', () => {
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  before(async () => {
    receiver = await startReceiver();
  });
  after(() => new Promise<void>((resolve) => receiver.server.close(() => resolve())));

  it('when a checkout is traced, then its HTTP server span carries the route and request id, with database spans under it', async () => {
    const { requestId } = await runScript<{ requestId: string }>('traced-checkout.ts', receiver.url);
    const { spans } = receiver;
    assert.ok(receiver.contentTypes.every((t) => t.startsWith('application/json')));
    const server = spans.find((s) => s.kind === SERVER && attribute(s, 'emporium.request_id') === requestId);
    assert.ok(server, `no server span with the request id among ${spans.map((s) => s.name).join(', ')}`);
    assert.equal(server.name, 'POST /api/v1/orders');
    assert.equal(attribute(server, 'http.route'), '/api/v1/orders');

    const byId = new Map(spans.map((s) => [s.spanId, s]));
    const under = (span: OtlpSpan): boolean => {
      for (let p = span.parentSpanId && byId.get(span.parentSpanId); p; p = p.parentSpanId ? byId.get(p.parentSpanId) : undefined) {
        if (p.spanId === server.spanId) return true;
      }
      return false;
    };
    const inCheckout = spans.filter((s) => s.traceId === server.traceId && under(s));
    if (process.env.DATABASE_URL) {
      const queries = inCheckout.filter((s) => s.kind === CLIENT && s.name.startsWith('pg.query') && dbSystem(s) === 'postgresql');
      assert.ok(queries.length >= 3, `pg spans under the checkout: ${inCheckout.map((s) => s.name).join(', ')}`);
    }
    if (process.env.REDIS_URL) {
      // The general rate limit counts every /api/ request in Redis.
      assert.ok(
        inCheckout.some((s) => s.kind === CLIENT && dbSystem(s) === 'redis'),
        'no Redis span under the checkout',
      );
    }
  });
});

describe('observability when not configured', () => {
  it('when neither tracing nor metrics is configured, then no OpenTelemetry or prom-client module is loaded', async () => {
    const [off, withMetrics] = await Promise.all([
      runScript<string[]>('loaded-modules.ts', 'none'),
      runScript<string[]>('loaded-modules.ts', 'metrics'),
    ]);
    assert.deepEqual(off, []);
    // The check sees them when they are loaded: prom-client requires the OpenTelemetry API (exemplars).
    assert.ok(withMetrics.includes('prom-client'), JSON.stringify(withMetrics));
    assert.ok(!withMetrics.some((m) => m.includes('sdk-node') || m.includes('instrumentation')), JSON.stringify(withMetrics));
  });
});
