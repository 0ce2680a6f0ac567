import './dom';
import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, test } from 'node:test';
import type { Cart, Product } from '@emporium/contracts';
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import CheckoutPage from '@/app/checkout/page';
import LoginPage from '@/app/login/page';
import { CartLineItem } from '@/components/cart/cart-line';
import { AddToCart } from '@/components/product/add-to-cart';
import { SearchBox } from '@/components/search-box';
import { useSession } from '@/lib/session';
import { type ApiServer, DEMO_ACCOUNTS, logIn, startApiServer } from './api-server';
import { nodeFetch, useApiOrigin } from './dom';
import { renderInApp } from './router';

/*
 * The storefront's interactive parts, rendered alone against the real API (demo catalog and
 * accounts): what the shopper types and clicks, what the API then holds, and where the part
 * sends the shopper next (Next's router is the one thing standing in).
 */

let api: ApiServer;
const { email, password } = DEMO_ACCOUNTS.customer;

async function call<T>(path: string, token: string | null, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const res = await nodeFetch(`${api.url}/api/v1${path}`, {
    method: init.method ?? 'GET',
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(init.body ? { 'content-type': 'application/json' } : {}) },
    body: init.body ? JSON.stringify(init.body) : undefined,
  });
  assert.ok(res.ok, `${path}: ${res.status}`);
  return (await res.json()) as T;
}

async function product(slug: string) {
  return (await call<{ product: Product }>(`/products/slug/${slug}`, null)).product;
}

/** Signs the demo customer in (through the API, as the login page does) and empties their cart. */
async function signInCustomer(): Promise<string> {
  const pair = await logIn(api.url, email, password);
  act(() => useSession.getState().signedIn(pair));
  await nodeFetch(`${api.url}/api/v1/cart`, { method: 'DELETE', headers: { authorization: `Bearer ${pair.accessToken}` } });
  return pair.accessToken;
}

before(async () => {
  api = await startApiServer();
  useApiOrigin(api.url);
});
after(() => api.stop());
beforeEach(() => useSession.setState({ ready: true, user: null, accessToken: null, cartCount: 0 }));
afterEach(cleanup);

describe('the search box', () => {
  test('when a shopper types a misspelt word, then the API’s suggestions list, and arrow + Enter opens the one chosen', async () => {
    const user = userEvent.setup();
    const { navigation } = renderInApp(<SearchBox />);
    const box = screen.getByRole('combobox', { name: 'Search products' });
    await user.type(box, 'blu mugg');
    await screen.findByRole('option', { name: 'Blue Ceramic Mug' }, { timeout: 5000 });
    assert.equal(box.getAttribute('aria-expanded'), 'true');
    const first = screen.getAllByRole('option')[0];
    assert.equal(first?.textContent, 'Blue Ceramic Mug', 'the closest match comes first');
    await user.keyboard('{ArrowDown}');
    assert.equal(box.getAttribute('aria-activedescendant'), first?.id);
    assert.equal(first?.getAttribute('aria-selected'), 'true');
    await user.keyboard('{Enter}');
    assert.deepEqual(navigation.pushed, ['/products/blue-ceramic-mug']);
  });

  test('when a shopper submits a term without choosing, then the results page for it opens; Escape closes the list', async () => {
    const user = userEvent.setup();
    const { navigation } = renderInApp(<SearchBox />, { path: '/products', search: 'q=old' });
    const box = screen.getByRole('combobox', { name: 'Search products' }) as HTMLInputElement;
    assert.equal(box.value, 'old', 'the current search is kept');
    await user.clear(box);
    await user.type(box, 'teapot');
    await screen.findAllByRole('option', {}, { timeout: 5000 });
    await user.keyboard('{Escape}');
    await waitFor(() => assert.equal(screen.queryAllByRole('option').length, 0));
    await user.keyboard('{Enter}');
    assert.deepEqual(navigation.pushed, ['/products?q=teapot']);
  });
});

describe('the login page', () => {
  test('when the fields are wrong, each says so; when the password is wrong, the form says so; when right, the shopper is signed in and sent on', async () => {
    const user = userEvent.setup();
    act(() => useSession.setState({ ready: true, user: null, accessToken: null }));
    const { navigation } = renderInApp(<LoginPage />, { path: '/login', search: 'next=/cart' });
    await user.click(screen.getByRole('button', { name: 'Log in' }));
    await waitFor(() => assert.equal(screen.getByLabelText('E-mail').getAttribute('aria-invalid'), 'true'));
    assert.deepEqual(navigation.pushed, []);

    await user.type(screen.getByLabelText('E-mail'), email);
    await user.type(screen.getByLabelText('Password'), 'not the password at all');
    await user.click(screen.getByRole('button', { name: 'Log in' }));
    const refusal = await screen.findByRole('alert', {}, { timeout: 5000 });
    assert.match(refusal.textContent ?? '', /.+/);
    assert.equal(useSession.getState().user, null);

    await user.clear(screen.getByLabelText('Password'));
    await user.type(screen.getByLabelText('Password'), password);
    await user.click(screen.getByRole('button', { name: 'Log in' }));
    await waitFor(() => assert.deepEqual(navigation.pushed, ['/cart']), { timeout: 5000 });
    assert.equal(useSession.getState().user?.email, email);
  });
});

describe('the add-to-cart button', () => {
  test('when a signed-out shopper clicks it, then they go to log in and come back here', () => {
    const { navigation } = renderInApp(<AddToCart productId="00000000-0000-4000-8000-000000000000" stock={5} />);
    fireEvent.click(screen.getByRole('button', { name: 'Add to cart' }));
    assert.deepEqual(navigation.pushed, [`/login?next=${encodeURIComponent(window.location.pathname)}`]);
  });

  test('when a signed-in shopper adds a quantity, then the API’s cart holds it and the header’s count follows', async () => {
    const token = await signInCustomer();
    const mug = await product('blue-ceramic-mug');
    renderInApp(<AddToCart productId={mug.id} stock={mug.stockQuantity} />);
    const quantity = screen.getByLabelText('Quantity') as HTMLInputElement;
    fireEvent.change(quantity, { target: { value: '100000' } });
    assert.equal(quantity.value, String(Math.min(mug.stockQuantity, 999)), 'no more than the stock can be asked for');
    fireEvent.change(quantity, { target: { value: '2' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add to cart' }));
    await waitFor(() => assert.equal(useSession.getState().cartCount, 2), { timeout: 5000 });
    const cart = await call<Cart>('/cart', token);
    assert.deepEqual(
      cart.items.map((l) => [l.product.id, l.quantity]),
      [[mug.id, 2]],
    );
  });

  test('when the product is sold out, then it says so and offers no button', () => {
    renderInApp(<AddToCart productId="00000000-0000-4000-8000-000000000000" stock={0} />);
    screen.getByRole('status');
    screen.getByText('Sold out — check back soon.');
    assert.equal(screen.queryByRole('button'), null);
  });
});

describe('a cart line', () => {
  test('when a line’s price or stock changed since it was added, then each change is an alert; quantity and Remove report the change', async () => {
    const token = await signInCustomer();
    const mug = await product('blue-ceramic-mug');
    const cart = await call<Cart>('/cart/items', token, { method: 'POST', body: { productId: mug.id, quantity: 3 } });
    const line = cart.items[0];
    assert.ok(line);
    const changes: [string, number][] = [];
    const item = (patch: Partial<typeof line>, busy = false) => (
      <ul>
        <CartLineItem line={{ ...line, ...patch }} currency={cart.currency} busy={busy} onChange={(id, q) => changes.push([id, q])} />
      </ul>
    );
    const { rerender } = render(item({}));
    assert.equal(screen.queryAllByRole('alert').length, 0, 'an unchanged line raises nothing');
    const quantity = screen.getByLabelText('Quantity') as HTMLSelectElement;
    assert.equal(quantity.value, '3');
    fireEvent.change(quantity, { target: { value: '1' } });
    fireEvent.click(screen.getByRole('button', { name: 'Remove' }));
    assert.deepEqual(changes, [
      [mug.id, 1],
      [mug.id, 0],
    ]);

    rerender(item({ issues: ['short', 'price_changed'], availableQuantity: 2, addedPriceCents: line.unitPriceCents - 100 }));
    const alerts = screen.getAllByRole('alert').map((a) => a.textContent);
    assert.deepEqual(alerts, [
      'Only 2 left — lower the quantity to check out.',
      `The price changed from ${new Intl.NumberFormat('en-US', { style: 'currency', currency: cart.currency }).format((line.unitPriceCents - 100) / 100)} to ${new Intl.NumberFormat('en-US', { style: 'currency', currency: cart.currency }).format(line.unitPriceCents / 100)}.`,
    ]);
    rerender(item({}, true));
    assert.equal((screen.getByRole('button', { name: 'Remove' }) as HTMLButtonElement).disabled, true);
    assert.equal((screen.getByLabelText('Quantity') as HTMLSelectElement).disabled, true);
  });
});

describe('the checkout form', () => {
  test('when the address is left empty, then each field says what is missing and no order is placed', async () => {
    const token = await signInCustomer();
    const mug = await product('blue-ceramic-mug');
    await call('/cart/items', token, { method: 'POST', body: { productId: mug.id, quantity: 1 } });
    const { navigation } = renderInApp(<CheckoutPage />, { path: '/checkout' });
    const review = await screen.findByRole('complementary', { name: 'Order review' });
    await within(review).findByText(/1 × Blue Ceramic Mug/, {}, { timeout: 5000 });
    fireEvent.click(screen.getByRole('button', { name: 'Place order' }));
    await screen.findByText('Address is required');
    screen.getByText('City is required');
    screen.getByText('Postal code is required');
    assert.equal((screen.getByLabelText('Address', { exact: true }) as HTMLInputElement).getAttribute('aria-invalid'), 'true');
    assert.deepEqual(navigation.pushed, []);
    assert.equal((await call<Cart>('/cart', token)).items.length, 1, 'the cart is still there');
  });

  test('when the address is filled in, then the order is placed from the cart and the shopper sees it', async () => {
    const token = await signInCustomer();
    const mug = await product('blue-ceramic-mug');
    await call('/cart/items', token, { method: 'POST', body: { productId: mug.id, quantity: 2 } });
    act(() => useSession.getState().setCartCount(2));
    const { navigation } = renderInApp(<CheckoutPage />, { path: '/checkout' });
    await within(await screen.findByRole('complementary', { name: 'Order review' })).findByText(
      /2 × Blue Ceramic Mug/,
      {},
      { timeout: 5000 },
    );
    fireEvent.change(screen.getByLabelText('Address', { exact: true }), { target: { value: '1 Main Street' } });
    fireEvent.change(screen.getByLabelText('City'), { target: { value: 'Springfield' } });
    fireEvent.change(screen.getByLabelText('Postal code'), { target: { value: '12345' } });
    fireEvent.click(screen.getByRole('button', { name: 'Place order' }));
    await waitFor(() => assert.equal(navigation.pushed.length, 1), { timeout: 5000 });
    const [, orderId] = /^\/account\/orders\/([0-9a-f-]{36})\?placed=1$/.exec(navigation.pushed[0] ?? '') ?? [];
    assert.ok(orderId, navigation.pushed[0]);
    const { order } = await call<{ order: { items: { productId: string; quantity: number }[]; shippingAddress: { city: string } } }>(
      `/orders/${orderId}`,
      token,
    );
    assert.deepEqual(
      order.items.map((i) => [i.productId, i.quantity]),
      [[mug.id, 2]],
    );
    assert.equal(order.shippingAddress.city, 'Springfield');
    assert.equal(useSession.getState().cartCount, 0);
    assert.equal((await call<Cart>('/cart', token)).items.length, 0);
  });
});
