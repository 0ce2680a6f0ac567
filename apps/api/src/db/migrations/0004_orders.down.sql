DROP TABLE "order_status_history";
--> statement-breakpoint
DROP TABLE "order_items";
--> statement-breakpoint
DROP TABLE "orders";
--> statement-breakpoint
DROP TABLE "idempotency_keys";
--> statement-breakpoint
DROP TABLE "cart_items";
