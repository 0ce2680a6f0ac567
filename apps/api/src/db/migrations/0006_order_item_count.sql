ALTER TABLE "orders" ADD COLUMN "item_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
UPDATE "orders" o SET "item_count" = t.n
FROM (SELECT order_id, sum(quantity)::int AS n FROM "order_items" GROUP BY order_id) t
WHERE t.order_id = o.id;
