import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { eq } from 'drizzle-orm';
import type { Page, Route } from 'playwright-core';
import { sessions } from '../../api/src/db/schema/index.js';
import { createUserAndSignIn, GOOD_PASSWORD, type SignedIn } from '../../api/test/helpers/test-app.js';
import { buildWeb, freePort, type Shop, signIn, skipReason, startShop, startWeb, stopProcess } from './support/shop.js';

const skip = skipReason();

const PAGES = ['/', '/products', '/products/blue-ceramic-mug', '/login', '/register', '/cart', '/account', '/admin', '/no-such-page'];
const TOKEN_PAGES = ['/reset-password?token=abc', '/verify-email?token=abc'];

/** The nonce of a page's CSP, after checking the policy is the strict one. */
function nonceOf(policy: string | null): string {
  assert.ok(policy, 'a Content-Security-Policy header');
  const nonce = /script-src 'self' 'nonce-([A-Za-z0-9+/=]{16,})' 'strict-dynamic'(;|$)/.exec(policy)?.[1];
  assert.ok(nonce, policy);
  assert.match(policy, /frame-ancestors 'none'/);
  assert.match(policy, /object-src 'none'/);
  assert.match(policy, /base-uri 'none'/);
  assert.doesNotMatch(/script-src[^;]*/.exec(policy)?.[0] ?? '', /unsafe-inline|unsafe-eval|\*/);
  return nonce;
}

/** Records every CSP violation the page reports, from its first script on. */
async function watchViolations(page: Page): Promise<() => Promise<string[]>> {
  const console: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) console.push(message.text());
  });
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { cspViolations: string[] }).cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  return async () => [...console, ...(await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations))];
}

/** Waits until the header shows who is signed in; true when someone is. */
async function signedIn(page: Page): Promise<boolean> {
  const nav = page.getByRole('navigation', { name: 'Account' });
  await nav.getByRole('link', { name: /^(Account|Log in)$/ }).waitFor();
  return (await nav.getByRole('link', { name: 'Account', exact: true }).count()) === 1;
}

if (skip) test('web security in Chromium', { skip }, () => {});
else
  describe('web security in Chromium', { timeout: 600_000 }, () => {
    let shop: Shop;
    let admin: SignedIn;
    let customer: SignedIn;

    before(async () => {
      buildWeb();
      shop = await startShop();
      admin = await createUserAndSignIn(shop.api, { role: 'admin' });
      customer = await createUserAndSignIn(shop.api);
    });
    after(async () => {
      await shop?.close();
    });

    test('every page sends a nonce-based CSP, frame-ancestors none, X-Frame-Options DENY and nosniff, and its scripts carry the nonce', async () => {
      for (const path of [...PAGES, ...TOKEN_PAGES]) {
        const res = await fetch(`${shop.webUrl}${path}`, { redirect: 'manual' });
        assert.ok(res.status < 500, `${path}: ${res.status}`);
        const nonce = nonceOf(res.headers.get('content-security-policy'));
        assert.equal(res.headers.get('x-frame-options'), 'DENY', path);
        assert.equal(res.headers.get('x-content-type-options'), 'nosniff', path);
        assert.equal(res.headers.get('strict-transport-security'), null, `${path}: no HSTS over plain HTTP`);
        const html = await res.text();
        // Data blocks (JSON-LD) are not run, so no policy applies to them.
        const scripts = (html.match(/<script\b[^>]*>/g) ?? []).filter((tag) => !tag.includes('type="application/ld+json"'));
        assert.ok(scripts.length > 0, path);
        for (const tag of scripts) assert.ok(tag.includes(`nonce="${nonce}"`), `${path}: ${tag}`);
      }
      const [a, b] = await Promise.all([fetch(shop.webUrl), fetch(shop.webUrl)]);
      assert.notEqual(nonceOf(a.headers.get('content-security-policy')), nonceOf(b.headers.get('content-security-policy')));
    });

    test('token pages (reset password, verify e-mail) send Referrer-Policy: no-referrer; other pages strict-origin-when-cross-origin', async () => {
      for (const path of TOKEN_PAGES) {
        assert.equal((await fetch(`${shop.webUrl}${path}`)).headers.get('referrer-policy'), 'no-referrer', path);
      }
      for (const path of PAGES) {
        assert.equal((await fetch(`${shop.webUrl}${path}`)).headers.get('referrer-policy'), 'strict-origin-when-cross-origin', path);
      }
    });

    test('HSTS only behind TLS: X-Forwarded-Proto https from a trusted proxy, or an https PUBLIC_WEB_URL', async () => {
      const forwarded = { 'x-forwarded-proto': 'https' };
      // Anyone can send the header: without TRUST_PROXY it proves nothing.
      assert.equal((await fetch(shop.webUrl, { headers: forwarded })).headers.get('strict-transport-security'), null);

      const behindProxy = await freePort();
      const proxied = await startWeb(shop.apiUrl, behindProxy, `http://localhost:${behindProxy}`, { TRUST_PROXY: '127.0.0.1' });
      const httpsPort = await freePort();
      const https = await startWeb(shop.apiUrl, httpsPort, 'https://shop.example');
      try {
        const viaTls = await fetch(`http://localhost:${behindProxy}/`, { headers: forwarded });
        assert.equal(viaTls.headers.get('strict-transport-security'), 'max-age=31536000; includeSubDomains');
        const viaHttp = await fetch(`http://localhost:${behindProxy}/`, { headers: { 'x-forwarded-proto': 'http' } });
        assert.equal(viaHttp.headers.get('strict-transport-security'), null);
        const canonical = await fetch(`http://localhost:${httpsPort}/login`);
        assert.equal(canonical.headers.get('strict-transport-security'), 'max-age=31536000; includeSubDomains');
        assert.match(canonical.headers.get('content-security-policy') ?? '', /upgrade-insecure-requests/);
      } finally {
        await stopProcess(proxied);
        await stopProcess(https);
      }
    });

    test('storefront and admin pages load and hydrate under the policy without a single CSP violation', async () => {
      const page = await shop.newPage();
      const violations = await watchViolations(page);
      await signIn(shop, page, admin.email, GOOD_PASSWORD);
      await page.goto(`${shop.webUrl}/products/blue-ceramic-mug`);
      await page.getByRole('button', { name: 'Add to cart' }).click();
      await page.getByTestId('cart-count').waitFor();
      await page.goto(`${shop.webUrl}/products`);
      await page
        .getByRole('link', { name: /Blue Ceramic Mug/ })
        .first()
        .waitFor();
      await page.goto(`${shop.webUrl}/admin`);
      await page.getByRole('navigation', { name: 'Account' }).getByRole('link', { name: 'Admin' }).waitFor();
      await page.goto(`${shop.webUrl}/admin/products`);
      await page.waitForLoadState('networkidle');
      await page.goto(`${shop.webUrl}/reset-password?token=abc`);
      await page.waitForLoadState('networkidle');
      await page.goto(`${shop.webUrl}/`);
      // A toast: the toast library injects its stylesheet at run time.
      await page.getByRole('button', { name: 'Log out' }).click();
      await page.getByText('You are signed out').waitFor();
      assert.deepEqual(await violations(), []);
      await page.close();
    });

    test('when two tabs of one shopper refresh at the same moment, then both stay signed in', async () => {
      const first = await shop.newPage();
      await signIn(shop, first, customer.email, GOOD_PASSWORD);
      const second = await shop.newPage();
      await second.goto(`${shop.webUrl}/`);
      assert.ok(await signedIn(second), 'the second tab restored the session');

      // Hold each refresh until the other tab's has arrived too (or 3 s passed): unguarded,
      // both would reach the API with the same cookie.
      const held: Route[] = [];
      let release: () => void = () => {};
      const bothArrived = new Promise<void>((resolve) => {
        release = resolve;
      });
      let refreshes = 0;
      await shop.browser.route('**/api/v1/auth/refresh', async (route) => {
        refreshes++;
        held.push(route);
        if (held.length >= 2) release();
        await Promise.race([bothArrived, new Promise((r) => setTimeout(r, 3_000))]);
        await route.continue();
      });
      try {
        await Promise.all([first.reload(), second.reload()]);
        assert.deepEqual([await signedIn(first), await signedIn(second)], [true, true]);
        await Promise.all([first.waitForLoadState('networkidle'), second.waitForLoadState('networkidle')]);
        assert.equal(refreshes, 2, 'each tab refreshed');
      } finally {
        await shop.browser.unroute('**/api/v1/auth/refresh');
      }
      const revoked = await shop.api.db.select({ reason: sessions.revokedReason }).from(sessions).where(eq(sessions.userId, customer.id));
      assert.ok(
        revoked.every((s) => s.reason !== 'refresh_token_reused'),
        JSON.stringify(revoked),
      );
      // And the session really is alive: a later reload still signs in.
      await first.reload();
      assert.ok(await signedIn(first));
      await first.close();
      await second.close();
    });
  });
