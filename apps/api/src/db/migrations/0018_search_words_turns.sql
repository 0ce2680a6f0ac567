-- The word counts (search_words, migration 0017) are shared rows, and a statement locks the
-- words it changes. An insert or delete counts all its rows at once, in word order, but an
-- update counts row by row, and the rows of one update need not change the same words: a
-- category rename leaves a word alone in a product whose own name holds it too. Two renames
-- (or a rename and an insert) could then take the same words in opposite orders and deadlock
-- (seen in the concurrency test). Every change of the counts now takes one transaction-level
-- advisory lock first, so the transactions that change them take turns (catalog edits, rare
-- next to reads; checkout's stock changes never count words).
CREATE OR REPLACE FUNCTION search_words_count(removed text[], added text[]) RETURNS void
  LANGUAGE plpgsql
  AS $$
DECLARE
  emptied text[];
BEGIN
  PERFORM pg_advisory_xact_lock(4242003, 0);
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
