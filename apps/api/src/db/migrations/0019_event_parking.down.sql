ALTER TABLE "domain_events" DROP COLUMN "parked_at";
