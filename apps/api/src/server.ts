import closeWithGrace from 'close-with-grace';
import { buildApp } from './app.js';
import { type Config, ConfigError, loadConfigFromEnvironment } from './config.js';
import { openDatabase } from './db/client.js';
import { demoCredentialsBanner, prepareDatabase } from './startup.js';

function fail(message: string): never {
  process.stderr.write(`emporium: ${message}\n`);
  process.exit(1);
}

let config: Config;
try {
  config = loadConfigFromEnvironment();
} catch (err) {
  fail(err instanceof ConfigError ? err.message : String(err));
}

// Before the database and the app: their pg, Redis and HTTP objects get traced from the start.
const tracing = config.tracing ? (await import('./tracing.js')).startTracing(config.tracing) : undefined;

const database = await openDatabase({
  url: config.database.url,
  dataDir: config.dataDir,
  poolSize: config.database.poolSize,
  statementTimeoutMs: config.database.statementTimeoutMs,
});
try {
  await prepareDatabase(config, database, console);
} catch (err) {
  if (err instanceof ConfigError) fail(err.message);
  const reason = err instanceof Error ? err.message.split('\n')[0] : String(err);
  fail(`cannot prepare the ${database.kind === 'embedded' ? 'embedded database' : 'database'}: ${reason}`);
}

const app = await buildApp({ config, database });

closeWithGrace({ delay: 10_000 }, async ({ signal, err }) => {
  if (err) app.log.error({ err }, 'shutting down after an unexpected error');
  else app.log.info({ signal }, 'shutting down: finishing in-flight requests');
  await app.close();
  await database.close();
  await tracing?.shutdown();
});

try {
  await app.listen({ port: config.port, host: config.host });
} catch (err) {
  fail(`cannot listen on ${config.host}:${config.port}: ${err instanceof Error ? err.message : String(err)}`);
}

const base = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${config.port}`;
const lines = [
  '',
  `Emporium API on ${base}/api/v1 (${database.kind === 'embedded' ? `embedded database in ${config.dataDir}` : 'PostgreSQL'})`,
  `API docs: ${base}/docs`,
  demoCredentialsBanner(config),
  '',
];
process.stdout.write(`${lines.filter((l) => l !== undefined).join('\n')}\n`);
