-- pg_trgm stays: CREATE EXTENSION IF NOT EXISTS may have found it installed by the operator.
DROP TABLE "reviews";
--> statement-breakpoint
DROP TABLE "product_images";
--> statement-breakpoint
DROP TABLE "products";
--> statement-breakpoint
DROP TABLE "categories";
