CREATE TABLE `patient_allergies` (
	`id` varchar(26) NOT NULL,
	`patient_id` varchar(26) NOT NULL,
	`substance` varchar(200) NOT NULL,
	`reaction` varchar(500),
	`severity` enum('mild','moderate','severe','unknown') NOT NULL,
	`status` enum('active','inactive','entered_in_error') NOT NULL DEFAULT 'active',
	`recorded_by` varchar(26),
	`recorded_at` datetime(3) NOT NULL,
	`created_at` datetime(3) NOT NULL,
	`updated_at` datetime(3) NOT NULL,
	CONSTRAINT `patient_allergies_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `patient_conditions` (
	`id` varchar(26) NOT NULL,
	`patient_id` varchar(26) NOT NULL,
	`code` varchar(10),
	`description` varchar(300) NOT NULL,
	`status` enum('active','resolved','entered_in_error') NOT NULL,
	`onset` date,
	`resolved_on` date,
	`recorded_by` varchar(26),
	`recorded_at` datetime(3) NOT NULL,
	`created_at` datetime(3) NOT NULL,
	`updated_at` datetime(3) NOT NULL,
	CONSTRAINT `patient_conditions_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `patient_history` (
	`id` varchar(26) NOT NULL,
	`patient_id` varchar(26) NOT NULL,
	`kind` enum('surgical','family','social') NOT NULL,
	`description` varchar(1000) NOT NULL,
	`relation` varchar(50),
	`occurred_on` date,
	`status` enum('active','inactive','entered_in_error') NOT NULL DEFAULT 'active',
	`recorded_by` varchar(26),
	`recorded_at` datetime(3) NOT NULL,
	`created_at` datetime(3) NOT NULL,
	`updated_at` datetime(3) NOT NULL,
	CONSTRAINT `patient_history_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `patient_medications` (
	`id` varchar(26) NOT NULL,
	`patient_id` varchar(26) NOT NULL,
	`medication_id` varchar(26),
	`name` varchar(200) NOT NULL,
	`dose` varchar(100),
	`frequency` varchar(100),
	`started_on` date,
	`stopped_on` date,
	`status` enum('active','inactive','entered_in_error') NOT NULL DEFAULT 'active',
	`recorded_by` varchar(26),
	`recorded_at` datetime(3) NOT NULL,
	`created_at` datetime(3) NOT NULL,
	`updated_at` datetime(3) NOT NULL,
	CONSTRAINT `patient_medications_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `vital_signs` (
	`id` varchar(26) NOT NULL,
	`patient_id` varchar(26) NOT NULL,
	`appointment_id` varchar(26),
	`source` enum('triage','note','direct') NOT NULL,
	`note_id` varchar(26),
	`taken_at` datetime(3) NOT NULL,
	`temperature_c` decimal(4,1),
	`heart_rate` smallint,
	`systolic` smallint,
	`diastolic` smallint,
	`respiratory_rate` smallint,
	`spo2` smallint,
	`weight_kg` decimal(6,2),
	`height_cm` decimal(5,1),
	`recorded_by` varchar(26),
	`created_at` datetime(3) NOT NULL,
	CONSTRAINT `vital_signs_id` PRIMARY KEY(`id`),
	CONSTRAINT `vital_signs_note_unique` UNIQUE(`note_id`),
	CONSTRAINT `vital_signs_some_measure` CHECK(coalesce(`vital_signs`.`temperature_c`, `vital_signs`.`heart_rate`, `vital_signs`.`systolic`, `vital_signs`.`diastolic`, `vital_signs`.`respiratory_rate`, `vital_signs`.`spo2`, `vital_signs`.`weight_kg`, `vital_signs`.`height_cm`) is not null)
);
--> statement-breakpoint
ALTER TABLE `patient_allergies` ADD CONSTRAINT `patient_allergies_patient_id_patients_id_fk` FOREIGN KEY (`patient_id`) REFERENCES `patients`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `patient_allergies` ADD CONSTRAINT `patient_allergies_recorded_by_users_id_fk` FOREIGN KEY (`recorded_by`) REFERENCES `users`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `patient_conditions` ADD CONSTRAINT `patient_conditions_patient_id_patients_id_fk` FOREIGN KEY (`patient_id`) REFERENCES `patients`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `patient_conditions` ADD CONSTRAINT `patient_conditions_recorded_by_users_id_fk` FOREIGN KEY (`recorded_by`) REFERENCES `users`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `patient_history` ADD CONSTRAINT `patient_history_patient_id_patients_id_fk` FOREIGN KEY (`patient_id`) REFERENCES `patients`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `patient_history` ADD CONSTRAINT `patient_history_recorded_by_users_id_fk` FOREIGN KEY (`recorded_by`) REFERENCES `users`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `patient_medications` ADD CONSTRAINT `patient_medications_patient_id_patients_id_fk` FOREIGN KEY (`patient_id`) REFERENCES `patients`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `patient_medications` ADD CONSTRAINT `patient_medications_medication_id_medications_id_fk` FOREIGN KEY (`medication_id`) REFERENCES `medications`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `patient_medications` ADD CONSTRAINT `patient_medications_recorded_by_users_id_fk` FOREIGN KEY (`recorded_by`) REFERENCES `users`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `vital_signs` ADD CONSTRAINT `vital_signs_patient_id_patients_id_fk` FOREIGN KEY (`patient_id`) REFERENCES `patients`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `vital_signs` ADD CONSTRAINT `vital_signs_appointment_id_appointments_id_fk` FOREIGN KEY (`appointment_id`) REFERENCES `appointments`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `vital_signs` ADD CONSTRAINT `vital_signs_recorded_by_users_id_fk` FOREIGN KEY (`recorded_by`) REFERENCES `users`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX `patient_allergies_patient_idx` ON `patient_allergies` (`patient_id`,`status`);--> statement-breakpoint
CREATE INDEX `patient_conditions_patient_idx` ON `patient_conditions` (`patient_id`,`status`);--> statement-breakpoint
CREATE INDEX `patient_history_patient_idx` ON `patient_history` (`patient_id`,`kind`);--> statement-breakpoint
CREATE INDEX `patient_medications_patient_idx` ON `patient_medications` (`patient_id`,`status`);--> statement-breakpoint
CREATE INDEX `vital_signs_patient_time_idx` ON `vital_signs` (`patient_id`,`taken_at`);--> statement-breakpoint
CREATE INDEX `vital_signs_appointment_idx` ON `vital_signs` (`appointment_id`);--> statement-breakpoint
-- Carry every allergy of the old list of strings over as a structured entry (severity unknown, recorded
-- when the patient was registered, by nobody known). Ids: the patient id's time part and 16 Crockford
-- characters of an MD5 of (patient, position): valid ULIDs, stable if the statement is re-run on a copy.
INSERT INTO `patient_allergies` (`id`, `patient_id`, `substance`, `reaction`, `severity`, `status`, `recorded_by`, `recorded_at`, `created_at`, `updated_at`)
SELECT CONCAT(LEFT(p.`id`, 10), UPPER(LEFT(MD5(CONCAT(p.`id`, '#', j.`n`)), 16))), p.`id`, LEFT(TRIM(j.`substance`), 200), NULL, 'unknown', 'active', NULL, p.`created_at`, p.`created_at`, p.`created_at`
FROM `patients` p, JSON_TABLE(p.`allergies`, '$[*]' COLUMNS (`n` FOR ORDINALITY, `substance` VARCHAR(400) PATH '$')) AS j
WHERE j.`substance` IS NOT NULL AND TRIM(j.`substance`) <> '';--> statement-breakpoint
ALTER TABLE `patients` DROP COLUMN `allergies`;