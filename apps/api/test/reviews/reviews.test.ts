import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { users } from '../../src/db/schema/index.js';
import { makeProduct } from '../helpers/catalog.js';
import { createUserAndSignIn, errorOf, type SignedIn, startTestApp, type TestContext } from '../helpers/test-app.js';

describe('reviews and ratings', () => {
  let ctx: TestContext;
  let admin: SignedIn;
  before(async () => {
    ctx = await startTestApp();
    admin = await createUserAndSignIn(ctx, { role: 'admin' });
  });
  after(() => ctx.close());

  const review = (who: SignedIn, productId: string, payload: Record<string, unknown>) =>
    ctx.app.inject({ method: 'POST', url: `/api/v1/products/${productId}/reviews`, headers: who.auth, payload });
  const product = async (id: string) => (await ctx.app.inject({ method: 'GET', url: `/api/v1/products/${id}` })).json().product;

  it('when customers review, then one review each, and the average and count are exact', async () => {
    const p = await makeProduct(ctx, admin);
    const [a, b, c] = [await createUserAndSignIn(ctx), await createUserAndSignIn(ctx), await createUserAndSignIn(ctx)];
    const first = await review(a, p.id, { rating: 5, title: 'Lovely', body: 'Exactly as pictured.' });
    assert.equal(first.statusCode, 201);
    const r = first.json().review;
    assert.equal(r.verifiedPurchase, false);
    assert.equal(r.author.name, 'Test P.');
    assert.equal((await review(b, p.id, { rating: 4, title: 'Good' })).statusCode, 201);
    assert.equal((await review(c, p.id, { rating: 4, title: 'Fine' })).statusCode, 201);
    let view = await product(p.id);
    assert.equal(view.ratingCount, 3);
    assert.equal(view.ratingAverage, 4.33);

    const second = await review(a, p.id, { rating: 1, title: 'Changed my mind' });
    assert.equal(second.statusCode, 409);
    assert.equal(errorOf(second).error, 'REVIEW_EXISTS');

    assert.equal(
      (await ctx.app.inject({ method: 'PATCH', url: `/api/v1/reviews/${r.id}`, headers: a.auth, payload: { rating: 2 } })).statusCode,
      200,
    );
    view = await product(p.id);
    assert.equal(view.ratingAverage, 3.33);
    assert.equal((await ctx.app.inject({ method: 'DELETE', url: `/api/v1/reviews/${r.id}`, headers: admin.auth })).statusCode, 204);
    view = await product(p.id);
    assert.equal(view.ratingCount, 2);
    assert.equal(view.ratingAverage, 4);
  });

  it('when the author has not verified their e-mail address, then 403 EMAIL_NOT_VERIFIED and no review is stored; once verified, it is accepted', async () => {
    const p = await makeProduct(ctx, admin);
    const unverified = await createUserAndSignIn(ctx, { isVerified: false });
    const refused = await review(unverified, p.id, { rating: 1, title: 'Sock puppet' });
    assert.equal(refused.statusCode, 403);
    assert.equal(errorOf(refused).error, 'EMAIL_NOT_VERIFIED');
    assert.equal((await product(p.id)).ratingCount, 0);

    await ctx.db.update(users).set({ isVerified: true }).where(eq(users.id, unverified.id));
    assert.equal((await review(unverified, p.id, { rating: 4, title: 'Real' })).statusCode, 201);
    assert.equal((await product(p.id)).ratingCount, 1);
  });

  it('when someone else edits or deletes a review, then 404; anonymous is 401', async () => {
    const p = await makeProduct(ctx, admin);
    const [author, other] = [await createUserAndSignIn(ctx), await createUserAndSignIn(ctx)];
    const r = (await review(author, p.id, { rating: 3, title: 'Okay' })).json().review;
    assert.equal(
      (await ctx.app.inject({ method: 'PATCH', url: `/api/v1/reviews/${r.id}`, headers: other.auth, payload: { rating: 1 } })).statusCode,
      404,
    );
    assert.equal((await ctx.app.inject({ method: 'DELETE', url: `/api/v1/reviews/${r.id}`, headers: other.auth })).statusCode, 404);
    assert.equal((await ctx.app.inject({ method: 'DELETE', url: `/api/v1/reviews/${r.id}` })).statusCode, 401);
    assert.equal(
      (await ctx.app.inject({ method: 'POST', url: `/api/v1/products/${p.id}/reviews`, payload: { rating: 3, title: 'x' } })).statusCode,
      401,
    );
  });

  it('when a review is invalid, then 422 per field', async () => {
    const p = await makeProduct(ctx, admin);
    const who = await createUserAndSignIn(ctx);
    for (const body of [
      { rating: 0, title: 'x' },
      { rating: 6, title: 'x' },
      { rating: 3.5, title: 'x' },
      { rating: 3, title: '' },
      { rating: 3, title: 'x'.repeat(121) },
      { rating: 3, title: 'x', body: 'y'.repeat(5001) },
      { rating: 3, title: 'x', verifiedPurchase: true },
    ]) {
      assert.equal((await review(who, p.id, body)).statusCode, 422, JSON.stringify(body).slice(0, 60));
    }
    assert.equal((await review(who, '00000000-0000-4000-8000-000000000000', { rating: 3, title: 'x' })).statusCode, 404);
  });

  it('when reviews are listed, then sorts and paging cover every review once', async () => {
    const p = await makeProduct(ctx, admin);
    const ratings = [5, 1, 3, 3, 4, 2, 5];
    for (const rating of ratings) await review(await createUserAndSignIn(ctx), p.id, { rating, title: `Rated ${rating}` });
    for (const [sort, expected] of [
      ['highest', [...ratings].sort((a, b) => b - a)],
      ['lowest', [...ratings].sort((a, b) => a - b)],
    ] as const) {
      const seen: number[] = [];
      let cursor: string | null = null;
      do {
        const url: string = `/api/v1/products/${p.id}/reviews?sort=${sort}&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
        const body = (await ctx.app.inject({ method: 'GET', url })).json();
        seen.push(...body.items.map((r: { rating: number }) => r.rating));
        cursor = body.nextCursor;
      } while (cursor);
      assert.deepEqual(seen, expected);
    }
    const newest = (await ctx.app.inject({ method: 'GET', url: `/api/v1/products/${p.id}/reviews?limit=100` })).json().items;
    assert.equal(newest.length, 7);
  });

  it('when many customers review at once, then the rating stays exact', async () => {
    const p = await makeProduct(ctx, admin);
    const people = await Promise.all(Array.from({ length: 12 }, () => createUserAndSignIn(ctx)));
    const results = await Promise.all(people.map((who, i) => review(who, p.id, { rating: (i % 5) + 1, title: 'Concurrent' })));
    assert.ok(results.every((r) => r.statusCode === 201));
    const view = await product(p.id);
    const sum = people.reduce((s, _, i) => s + (i % 5) + 1, 0);
    assert.equal(view.ratingCount, 12);
    assert.equal(view.ratingAverage, Math.round((sum / 12) * 100) / 100);
  });

  it('when an admin moderates, then every review is listed with its product and author, filtered by product, author and rating, paged without repeats', async () => {
    const [p1, p2] = [await makeProduct(ctx, admin), await makeProduct(ctx, admin)];
    const [a, b] = [await createUserAndSignIn(ctx), await createUserAndSignIn(ctx)];
    await review(a, p1.id, { rating: 2, title: 'Meh' });
    await review(b, p1.id, { rating: 5, title: 'Great' });
    await review(a, p2.id, { rating: 5, title: 'Superb' });
    const list = (query: string, who = admin) => ctx.app.inject({ method: 'GET', url: `/api/v1/reviews?${query}`, headers: who.auth });

    const byProduct = (await list(`productId=${p1.id}`)).json();
    assert.deepEqual(byProduct.items.map((r: { title: string }) => r.title).sort(), ['Great', 'Meh']);
    assert.equal(byProduct.items[0].product.id, p1.id);
    assert.equal(byProduct.items[0].product.name, p1.name);
    const byAuthor = (await list(`userId=${a.id}`)).json();
    assert.deepEqual(
      byAuthor.items.map((r: { authorEmail: string }) => r.authorEmail),
      [a.email, a.email],
    );
    const fives = (await list(`rating=5&userId=${a.id}`)).json();
    assert.deepEqual(
      fives.items.map((r: { title: string }) => r.title),
      ['Superb'],
    );

    const seen = new Set<string>();
    let cursor: string | null = null;
    do {
      const page: { items: { id: string }[]; nextCursor: string | null } = (
        await list(`limit=1&sort=highest${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)
      ).json();
      for (const r of page.items) {
        assert.ok(!seen.has(r.id), 'no repeats');
        seen.add(r.id);
      }
      cursor = page.nextCursor;
    } while (cursor);
    assert.ok(seen.size >= 3);

    assert.equal((await list('', a)).statusCode, 403);
    assert.equal((await ctx.app.inject({ method: 'GET', url: '/api/v1/reviews' })).statusCode, 401);
    assert.equal(errorOf(await list('rating=9')).error, 'VALIDATION_FAILED');
  });
});
