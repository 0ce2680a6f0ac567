-- Back to pg_trgm's own cost for the operator (1, a C function's default).
DO $$
BEGIN
  ALTER FUNCTION word_similarity_op(text, text) COST 1;
EXCEPTION WHEN insufficient_privilege THEN
  RAISE NOTICE 'cannot reset word_similarity_op cost: %', SQLERRM;
END
$$;
