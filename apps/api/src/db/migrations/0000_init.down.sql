DROP TABLE "refresh_tokens";
--> statement-breakpoint
DROP TABLE "user_tokens";
--> statement-breakpoint
DROP TABLE "sessions";
--> statement-breakpoint
DROP TABLE "mail_outbox";
--> statement-breakpoint
DROP TABLE "users";
