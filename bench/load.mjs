// The load generator, run as its own process. Reads a scenario as JSON on argv and prints
// the result as JSON in autocannon's shape, plus which generator ran it.
//
// Every scenario runs on wrk when it is installed (`apt-get install wrk`), on autocannon when
// not, or when the scenario says `"generator": "autocannon"` (to compare the two). wrk is a
// C client that reads a 26 KB catalog page for a fraction of the CPU autocannon spends on it
// (autocannon saturated a core at ~14,000 list pages/s while the API idled half the time),
// and on two cores what the generator spends the server lacks (logins: 5 % more with wrk;
// checkouts: autocannon took ~19 % of a core).
//
// Signed-in scenarios play customers: each pass through a sequence (add to cart, then order)
// is one customer, who holds a token (and so a cart) no other request holds at the time, and
// takes the next step only when the previous step's response has arrived. Neither generator
// ties a customer to a connection (autocannon clears a connection's context at every pass;
// wrk's script does not know which connection asks), so the customer and step travel in the
// request's X-Request-Id, which the API echoes.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';

const s = JSON.parse(process.argv[2]);

const wrkInstalled = spawnSync('wrk', ['--version']).error === undefined;
if (wrkInstalled && s.generator !== 'autocannon') {
  process.stdout.write(JSON.stringify(runWrk()));
  process.exit(0);
}

/** A JSON string literal is a Lua one too, but for \u escapes (control characters). */
function literal(text) {
  const quoted = JSON.stringify(text);
  if (quoted.includes('\\u')) throw new Error(`no Lua literal for ${quoted}`);
  return quoted;
}
function luaList(items) {
  return `{${items.join(', ')}}`;
}
function bodyLiterals(bodies) {
  return luaList(bodies.map((b) => literal(JSON.stringify(b))));
}

/** A step's extra headers (e.g. Accept-Encoding) as a Lua table, with content-type when it has a body. */
function headerTable(step, hasBody) {
  const headers = { ...(step.headers ?? {}), ...(hasBody ? { 'content-type': 'application/json' } : {}) };
  return `{${Object.entries(headers)
    .map(([name, value]) => `[${literal(name.toLowerCase())}] = ${literal(value)}`)
    .join(', ')}}`;
}

/**
 * Without customers: the scenario as one list of requests (method, path, headers, body) that
 * wrk cycles through: GETs of one or more paths, or one POST with its bodies (logins).
 */
function plainScript() {
  let requests;
  if (s.sequence.every((step) => step.method === 'GET' && !step.body && !step.bodies && !step.perConnectionBodies)) {
    requests = s.sequence.flatMap((step) => (step.paths ?? [step.path]).map((path) => ['GET', path, headerTable(step, false), null]));
  } else {
    const [step, ...more] = s.sequence;
    if (more.length || step.paths || step.perConnectionBodies || !(step.bodies || step.body)) {
      throw new Error('a sequence of more than one request needs customers (tokens)');
    }
    requests = (step.bodies ?? [step.body]).map((body) => [step.method, step.path, headerTable(step, true), JSON.stringify(body)]);
  }
  const lines = requests.map(
    ([method, path, headers, body]) => `{${literal(method)}, ${literal(path)}, ${headers}, ${body === null ? 'nil' : literal(body)}}`,
  );
  return (
    `local requests = {\n${lines.join(',\n')}\n}\nlocal i = 0\n` +
    'request = function()\n  i = i + 1\n  local r = requests[(i % #requests) + 1]\n' +
    '  return wrk.format(r[1], r[2], r[3], r[4])\nend\n'
  );
}

/**
 * With customers: a stack of (customer, step) pairs ready to go. A response puts its customer
 * back with the next step (or the first, after the last), so the next request wrk asks for
 * is that customer's next step. Responses are counted by status.
 */
function customerScript() {
  const steps = s.sequence.map((step) =>
    [
      `method = ${literal(step.method)}`,
      `headers = ${headerTable(step, false)}`,
      `path = ${literal(step.path)}`,
      step.paths ? `paths = ${luaList(step.paths.map(literal))}` : '',
      step.perConnectionBodies ? `perCustomer = ${bodyLiterals(step.perConnectionBodies)}` : '',
      step.bodies ? `bodies = ${bodyLiterals(step.bodies)}` : '',
      step.body ? `body = ${literal(JSON.stringify(step.body))}` : '',
    ]
      .filter(Boolean)
      .join(', '),
  );
  return `local tokens = ${luaList(s.tokens.map(literal))}
local steps = {
${steps.map((step) => `  {${step}}`).join(',\n')}
}
local ready = {}
for c = #tokens, 1, -1 do ready[#ready + 1] = {c, 1} end
local counter, shared, verified = 0, 0, false
statuses = {}

request = function()
  -- wrk calls this once before connecting, to see how many requests it returns: nobody's turn.
  if not verified then
    verified = true
    return wrk.format("GET", "/")
  end
  local next = table.remove(ready)
  if next == nil then
    -- More connections than customers (or a lost response): share round robin.
    shared = shared + 1
    next = {(shared % #tokens) + 1, 1}
  end
  local c, k = next[1], next[2]
  local step = steps[k]
  counter = counter + 1
  local path = step.paths and step.paths[(counter % #step.paths) + 1] or step.path
  local body = step.body
  if step.perCustomer then body = step.perCustomer[((c - 1) % #step.perCustomer) + 1] end
  if step.bodies then body = step.bodies[(counter % #step.bodies) + 1] end
  local headers = {["authorization"] = "Bearer " .. tokens[c], ["x-request-id"] = "bench-" .. c .. "-" .. k}
  for name, value in pairs(step.headers) do headers[name] = value end
  if body then headers["content-type"] = "application/json" end
  return wrk.format(step.method, path, headers, body)
end

response = function(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
  local c, k = string.match(headers["x-request-id"] or "", "^bench%-(%d+)%-(%d+)$")
  if c == nil then return end
  c, k = tonumber(c), tonumber(k)
  ready[#ready + 1] = {c, k < #steps and k + 1 or 1}
end

local threads = {}
setup = function(thread) threads[#threads + 1] = thread end
done = function()
  for _, thread in ipairs(threads) do
    for status, n in pairs(thread:get("statuses")) do io.write(string.format("status %d %d\\n", status, n)) end
  end
end
`;
}

/** wrk with one thread (the other core is the server's). */
function runWrk() {
  const dir = mkdtempSync(join(tmpdir(), 'emporium-wrk-'));
  const script = join(dir, 'requests.lua');
  writeFileSync(script, s.tokens ? customerScript() : plainScript());
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
  const counted = [...out.matchAll(/^status (\d+) (\d+)$/gm)];
  return {
    generator: 'wrk',
    requests: { average: Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? 0), total },
    latency: { p50: ms(50), p99: ms(99) },
    errors: socket ? Number(socket[1]) + Number(socket[2]) + Number(socket[3]) : 0,
    timeouts: socket ? Number(socket[4]) : 0,
    non2xx,
    statusCodeStats: counted.length
      ? Object.fromEntries(counted.map(([, status, n]) => [status, { count: Number(n) }]))
      : { 200: { count: total - non2xx }, ...(non2xx ? { 'non-2xx': { count: non2xx } } : {}) },
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
