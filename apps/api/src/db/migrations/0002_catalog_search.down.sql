DROP TRIGGER categories_propagate_name ON categories;
--> statement-breakpoint
DROP FUNCTION categories_propagate_name();
--> statement-breakpoint
DROP TRIGGER products_refresh_search ON products;
--> statement-breakpoint
DROP FUNCTION products_refresh_search();
