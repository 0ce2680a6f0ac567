DROP TRIGGER cart_items_line_limit ON cart_items;
--> statement-breakpoint
DROP FUNCTION cart_items_check_line_limit();
