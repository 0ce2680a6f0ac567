import { sql } from 'drizzle-orm';
import type { Db } from '../apps/api/src/db/client.js';
import { hashPassword } from '../apps/api/src/modules/auth/password.js';

export const DATASET = { categories: 60, products: 50_000, customers: 20_000, orders: 100_000, itemsPerOrder: 3, reviews: 60_000 } as const;
export const BENCH_PASSWORD = 'bench-customer-password';

/**
 * Loads the benchmark data set server-side (generate_series, multi-row INSERT … SELECT), so
 * 50,000 products, 20,000 customers and 100,000 orders with 300,000 items over two years take
 * seconds, not minutes. Deterministic: the same seed gives the same shop.
 */
export async function loadDataset(db: Db, progress: (step: string, done: number, total: number) => void): Promise<void> {
  const steps = 8;
  let step = 0;
  const tick = (name: string) => progress(name, ++step, steps);
  const passwordHash = await hashPassword(BENCH_PASSWORD);
  await db.execute(sql`select setseed(0.42)`);

  tick('categories');
  await db.execute(sql`
    insert into categories (name, slug, description, position)
    select 'Category ' || g, 'category-' || g, 'Everything in group ' || g, g from generate_series(1, ${DATASET.categories}) g`);

  tick('products');
  await db.execute(sql`
    with words as (
      select array['Blue','Red','Green','Oak','Linen','Copper','Wool','Glass','Stone','Cotton','Brass','Walnut','Ceramic','Leather','Bamboo','Silver'] as adj,
             array['Mug','Lamp','Board','Throw','Kettle','Vase','Bowl','Shirt','Tent','Pen','Chair','Table','Bag','Candle','Jar','Rug','Clock','Mirror','Basket','Knife'] as noun
    ), cats as (select array_agg(id order by position) as ids from categories)
    insert into products (name, slug, sku, description, price_cents, compare_at_price_cents, cost_per_item_cents, stock_quantity, is_active, is_featured, category_id, created_at)
    select w.adj[1 + (g % 16)] || ' ' || w.noun[1 + ((g / 16) % 20)] || ' ' || g,
           'bench-product-' || g, 'BENCH-' || g,
           'A ' || lower(w.adj[1 + (g % 16)]) || ' ' || lower(w.noun[1 + ((g / 16) % 20)]) || ', well made and built to last. Item ' || g || '.',
           500 + (g * 7919) % 49500,
           case when g % 5 = 0 then 500 + (g * 7919) % 49500 + 1000 else null end,
           (500 + (g * 7919) % 49500) / 2,
           case when g % 23 = 0 then 0 when g % 11 = 0 then 1 + g % 5 else 20 + g % 500 end,
           g % 40 <> 0, g % 97 = 0,
           c.ids[1 + (g % ${DATASET.categories})],
           now() - make_interval(mins => g * 20)
    from generate_series(1, ${DATASET.products}) g, words w, cats c`);

  tick('images metadata');
  await db.execute(sql`
    insert into product_images (product_id, storage_key, format, width, height, alt, position)
    select id, 'products/bench/' || replace(id::text, '-', ''), 'jpeg', 1200, 1200, name, 0 from products`);

  tick('customers');
  await db.execute(sql`
    insert into users (email, full_name, password_hash, role, is_verified, created_at)
    select 'customer' || g || '@bench.test', 'Customer ' || g, ${passwordHash}, 'customer', true, now() - make_interval(days => (g * 37) % 760)
    from generate_series(1, ${DATASET.customers}) g`);

  tick('orders');
  await db.execute(sql`
    with buyers as (select array_agg(id) as ids from users where email like '%@bench.test')
    insert into orders (order_number, user_id, status, subtotal_cents, total_cents, currency, shipping_address, created_at, updated_at)
    select 'BN-' || lpad(g::text, 8, '0'), b.ids[1 + floor(random() * ${DATASET.customers})::int],
           (array['pending','paid','processing','shipped','delivered','delivered','delivered','delivered','cancelled','refunded'])[1 + floor(random() * 10)::int],
           0, 0, 'USD',
           '{"fullName":"Bench Buyer","line1":"1 Main St","line2":"","city":"Springfield","postalCode":"12345","country":"US","phone":""}'::jsonb,
           now() - make_interval(secs => floor(random() * 730 * 86400)::int), now()
    from generate_series(1, ${DATASET.orders}) g, buyers b`);

  tick('order items');
  await db.execute(sql`
    with prods as (select array_agg(id order by id) as ids from products),
    picks as (
      select o.id as order_id, p.ids[1 + floor(random() * ${DATASET.products})::int] as product_id, 1 + floor(random() * 3)::int as quantity
      from orders o, prods p, generate_series(1, ${DATASET.itemsPerOrder})
    )
    insert into order_items (order_id, product_id, name, sku, unit_price_cents, quantity, line_total_cents)
    select k.order_id, k.product_id, pr.name, pr.sku, pr.price_cents, k.quantity, pr.price_cents * k.quantity
    from picks k join products pr on pr.id = k.product_id`);
  await db.execute(sql`
    update orders o set subtotal_cents = t.total, total_cents = t.total, item_count = t.units
    from (select order_id, sum(line_total_cents) as total, sum(quantity) as units from order_items group by order_id) t where t.order_id = o.id`);

  tick('reviews');
  await db.execute(sql`
    with prods as (select array_agg(id order by id) as ids from products where is_active),
    buyers as (select array_agg(id order by id) as ids from users where email like '%@bench.test')
    insert into reviews (product_id, user_id, rating, title, body, created_at)
    select p.ids[1 + floor(random() * array_length(p.ids, 1))::int], b.ids[1 + floor(random() * ${DATASET.customers})::int],
           1 + floor(random() * 5)::int, 'Review ' || g, 'Generated review body ' || g, now() - make_interval(days => g % 700)
    from generate_series(1, ${DATASET.reviews}) g, prods p, buyers b
    on conflict do nothing`);

  tick('ratings and statistics');
  await db.execute(sql`
    update products p set rating_count = r.n, rating_average = r.avg
    from (select product_id, count(*)::int as n, round(avg(rating), 2) as avg from reviews group by product_id) r where r.product_id = p.id`);
  await db.execute(sql`analyze`);
}
