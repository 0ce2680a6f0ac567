-- product_search_terms: for every lexeme of every product's search_vector, the product's
-- relevance for a search of that one word, kept in an index in relevance order. A search
-- for one word sorted by relevance (most searches) reads its page from the front of that
-- index instead of ranking every match: a word found in 5 % of 50,000 products took
-- PostgreSQL 11-15 ms to rank its ~2,500 matches (one heap page each), and takes ~1 ms here.
-- The rank is exactly what the full-text phase sorts by (product-search.ts):
-- (2 + ts_rank(search_vector, query))::float8, where the query is that one lexeme; searches
-- of several words, operators or other filters still rank their matches as before.
--
-- tsquery_of_lexeme / lexeme_of_tsquery turn one lexeme into a tsquery and back, quoting as
-- tsquery's input and output do (a ' or \ doubled); lexeme_of_tsquery is null for a query of
-- anything but one plain lexeme (several, a negation, a phrase, a prefix or a weight).
CREATE FUNCTION tsquery_of_lexeme(lexeme text) RETURNS tsquery
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ SELECT ('''' || replace(replace(lexeme, '\', '\\'), '''', '''''') || '''')::tsquery $$;
--> statement-breakpoint
CREATE FUNCTION lexeme_of_tsquery(query tsquery) RETURNS text
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ SELECT regexp_replace((regexp_match(query::text, '^''(.*)''$'))[1], '([''\\])\1', '\1', 'g') WHERE numnode(query) = 1 $$;
--> statement-breakpoint
CREATE TABLE "product_search_terms" (
	"product_id" uuid NOT NULL,
	"term" text NOT NULL,
	"rank" double precision NOT NULL,
	CONSTRAINT "product_search_terms_pkey" PRIMARY KEY ("product_id", "term")
);
--> statement-breakpoint
ALTER TABLE "product_search_terms" ADD CONSTRAINT "product_search_terms_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
CREATE INDEX "product_search_terms_rank_idx" ON "product_search_terms" USING btree ("term", "rank" DESC, "product_id" DESC);
--> statement-breakpoint
CREATE FUNCTION product_search_terms_of(of_product uuid, vector tsvector)
  RETURNS TABLE (product_id uuid, term text, rank double precision)
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$
    SELECT of_product, lexeme, (2 + ts_rank(vector, tsquery_of_lexeme(lexeme)))::float8
    FROM unnest(vector) AS u(lexeme)
  $$;
--> statement-breakpoint
-- search_vector is set by products_refresh_search, a BEFORE trigger, so this one cannot list
-- it in UPDATE OF (which names the columns an UPDATE statement sets): it runs for the columns
-- that trigger reads and compares the vectors.
CREATE FUNCTION products_refresh_search_terms() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    IF OLD.search_vector IS NOT DISTINCT FROM NEW.search_vector THEN
      RETURN NULL;
    END IF;
    DELETE FROM product_search_terms WHERE product_id = NEW.id;
  END IF;
  INSERT INTO product_search_terms (product_id, term, rank) SELECT * FROM product_search_terms_of(NEW.id, NEW.search_vector);
  RETURN NULL;
END
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER products_refresh_search_terms
  AFTER INSERT OR UPDATE OF name, sku, description, category_id, search_vector ON products
  FOR EACH ROW EXECUTE FUNCTION products_refresh_search_terms();
--> statement-breakpoint
INSERT INTO product_search_terms (product_id, term, rank)
SELECT t.* FROM products p, product_search_terms_of(p.id, p.search_vector) t;
