-- A cart holds at most 500 different products (MAX_CART_LINES in cart.service.ts; Shopify's
-- and commercetools' carts stop at 500 lines too). Nothing bounded it before: every cart read,
-- and the checkout statement, read (and lock) all of a cart's lines, so one customer could make
-- each of them as costly as they liked with a cart of the whole catalog.
-- A trigger rather than a count in the add statement: two adds at once would both count 499
-- in their own snapshots. Here the adds to one cart take turns on a transaction-level advisory
-- lock (no row is written for it), and the count, a statement of its own inside PL/pgSQL, takes
-- a new snapshot after the wait, so it sees every line the previous add committed.
-- BEFORE INSERT also runs for an add that ends as ON CONFLICT's update of an existing line;
-- that line is not counted, so adding more of a product already in a full cart still works.
CREATE FUNCTION cart_items_check_line_limit() RETURNS trigger AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(4242002, hashtext(NEW.user_id::text));
  IF (SELECT count(*) FROM cart_items WHERE user_id = NEW.user_id AND product_id <> NEW.product_id) >= 500 THEN
    RAISE EXCEPTION 'a cart holds at most 500 products'
      USING ERRCODE = 'check_violation', CONSTRAINT = 'cart_items_line_limit';
  END IF;
  RETURN NEW;
END
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER cart_items_line_limit
  BEFORE INSERT ON cart_items
  FOR EACH ROW EXECUTE FUNCTION cart_items_check_line_limit();
