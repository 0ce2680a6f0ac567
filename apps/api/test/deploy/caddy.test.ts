import assert from 'node:assert/strict';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it, test } from 'node:test';
import { readRepoFile, repoRoot } from './deploy-files.js';

// Caddy itself, where it is installed (Debian: apt-get install caddy); the other deploy tests
// check the Caddyfile's text without it.
const caddyMissing = spawnSync('caddy', ['version']).status === 0 ? undefined : 'caddy is not installed (apt-get install caddy)';

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

async function freePort(): Promise<number> {
  const server = createServer();
  const port = await listen(server);
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A stand-in for the API or the web shop: answers with its name and the forwarding headers it got. */
function echo(name: string): Server {
  return createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(
      JSON.stringify({
        name,
        url: req.url,
        forwardedFor: req.headers['x-forwarded-for'],
        forwardedProto: req.headers['x-forwarded-proto'],
      }),
    );
  });
}

if (caddyMissing) test('deploy/Caddyfile run by Caddy', { skip: caddyMissing }, () => {});
else
  describe('deploy/Caddyfile run by Caddy', { timeout: 60_000 }, () => {
    const api = echo('api');
    const web = echo('web');
    let caddy: ChildProcess;
    let dir: string;
    let site: string;
    let internal: string;

    before(async () => {
      const [apiPort, webPort, sitePort, internalPort] = [await listen(api), await listen(web), await freePort(), await freePort()];
      site = `http://localhost:${sitePort}`;
      internal = `http://127.0.0.1:${internalPort}`;
      // The compose network's names and ports, pointed at the stand-ins; no admin endpoint.
      const caddyfile = readRepoFile('deploy/Caddyfile')
        .replace('dynamic a api 8000', `dynamic a 127.0.0.1 ${apiPort}`)
        .replace('reverse_proxy web:3000', `reverse_proxy 127.0.0.1:${webPort}`)
        .replace('http://:8080 {', `http://:${internalPort} {`);
      dir = mkdtempSync(join(tmpdir(), 'emporium-caddy-'));
      writeFileSync(join(dir, 'Caddyfile'), `{\n\tadmin off\n}\n${caddyfile}`);
      caddy = spawn('caddy', ['run', '--adapter', 'caddyfile', '--config', join(dir, 'Caddyfile')], {
        cwd: repoRoot,
        env: { PATH: process.env.PATH ?? '', HOME: dir, XDG_DATA_HOME: dir, XDG_CONFIG_HOME: dir, PUBLIC_WEB_URL: site },
        stdio: 'ignore',
      });
      const deadline = Date.now() + 20_000;
      for (;;) {
        try {
          await fetch(`${internal}/health`);
          break;
        } catch (err) {
          if (Date.now() > deadline || caddy.exitCode !== null) throw err;
          await new Promise((r) => setTimeout(r, 200));
        }
      }
    });
    after(async () => {
      caddy?.kill();
      api.close();
      web.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    async function through(url: string): Promise<{ name: string; url: string; forwardedFor: string; forwardedProto: string }> {
      const res = await fetch(url, { headers: { 'x-forwarded-for': '203.0.113.66', 'x-forwarded-proto': 'https' } });
      assert.equal(res.status, 200);
      return res.json() as Promise<{ name: string; url: string; forwardedFor: string; forwardedProto: string }>;
    }

    it('sends /api/* and /uploads/* to the API and everything else to the web shop', async () => {
      assert.equal((await through(`${site}/api/v1/store`)).name, 'api');
      assert.equal((await through(`${site}/uploads/products/a.webp`)).name, 'api');
      assert.equal((await through(`${site}/products/blue-mug`)).name, 'web');
      assert.equal((await through(`${site}/`)).name, 'web');
      assert.equal((await through(`${site}/apiary`)).name, 'web');
    });

    it("sends the web shop's server-side calls on the internal listener to the API", async () => {
      const reply = await through(`${internal}/api/v1/products?limit=1`);
      assert.deepEqual([reply.name, reply.url], ['api', '/api/v1/products?limit=1']);
    });

    it('replaces the forwarding headers a client sends, so the API (TRUST_PROXY=1) sees the real client', async () => {
      const reply = await through(`${site}/api/v1/store`);
      assert.equal(reply.forwardedFor, '127.0.0.1');
      assert.equal(reply.forwardedProto, 'http');
    });
  });
