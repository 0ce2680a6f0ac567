DROP INDEX "products_never_sold_idx";
--> statement-breakpoint
ALTER TABLE "products" DROP COLUMN "sold";
--> statement-breakpoint
CREATE INDEX "products_never_sold_idx" ON "products" USING btree ("created_at", "id") WHERE "is_active" AND "units_sold" = 0;
