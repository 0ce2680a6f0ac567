DROP TRIGGER product_images_inserted ON product_images;
--> statement-breakpoint
DROP TRIGGER product_images_updated ON product_images;
--> statement-breakpoint
DROP TRIGGER product_images_deleted ON product_images;
--> statement-breakpoint
DROP FUNCTION product_images_refresh();
--> statement-breakpoint
ALTER TABLE "products" DROP COLUMN "images";
--> statement-breakpoint
DROP FUNCTION product_images_of(uuid);
