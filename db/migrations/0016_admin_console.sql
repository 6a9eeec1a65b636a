CREATE TABLE `notification_templates` (
	`id` varchar(26) NOT NULL,
	`kind` enum('appointment_confirmation','appointment_reminder','appointment_moved','appointment_cancelled','prescription_issued','prescription_ready','refill_approved','refill_denied','payment_received','payment_failed','feedback_request') NOT NULL,
	`channel` enum('email','sms','in_app') NOT NULL,
	`language` varchar(35) NOT NULL,
	`subject` varchar(200),
	`body` text NOT NULL,
	`updated_by` varchar(26),
	`created_at` datetime(3) NOT NULL,
	`updated_at` datetime(3) NOT NULL,
	CONSTRAINT `notification_templates_id` PRIMARY KEY(`id`),
	CONSTRAINT `notification_templates_kind_channel_language_unique` UNIQUE(`kind`,`channel`,`language`)
);
--> statement-breakpoint
CREATE TABLE `doctor_specialties` (
	`doctor_id` varchar(26) NOT NULL,
	`specialty_id` varchar(26) NOT NULL,
	CONSTRAINT `doctor_specialties_doctor_id_specialty_id_pk` PRIMARY KEY(`doctor_id`,`specialty_id`)
);
--> statement-breakpoint
ALTER TABLE `locations` ADD `active` boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE `doctors` ADD `license_expires_on` date;--> statement-breakpoint
ALTER TABLE `doctors` ADD `bio` text;--> statement-breakpoint
ALTER TABLE `doctors` ADD `languages` json;--> statement-breakpoint
ALTER TABLE `notification_templates` ADD CONSTRAINT `notification_templates_updated_by_users_id_fk` FOREIGN KEY (`updated_by`) REFERENCES `users`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `doctor_specialties` ADD CONSTRAINT `doctor_specialties_doctor_id_doctors_id_fk` FOREIGN KEY (`doctor_id`) REFERENCES `doctors`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `doctor_specialties` ADD CONSTRAINT `doctor_specialties_specialty_id_specialties_id_fk` FOREIGN KEY (`specialty_id`) REFERENCES `specialties`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX `doctor_specialties_specialty_idx` ON `doctor_specialties` (`specialty_id`);--> statement-breakpoint
-- Every doctor keeps their one specialty as the first of their specialties.
INSERT INTO `doctor_specialties` (`doctor_id`, `specialty_id`) SELECT `id`, `specialty_id` FROM `doctors`;
