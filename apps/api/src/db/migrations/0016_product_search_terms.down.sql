DROP TRIGGER products_refresh_search_terms ON products;
--> statement-breakpoint
DROP FUNCTION products_refresh_search_terms();
--> statement-breakpoint
DROP FUNCTION product_search_terms_of(uuid, tsvector);
--> statement-breakpoint
DROP TABLE "product_search_terms";
--> statement-breakpoint
DROP FUNCTION lexeme_of_tsquery(tsquery);
--> statement-breakpoint
DROP FUNCTION tsquery_of_lexeme(text);
