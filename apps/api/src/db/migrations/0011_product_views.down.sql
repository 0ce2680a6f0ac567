-- categories_propagate_name back to 0002's: a new name rewrites the category's products.
DROP TRIGGER categories_propagate_name ON categories;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION categories_propagate_name() RETURNS trigger AS $$
BEGIN
  UPDATE products SET name = name WHERE category_id = NEW.id;
  RETURN NULL;
END
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER categories_propagate_name
  AFTER UPDATE OF name ON categories
  FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name)
  EXECUTE FUNCTION categories_propagate_name();
--> statement-breakpoint
DROP TRIGGER products_refresh_view ON products;
--> statement-breakpoint
DROP FUNCTION products_refresh_view();
--> statement-breakpoint
DROP FUNCTION product_view_json(products);
--> statement-breakpoint
DROP TABLE "product_views";
