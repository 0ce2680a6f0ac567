// Run by tracing.test.ts in a process of its own: tracing patches pg, ioredis and node:http
// for the whole process. Argument: the OTLP endpoint. Prints the checkout's request id.
import type { AddressInfo } from 'node:net';
import { startTracing } from '../../src/tracing.js';
import { makeProduct } from '../helpers/catalog.js';
import { createUserAndSignIn, startTestApp } from '../helpers/test-app.js';

const endpoint = process.argv[2];
if (!endpoint) throw new Error('usage: traced-checkout.ts <otlp endpoint>');
const tracing = startTracing({ endpoint, serviceName: 'emporium-test' });
const ctx = await startTestApp({ OTEL_EXPORTER_OTLP_ENDPOINT: endpoint });
try {
  const admin = await createUserAndSignIn(ctx, { role: 'admin' });
  const customer = await createUserAndSignIn(ctx);
  const product = await makeProduct(ctx, admin, { stockQuantity: 3 });
  const added = await ctx.app.inject({
    method: 'POST',
    url: '/api/v1/cart/items',
    headers: customer.auth,
    payload: { productId: product.id, quantity: 1 },
  });
  if (added.statusCode !== 200) throw new Error(`cart: ${added.body}`);
  await ctx.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = ctx.app.server.address() as AddressInfo;
  const requestId = `traced-checkout-${Date.now()}`;
  const res = await fetch(`http://127.0.0.1:${port}/api/v1/orders`, {
    method: 'POST',
    headers: { ...customer.auth, 'content-type': 'application/json', 'x-request-id': requestId },
    body: JSON.stringify({
      shippingAddress: { fullName: 'Ada Lovelace', line1: '12 St James Square', city: 'London', postalCode: 'SW1Y 4JH', country: 'gb' },
    }),
  });
  if (res.status !== 201) throw new Error(`checkout: ${res.status} ${await res.text()}`);
  process.stdout.write(`${JSON.stringify({ requestId })}\n`);
} finally {
  await ctx.close();
  await tracing.shutdown();
}
