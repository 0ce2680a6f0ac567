import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { tokenFromMail } from '../../api/test/helpers/mail-sink.js';
import { createUserAndSignIn, GOOD_PASSWORD, uniqueEmail } from '../../api/test/helpers/test-app.js';
import { buildWeb, freePort, type Shop, screenshots, skipReason, startShop, startWeb, stopProcess } from './support/shop.js';

const skip = skipReason();

// A skipped suite is not counted by the runner; a skipped test is, so the summary shows it.
if (skip) test('storefront in Chromium', { skip }, () => {});
else
  describe('storefront in Chromium', { timeout: 600_000 }, () => {
    let shop: Shop;
    const email = uniqueEmail('shopper');
    const password = GOOD_PASSWORD;

    before(async () => {
      buildWeb();
      // Five-second access tokens: every step below outlives several of them.
      shop = await startShop({ ACCESS_TOKEN_TTL_SECONDS: '5' });
    });
    after(async () => {
      await shop?.close();
    });

    test('a new customer registers, verifies by e-mail, logs in, searches with a typo, buys, and sees the order in the history', async () => {
      const page = await shop.newPage();

      await page.goto(`${shop.webUrl}/register`);
      await page.getByLabel('Full name').fill('Ada Shopper');
      await page.getByLabel('E-mail').fill(email);
      await page.getByLabel('Password').fill(password);
      await page.getByRole('button', { name: 'Create account' }).click();
      await page.getByRole('status').getByText('Check your inbox').waitFor();

      const mail = await shop.api.mail.waitFor(email, /confirm your e-mail/i);
      await page.goto(`${shop.webUrl}/verify-email?token=${encodeURIComponent(tokenFromMail(mail, 'verify-email'))}`);
      await page.getByText(`${email} is verified`).waitFor();

      await page.goto(`${shop.webUrl}/login`);
      await page.getByLabel('E-mail').fill(email);
      await page.getByLabel('Password').fill(password);
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.getByRole('link', { name: 'Account', exact: true }).waitFor();

      await page.getByRole('combobox', { name: 'Search products' }).fill('blu mugg');
      await page.getByRole('option', { name: 'Blue Ceramic Mug' }).waitFor();
      await page.keyboard.press('Enter');
      await page.waitForURL(/\/products\?q=blu\+mugg/);
      await page.getByRole('heading', { name: 'Results for “blu mugg”' }).waitFor();
      await page
        .getByRole('link', { name: /Blue Ceramic Mug/ })
        .first()
        .click();
      await page.getByRole('heading', { level: 1, name: 'Blue Ceramic Mug' }).waitFor();
      assert.equal(await page.title(), 'Blue Ceramic Mug · Emporium');

      await page.getByLabel('Quantity').fill('2');
      await page.getByRole('button', { name: 'Add to cart' }).click();
      await page.getByTestId('cart-count').filter({ hasText: '2' }).waitFor();

      await page.getByRole('link', { name: /^Cart/ }).click();
      await page.getByTestId('cart-line').waitFor();
      assert.equal(await page.getByTestId('cart-subtotal').textContent(), '$29.00');
      await page.getByRole('link', { name: 'Check out' }).click();
      await page.waitForURL('**/checkout');
      await page.getByLabel('Address', { exact: true }).fill('1 Main Street');
      await page.getByLabel('City').fill('Springfield');
      await page.getByLabel('Postal code').fill('12345');
      await page.getByLabel('Phone').fill('+1 555 0100');
      // A double click places one order: the button locks and both requests share the Idempotency-Key.
      await page.getByRole('button', { name: 'Place order' }).dblclick();
      await page.waitForURL(/\/account\/orders\/[0-9a-f-]+\?placed=1/);
      const thanks = await page.getByText(/Thank you! Your order .* is placed/).textContent();
      const orderNumber = /order (\S+) is placed/.exec(thanks ?? '')?.[1];
      assert.ok(orderNumber);

      await page.goto(`${shop.webUrl}/account/orders`);
      const rows = page.getByTestId('order-row');
      await rows.first().waitFor();
      assert.equal(await rows.count(), 1, 'exactly one order');
      assert.match((await rows.first().textContent()) ?? '', new RegExp(`Order ${orderNumber}`));
      await page.close();
    });

    test('robots.txt points to the sitemap at the PUBLIC_WEB_URL the shop runs with, not the one it was built with', async () => {
      const res = await fetch(`${shop.webUrl}/robots.txt`);
      assert.equal(res.status, 200);
      assert.match(await res.text(), new RegExp(`^Sitemap: ${shop.webUrl}/sitemap.xml$`, 'm'));
    });

    test('a sold-out product cannot be bought', async () => {
      const admin = await createUserAndSignIn(shop.api, { role: 'admin' });
      const res = await shop.api.app.inject({ method: 'GET', url: '/api/v1/products/slug/enamel-camp-mug' });
      const product = res.json().product;
      const patched = await shop.api.app.inject({
        method: 'PATCH',
        url: `/api/v1/products/${product.id}`,
        headers: admin.auth,
        payload: { stockQuantity: 0, expectedStockQuantity: product.stockQuantity },
      });
      assert.equal(patched.statusCode, 200);

      const page = await shop.newPage();
      await page.goto(`${shop.webUrl}/products/enamel-camp-mug`);
      assert.equal(await page.getByTestId('stock-status').textContent(), 'Sold out');
      await page.getByText('Sold out — check back soon.').waitFor();
      assert.equal(await page.getByRole('button', { name: 'Add to cart' }).count(), 0);
      await page.close();
    });

    test('the session survives access-token expiry: one refresh, and the request is retried', async () => {
      await shop.browser.clearCookies();
      const page = await shop.newPage();
      await page.goto(`${shop.webUrl}/login`);
      // Signed out and settled (no session restore still in flight) before logging in.
      await page.getByRole('link', { name: 'Log in' }).waitFor();
      await page.getByLabel('E-mail').fill(email);
      await page.getByLabel('Password').fill(password);
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.getByRole('link', { name: 'Account', exact: true }).waitFor();
      await page.getByRole('link', { name: 'Account', exact: true }).click();
      await page.getByRole('link', { name: 'See your order history' }).waitFor();

      const refreshes: string[] = [];
      const unauthorized: string[] = [];
      page.on('request', (r) => r.url().endsWith('/api/v1/auth/refresh') && refreshes.push(r.url()));
      page.on('response', (r) => r.status() === 401 && unauthorized.push(r.url()));
      await page.waitForTimeout(6_000);
      // Client-side navigation: the page keeps its (now expired) access token in memory.
      await page.getByRole('link', { name: 'See your order history' }).click();
      await page.getByTestId('order-row').first().waitFor();
      assert.equal(refreshes.length, 1, 'exactly one refresh');
      assert.ok(
        unauthorized.some((u) => u.includes('/api/v1/orders')),
        'the expired token was refused first',
      );
      await page.close();
    });

    test('logging out ends the session: account pages send you to the login page', async () => {
      await shop.browser.clearCookies();
      const page = await shop.newPage();
      await page.goto(`${shop.webUrl}/login`);
      // Signed out and settled (no session restore still in flight) before logging in.
      await page.getByRole('link', { name: 'Log in' }).waitFor();
      await page.getByLabel('E-mail').fill(email);
      await page.getByLabel('Password').fill(password);
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.getByRole('button', { name: 'Log out' }).click();
      await page.getByRole('link', { name: 'Log in' }).waitFor();
      await page.goto(`${shop.webUrl}/account`);
      await page.waitForURL(/\/login\?next=%2Faccount/);
      await page.close();
    });

    test('forgot password → the mailed link → a new password works and the old one does not', async () => {
      await shop.browser.clearCookies();
      const page = await shop.newPage();
      const before = shop.api.mail.count(email, /reset your/i);
      await page.goto(`${shop.webUrl}/forgot-password`);
      await page.getByLabel('E-mail').fill(email);
      await page.getByRole('button', { name: 'Send reset link' }).click();
      await page.getByText(`If an account exists for ${email}`).waitFor();
      const mail = await shop.api.mail.waitFor(email, /reset your/i);
      assert.equal(before, 0, 'the first reset mail of this customer');
      const token = tokenFromMail(mail, 'reset-password');
      await page.goto(`${shop.webUrl}/reset-password?token=${encodeURIComponent(token)}`);
      await page.getByLabel('New password').fill('a brand new passphrase');
      await page.getByRole('button', { name: 'Set new password' }).click();
      await page.getByText('Your password is changed.').waitFor();

      await page.goto(`${shop.webUrl}/login`);
      await page.getByLabel('E-mail').fill(email);
      await page.getByLabel('Password').fill(password);
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.getByRole('alert').filter({ hasText: /.+/ }).first().waitFor();
      await page.getByLabel('Password').fill('a brand new passphrase');
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.getByRole('link', { name: 'Account', exact: true }).waitFor();
      // Put the password back for the tests that follow.
      const pair = (
        await shop.api.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password: 'a brand new passphrase' } })
      ).json();
      const changed = await shop.api.app.inject({
        method: 'POST',
        url: '/api/v1/auth/change-password',
        headers: { authorization: `Bearer ${pair.accessToken}` },
        payload: { currentPassword: 'a brand new passphrase', newPassword: password },
      });
      assert.equal(changed.statusCode, 204);
      await page.close();
    });

    test('checkout of more than is left says which item is short and how many are left', async () => {
      const admin = await createUserAndSignIn(shop.api, { role: 'admin' });
      const product = (await shop.api.app.inject({ method: 'GET', url: '/api/v1/products/slug/insulated-travel-mug' })).json().product;
      assert.equal(
        (
          await shop.api.app.inject({
            method: 'PATCH',
            url: `/api/v1/products/${product.id}`,
            headers: admin.auth,
            payload: { stockQuantity: 3, expectedStockQuantity: product.stockQuantity },
          })
        ).statusCode,
        200,
      );
      await shop.browser.clearCookies();
      const page = await shop.newPage();
      await page.goto(`${shop.webUrl}/login`);
      await page.getByRole('link', { name: 'Log in' }).waitFor();
      await page.getByLabel('E-mail').fill(email);
      await page.getByLabel('Password').fill(password);
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.getByRole('link', { name: 'Account', exact: true }).waitFor();
      await page.goto(`${shop.webUrl}/products/insulated-travel-mug`);
      await page.getByLabel('Quantity').fill('3');
      await page.getByRole('button', { name: 'Add to cart' }).click();
      await page.getByTestId('cart-count').waitFor();
      await page.goto(`${shop.webUrl}/checkout`);
      await page.getByRole('button', { name: 'Place order' }).waitFor();
      // Someone else buys two meanwhile. (A fresh admin: the first one's five-second token has expired by now.)
      const later = await createUserAndSignIn(shop.api, { role: 'admin' });
      const sold = await shop.api.app.inject({
        method: 'PATCH',
        url: `/api/v1/products/${product.id}`,
        headers: later.auth,
        payload: { stockQuantity: 1, expectedStockQuantity: 3 },
      });
      assert.equal(sold.statusCode, 200, sold.body);
      await page.getByLabel('Address', { exact: true }).fill('1 Main Street');
      await page.getByLabel('City').fill('Springfield');
      await page.getByLabel('Postal code').fill('12345');
      await page.getByLabel('Phone').fill('+1 555 0100');
      await page.getByRole('button', { name: 'Place order' }).click();
      await page.getByText('Insulated Travel Mug: only 1 left (you asked for 3)').waitFor();
      await page.getByRole('link', { name: 'Update your cart' }).click();
      await page.getByText('Only 1 left — lower the quantity to check out.').waitFor();
      await page.getByRole('button', { name: 'Remove' }).click();
      await page.getByText('Your cart is empty.').waitFor();
      await page.close();
    });

    test('a signed-in customer writes a review, then edits it; the rating summary follows', async () => {
      await shop.browser.clearCookies();
      const page = await shop.newPage();
      await page.goto(`${shop.webUrl}/login`);
      await page.getByRole('link', { name: 'Log in' }).waitFor();
      await page.getByLabel('E-mail').fill(email);
      await page.getByLabel('Password').fill(password);
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.getByRole('link', { name: 'Account', exact: true }).waitFor();
      await page.goto(`${shop.webUrl}/products/enamel-camp-mug`);
      await page.getByRole('button', { name: 'Write a review' }).click();
      await page.getByRole('button', { name: 'Post review' }).click();
      await page.getByText('Title is required').waitFor();
      await page.getByLabel('Rating').selectOption('4');
      await page.getByLabel('Title').fill('Sturdy and light');
      await page.getByLabel('Review', { exact: true }).fill('Survived a week of camping.');
      await page.getByRole('button', { name: 'Post review' }).click();
      await page.getByRole('heading', { name: 'Sturdy and light' }).waitFor();
      await page.getByRole('button', { name: 'Edit your review' }).click();
      await page.getByLabel('Title').fill('Sturdy, light, keeps coffee warm');
      await page.getByRole('button', { name: 'Save review' }).click();
      await page.getByRole('heading', { name: 'Sturdy, light, keeps coffee warm' }).waitFor();
      const product = (await shop.api.app.inject({ method: 'GET', url: '/api/v1/products/slug/enamel-camp-mug' })).json().product;
      const reviews = (await shop.api.app.inject({ method: 'GET', url: `/api/v1/products/${product.id}/reviews` })).json().items;
      const mine = reviews.filter((r: { title: string }) => r.title === 'Sturdy, light, keeps coffee warm');
      assert.equal(mine.length, 1, 'edited in place, not a second review');
      assert.equal(mine[0].rating, 4);
      await page.close();
    });

    test('when the API is down, the shop shows a friendly message, not a crash', async () => {
      // A second web server whose API address answers nothing.
      const port = await freePort();
      const web = await startWeb(`http://127.0.0.1:${await freePort()}`, port);
      try {
        const page = await shop.newPage();
        for (const path of ['/', '/products', '/products/blue-ceramic-mug']) {
          // Pages stream, so the status may already be 200 when the failure happens: what the shopper sees is the point.
          await page.goto(`http://localhost:${port}${path}`);
          await page.getByRole('heading', { name: 'The shop is taking a short break' }).waitFor();
          assert.doesNotMatch(await page.content(), /ECONNREFUSED|at .*\.js:\d+/, 'no internals shown');
        }
        await page.close();
      } finally {
        await stopProcess(web);
      }
    });

    test('screenshots of home, catalog, product, cart and checkout at 375 and 1280 px', async () => {
      await screenshots(shop, 'home', '/');
      await screenshots(shop, 'catalog', '/products');
      await screenshots(shop, 'product', '/products/blue-ceramic-mug');
      const signIn = async (page: import('playwright-core').Page) => {
        if (page.url().includes('/login')) {
          await page.getByLabel('E-mail').fill(email);
          await page.getByLabel('Password').fill(password);
          await page.getByRole('button', { name: 'Log in' }).click();
        }
        await page.getByRole('link', { name: 'Account', exact: true }).waitFor();
      };
      const page = await shop.newPage();
      await page.goto(`${shop.webUrl}/products/blue-ceramic-mug`);
      await page.goto(`${shop.webUrl}/login?next=/cart`);
      await signIn(page);
      await page.goto(`${shop.webUrl}/products/blue-ceramic-mug`);
      await page.getByRole('button', { name: 'Add to cart' }).click();
      await page.getByTestId('cart-count').waitFor();
      await page.close();
      await screenshots(shop, 'cart', '/cart', async (p) => {
        await p.getByTestId('cart-line').waitFor();
      });
      await screenshots(shop, 'checkout', '/checkout', async (p) => {
        await p.getByRole('button', { name: 'Place order' }).waitFor();
      });
    });
  });
