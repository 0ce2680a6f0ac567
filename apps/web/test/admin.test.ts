import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import sharp from 'sharp';
import { createUserAndSignIn, GOOD_PASSWORD, type SignedIn } from '../../api/test/helpers/test-app.js';
import { artifactsDir, buildWeb, type Shop, signIn, skipReason, startShop } from './support/shop.js';

const skip = skipReason();
const money = (cents: number) => new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }).format(cents / 100);

if (skip) test('admin dashboard in Chromium', { skip }, () => {});
else
  describe('admin dashboard in Chromium', { timeout: 600_000 }, () => {
    let shop: Shop;
    let admin: SignedIn;
    let customer: SignedIn;

    before(async () => {
      buildWeb();
      shop = await startShop();
      admin = await createUserAndSignIn(shop.api, { role: 'admin' });
      customer = await createUserAndSignIn(shop.api, { role: 'customer', isVerified: true });
      // Some real sales, so the dashboard's numbers are not all zero: two paid orders.
      const inject = (method: 'GET' | 'POST' | 'PATCH', url: string, who: SignedIn, payload?: object) =>
        shop.api.app.inject({ method, url: `/api/v1${url}`, headers: who.auth, payload });
      const products = (await inject('GET', '/products?limit=4&inStock=true', customer)).json().items as { id: string }[];
      for (const [i, product] of products.slice(0, 2).entries()) {
        await inject('POST', '/cart/items', customer, { productId: product.id, quantity: i + 1 });
        const shippingAddress = {
          fullName: 'Dash Board',
          line1: '1 Main St',
          city: 'Springfield',
          postalCode: '12345',
          country: 'US',
          phone: '+1 555 0100',
        };
        const order = (await inject('POST', '/orders', customer, { shippingAddress })).json().order;
        assert.equal((await inject('PATCH', `/orders/${order.id}/status`, admin, { status: 'paid' })).statusCode, 200);
      }
    });
    after(async () => {
      await shop?.close();
    });

    const apiGet = async (url: string) => (await shop.api.app.inject({ method: 'GET', url: `/api/v1${url}`, headers: admin.auth })).json();

    test('admin: dashboard equals the analytics API → new product with an uploaded image → in the shop → a customer buys it → admin ships it → the customer sees "Shipped"', async () => {
      const page = await shop.newPage();
      await signIn(shop, page, admin.email, GOOD_PASSWORD);

      // Dashboard: every number is the analytics API's.
      await page.goto(`${shop.webUrl}/admin`);
      await page.getByTestId('kpi-revenue').waitFor();
      const stats = await apiGet('/admin/stats');
      assert.ok(stats.last30Days.orders >= 2, 'the dashboard has sales to show');
      assert.equal(await page.getByTestId('kpi-revenue').textContent(), money(stats.last30Days.revenueCents));
      assert.equal(await page.getByTestId('kpi-orders').textContent(), String(stats.last30Days.orders));
      assert.equal(await page.getByTestId('kpi-aov').textContent(), money(stats.last30Days.averageOrderValueCents));
      assert.equal(await page.getByTestId('kpi-customers').textContent(), String(stats.last30Days.newCustomers));
      await page.getByTestId('range-revenue').waitFor();
      const from = await page.getByLabel('From', { exact: true }).inputValue();
      const to = await page.getByLabel('To', { exact: true }).inputValue();
      const sales = await apiGet(`/analytics/sales?from=${from}&to=${to}&interval=day`);
      assert.equal(await page.getByTestId('range-revenue').textContent(), money(sales.totals.revenueCents));
      assert.equal(await page.getByTestId('range-orders').textContent(), String(sales.totals.orders));
      await page.screenshot({ path: join(artifactsDir, 'admin-dashboard-1280.png'), fullPage: true });

      // A new product, with an image uploaded through the editor.
      await page.goto(`${shop.webUrl}/admin/products/new`);
      await page.getByLabel('Name').fill('Hand-thrown Teapot');
      await page.getByText('Address: /products/hand-thrown-teapot').waitFor();
      await page.getByLabel('Description').fill('A one-litre stoneware teapot with a built-in strainer.');
      await page.getByLabel('Price', { exact: true }).fill('39.50');
      await page.getByLabel('SKU').fill('TEAPOT-1');
      await page.getByLabel('Stock').fill('7');
      await page.getByLabel('Category').selectOption({ label: 'Drinkware' });
      await page.getByRole('button', { name: 'Create product' }).click();
      await page.waitForURL(/\/admin\/products\/[0-9a-f-]{36}$/);
      const created = (await apiGet('/products/slug/hand-thrown-teapot')).product;
      assert.equal(created.category?.name, 'Drinkware');
      assert.equal(created.priceCents, 3950);
      const photo = await sharp({ create: { width: 800, height: 600, channels: 3, background: { r: 30, g: 90, b: 160 } } })
        .jpeg()
        .toBuffer();
      await page.getByTestId('image-input').setInputFiles({ name: 'teapot.jpg', mimeType: 'image/jpeg', buffer: photo });
      await page.getByTestId('admin-image').waitFor();
      assert.equal(await page.getByLabel('Category').locator('option:checked').textContent(), 'Drinkware');
      await page.screenshot({ path: join(artifactsDir, 'admin-product-editor-1280.png'), fullPage: true });

      // The storefront shows it, with the image.
      await page.goto(`${shop.webUrl}/products/hand-thrown-teapot`);
      await page.getByRole('heading', { level: 1, name: 'Hand-thrown Teapot' }).waitFor();
      assert.equal(await page.locator('main img').first().getAttribute('width'), '800');

      // A customer buys it.
      await signIn(shop, page, customer.email, GOOD_PASSWORD);
      await page.goto(`${shop.webUrl}/products/hand-thrown-teapot`);
      await page.getByRole('button', { name: 'Add to cart' }).click();
      await page.getByTestId('cart-count').waitFor();
      await page.goto(`${shop.webUrl}/checkout`);
      await page.getByLabel('Address', { exact: true }).fill('2 High Street');
      await page.getByLabel('City').fill('Bristol');
      await page.getByLabel('Postal code').fill('BS1 4DJ');
      await page.getByLabel('Country code').fill('GB');
      await page.getByLabel('Phone').fill('+44 117 496 0000');
      await page.getByRole('button', { name: 'Place order' }).click();
      await page.waitForURL(/\/account\/orders\/([0-9a-f-]{36})\?placed=1/);
      const orderId = /orders\/([0-9a-f-]{36})/.exec(page.url())?.[1];
      assert.ok(orderId);

      // The admin moves it along to shipped; only legal next statuses are offered.
      await signIn(shop, page, admin.email, GOOD_PASSWORD);
      await page.goto(`${shop.webUrl}/admin/orders`);
      await page.locator(`a[href="/admin/orders/${orderId}"]`).click();
      await page.getByTestId('admin-order-status').filter({ hasText: 'Pending payment' }).waitFor();
      assert.equal(await page.getByRole('button', { name: 'Mark shipped' }).count(), 0, 'pending cannot jump to shipped');
      for (const [button, status] of [
        ['Mark paid', 'Paid'],
        ['Mark processing', 'Processing'],
        ['Mark shipped', 'Shipped'],
      ] as const) {
        await page.getByRole('button', { name: button }).click();
        await page.getByRole('dialog').getByRole('button', { name: 'Confirm' }).click();
        await page.getByTestId('admin-order-status').filter({ hasText: status }).waitFor();
      }

      // The customer sees it shipped.
      await signIn(shop, page, customer.email, GOOD_PASSWORD);
      await page.goto(`${shop.webUrl}/account/orders`);
      await page.getByTestId('order-status').filter({ hasText: 'Shipped' }).waitFor();
      await page.close();
    });

    test('a customer opening /admin is refused; a signed-out visitor is sent to log in', async () => {
      const page = await shop.newPage();
      await signIn(shop, page, customer.email, GOOD_PASSWORD);
      await page.goto(`${shop.webUrl}/admin`);
      await page.getByRole('heading', { name: 'Admins only' }).waitFor();
      assert.equal(await page.getByTestId('kpi-revenue').count(), 0);
      await shop.browser.clearCookies();
      await page.goto(`${shop.webUrl}/admin/orders`);
      await page.waitForURL(/\/login\?next=%2Fadmin%2Forders/);
      await page.close();
    });
  });
