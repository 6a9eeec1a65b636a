CREATE TABLE `display_devices` (
	`id` varchar(26) NOT NULL,
	`location_id` varchar(26) NOT NULL,
	`name` varchar(120) NOT NULL,
	`token_hash` varchar(64) NOT NULL,
	`created_by` varchar(26),
	`last_seen_at` datetime(3),
	`revoked_at` datetime(3),
	`created_at` datetime(3) NOT NULL,
	`updated_at` datetime(3) NOT NULL,
	CONSTRAINT `display_devices_id` PRIMARY KEY(`id`),
	CONSTRAINT `display_devices_token_unique` UNIQUE(`token_hash`)
);
--> statement-breakpoint
CREATE TABLE `locations` (
	`id` varchar(26) NOT NULL,
	`name` varchar(120) NOT NULL,
	`address` varchar(300) NOT NULL,
	`phone` varchar(32) NOT NULL,
	`timezone` varchar(64) NOT NULL,
	`created_at` datetime(3) NOT NULL,
	`updated_at` datetime(3) NOT NULL,
	CONSTRAINT `locations_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `doctors` (
	`id` varchar(26) NOT NULL,
	`user_id` varchar(26) NOT NULL,
	`first_name` varchar(100) NOT NULL,
	`last_name` varchar(100) NOT NULL,
	`specialty_id` varchar(26) NOT NULL,
	`license_number` varchar(50) NOT NULL,
	`location_id` varchar(26) NOT NULL,
	`room` varchar(50) NOT NULL,
	`consultation_minutes` smallint NOT NULL,
	`active` boolean NOT NULL DEFAULT true,
	`created_at` datetime(3) NOT NULL,
	`updated_at` datetime(3) NOT NULL,
	CONSTRAINT `doctors_id` PRIMARY KEY(`id`),
	CONSTRAINT `doctors_user_unique` UNIQUE(`user_id`),
	CONSTRAINT `doctors_license_unique` UNIQUE(`license_number`)
);
--> statement-breakpoint
CREATE TABLE `patients` (
	`id` varchar(26) NOT NULL,
	`user_id` varchar(26),
	`first_name` varchar(100) NOT NULL,
	`last_name` varchar(100) NOT NULL,
	`date_of_birth` date NOT NULL,
	`gender` enum('female','male','other','unknown') NOT NULL DEFAULT 'unknown',
	`phone` varchar(32) NOT NULL,
	`email` varchar(254),
	`address_line` varchar(200),
	`city` varchar(100),
	`postal_code` varchar(20),
	`country` varchar(2),
	`emergency_contact_name` varchar(200),
	`emergency_contact_phone` varchar(32),
	`emergency_contact_relation` varchar(50),
	`blood_type` enum('A+','A-','B+','B-','AB+','AB-','O+','O-'),
	`allergies` json NOT NULL,
	`preferred_language` varchar(35) NOT NULL DEFAULT 'en',
	`timezone` varchar(64) NOT NULL,
	`deleted_at` datetime(3),
	`created_at` datetime(3) NOT NULL,
	`updated_at` datetime(3) NOT NULL,
	CONSTRAINT `patients_id` PRIMARY KEY(`id`),
	CONSTRAINT `patients_user_unique` UNIQUE(`user_id`)
);
--> statement-breakpoint
CREATE TABLE `specialties` (
	`id` varchar(26) NOT NULL,
	`name` varchar(100) NOT NULL,
	`created_at` datetime(3) NOT NULL,
	`updated_at` datetime(3) NOT NULL,
	CONSTRAINT `specialties_id` PRIMARY KEY(`id`),
	CONSTRAINT `specialties_name_unique` UNIQUE(`name`)
);
--> statement-breakpoint
CREATE TABLE `schedule_rules` (
	`id` varchar(26) NOT NULL,
	`doctor_id` varchar(26) NOT NULL,
	`location_id` varchar(26) NOT NULL,
	`weekday` smallint NOT NULL,
	`start_time` time NOT NULL,
	`end_time` time NOT NULL,
	`created_at` datetime(3) NOT NULL,
	`updated_at` datetime(3) NOT NULL,
	CONSTRAINT `schedule_rules_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `doctor_unavailability` (
	`id` varchar(26) NOT NULL,
	`doctor_id` varchar(26) NOT NULL,
	`start_at` datetime(3) NOT NULL,
	`end_at` datetime(3) NOT NULL,
	`reason` varchar(200),
	`created_by` varchar(26),
	`created_at` datetime(3) NOT NULL,
	`updated_at` datetime(3) NOT NULL,
	CONSTRAINT `doctor_unavailability_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `refresh_tokens` (
	`id` varchar(26) NOT NULL,
	`user_id` varchar(26) NOT NULL,
	`family_id` varchar(26) NOT NULL,
	`token_hash` varchar(64) NOT NULL,
	`expires_at` datetime(3) NOT NULL,
	`used_at` datetime(3),
	`revoked_at` datetime(3),
	`created_at` datetime(3) NOT NULL,
	CONSTRAINT `refresh_tokens_id` PRIMARY KEY(`id`),
	CONSTRAINT `refresh_tokens_hash_unique` UNIQUE(`token_hash`)
);
--> statement-breakpoint
CREATE TABLE `users` (
	`id` varchar(26) NOT NULL,
	`email` varchar(254) NOT NULL,
	`role` enum('admin','receptionist','doctor','patient') NOT NULL,
	`password_hash` varchar(255),
	`first_name` varchar(100) NOT NULL,
	`last_name` varchar(100) NOT NULL,
	`active` boolean NOT NULL DEFAULT true,
	`last_login_at` datetime(3),
	`deleted_at` datetime(3),
	`active_email` varchar(254) GENERATED ALWAYS AS ((case when deleted_at is null then email end)) STORED,
	`created_at` datetime(3) NOT NULL,
	`updated_at` datetime(3) NOT NULL,
	CONSTRAINT `users_id` PRIMARY KEY(`id`),
	CONSTRAINT `users_active_email_unique` UNIQUE(`active_email`)
);
--> statement-breakpoint
ALTER TABLE `display_devices` ADD CONSTRAINT `display_devices_location_id_locations_id_fk` FOREIGN KEY (`location_id`) REFERENCES `locations`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `display_devices` ADD CONSTRAINT `display_devices_created_by_users_id_fk` FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `doctors` ADD CONSTRAINT `doctors_user_id_users_id_fk` FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `doctors` ADD CONSTRAINT `doctors_specialty_id_specialties_id_fk` FOREIGN KEY (`specialty_id`) REFERENCES `specialties`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `doctors` ADD CONSTRAINT `doctors_location_id_locations_id_fk` FOREIGN KEY (`location_id`) REFERENCES `locations`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `patients` ADD CONSTRAINT `patients_user_id_users_id_fk` FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `schedule_rules` ADD CONSTRAINT `schedule_rules_doctor_id_doctors_id_fk` FOREIGN KEY (`doctor_id`) REFERENCES `doctors`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `schedule_rules` ADD CONSTRAINT `schedule_rules_location_id_locations_id_fk` FOREIGN KEY (`location_id`) REFERENCES `locations`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `doctor_unavailability` ADD CONSTRAINT `doctor_unavailability_doctor_id_doctors_id_fk` FOREIGN KEY (`doctor_id`) REFERENCES `doctors`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `refresh_tokens` ADD CONSTRAINT `refresh_tokens_user_id_users_id_fk` FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX `display_devices_location_idx` ON `display_devices` (`location_id`);--> statement-breakpoint
CREATE INDEX `doctors_location_idx` ON `doctors` (`location_id`);--> statement-breakpoint
CREATE INDEX `doctors_specialty_idx` ON `doctors` (`specialty_id`);--> statement-breakpoint
CREATE INDEX `patients_name_idx` ON `patients` (`last_name`,`first_name`);--> statement-breakpoint
CREATE INDEX `patients_phone_idx` ON `patients` (`phone`);--> statement-breakpoint
CREATE INDEX `schedule_rules_doctor_idx` ON `schedule_rules` (`doctor_id`,`weekday`);--> statement-breakpoint
CREATE INDEX `doctor_unavailability_doctor_idx` ON `doctor_unavailability` (`doctor_id`,`start_at`);--> statement-breakpoint
CREATE INDEX `refresh_tokens_family_idx` ON `refresh_tokens` (`family_id`);--> statement-breakpoint
CREATE INDEX `refresh_tokens_user_idx` ON `refresh_tokens` (`user_id`);--> statement-breakpoint
CREATE INDEX `users_email_idx` ON `users` (`email`);--> statement-breakpoint
CREATE INDEX `users_role_idx` ON `users` (`role`);