-- products.images back to 0008's form: each image's storage reference, as jsonb.
DROP FUNCTION product_images_of(uuid);
--> statement-breakpoint
CREATE OR REPLACE FUNCTION product_images_of(product uuid) RETURNS jsonb
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$
    SELECT coalesce(jsonb_agg(jsonb_build_object(
      'id', i.id, 'storageKey', i.storage_key, 'format', i.format, 'width', i.width,
      'height', i.height, 'alt', i.alt, 'position', i.position
    ) ORDER BY i.position, i.created_at), '[]'::jsonb)
    FROM product_images i WHERE i.product_id = product
  $$;
--> statement-breakpoint
ALTER TABLE "products" ALTER COLUMN "images" DROP DEFAULT;
--> statement-breakpoint
ALTER TABLE "products" ALTER COLUMN "images" TYPE jsonb USING '[]'::jsonb;
--> statement-breakpoint
ALTER TABLE "products" ALTER COLUMN "images" SET DEFAULT '[]'::jsonb;
--> statement-breakpoint
UPDATE "products" p SET "images" = product_images_of(p.id)
WHERE p.id IN (SELECT DISTINCT product_id FROM product_images);
