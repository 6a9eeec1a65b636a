CREATE TABLE `location_daily_metrics` (
	`location_id` varchar(26) NOT NULL,
	`day` date NOT NULL,
	`appointments` int NOT NULL,
	`completed` int NOT NULL,
	`cancelled` int NOT NULL,
	`no_shows` int NOT NULL,
	`new_patients` int NOT NULL,
	`avg_wait_seconds` int,
	`avg_consultation_seconds` int,
	`computed_at` datetime(3) NOT NULL,
	CONSTRAINT `location_daily_metrics_location_id_day_pk` PRIMARY KEY(`location_id`,`day`)
);
--> statement-breakpoint
CREATE TABLE `notification_log` (
	`id` varchar(26) NOT NULL,
	`dedupe_key` varchar(191) NOT NULL,
	`appointment_id` varchar(26) NOT NULL,
	`patient_id` varchar(26) NOT NULL,
	`kind` enum('confirmation','reminder','moved','cancelled') NOT NULL,
	`offset` varchar(32),
	`start_at` datetime(3) NOT NULL,
	`channel` enum('email','sms','in_app') NOT NULL,
	`due_at` datetime(3) NOT NULL,
	`status` enum('scheduled','sending','sent','skipped','failed') NOT NULL,
	`reason` varchar(200),
	`attempts` smallint NOT NULL DEFAULT 0,
	`claimed_at` datetime(3),
	`sent_at` datetime(3),
	`provider_id` varchar(200),
	`created_at` datetime(3) NOT NULL,
	`updated_at` datetime(3) NOT NULL,
	CONSTRAINT `notification_log_id` PRIMARY KEY(`id`),
	CONSTRAINT `notification_log_dedupe_unique` UNIQUE(`dedupe_key`)
);
--> statement-breakpoint
ALTER TABLE `patients` ADD `notify_email` boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE `patients` ADD `notify_sms` boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE `patients` ADD `notify_in_app` boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE `outbox_events` ADD `notifications_planned_at` datetime(3);--> statement-breakpoint
ALTER TABLE `location_daily_metrics` ADD CONSTRAINT `location_daily_metrics_location_id_locations_id_fk` FOREIGN KEY (`location_id`) REFERENCES `locations`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `notification_log` ADD CONSTRAINT `notification_log_appointment_id_appointments_id_fk` FOREIGN KEY (`appointment_id`) REFERENCES `appointments`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `notification_log` ADD CONSTRAINT `notification_log_patient_id_patients_id_fk` FOREIGN KEY (`patient_id`) REFERENCES `patients`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX `notification_log_appointment_idx` ON `notification_log` (`appointment_id`);--> statement-breakpoint
CREATE INDEX `notification_log_status_due_idx` ON `notification_log` (`status`,`due_at`);--> statement-breakpoint
CREATE INDEX `outbox_unplanned_idx` ON `outbox_events` (`notifications_planned_at`,`id`);--> statement-breakpoint
-- Events from before notifications existed are history: the worker must not send confirmations for them.
UPDATE `outbox_events` SET `notifications_planned_at` = `occurred_at` WHERE `notifications_planned_at` IS NULL;
