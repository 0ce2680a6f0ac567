DROP TRIGGER products_search_words_changed ON products;
--> statement-breakpoint
DROP TRIGGER products_search_words_removed ON products;
--> statement-breakpoint
DROP TRIGGER products_search_words_added ON products;
--> statement-breakpoint
DROP FUNCTION products_search_words_changed();
--> statement-breakpoint
DROP FUNCTION products_search_words_removed();
--> statement-breakpoint
DROP FUNCTION products_search_words_added();
--> statement-breakpoint
DROP FUNCTION typo_tsquery(text[]);
--> statement-breakpoint
DROP FUNCTION search_words_count(text[], text[]);
--> statement-breakpoint
CREATE INDEX "products_search_text_trgm_idx" ON "products" USING gin ("search_text" gin_trgm_ops);
--> statement-breakpoint
DROP INDEX "products_search_words_idx";
--> statement-breakpoint
DROP TABLE "search_words";
--> statement-breakpoint
DROP FUNCTION search_words_of(text);
--> statement-breakpoint
DROP FUNCTION search_words_vector(text);
