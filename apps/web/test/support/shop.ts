import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { seedDemo } from '../../../api/src/demo/seed-demo.js';
import { LocalImageStorage } from '../../../api/src/modules/images/image-storage.js';
import { uploadsDir } from '../../../api/src/startup.js';
import { startTestApp, type TestContext } from '../../../api/test/helpers/test-app.js';

export const webRoot = fileURLToPath(new URL('../..', import.meta.url));
export const artifactsDir = join(webRoot, 'test', 'artifacts');
const CHROMIUM = findChromium();
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** CHROMIUM_PATH when set, else the distribution's Chromium or Chrome, else Playwright's download. */
function findChromium(): string | undefined {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  const candidates = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];
  return [...candidates, chromium.executablePath()].find((path) => existsSync(path));
}

/** Why the browser tests cannot run here, or undefined when they can. */
export function skipReason(): string | undefined {
  // `npm test` / `npm run test:web` start a PostgreSQL server when DATABASE_URL is unset; only
  // EMPORIUM_TEST_DATABASE=pglite or running the files directly leaves it unset.
  if (!process.env.DATABASE_URL)
    return 'browser tests run against the API on PostgreSQL: run them with `npm run test:web` or set DATABASE_URL';
  if (!CHROMIUM || !existsSync(CHROMIUM)) {
    return `no Chromium found${process.env.CHROMIUM_PATH ? ` at CHROMIUM_PATH=${CHROMIUM}` : ''}: apt-get install chromium, or \`npx playwright-core install chromium\`, or set CHROMIUM_PATH`;
  }
  return undefined;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

async function waitForHttp(url: string, timeoutMs: number, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`web server exited: ${output()}`);
    try {
      const res = await fetch(url);
      if (res.status < 500) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms: ${output()}`);
}

/** The shared contracts and `next build`, once per test run (skipped when WEB_SKIP_BUILD=1 and a build exists). */
export function buildWeb(): void {
  if (process.env.WEB_SKIP_BUILD === '1' && existsSync(join(webRoot, '.next', 'BUILD_ID'))) return;
  const result = spawnSync('npm', ['run', 'build'], {
    cwd: webRoot,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`next build failed:\n${result.stdout}\n${result.stderr}`);
}

/** `next start` in front of `apiUrl` (with `env` on top of this process's); resolves once it answers. */
export async function startWeb(
  apiUrl: string,
  port: number,
  webUrl = `http://localhost:${port}`,
  env: Record<string, string> = {},
): Promise<ChildProcess> {
  let output = '';
  const web = spawn(
    process.execPath,
    [join(webRoot, '..', '..', 'node_modules', 'next', 'dist', 'bin', 'next'), 'start', '--port', String(port)],
    {
      cwd: webRoot,
      env: { ...process.env, API_URL: apiUrl, PUBLIC_WEB_URL: webUrl, NEXT_TELEMETRY_DISABLED: '1', PORT: String(port), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  web.stdout?.on('data', (d) => (output += d));
  web.stderr?.on('data', (d) => (output += d));
  await waitForHttp(`http://localhost:${port}/robots.txt`, 30_000, web, () => output);
  return web;
}

export async function stopProcess(child: ChildProcess): Promise<void> {
  child.kill('SIGTERM');
  await new Promise((r) => (child.exitCode === null ? child.once('exit', r) : r(null)));
}

export { freePort };

export interface Shop {
  api: TestContext;
  apiUrl: string;
  webUrl: string;
  browser: BrowserContext;
  newPage(width?: number): Promise<Page>;
  close(): Promise<void>;
}

/**
 * The real thing: the API on a scratch PostgreSQL database with the demo store and a real
 * SMTP sink, the built web app (`next start`) in front of it, and Debian's Chromium.
 */
export async function startShop(env: Record<string, string> = {}): Promise<Shop> {
  const webPort = await freePort();
  const webUrl = `http://localhost:${webPort}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'emporium-web-test-'));
  // The shop runs as shipped: a page left while its refresh was in flight must not end the session.
  const api = await startTestApp({
    PUBLIC_WEB_URL: webUrl,
    CORS_ORIGINS: webUrl,
    DATA_DIR: dataDir,
    TRUST_PROXY: '127.0.0.1',
    REFRESH_REUSE_GRACE_SECONDS: '10',
    ...env,
  });
  await seedDemo(api.db, new LocalImageStorage(uploadsDir(api.config)));
  const apiUrl = await api.app.listen({ port: 0, host: '127.0.0.1' });

  const web = await startWeb(apiUrl, webPort, webUrl);

  const profile = mkdtempSync(join(tmpdir(), 'emporium-chromium-'));
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    args: CHROMIUM_FLAGS,
    headless: true,
    viewport: { width: 1280, height: 900 },
  });
  mkdirSync(artifactsDir, { recursive: true });

  return {
    api,
    apiUrl,
    webUrl,
    browser,
    async newPage(width = 1280) {
      const page = await browser.newPage();
      // CI shares two cores between the API, next start, PostgreSQL and Chromium: a first render
      // or a session restore can take longer than Playwright's 30 s default while a build runs.
      page.setDefaultTimeout(60_000);
      await page.setViewportSize({ width, height: width < 500 ? 812 : 900 });
      return page;
    },
    async close() {
      await browser.close();
      await stopProcess(web);
      await api.close();
      rmSync(profile, { recursive: true, force: true });
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Full-page screenshots at phone and desktop widths, saved as test artifacts. */
export async function screenshots(shop: Shop, name: string, path: string, prepare?: (page: Page) => Promise<void>): Promise<void> {
  for (const width of [375, 1280]) {
    const page = await shop.newPage(width);
    await page.goto(`${shop.webUrl}${path}`);
    if (prepare) await prepare(page);
    await page.waitForLoadState('networkidle');
    await page.screenshot({ path: join(artifactsDir, `${name}-${width}.png`), fullPage: true });
    await page.close();
  }
}

/** Signs in through the login form with a clean cookie jar (one session per browser context). */
export async function signIn(shop: Shop, page: Page, email: string, password: string): Promise<void> {
  // Leave the current page first: a request it still has in flight (a token refresh) could set
  // the old session's cookies again after the jar is cleared.
  await page.goto('about:blank');
  await shop.browser.clearCookies();
  await page.goto(`${shop.webUrl}/login`);
  await page.getByRole('link', { name: 'Log in' }).waitFor();
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('link', { name: 'Account', exact: true }).waitFor();
}
