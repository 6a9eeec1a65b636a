ALTER TABLE `notification_log` MODIFY COLUMN `kind` enum('confirmation','reminder','moved','cancelled','prescription_issued','refill_approved','refill_denied') NOT NULL;--> statement-breakpoint
ALTER TABLE `notification_log` ADD `subject_id` varchar(26);--> statement-breakpoint
CREATE INDEX `notification_log_subject_idx` ON `notification_log` (`subject_id`,`kind`);