// The load generator, run as its own process. Reads a scenario as JSON on argv and prints
// the result as JSON in autocannon's shape, plus which generator ran it.
//
// Plain requests go to wrk when it is installed (`apt-get install wrk`): GETs, and one POST
// with its bodies (logins). wrk is a C client that reads a 26 KB catalog page for a fraction
// of the CPU autocannon spends on it (autocannon saturated a core at ~14,000 list pages/s
// while the API idled half the time), and on two cores what the generator spends the server
// lacks (logins: 5 % more with wrk). Signed-in sequences run on autocannon. Each pass
// through a sequence plays one customer: it takes a token (and so a cart) no other
// connection holds at the time, and gives it back when its last response arrives.
// (autocannon clears a connection's context at every pass, so a customer cannot be tied to
// the connection itself.)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';

const s = JSON.parse(process.argv[2]);

const wrkInstalled = spawnSync('wrk', ['--version']).error === undefined;
const wrkRequests = plainRequests();
if (wrkInstalled && wrkRequests && s.generator !== 'autocannon') {
  process.stdout.write(JSON.stringify(runWrk(wrkRequests)));
  process.exit(0);
}

/**
 * The scenario as a list of requests (method, path, body) that wrk can cycle through, when
 * it has no signed-in customers: GETs of one or more paths, or one POST with its bodies
 * (logins). Anything else (customers, sequences) is undefined: autocannon plays it.
 */
function plainRequests() {
  if (s.tokens) return undefined;
  if (s.sequence.every((step) => step.method === 'GET' && !step.body && !step.bodies && !step.perConnectionBodies)) {
    return s.sequence.flatMap((step) => (step.paths ?? [step.path]).map((path) => ['GET', path, null]));
  }
  const [step, ...more] = s.sequence;
  if (more.length || step.paths || step.perConnectionBodies || !(step.bodies || step.body)) return undefined;
  return (step.bodies ?? [step.body]).map((body) => [step.method, step.path, JSON.stringify(body)]);
}

/** wrk with one thread (the other core is the server's), cycling through the requests. */
function runWrk(requests) {
  const dir = mkdtempSync(join(tmpdir(), 'emporium-wrk-'));
  const script = join(dir, 'requests.lua');
  // A JSON string literal is a Lua one too, but for \u escapes (control characters).
  const literal = (text) => {
    const quoted = JSON.stringify(text);
    if (quoted.includes('\\u')) throw new Error(`no Lua literal for ${quoted}`);
    return quoted;
  };
  const lines = requests.map(([method, path, body]) => `{${literal(method)}, ${literal(path)}, ${body === null ? 'nil' : literal(body)}}`);
  writeFileSync(
    script,
    `local requests = {\n${lines.join(',\n')}\n}\nlocal json = {["content-type"] = "application/json"}\nlocal i = 0\n` +
      'request = function()\n  i = i + 1\n  local r = requests[(i % #requests) + 1]\n' +
      '  return wrk.format(r[1], r[2], r[3] and json or nil, r[3])\nend\n',
  );
  const origin = new URL(s.url).origin;
  const run = spawnSync('wrk', ['-t1', `-c${s.connections}`, `-d${s.duration}s`, '--latency', '-s', script, origin], {
    encoding: 'utf8',
  });
  rmSync(dir, { recursive: true, force: true });
  if (run.status !== 0) throw new Error(`wrk failed: ${run.stderr}`);
  const out = run.stdout;
  const ms = (label) => {
    const m = new RegExp(`${label}%\\s+([\\d.]+)(us|ms|s)`).exec(out);
    if (!m) return 0;
    const scale = { us: 0.001, ms: 1, s: 1000 }[m[2]];
    return Math.round(Number(m[1]) * scale * 100) / 100;
  };
  const total = Number(/(\d+) requests in/.exec(out)?.[1] ?? 0);
  const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0);
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
  return {
    generator: 'wrk',
    requests: { average: Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? 0), total },
    latency: { p50: ms(50), p99: ms(99) },
    errors: socket ? Number(socket[1]) + Number(socket[2]) + Number(socket[3]) : 0,
    timeouts: socket ? Number(socket[4]) : 0,
    non2xx,
    statusCodeStats: { 200: { count: total - non2xx }, ...(non2xx ? { 'non-2xx': { count: non2xx } } : {}) },
  };
}
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
  process.stdout.write(JSON.stringify({ ...result, generator: 'autocannon' }));
});
