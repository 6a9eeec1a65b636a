ALTER TABLE `notification_log` MODIFY COLUMN `kind` enum('confirmation','reminder','moved','cancelled','prescription_issued','refill_approved','refill_denied','prescription_ready','payment_received','payment_failed','feedback_request') NOT NULL;--> statement-breakpoint
ALTER TABLE `location_daily_metrics` ADD `feedback_requested` int DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `location_daily_metrics` ADD `feedback_received` int DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `location_daily_metrics` ADD `feedback_ratings` json;