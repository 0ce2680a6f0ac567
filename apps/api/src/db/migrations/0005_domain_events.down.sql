DROP TABLE "domain_events";
