-- products.units_sold: units of the product in counted orders (paid, processing, shipped,
-- delivered), kept by statement-level triggers on order_items and orders, so "never sold"
-- reports read one column instead of joining every order line ever written (470 ms on
-- 300,000 lines; now an index scan).
CREATE OR REPLACE FUNCTION order_status_counts(status text) RETURNS boolean
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT status IN ('paid', 'processing', 'shipped', 'delivered') $$;
--> statement-breakpoint
ALTER TABLE "products" ADD COLUMN "units_sold" integer DEFAULT 0 NOT NULL;
--> statement-breakpoint
UPDATE "products" p SET "units_sold" = t.n
FROM (
  SELECT i.product_id, sum(i.quantity)::int AS n
  FROM order_items i JOIN orders o ON o.id = i.order_id
  WHERE order_status_counts(o.status)
  GROUP BY i.product_id
) t
WHERE t.product_id = p.id;
--> statement-breakpoint
-- Applies per-product deltas, locking the rows in id order (as checkout does), so two
-- concurrent status changes never deadlock on each other's products.
CREATE OR REPLACE FUNCTION products_add_units_sold(deltas jsonb) RETURNS void AS $$
BEGIN
  PERFORM 1 FROM products p
  WHERE p.id IN (SELECT (d.key)::uuid FROM jsonb_each_text(deltas) d)
  ORDER BY p.id FOR UPDATE;
  UPDATE products p SET units_sold = p.units_sold + (d.value)::int
  FROM jsonb_each_text(deltas) d
  WHERE p.id = (d.key)::uuid;
END
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION order_items_count_sold() RETURNS trigger AS $$
DECLARE
  deltas jsonb;
BEGIN
  SELECT jsonb_object_agg(t.product_id, t.n) INTO deltas FROM (
    SELECT i.product_id, sum(i.quantity) AS n
    FROM new_items i JOIN orders o ON o.id = i.order_id
    WHERE order_status_counts(o.status)
    GROUP BY i.product_id
  ) t;
  IF deltas IS NOT NULL THEN PERFORM products_add_units_sold(deltas); END IF;
  RETURN NULL;
END
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER order_items_count_sold
  AFTER INSERT ON order_items REFERENCING NEW TABLE AS new_items
  FOR EACH STATEMENT EXECUTE FUNCTION order_items_count_sold();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION orders_count_sold() RETURNS trigger AS $$
DECLARE
  deltas jsonb;
BEGIN
  SELECT jsonb_object_agg(t.product_id, t.n) INTO deltas FROM (
    SELECT i.product_id, sum(CASE WHEN order_status_counts(n.status) THEN i.quantity ELSE -i.quantity END) AS n
    FROM new_orders n
    JOIN old_orders o ON o.id = n.id
    JOIN order_items i ON i.order_id = n.id
    WHERE order_status_counts(n.status) <> order_status_counts(o.status)
    GROUP BY i.product_id
  ) t
  WHERE t.n <> 0;
  IF deltas IS NOT NULL THEN PERFORM products_add_units_sold(deltas); END IF;
  RETURN NULL;
END
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER orders_count_sold
  AFTER UPDATE ON orders REFERENCING OLD TABLE AS old_orders NEW TABLE AS new_orders
  FOR EACH STATEMENT EXECUTE FUNCTION orders_count_sold();
--> statement-breakpoint
CREATE INDEX "products_never_sold_idx" ON "products" USING btree ("created_at", "id") WHERE "is_active" AND "units_sold" = 0;
