import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { EnvSchema } from '../../src/config.js';
import { startTestApp, type TestContext } from '../helpers/test-app.js';
import {
  dockerIgnores,
  type Instruction,
  readDockerfile,
  readRepoFile,
  repoPathExists,
  type Stage,
  stageEnv,
  stageInstructions,
  startProdCommand,
} from './deploy-files.js';

const IMAGES = [
  { dockerfile: 'apps/api/Dockerfile', workspace: '@emporium/api', dir: 'apps/api' },
  { dockerfile: 'apps/web/Dockerfile', workspace: '@emporium/web', dir: 'apps/web' },
];
const schemaKeys = new Set(Object.keys(EnvSchema.shape));

function finalStage(stages: Stage[]): Stage {
  const stage = stages.at(-1);
  assert.ok(stage, 'a Dockerfile with no stage');
  return stage;
}

function only(stage: Stage, keyword: string): Instruction {
  const found = stage.instructions.filter((i) => i.keyword === keyword);
  const [instruction] = found;
  assert.ok(instruction && found.length === 1, `the final stage needs exactly one ${keyword}`);
  return instruction;
}

/** The port and path of a `fetch('http://127.0.0.1:PORT/PATH')` health check. */
function healthUrl(stage: Stage): { port: number; path: string } {
  const command = only(stage, 'HEALTHCHECK').words.join(' ');
  const match = /http:\/\/127\.0\.0\.1:(\d+)(\/[^'"\s]*)/.exec(command);
  assert.ok(match, `HEALTHCHECK does not fetch a local URL: ${command}`);
  return { port: Number(match[1]), path: match[2] ?? '' };
}

function workdir(stages: Stage[], stage: Stage): string {
  const set = stageInstructions(stages, stage).filter((i) => i.keyword === 'WORKDIR');
  return set.at(-1)?.words[0] ?? '/';
}

describe('container images', () => {
  for (const image of IMAGES) {
    const stages = readDockerfile(image.dockerfile);
    const runtime = finalStage(stages);
    const label = image.dockerfile;

    it(`${label}: starts from an official Node LTS image of a pinned major that the engines field allows`, () => {
      const { engines } = JSON.parse(readRepoFile('package.json')) as { engines: { node: string } };
      const minimum = Number(/>=\s*(\d+)/.exec(engines.node)?.[1]);
      for (const { from } of stages.filter((s) => !stages.some((other) => other.name === s.from))) {
        const major = Number(/^node:(\d+)-bookworm-slim$/.exec(from)?.[1]);
        assert.ok(major, `${from}: expected node:<major>-bookworm-slim`);
        assert.equal(major % 2, 0, `${from}: Node's LTS lines are the even majors`);
        assert.ok(major >= minimum, `${from}: package.json engines asks for Node ${engines.node}`);
      }
    });

    it(`${label}: every path copied from the build context exists and is not left out by .dockerignore`, () => {
      const copies = stages.flatMap((s) => s.instructions).filter((i) => i.keyword === 'COPY' && !i.flags.from);
      assert.ok(copies.length > 0);
      for (const copy of copies) {
        for (const source of copy.words.slice(0, -1)) {
          assert.ok(repoPathExists(source), `COPY ${source}: no such path in the repository`);
          assert.ok(!dockerIgnores(source), `COPY ${source}: .dockerignore leaves it out of the build context`);
          assert.doesNotMatch(source, /(^|\/)\.env/, `COPY ${source}: environment files stay out of images`);
        }
      }
    });

    it(`${label}: the final stage installs only its workspace's production dependencies, from the lock file`, () => {
      const runs = runtime.instructions.filter((i) => i.keyword === 'RUN').map((i) => i.args);
      const install = runs.find((r) => r.includes('npm ci'));
      assert.ok(install, 'the final stage runs npm ci');
      assert.match(install, /--omit=dev/);
      assert.match(install, new RegExp(`-w ${image.workspace}(\\s|$)`));
      assert.ok(!runs.some((r) => /npm (install|i) /.test(r)), 'npm install may change the lock: use npm ci');
      assert.equal(stageEnv(stages, runtime).NODE_ENV, 'production');
    });

    it(`${label}: runs as an unprivileged user and bakes in no secret`, () => {
      const user = only(runtime, 'USER').words[0] ?? 'root';
      assert.ok(!['root', '0'].includes(user.split(':')[0] ?? ''), `USER ${user}`);
      const keys = [
        ...stages.flatMap((s) => Object.keys(stageEnv(stages, s))),
        ...stages.flatMap((s) => s.instructions.filter((i) => i.keyword === 'ARG').map((i) => (i.words[0] ?? '').split('=')[0] ?? '')),
      ];
      for (const key of keys) assert.doesNotMatch(key, /SECRET|PASSWORD|TOKEN|PRIVATE|CREDENTIAL/, `${key} is set in the image`);
    });
  }

  it('.dockerignore keeps dependencies, builds, local data, secrets and git history out of the build context', () => {
    for (const path of [
      '.git',
      'node_modules',
      'apps/api/node_modules',
      'apps/web/.next',
      'apps/api/dist',
      'packages/contracts/dist',
      'apps/api/data',
      'data',
      '.env',
      '.env.production',
      'apps/api/test',
      'test-artifacts',
    ]) {
      assert.ok(dockerIgnores(path), `${path} would be sent to the Docker daemon`);
    }
    for (const path of ['package.json', 'apps/api/src/server.ts', 'apps/web/app/page.tsx', 'packages/contracts/src'])
      assert.ok(!dockerIgnores(path), `${path} is needed to build`);
  });

  describe('the API image', () => {
    const stages = readDockerfile('apps/api/Dockerfile');
    const runtime = finalStage(stages);
    const env = stageEnv(stages, runtime);
    let ctx: TestContext;
    before(async () => {
      ctx = await startTestApp();
    });
    after(() => ctx?.close());

    it('runs the bundle build.mjs makes, with the node flags and allocator settings of start:prod', () => {
      const startProd = startProdCommand();
      assert.deepEqual(only(runtime, 'CMD').words, ['node', ...startProd.nodeArgs, startProd.script]);
      for (const [key, value] of Object.entries(startProd.env)) assert.equal(env[key], value, `start:prod sets ${key}=${value}`);
      assert.equal(workdir(stages, runtime), '/app/apps/api');
      // dist/server.js: build.mjs bundles src/server.ts into dist/, the build stage runs it, the final stage copies it.
      const buildScript = readRepoFile('apps/api/build.mjs');
      assert.match(buildScript, /entryPoints: \[[^\]]*'src\/server\.ts'/);
      assert.match(buildScript, /outdir: 'dist'/);
      assert.equal(startProd.script, 'dist/server.js');
      const copied = runtime.instructions.find((i) => i.keyword === 'COPY' && i.flags.from);
      assert.ok(copied, 'the final stage copies the build');
      assert.deepEqual(copied.words, ['/app/apps/api/dist', 'apps/api/dist']);
      const build = stages.find((s) => s.name === copied.flags.from);
      assert.ok(build?.instructions.some((i) => i.keyword === 'RUN' && i.args.includes('npm run build -w @emporium/api')));
    });

    it('sets only variables config.ts reads (and the allocator settings of start:prod), listening on every interface', () => {
      const allocator = Object.keys(startProdCommand().env);
      for (const key of Object.keys(env))
        assert.ok(schemaKeys.has(key) || allocator.includes(key), `${key} is not read by apps/api/src/config.ts`);
      assert.equal(env.HOST, '0.0.0.0');
      assert.equal(only(runtime, 'EXPOSE').words[0], env.PORT);
    });

    it('checks its health on a route the API serves, on the port it listens on', async () => {
      const { port, path } = healthUrl(runtime);
      assert.equal(String(port), env.PORT);
      const res = await ctx.app.inject({ method: 'GET', url: path });
      assert.equal(res.statusCode, 200, `GET ${path}: ${res.body}`);
    });
  });

  describe('the web image', () => {
    const stages = readDockerfile('apps/web/Dockerfile');
    const runtime = finalStage(stages);

    it("runs the web workspace's `next start` on the port it exposes and checks its health on a route of the app", () => {
      const { scripts } = JSON.parse(readRepoFile('apps/web/package.json')) as { scripts: Record<string, string> };
      assert.match(scripts.start ?? '', /^next start /);
      const [node, next = '', command, portFlag, port] = only(runtime, 'CMD').words;
      assert.equal(node, 'node');
      assert.ok(
        next.startsWith('/app/') && repoPathExists(`node_modules/${next.replace(/^\/app\/node_modules\//, '')}`),
        `${next}: not where npm installs next`,
      );
      assert.match(next, /\/next\/dist\/bin\/next$/);
      assert.deepEqual([command, portFlag], ['start', '--port']);
      assert.equal(workdir(stages, runtime), '/app/apps/web');
      assert.equal(only(runtime, 'EXPOSE').words[0], port);
      const health = healthUrl(runtime);
      assert.equal(String(health.port), port);
      // A metadata route (/robots.txt → app/robots.ts) or a page (/x → app/x/page.tsx).
      const route = /^\/([\w-]+)\.txt$/.exec(health.path);
      const file = route ? `apps/web/app/${route[1]}.ts` : `apps/web/app${health.path.replace(/\/$/, '')}/page.tsx`;
      assert.ok(repoPathExists(file), `HEALTHCHECK ${health.path}: no ${file}`);
    });

    it('copies the Next build and the config `next start` reads', () => {
      const copied = runtime.instructions.filter((i) => i.keyword === 'COPY').flatMap((i) => i.words.slice(0, -1));
      assert.ok(copied.includes('/app/apps/web/.next'));
      assert.ok(copied.includes('apps/web/next.config.ts'));
    });
  });
});
