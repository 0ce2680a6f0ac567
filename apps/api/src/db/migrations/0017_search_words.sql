-- search_words: the words of every product's search_text (its name, its category's name and
-- its SKU), each with how many products hold it. Typo matching looks up each word of a query
-- here, by trigram word similarity, and then finds the products holding one of the words it
-- found for every word of the query, in a full-text index of search_text's words as written
-- (the 'simple' configuration: lowercased, not stemmed; see search_words_vector).
-- It replaces matching every product's search_text by trigrams (`word <% search_text`): for
-- "blu mugg" the trigram index offered every product with a word starting in b or m and each
-- was checked by computing trigram similarities of its text, ~18 µs a candidate, 2.4-2.6 ms
-- a search on the bench's 50,000 products; looked up here, 1.4 ms. The products found are the
-- same: a word of the text close to the query's word is an extent of the text's trigrams as
-- close (tested against the old condition on the bench's data).
-- Words with a digit (SKUs, sizes, model numbers) are not typo-corrected: they must match as
-- written, and are not kept here.
--
-- A text's words are its runs of letters and digits, as pg_trgm and the API split them
-- ("sw-5" is "sw" and "5"; the text search parser alone reads "-5" as a signed number).
CREATE FUNCTION search_words_vector(search_text text) RETURNS tsvector
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ SELECT to_tsvector('simple'::regconfig, regexp_replace(search_text, '[[:punct:]]+', ' ', 'g')) $$;
--> statement-breakpoint
CREATE FUNCTION search_words_of(search_text text) RETURNS text[]
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$
    SELECT coalesce(array_agg(lexeme ORDER BY lexeme), '{}')
    FROM unnest(search_words_vector(search_text))
    WHERE lexeme !~ '[0-9]' AND length(lexeme) >= 2
  $$;
--> statement-breakpoint
CREATE TABLE "search_words" (
	"word" text PRIMARY KEY NOT NULL,
	"products" integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX "search_words_trgm_idx" ON "search_words" USING gin ("word" gin_trgm_ops);
--> statement-breakpoint
CREATE INDEX "products_search_words_idx" ON "products" USING gin (search_words_vector("search_text"));
--> statement-breakpoint
DROP INDEX "products_search_text_trgm_idx";
--> statement-breakpoint
-- Counts the words of the texts `removed` out and of `added` in, in one statement and in word
-- order, so that two writes sharing words lock them in the same order and never deadlock.
-- A word no product holds any more goes.
CREATE FUNCTION search_words_count(removed text[], added text[]) RETURNS void
  LANGUAGE plpgsql
  AS $$
DECLARE
  emptied text[];
BEGIN
  WITH delta AS (
    SELECT w, sum(change)::int AS change FROM (
      SELECT w, -1 AS change FROM unnest(removed) t, unnest(search_words_of(t)) w
      UNION ALL
      SELECT w, 1 FROM unnest(added) t, unnest(search_words_of(t)) w
    ) changes GROUP BY w HAVING sum(change) <> 0
  ), counted AS (
    INSERT INTO search_words (word, products)
    SELECT w, change FROM delta ORDER BY w
    ON CONFLICT (word) DO UPDATE SET products = search_words.products + excluded.products
    RETURNING word, products
  )
  SELECT array_agg(word) INTO emptied FROM counted WHERE products <= 0;
  IF emptied IS NOT NULL THEN
    DELETE FROM search_words WHERE word = ANY (emptied) AND products <= 0;
  END IF;
END
$$;
--> statement-breakpoint
CREATE FUNCTION products_search_words_added() RETURNS trigger AS $$
BEGIN
  PERFORM search_words_count('{}', ARRAY(SELECT search_text FROM added));
  RETURN NULL;
END
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE FUNCTION products_search_words_removed() RETURNS trigger AS $$
BEGIN
  PERFORM search_words_count(ARRAY(SELECT search_text FROM removed), '{}');
  RETURN NULL;
END
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE FUNCTION products_search_words_changed() RETURNS trigger AS $$
BEGIN
  PERFORM search_words_count(ARRAY[OLD.search_text], ARRAY[NEW.search_text]);
  RETURN NULL;
END
$$ LANGUAGE plpgsql;
--> statement-breakpoint
-- Inserts and deletes are counted once per statement (a catalog import is one insert), an
-- update per row whose text changed: an update trigger with a transition table would capture
-- every row of every update, checkout's stock changes included.
CREATE TRIGGER products_search_words_added
  AFTER INSERT ON products REFERENCING NEW TABLE AS added
  FOR EACH STATEMENT EXECUTE FUNCTION products_search_words_added();
--> statement-breakpoint
CREATE TRIGGER products_search_words_removed
  AFTER DELETE ON products REFERENCING OLD TABLE AS removed
  FOR EACH STATEMENT EXECUTE FUNCTION products_search_words_removed();
--> statement-breakpoint
-- search_text is set by products_refresh_search, a BEFORE trigger: UPDATE OF names the
-- columns it is made from (see products_refresh_search_terms in 0016).
CREATE TRIGGER products_search_words_changed
  AFTER UPDATE OF name, sku, category_id, search_text ON products
  FOR EACH ROW WHEN (OLD.search_text IS DISTINCT FROM NEW.search_text)
  EXECUTE FUNCTION products_search_words_changed();
--> statement-breakpoint
INSERT INTO search_words (word, products)
SELECT w, count(*) FROM products, unnest(search_words_of(search_text)) w GROUP BY w;
--> statement-breakpoint
-- The typo query for the words of a search (as product-search.ts splits it): for each word, the
-- (at most 20) closest words of the catalog by trigram word similarity, or the word itself if
-- it has a digit, any of which a product must hold; null when a word has none, so nothing
-- matches. PL/pgSQL so that its look-up is planned once per connection.
CREATE FUNCTION typo_tsquery(words text[]) RETURNS tsquery
  LANGUAGE plpgsql STABLE PARALLEL SAFE
  AS $$
DECLARE
  w text;
  alternatives text;
  query text := '';
BEGIN
  FOREACH w IN ARRAY coalesce(words, '{}') LOOP
    IF w ~ '[0-9]' THEN
      alternatives := tsquery_of_lexeme(w)::text;
    ELSE
      SELECT string_agg(tsquery_of_lexeme(close.word)::text, ' | ') INTO alternatives
      FROM (
        SELECT s.word FROM search_words s WHERE w <% s.word
        ORDER BY word_similarity(w, s.word) DESC, s.word LIMIT 20
      ) close;
      IF alternatives IS NULL THEN
        RETURN NULL;
      END IF;
    END IF;
    query := query || CASE WHEN query = '' THEN '' ELSE ' & ' END || '(' || alternatives || ')';
  END LOOP;
  RETURN nullif(query, '')::tsquery;
END
$$;
