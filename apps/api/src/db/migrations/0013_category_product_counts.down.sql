DROP TRIGGER products_count_changed ON products;
--> statement-breakpoint
DROP TRIGGER products_count_deleted ON products;
--> statement-breakpoint
DROP TRIGGER products_count_inserted ON products;
--> statement-breakpoint
DROP FUNCTION products_count_changed();
--> statement-breakpoint
DROP FUNCTION products_count_listed();
--> statement-breakpoint
DROP FUNCTION categories_add_product_counts(jsonb);
--> statement-breakpoint
ALTER TABLE "categories" DROP COLUMN "product_count";
