import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { EnvSchema, loadConfig } from '../../src/config.js';
import {
  type ComposeFile,
  type ComposeService,
  readCompose,
  readDockerfile,
  readRepoFile,
  repoPathExists,
  repoRoot,
  stageEnv,
} from './deploy-files.js';

/** What an operator puts in .env: the values compose.yaml requires. */
const OPERATOR_ENV = {
  JWT_SECRET: 'j'.repeat(48),
  ADMIN_EMAIL: 'owner@shop.example',
  ADMIN_PASSWORD: 'correct horse battery staple',
  POSTGRES_PASSWORD: 'pg0123456789abcdef',
};
const compose = readCompose(OPERATOR_ENV);

function service(name: string): ComposeService {
  const s = compose.services[name];
  assert.ok(s, `compose.yaml has no ${name} service`);
  return s;
}

function environment(s: ComposeService): Record<string, string> {
  return Object.fromEntries(Object.entries(s.environment ?? {}).map(([k, v]) => [k, String(v)]));
}

/** The environment of a built service's container: its image's ENV, then compose's environment. */
function containerEnv(name: string): Record<string, string> {
  const s = service(name);
  assert.ok(s.build, `${name} is not built from this repository`);
  const stages = readDockerfile(s.build.dockerfile);
  const runtime = stages.at(-1);
  assert.ok(runtime);
  return { ...stageEnv(stages, runtime), ...environment(s) };
}

function hasHealthcheck(s: ComposeService): boolean {
  if (s.healthcheck) return true;
  if (!s.build) return false;
  return (
    readDockerfile(s.build.dockerfile)
      .at(-1)
      ?.instructions.some((i) => i.keyword === 'HEALTHCHECK') ?? false
  );
}

function namedVolumes(s: ComposeService, file: ComposeFile): Array<{ source: string; target: string }> {
  return (s.volumes ?? [])
    .map((v) => v.split(':'))
    .filter(([source = '']) => !source.startsWith('.') && !source.startsWith('/'))
    .map(([source = '', target = '']) => {
      assert.ok(source in file.volumes, `volume ${source} is not declared under volumes:`);
      return { source, target };
    });
}

/** Names the web shop's own code reads from process.env, and the ones its npm scripts use. */
function webVariables(): Set<string> {
  const names = new Set<string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry);
      if (['node_modules', '.next', 'test'].includes(entry)) continue;
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.(ts|tsx|mjs)$/.test(entry))
        for (const m of readFileSync(path, 'utf8').matchAll(/process\.env\.([A-Z0-9_]+)/g)) names.add(m[1] ?? '');
    }
  };
  walk(join(repoRoot, 'apps/web'));
  for (const m of readRepoFile('apps/web/package.json').matchAll(/\$\{([A-Z0-9_]+)/g)) names.add(m[1] ?? '');
  return names;
}

describe('compose.yaml', () => {
  it('when a required value is missing from .env, then compose refuses to start and names it', () => {
    for (const key of Object.keys(OPERATOR_ENV)) {
      const env: Record<string, string> = { ...OPERATOR_ENV, [key]: '' };
      assert.throws(() => readCompose(env), new RegExp(`${key} .*set ${key} in \\.env`));
    }
  });

  it('gives the API containers a valid production configuration made only of variables config.ts reads', () => {
    const schemaKeys = new Set(Object.keys(EnvSchema.shape));
    for (const key of Object.keys(environment(service('api'))))
      assert.ok(schemaKeys.has(key), `api sets ${key}, which apps/api/src/config.ts does not read`);
    const config = loadConfig(containerEnv('api'));
    assert.equal(config.production, true);
    assert.equal(config.jwt.secretIsGenerated, false);
    assert.deepEqual(config.admin, { email: OPERATOR_ENV.ADMIN_EMAIL, password: OPERATOR_ENV.ADMIN_PASSWORD });
    assert.equal(config.host, '0.0.0.0');
    assert.notEqual(config.trustProxy, false, 'behind Caddy the API must trust one proxy hop');
    assert.equal(config.seedDemo, false);
  });

  it('restates the settings the API image sets, so a value in .env (passed by env_file) cannot override them', () => {
    const api = service('api');
    assert.ok(api.env_file?.some((f) => f.path === '.env' && f.required === false));
    assert.ok(api.build);
    const stages = readDockerfile(api.build.dockerfile);
    const runtime = stages.at(-1);
    assert.ok(runtime);
    const schemaKeys = new Set(Object.keys(EnvSchema.shape));
    const fromImage = Object.entries(stageEnv(stages, runtime)).filter(([key]) => schemaKeys.has(key));
    for (const [key, value] of fromImage)
      assert.equal(environment(api)[key], value, `compose.yaml should set ${key}=${value} for the api service`);
  });

  it("points the API at the compose file's PostgreSQL (with its credentials), Redis and Kafka", () => {
    const config = loadConfig(containerEnv('api'));
    assert.ok(config.database.url && config.redis);
    const db = new URL(config.database.url);
    const postgres = environment(service('postgres'));
    assert.equal(db.hostname, 'postgres');
    assert.equal(db.username, postgres.POSTGRES_USER);
    assert.equal(decodeURIComponent(db.password), postgres.POSTGRES_PASSWORD);
    assert.equal(db.pathname, `/${postgres.POSTGRES_DB}`);
    assert.equal(new URL(config.redis.url).hostname, 'redis');
    assert.ok(config.kafkaBrokers.length > 0);
    for (const broker of config.kafkaBrokers)
      assert.ok(
        (environment(service('kafka')).KAFKA_ADVERTISED_LISTENERS ?? '').includes(`//${broker}`),
        `${broker} is not what Kafka advertises`,
      );
    for (const name of ['postgres', 'redis', 'kafka']) assert.equal(service('api').depends_on?.[name]?.condition, 'service_healthy');
  });

  it('runs two API instances that share DATA_DIR (uploaded images) on a named volume', () => {
    const api = service('api');
    assert.ok((api.deploy?.replicas ?? 1) >= 2);
    const { dataDir } = loadConfig(containerEnv('api'));
    assert.ok(
      namedVolumes(api, compose).some((v) => v.target === dataDir),
      `DATA_DIR ${dataDir} is not on a named volume`,
    );
  });

  it('keeps the data of every stateful service on a named volume', () => {
    for (const name of ['postgres', 'redis', 'kafka', 'proxy'])
      assert.ok(namedVolumes(service(name), compose).length > 0, `${name} keeps its data in the container`);
  });

  it("every service has a health check (its own or its image's), and services wait only on checks that exist", () => {
    for (const [name, s] of Object.entries(compose.services)) {
      assert.ok(hasHealthcheck(s), `${name} has no health check`);
      for (const [dependency, { condition }] of Object.entries(s.depends_on ?? {})) {
        assert.ok(compose.services[dependency], `${name} depends on a missing service ${dependency}`);
        if (condition === 'service_healthy') assert.ok(hasHealthcheck(service(dependency)));
      }
    }
  });

  it('uses official images pinned to a version, and builds the API and the web shop from their Dockerfiles', () => {
    for (const [name, s] of Object.entries(compose.services)) {
      if (s.build) {
        assert.ok(repoPathExists(s.build.dockerfile), `${name}: no ${s.build.dockerfile}`);
        assert.equal(s.build.context, '.');
        continue;
      }
      const [, tag] = (s.image ?? '').split(':');
      assert.ok(tag && tag !== 'latest', `${name}: ${s.image} is not pinned`);
    }
    assert.equal(service('api').build?.dockerfile, 'apps/api/Dockerfile');
    assert.equal(service('web').build?.dockerfile, 'apps/web/Dockerfile');
  });

  it('gives the web shop only variables it reads, and the same public address as the API and the proxy', () => {
    const read = webVariables();
    const web = environment(service('web'));
    for (const key of Object.keys(web)) assert.ok(read.has(key), `web sets ${key}, which apps/web does not read`);
    const api = environment(service('api'));
    assert.equal(web.PUBLIC_WEB_URL, api.PUBLIC_WEB_URL);
    assert.equal(environment(service('proxy')).PUBLIC_WEB_URL, api.PUBLIC_WEB_URL);
  });
});

describe('deploy/Caddyfile', () => {
  const caddyfile = readRepoFile('deploy/Caddyfile');
  const proxy = service('proxy');

  it('is the file the proxy service mounts, and serves PUBLIC_WEB_URL on the published ports', () => {
    assert.ok((proxy.volumes ?? []).includes('./deploy/Caddyfile:/etc/caddy/Caddyfile:ro'));
    assert.match(caddyfile, /^\{\$PUBLIC_WEB_URL\} \{$/m);
    for (const port of ['80:80', '443:443']) assert.ok(proxy.ports?.includes(port), `the proxy does not publish ${port}`);
  });

  it('sends the paths the web shop passes to the API (apps/web/proxy.ts) to every API instance, the rest to the web shop', () => {
    const matcher = /matcher: \[([^\]]*)\]/.exec(readRepoFile('apps/web/proxy.ts'))?.[1] ?? '';
    // The matcher also sends every page through proxy.ts (for its security headers); what it
    // passes to the API are the /api and /uploads entries.
    const webPaths = [...matcher.matchAll(/'([^']+)'/g)]
      .map((m) => (m[1] ?? '').replace('/:path*', '/*'))
      .filter((path) => !path.startsWith('/(('));
    const apiPaths = /@api path (.+)$/m.exec(caddyfile)?.[1]?.split(/\s+/);
    assert.deepEqual(apiPaths?.sort(), webPaths.sort());
    const [, host, port] = /dynamic a (\S+) (\d+)/.exec(caddyfile) ?? [];
    assert.equal(host, 'api');
    assert.equal(port, containerEnv('api').PORT);
    const [, webHost, webPort] = /^\t\treverse_proxy (\S+):(\d+)$/m.exec(caddyfile) ?? [];
    assert.equal(webHost, 'web');
    const web = readDockerfile('apps/web/Dockerfile').at(-1);
    assert.equal(web?.instructions.find((i) => i.keyword === 'EXPOSE')?.words[0], webPort);
  });

  it("takes the web shop's server-side API calls on an internal listener that reaches every API instance", () => {
    const apiUrl = new URL(environment(service('web')).API_URL ?? '');
    assert.equal(apiUrl.hostname, 'proxy');
    const block = new RegExp(`^http://:${apiUrl.port} \\{\\n\\timport api\\n\\}$`, 'm');
    assert.match(caddyfile, block);
    assert.ok(!(proxy.ports ?? []).some((p) => p.startsWith(`${apiUrl.port}:`)), 'the internal listener must not be published');
  });
});
