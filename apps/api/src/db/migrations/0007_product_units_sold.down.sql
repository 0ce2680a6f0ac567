DROP INDEX "products_never_sold_idx";
--> statement-breakpoint
DROP TRIGGER orders_count_sold ON orders;
--> statement-breakpoint
DROP FUNCTION orders_count_sold();
--> statement-breakpoint
DROP TRIGGER order_items_count_sold ON order_items;
--> statement-breakpoint
DROP FUNCTION order_items_count_sold();
--> statement-breakpoint
DROP FUNCTION products_add_units_sold(jsonb);
--> statement-breakpoint
ALTER TABLE "products" DROP COLUMN "units_sold";
--> statement-breakpoint
DROP FUNCTION order_status_counts(text);
