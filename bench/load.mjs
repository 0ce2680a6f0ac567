// The load generator, run as its own process (autocannon). Reads a scenario as JSON on
// argv and prints autocannon's result as JSON. Each pass through the sequence plays one
// customer: it takes a token (and so a cart) no other connection holds at the time, and
// gives it back when its last response arrives. (autocannon clears a connection's context
// at every pass, so a customer cannot be tied to the connection itself.)
import autocannon from 'autocannon';

const s = JSON.parse(process.argv[2]);
const customers = s.tokens?.length ?? 0;
const free = Array.from({ length: customers }, (_, i) => customers - 1 - i);
let overflow = 0;
let counter = 0;
const requests = s.sequence.map((step, index) => ({
  method: step.method,
  path: step.path,
  headers: { 'content-type': 'application/json', ...(step.headers ?? {}) },
  setupRequest: (req, context) => {
    // More connections than customers (or a lost response): share round robin.
    if (customers && context.customer === undefined) context.customer = free.pop() ?? overflow++ % customers;
    counter++;
    const headers = { ...req.headers };
    const token = s.tokens?.[context.customer];
    if (token) headers.authorization = `Bearer ${token}`;
    const out = { ...req, headers };
    if (step.paths) out.path = step.paths[counter % step.paths.length];
    if (step.perConnectionBodies)
      out.body = JSON.stringify(step.perConnectionBodies[(context.customer ?? 0) % step.perConnectionBodies.length]);
    else if (step.bodies) out.body = JSON.stringify(step.bodies[counter % step.bodies.length]);
    else if (step.body) out.body = JSON.stringify(step.body);
    return out;
  },
  ...(index === s.sequence.length - 1
    ? {
        onResponse: (_status, _body, context) => {
          if (context.customer !== undefined) free.push(context.customer);
        },
      }
    : {}),
}));
autocannon({ url: s.url, connections: s.connections, duration: s.duration, requests, initialContext: {} }, (err, result) => {
  if (err) {
    process.stderr.write(String(err));
    process.exit(1);
  }
  process.stdout.write(JSON.stringify(result));
});
