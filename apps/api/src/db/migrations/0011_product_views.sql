-- product_views: each product as the API shows it (see productJson), all but its stock: the
-- text of a compact JSON object up to and including `"stockQuantity":`, so a read appends the
-- stock (and, for an admin, the cost) and the closing brace. Building each product's JSON per
-- read (row_to_json, and joining its category) was over half of PostgreSQL's time for a
-- 20-product page (pgbench, 2 clients: 5,900 pages/s; 9,100 reading it from here).
-- Kept by a trigger on every products column it shows (the stock is not one, so checkout's
-- stock changes never rebuild it) and by categories_propagate_name when a category's name or
-- slug changes. A table of its own rather than a products column: ~700 bytes more in every
-- products row made searches and reports over the table ~10-15 % slower and a freshly loaded
-- catalog's bloat twice as costly.
CREATE TABLE "product_views" (
	"product_id" uuid PRIMARY KEY NOT NULL,
	"json" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "product_views" ADD CONSTRAINT "product_views_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
CREATE FUNCTION product_view_json(p products) RETURNS text
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$
    SELECT left(row_to_json(shown)::text, -1) || ',"stockQuantity":' FROM (SELECT
      p.id AS "id", p.name AS "name", p.slug AS "slug", p.description AS "description",
      p.price_cents AS "priceCents", p.compare_at_price_cents AS "compareAtPriceCents", p.sku AS "sku",
      p.is_active AS "isActive", p.is_featured AS "isFeatured",
      (SELECT row_to_json(category) FROM (
        SELECT c.id AS "id", c.name AS "name", c.slug AS "slug" FROM categories c WHERE c.id = p.category_id
      ) category) AS "category",
      p.images AS "images", p.rating_average::float8 AS "ratingAverage", p.rating_count AS "ratingCount",
      to_char(p.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "createdAt",
      to_char(p.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "updatedAt"
    ) shown
  $$;
--> statement-breakpoint
CREATE FUNCTION products_refresh_view() RETURNS trigger AS $$
BEGIN
  INSERT INTO product_views (product_id, json) VALUES (NEW.id, product_view_json(NEW))
  ON CONFLICT (product_id) DO UPDATE SET json = excluded.json;
  RETURN NULL;
END
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER products_refresh_view
  AFTER INSERT OR UPDATE OF name, slug, description, price_cents, compare_at_price_cents, sku, is_active, is_featured,
    category_id, images, rating_average, rating_count, created_at, updated_at ON products
  FOR EACH ROW EXECUTE FUNCTION products_refresh_view();
--> statement-breakpoint
INSERT INTO product_views (product_id, json) SELECT p.id, product_view_json(p) FROM products p;
--> statement-breakpoint
-- A category's products show its name and slug, and are found by its name: a new name
-- rewrites them (their search columns, and so their views); a new slug only their views.
CREATE OR REPLACE FUNCTION categories_propagate_name() RETURNS trigger AS $$
BEGIN
  IF OLD.name IS DISTINCT FROM NEW.name THEN
    UPDATE products SET name = name WHERE category_id = NEW.id;
  ELSE
    UPDATE product_views v SET json = product_view_json(p) FROM products p WHERE p.category_id = NEW.id AND v.product_id = p.id;
  END IF;
  RETURN NULL;
END
$$ LANGUAGE plpgsql;
--> statement-breakpoint
DROP TRIGGER categories_propagate_name ON categories;
--> statement-breakpoint
CREATE TRIGGER categories_propagate_name
  AFTER UPDATE OF name, slug ON categories
  FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name OR OLD.slug IS DISTINCT FROM NEW.slug)
  EXECUTE FUNCTION categories_propagate_name();
