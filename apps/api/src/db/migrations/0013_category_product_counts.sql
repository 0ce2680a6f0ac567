-- categories.product_count: the active products directly in the category, kept by triggers on
-- products, so the category list (every storefront page's navigation) reads 60 rows instead of
-- counting the whole products table on each call: GET /categories cost PostgreSQL ~30 ms per
-- call on 50,000 products, and every order clears the catalog cache that answers it.
-- A stock change (checkout) fires none of these triggers.
ALTER TABLE "categories" ADD COLUMN "product_count" integer DEFAULT 0 NOT NULL;
--> statement-breakpoint
UPDATE "categories" c SET "product_count" = t.n
FROM (SELECT category_id, count(*)::int AS n FROM products WHERE is_active AND category_id IS NOT NULL GROUP BY category_id) t
WHERE t.category_id = c.id;
--> statement-breakpoint
-- Applies per-category deltas ({category id: change}; NULL or {} changes nothing), locking the
-- rows in id order, so two concurrent product writes never deadlock on each other's categories. The lock is FOR NO KEY UPDATE, the one the UPDATE
-- itself takes: the product's foreign-key check already holds FOR KEY SHARE on its category,
-- which FOR UPDATE would have to wait for in every other transaction that inserted into the
-- same category (two such inserts deadlocked).
CREATE OR REPLACE FUNCTION categories_add_product_counts(deltas jsonb) RETURNS void AS $$
BEGIN
  PERFORM 1 FROM categories c
  WHERE c.id IN (SELECT (d.key)::uuid FROM jsonb_each_text(deltas) d)
  ORDER BY c.id FOR NO KEY UPDATE;
  UPDATE categories c SET product_count = c.product_count + (d.value)::int
  FROM jsonb_each_text(deltas) d
  WHERE c.id = (d.key)::uuid;
END
$$ LANGUAGE plpgsql;
--> statement-breakpoint
-- The products one statement inserted (+1 each) or deleted (-1 each), per category.
CREATE OR REPLACE FUNCTION products_count_listed() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM categories_add_product_counts((SELECT jsonb_object_agg(category_id, n) FROM (
      SELECT category_id, count(*) AS n FROM new_products WHERE is_active AND category_id IS NOT NULL GROUP BY category_id) t));
  ELSE
    PERFORM categories_add_product_counts((SELECT jsonb_object_agg(category_id, -n) FROM (
      SELECT category_id, count(*) AS n FROM old_products WHERE is_active AND category_id IS NOT NULL GROUP BY category_id) t));
  END IF;
  RETURN NULL;
END
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER products_count_inserted
  AFTER INSERT ON products REFERENCING NEW TABLE AS new_products
  FOR EACH STATEMENT EXECUTE FUNCTION products_count_listed();
--> statement-breakpoint
CREATE TRIGGER products_count_deleted
  AFTER DELETE ON products REFERENCING OLD TABLE AS old_products
  FOR EACH STATEMENT EXECUTE FUNCTION products_count_listed();
--> statement-breakpoint
-- Per row, and only when a product changes category or goes on or off sale (transition
-- tables cannot be combined with a column list): -1 where it was counted, +1 where it is now.
-- The WHEN clause leaves no case where both are the same category.
CREATE OR REPLACE FUNCTION products_count_changed() RETURNS trigger AS $$
BEGIN
  PERFORM categories_add_product_counts(
    CASE WHEN OLD.is_active AND OLD.category_id IS NOT NULL THEN jsonb_build_object(OLD.category_id, -1) ELSE '{}' END ||
    CASE WHEN NEW.is_active AND NEW.category_id IS NOT NULL THEN jsonb_build_object(NEW.category_id, 1) ELSE '{}' END);
  RETURN NULL;
END
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER products_count_changed
  AFTER UPDATE OF category_id, is_active ON products
  FOR EACH ROW WHEN (OLD.category_id IS DISTINCT FROM NEW.category_id OR OLD.is_active IS DISTINCT FROM NEW.is_active)
  EXECUTE FUNCTION products_count_changed();
