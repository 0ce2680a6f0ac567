ALTER TABLE "products" RESET (fillfactor);
