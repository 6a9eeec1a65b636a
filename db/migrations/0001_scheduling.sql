CREATE TABLE `appointment_types` (
	`id` varchar(26) NOT NULL,
	`key` varchar(40) NOT NULL,
	`name` varchar(100) NOT NULL,
	`duration_minutes` smallint NOT NULL,
	`active` boolean NOT NULL DEFAULT true,
	`created_at` datetime(3) NOT NULL,
	`updated_at` datetime(3) NOT NULL,
	CONSTRAINT `appointment_types_id` PRIMARY KEY(`id`),
	CONSTRAINT `appointment_types_key_unique` UNIQUE(`key`)
);
--> statement-breakpoint
CREATE TABLE `appointments` (
	`id` varchar(26) NOT NULL,
	`booking_reference` varchar(8) NOT NULL,
	`doctor_id` varchar(26) NOT NULL,
	`patient_id` varchar(26) NOT NULL,
	`location_id` varchar(26) NOT NULL,
	`type_id` varchar(26),
	`start_at` datetime(3) NOT NULL,
	`end_at` datetime(3) NOT NULL,
	`status` enum('scheduled','confirmed','checked_in','called','in_progress','completed','cancelled','no_show') NOT NULL,
	`reason` varchar(500),
	`priority` enum('regular','urgent') NOT NULL DEFAULT 'regular',
	`walk_in` boolean NOT NULL DEFAULT false,
	`overbooked` boolean NOT NULL DEFAULT false,
	`overbook_reason` varchar(200),
	`ticket` varchar(12),
	`ticket_date` date,
	`rescheduled_from_id` varchar(26),
	`created_by` varchar(26),
	`confirmed_at` datetime(3),
	`confirmed_by` varchar(26),
	`checked_in_at` datetime(3),
	`checked_in_by` varchar(26),
	`called_at` datetime(3),
	`called_by` varchar(26),
	`started_at` datetime(3),
	`started_by` varchar(26),
	`completed_at` datetime(3),
	`completed_by` varchar(26),
	`cancelled_at` datetime(3),
	`cancelled_by` varchar(26),
	`cancel_reason` varchar(200),
	`no_show_at` datetime(3),
	`no_show_by` varchar(26),
	`active_start` datetime(3) GENERATED ALWAYS AS ((case when status in ('cancelled', 'no_show') or walk_in or overbooked then null else start_at end)) STORED,
	`created_at` datetime(3) NOT NULL,
	`updated_at` datetime(3) NOT NULL,
	CONSTRAINT `appointments_id` PRIMARY KEY(`id`),
	CONSTRAINT `appointments_reference_unique` UNIQUE(`booking_reference`),
	CONSTRAINT `appointments_doctor_active_start_unique` UNIQUE(`doctor_id`,`active_start`),
	CONSTRAINT `appointments_ticket_unique` UNIQUE(`location_id`,`ticket_date`,`ticket`)
);
--> statement-breakpoint
CREATE TABLE `idempotency_keys` (
	`id` varchar(26) NOT NULL,
	`actor_id` varchar(26) NOT NULL,
	`idem_key` varchar(100) NOT NULL,
	`route` varchar(100) NOT NULL,
	`request_hash` varchar(64) NOT NULL,
	`status_code` smallint NOT NULL,
	`response_body` json NOT NULL,
	`created_at` datetime(3) NOT NULL,
	CONSTRAINT `idempotency_keys_id` PRIMARY KEY(`id`),
	CONSTRAINT `idempotency_actor_key_unique` UNIQUE(`actor_id`,`idem_key`)
);
--> statement-breakpoint
CREATE TABLE `outbox_events` (
	`id` varchar(26) NOT NULL,
	`type` varchar(60) NOT NULL,
	`aggregate_type` varchar(30) NOT NULL,
	`aggregate_id` varchar(26) NOT NULL,
	`payload` json NOT NULL,
	`occurred_at` datetime(3) NOT NULL,
	`published_at` datetime(3),
	CONSTRAINT `outbox_events_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `slot_holds` (
	`id` varchar(26) NOT NULL,
	`doctor_id` varchar(26) NOT NULL,
	`patient_id` varchar(26) NOT NULL,
	`start_at` datetime(3) NOT NULL,
	`end_at` datetime(3) NOT NULL,
	`expires_at` datetime(3) NOT NULL,
	`created_at` datetime(3) NOT NULL,
	CONSTRAINT `slot_holds_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `ticket_counters` (
	`location_id` varchar(26) NOT NULL,
	`day` date NOT NULL,
	`prefix` varchar(3) NOT NULL,
	`last_number` int NOT NULL,
	CONSTRAINT `ticket_counters_location_id_day_prefix_pk` PRIMARY KEY(`location_id`,`day`,`prefix`)
);
--> statement-breakpoint
ALTER TABLE `locations` ADD `patient_change_cutoff_hours` smallint DEFAULT 24 NOT NULL;--> statement-breakpoint
ALTER TABLE `locations` ADD `board_shows_initials` boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE `doctors` ADD `ticket_prefix` varchar(3) DEFAULT 'A' NOT NULL;--> statement-breakpoint
ALTER TABLE `schedule_rules` ADD `breaks` json;--> statement-breakpoint
ALTER TABLE `appointments` ADD CONSTRAINT `appointments_doctor_id_doctors_id_fk` FOREIGN KEY (`doctor_id`) REFERENCES `doctors`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `appointments` ADD CONSTRAINT `appointments_patient_id_patients_id_fk` FOREIGN KEY (`patient_id`) REFERENCES `patients`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `appointments` ADD CONSTRAINT `appointments_location_id_locations_id_fk` FOREIGN KEY (`location_id`) REFERENCES `locations`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `appointments` ADD CONSTRAINT `appointments_type_id_appointment_types_id_fk` FOREIGN KEY (`type_id`) REFERENCES `appointment_types`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `appointments` ADD CONSTRAINT `appointments_created_by_users_id_fk` FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `slot_holds` ADD CONSTRAINT `slot_holds_doctor_id_doctors_id_fk` FOREIGN KEY (`doctor_id`) REFERENCES `doctors`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `slot_holds` ADD CONSTRAINT `slot_holds_patient_id_patients_id_fk` FOREIGN KEY (`patient_id`) REFERENCES `patients`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX `appointments_doctor_start_idx` ON `appointments` (`doctor_id`,`start_at`);--> statement-breakpoint
CREATE INDEX `appointments_patient_start_idx` ON `appointments` (`patient_id`,`start_at`);--> statement-breakpoint
CREATE INDEX `appointments_location_start_idx` ON `appointments` (`location_id`,`start_at`);--> statement-breakpoint
CREATE INDEX `appointments_status_idx` ON `appointments` (`status`);--> statement-breakpoint
CREATE INDEX `idempotency_created_idx` ON `idempotency_keys` (`created_at`);--> statement-breakpoint
CREATE INDEX `outbox_unpublished_idx` ON `outbox_events` (`published_at`,`id`);--> statement-breakpoint
CREATE INDEX `outbox_aggregate_idx` ON `outbox_events` (`aggregate_id`);--> statement-breakpoint
CREATE INDEX `slot_holds_doctor_idx` ON `slot_holds` (`doctor_id`,`start_at`);