CREATE INDEX `refresh_tokens_revoked_at_idx` ON `refresh_tokens` (`revoked_at`);--> statement-breakpoint
CREATE INDEX `users_deleted_at_idx` ON `users` (`deleted_at`);