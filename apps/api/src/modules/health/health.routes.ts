import { ErrorBodySchema, ErrorCode } from '@emporium/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorBody } from '../../plugins/error-handler.js';

/** A dependency the API needs to serve traffic; `check` throws or times out when it is down. */
export interface ReadinessCheck {
  name: string;
  check(): Promise<void>;
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

export const healthRoutes: FastifyPluginAsyncZod<{ checks: ReadinessCheck[] }> = async (app, { checks }) => {
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
        summary: 'Readiness: 200 only when the database (and Redis/Kafka when configured) answer, else 503',
        response: {
          200: z.object({ status: z.literal('ready'), checks: Checks }),
          503: ErrorBodySchema.extend({ checks: Checks }).describe('Not ready: the error body, with each dependency'),
        },
      },
    },
    async (request, reply) => {
      const results = await Promise.all(checks.map(async (c) => [c.name, await probe(c)] as const));
      const status = Object.fromEntries(results);
      reply.header('cache-control', 'no-store');
      if (results.every(([, s]) => s === 'up')) return reply.send({ status: 'ready' as const, checks: status });
      const down = results.filter(([, s]) => s === 'down').map(([n]) => n);
      return reply
        .code(503)
        .send({ ...errorBody(request, 503, ErrorCode.NotReady, `Not ready: ${down.join(', ')} unavailable`), checks: status });
    },
  );
};
