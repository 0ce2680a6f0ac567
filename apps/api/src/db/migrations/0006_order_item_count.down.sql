ALTER TABLE "orders" DROP COLUMN "item_count";
