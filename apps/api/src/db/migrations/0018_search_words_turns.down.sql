-- search_words_count back to 0017's, without the advisory lock.
CREATE OR REPLACE FUNCTION search_words_count(removed text[], added text[]) RETURNS void
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
