CREATE TABLE `medications` (
	`id` varchar(26) NOT NULL,
	`name` varchar(120) NOT NULL,
	`generic_name` varchar(160) NOT NULL,
	`form` varchar(30) NOT NULL,
	`strength` varchar(60) NOT NULL,
	`classes` json NOT NULL,
	`requires_prescription` boolean NOT NULL DEFAULT true,
	`controlled` boolean NOT NULL DEFAULT false,
	`active` boolean NOT NULL DEFAULT true,
	`created_at` datetime(3) NOT NULL,
	`updated_at` datetime(3) NOT NULL,
	CONSTRAINT `medications_id` PRIMARY KEY(`id`),
	CONSTRAINT `medications_identity_unique` UNIQUE(`generic_name`,`form`,`strength`,`name`)
);
--> statement-breakpoint
CREATE TABLE `prescription_counters` (
	`year` smallint NOT NULL,
	`last_number` int NOT NULL,
	CONSTRAINT `prescription_counters_year` PRIMARY KEY(`year`)
);
--> statement-breakpoint
CREATE TABLE `prescription_items` (
	`id` varchar(26) NOT NULL,
	`prescription_id` varchar(26) NOT NULL,
	`position` smallint NOT NULL,
	`medication_id` varchar(26) NOT NULL,
	`name` varchar(120) NOT NULL,
	`generic_name` varchar(160) NOT NULL,
	`form` varchar(30) NOT NULL,
	`strength` varchar(60) NOT NULL,
	`controlled` boolean NOT NULL,
	`dose` varchar(100) NOT NULL,
	`frequency` varchar(100) NOT NULL,
	`duration_days` smallint NOT NULL,
	`quantity` int NOT NULL,
	`instructions` varchar(500),
	`dispensed_quantity` int NOT NULL DEFAULT 0,
	CONSTRAINT `prescription_items_id` PRIMARY KEY(`id`),
	CONSTRAINT `prescription_items_position_unique` UNIQUE(`prescription_id`,`position`)
);
--> statement-breakpoint
CREATE TABLE `prescriptions` (
	`id` varchar(26) NOT NULL,
	`number` varchar(20) NOT NULL,
	`appointment_id` varchar(26) NOT NULL,
	`patient_id` varchar(26) NOT NULL,
	`doctor_id` varchar(26) NOT NULL,
	`location_id` varchar(26) NOT NULL,
	`status` enum('draft','active','partially_dispensed','dispensed','cancelled','expired') NOT NULL,
	`diagnosis` varchar(500),
	`advice` varchar(2000),
	`refills` smallint NOT NULL DEFAULT 0,
	`fills_remaining` smallint NOT NULL DEFAULT 0,
	`valid_days` smallint NOT NULL,
	`tests_ordered` json NOT NULL,
	`allergy_override_reason` varchar(500),
	`drawing_png` mediumtext,
	`snapshots` json,
	`signed_at` datetime(3),
	`valid_until` datetime(3),
	`signature` varchar(100),
	`signing_key_id` varchar(16),
	`cancelled_at` datetime(3),
	`cancelled_by` varchar(26),
	`cancel_reason` varchar(500),
	`replaces_id` varchar(26),
	`replaced_by_id` varchar(26),
	`version` int NOT NULL DEFAULT 1,
	`created_at` datetime(3) NOT NULL,
	`updated_at` datetime(3) NOT NULL,
	CONSTRAINT `prescriptions_id` PRIMARY KEY(`id`),
	CONSTRAINT `prescriptions_number_unique` UNIQUE(`number`)
);
--> statement-breakpoint
CREATE TABLE `refill_requests` (
	`id` varchar(26) NOT NULL,
	`prescription_id` varchar(26) NOT NULL,
	`patient_id` varchar(26) NOT NULL,
	`doctor_id` varchar(26) NOT NULL,
	`status` enum('pending','approved','denied') NOT NULL,
	`note` varchar(500),
	`pending_key` varchar(26) GENERATED ALWAYS AS ((case when status = 'pending' then prescription_id end)) STORED,
	`decided_by` varchar(26),
	`decided_at` datetime(3),
	`reason` varchar(500),
	`created_at` datetime(3) NOT NULL,
	`updated_at` datetime(3) NOT NULL,
	CONSTRAINT `refill_requests_id` PRIMARY KEY(`id`),
	CONSTRAINT `refill_requests_pending_unique` UNIQUE(`pending_key`)
);
--> statement-breakpoint
ALTER TABLE `users` MODIFY COLUMN `role` enum('admin','receptionist','doctor','nurse','pharmacist','patient') NOT NULL;--> statement-breakpoint
ALTER TABLE `prescription_items` ADD CONSTRAINT `prescription_items_prescription_id_prescriptions_id_fk` FOREIGN KEY (`prescription_id`) REFERENCES `prescriptions`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `prescription_items` ADD CONSTRAINT `prescription_items_medication_id_medications_id_fk` FOREIGN KEY (`medication_id`) REFERENCES `medications`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `prescriptions` ADD CONSTRAINT `prescriptions_appointment_id_appointments_id_fk` FOREIGN KEY (`appointment_id`) REFERENCES `appointments`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `prescriptions` ADD CONSTRAINT `prescriptions_patient_id_patients_id_fk` FOREIGN KEY (`patient_id`) REFERENCES `patients`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `prescriptions` ADD CONSTRAINT `prescriptions_doctor_id_doctors_id_fk` FOREIGN KEY (`doctor_id`) REFERENCES `doctors`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `prescriptions` ADD CONSTRAINT `prescriptions_location_id_locations_id_fk` FOREIGN KEY (`location_id`) REFERENCES `locations`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `prescriptions` ADD CONSTRAINT `prescriptions_cancelled_by_users_id_fk` FOREIGN KEY (`cancelled_by`) REFERENCES `users`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `refill_requests` ADD CONSTRAINT `refill_requests_prescription_id_prescriptions_id_fk` FOREIGN KEY (`prescription_id`) REFERENCES `prescriptions`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `refill_requests` ADD CONSTRAINT `refill_requests_patient_id_patients_id_fk` FOREIGN KEY (`patient_id`) REFERENCES `patients`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `refill_requests` ADD CONSTRAINT `refill_requests_doctor_id_doctors_id_fk` FOREIGN KEY (`doctor_id`) REFERENCES `doctors`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `refill_requests` ADD CONSTRAINT `refill_requests_decided_by_users_id_fk` FOREIGN KEY (`decided_by`) REFERENCES `users`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX `medications_name_idx` ON `medications` (`name`);--> statement-breakpoint
CREATE INDEX `prescriptions_patient_idx` ON `prescriptions` (`patient_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `prescriptions_doctor_idx` ON `prescriptions` (`doctor_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `prescriptions_appointment_idx` ON `prescriptions` (`appointment_id`);--> statement-breakpoint
CREATE INDEX `prescriptions_location_status_idx` ON `prescriptions` (`location_id`,`status`);--> statement-breakpoint
CREATE INDEX `prescriptions_status_valid_idx` ON `prescriptions` (`status`,`valid_until`);--> statement-breakpoint
CREATE INDEX `refill_requests_doctor_status_idx` ON `refill_requests` (`doctor_id`,`status`);--> statement-breakpoint
CREATE INDEX `refill_requests_prescription_idx` ON `refill_requests` (`prescription_id`);