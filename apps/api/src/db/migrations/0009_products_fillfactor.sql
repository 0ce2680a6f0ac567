-- Room on every products page for the row's next version. Checkout changes a product's stock,
-- a review its rating; neither column is indexed, so PostgreSQL can keep the new version on
-- the same page without touching the product's 13 indexes (two of them GIN) — a "HOT"
-- update — but only when the page has space. Packed full by a bulk load, almost every stock
-- change was a full index update (17,794 HOT of 159,512 in one benchmark run; all HOT at 80).
-- Applies to pages written from now on; `VACUUM FULL products` repacks existing ones.
ALTER TABLE "products" SET (fillfactor = 80);
