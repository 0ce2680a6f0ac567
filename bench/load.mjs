// The load generator, run as its own process (autocannon). Reads a scenario as JSON on
// argv and prints autocannon's result as JSON. Each connection plays one customer: it gets
// its own token (and so its own cart) from `tokens`.
import autocannon from 'autocannon';

const s = JSON.parse(process.argv[2]);
let nextConnection = 0;
let counter = 0;
const requests = s.sequence.map((step) => ({
  method: step.method,
  path: step.path,
  headers: { 'content-type': 'application/json', ...(step.headers ?? {}) },
  setupRequest: (req, context) => {
    if (context.connection === undefined) context.connection = nextConnection++;
    counter++;
    const headers = { ...req.headers };
    const token = s.tokens?.[context.connection % s.tokens.length];
    if (token) headers.authorization = `Bearer ${token}`;
    const out = { ...req, headers };
    if (step.paths) out.path = step.paths[counter % step.paths.length];
    if (step.perConnectionBodies) out.body = JSON.stringify(step.perConnectionBodies[context.connection % step.perConnectionBodies.length]);
    else if (step.bodies) out.body = JSON.stringify(step.bodies[counter % step.bodies.length]);
    else if (step.body) out.body = JSON.stringify(step.body);
    return out;
  },
}));
autocannon({ url: s.url, connections: s.connections, duration: s.duration, requests, initialContext: {} }, (err, result) => {
  if (err) {
    process.stderr.write(String(err));
    process.exit(1);
  }
  process.stdout.write(JSON.stringify(result));
});
