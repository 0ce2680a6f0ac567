import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/**
 * With tracing on: names each request's HTTP server span by its route template and gives it
 * the request id (`emporium.request_id`, the X-Request-Id the response and the logs carry), so
 * a log line leads to its trace. Loads the OpenTelemetry API only when registered.
 */
async function traceAttributesPlugin(app: FastifyInstance) {
  const { trace } = await import('@opentelemetry/api');
  app.addHook('onRequest', (request, _reply, done) => {
    const span = trace.getActiveSpan();
    if (span) {
      span.setAttribute('emporium.request_id', request.id);
      const route = request.routeOptions.url;
      if (route) {
        span.setAttribute('http.route', route);
        span.updateName(`${request.method} ${route}`);
      }
    }
    done();
  });
}

export const traceAttributes = fp(traceAttributesPlugin, { name: 'trace-attributes' });
