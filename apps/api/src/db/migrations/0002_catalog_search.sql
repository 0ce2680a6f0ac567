-- Keeps products.search_vector (full-text, weighted) and products.search_text (for trigram
-- typo matching) up to date from the product and its category's name.
CREATE OR REPLACE FUNCTION products_refresh_search() RETURNS trigger AS $$
DECLARE
  category_name text;
BEGIN
  SELECT name INTO category_name FROM categories WHERE id = NEW.category_id;
  NEW.search_vector :=
    setweight(to_tsvector('english', coalesce(NEW.name, '')), 'A') ||
    setweight(to_tsvector('simple', coalesce(NEW.sku, '')), 'A') ||
    setweight(to_tsvector('english', coalesce(category_name, '')), 'B') ||
    setweight(to_tsvector('english', coalesce(NEW.description, '')), 'C');
  NEW.search_text := lower(coalesce(NEW.name, '') || ' ' || coalesce(category_name, '') || ' ' || coalesce(NEW.sku, ''));
  RETURN NEW;
END
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER products_refresh_search
  BEFORE INSERT OR UPDATE OF name, sku, description, category_id ON products
  FOR EACH ROW EXECUTE FUNCTION products_refresh_search();
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
