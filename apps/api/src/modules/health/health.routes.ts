import { ErrorBodySchema, ErrorCode } from '@emporium/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorBody } from '../../plugins/error-handler.js';

/** A dependency of the API; `check` throws or times out when it is down. */
export interface ReadinessCheck {
  name: string;
  check(): Promise<void>;
  /**
   * The API keeps serving without it (Redis, Kafka): shown as down, with `status: degraded`,
   * but the instance stays ready. Taking every instance out of the load balancer because a
   * shared helper is down would turn a degraded shop into a closed one.
   */
  optional?: boolean;
}

/** Something the readiness body reports (e.g. the outbox backlog) without it deciding readiness. */
export interface ReadinessReport {
  name: string;
  read(): Promise<unknown>;
}

const CHECK_TIMEOUT_MS = 2000;

async function probe(check: ReadinessCheck): Promise<'up' | 'down'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timeout')), CHECK_TIMEOUT_MS);
  });
  try {
    await Promise.race([check.check(), timeout]);
    return 'up';
  } catch {
    return 'down';
  } finally {
    clearTimeout(timer);
  }
}

const tags = ['operations'];
const Checks = z.record(z.string(), z.enum(['up', 'down'])).describe('Each dependency: up or down');
const Outbox = z
  .object({ pending: z.number().int(), oldestPendingAgeSeconds: z.number().int().nullable(), parked: z.number().int() })
  .nullable()
  .optional()
  .describe("With KAFKA_BROKERS: domain events waiting to be relayed, the oldest one's age, and those parked after failing");

async function readReports(reports: ReadinessReport[]): Promise<Record<string, unknown>> {
  const read = await Promise.all(reports.map(async (r) => [r.name, await r.read().catch(() => null)] as const));
  return Object.fromEntries(read);
}

export const healthRoutes: FastifyPluginAsyncZod<{ checks: ReadinessCheck[]; reports?: ReadinessReport[] }> = async (
  app,
  { checks, reports = [] },
) => {
  app.get(
    '/health',
    { schema: { tags, summary: 'Liveness: 200 while the process is up', response: { 200: z.object({ status: z.literal('ok') }) } } },
    async (_request, reply) => reply.header('cache-control', 'no-store').send({ status: 'ok' as const }),
  );

  app.get(
    '/health/ready',
    {
      schema: {
        tags,
        summary:
          'Readiness: 200 while the database answers (status degraded when Redis or Kafka does not), else 503; reports the outbox backlog',
        response: {
          200: z.object({ status: z.enum(['ready', 'degraded']), checks: Checks, outbox: Outbox }),
          503: ErrorBodySchema.extend({ checks: Checks, outbox: Outbox }).describe('Not ready: the error body, with each dependency'),
        },
      },
    },
    async (request, reply) => {
      const [results, reported] = await Promise.all([
        Promise.all(checks.map(async (c) => [c, await probe(c)] as const)),
        readReports(reports),
      ]);
      const status = Object.fromEntries(results.map(([c, s]) => [c.name, s]));
      reply.header('cache-control', 'no-store');
      const down = results.filter(([, s]) => s === 'down').map(([c]) => c);
      if (down.every((c) => c.optional)) {
        return reply.send({ status: down.length ? 'degraded' : 'ready', checks: status, ...reported });
      }
      const names = down.filter((c) => !c.optional).map((c) => c.name);
      return reply.code(503).send({
        ...errorBody(request, 503, ErrorCode.NotReady, `Not ready: ${names.join(', ')} unavailable`),
        checks: status,
        ...reported,
      });
    },
  );
};
