-- An event the sink keeps refusing while it is reachable (EVENT_RELAY_MAX_ATTEMPTS) is parked:
-- it stops holding back later events of its subject and waits for an admin (retry or leave).
ALTER TABLE "domain_events" ADD COLUMN "parked_at" timestamp (3) with time zone;
