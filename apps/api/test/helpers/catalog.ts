import type { SignedIn, TestContext } from './test-app.js';

let counter = 0;

/** Creates a category through the API as `admin`. */
export async function makeCategory(
  ctx: TestContext,
  admin: SignedIn,
  body: Record<string, unknown> = {},
): Promise<{ id: string; slug: string; name: string }> {
  counter++;
  const res = await ctx.app.inject({
    method: 'POST',
    url: '/api/v1/categories',
    headers: admin.auth,
    payload: { name: `Category ${counter} ${Date.now()}`, ...body },
  });
  if (res.statusCode !== 201) throw new Error(`category: ${res.body}`);
  return res.json().category;
}

/** Creates a product through the API as `admin`. */
export async function makeProduct(
  ctx: TestContext,
  admin: SignedIn,
  body: Record<string, unknown> = {},
): Promise<Record<string, unknown> & { id: string; slug: string }> {
  counter++;
  const res = await ctx.app.inject({
    method: 'POST',
    url: '/api/v1/products',
    headers: admin.auth,
    payload: { name: `Product ${counter}`, sku: `SKU-${counter}-${Date.now()}`, priceCents: 1000, stockQuantity: 10, ...body },
  });
  if (res.statusCode !== 201) throw new Error(`product: ${res.body}`);
  return res.json().product;
}
