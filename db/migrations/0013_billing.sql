CREATE TABLE `billing_counters` (
	`kind` enum('invoice','receipt') NOT NULL,
	`year` smallint NOT NULL,
	`last_number` int NOT NULL,
	CONSTRAINT `billing_counters_kind_year_pk` PRIMARY KEY(`kind`,`year`)
);
--> statement-breakpoint
CREATE TABLE `cash_ups` (
	`id` varchar(26) NOT NULL,
	`location_id` varchar(26) NOT NULL,
	`desk` varchar(40) NOT NULL,
	`day` date NOT NULL,
	`currency` varchar(3) NOT NULL,
	`expected` json NOT NULL,
	`counted` json NOT NULL,
	`difference_minor` int NOT NULL,
	`note` varchar(500),
	`closed_by` varchar(26) NOT NULL,
	`closed_at` datetime(3) NOT NULL,
	CONSTRAINT `cash_ups_id` PRIMARY KEY(`id`),
	CONSTRAINT `cash_ups_desk_day_unique` UNIQUE(`location_id`,`desk`,`day`)
);
--> statement-breakpoint
CREATE TABLE `insurance_claims` (
	`id` varchar(26) NOT NULL,
	`invoice_id` varchar(26) NOT NULL,
	`provider` varchar(120) NOT NULL,
	`policy_number` varchar(60) NOT NULL,
	`claimed_minor` int NOT NULL,
	`status` enum('pending','approved','denied') NOT NULL,
	`approved_minor` int,
	`decision_reason` varchar(500),
	`decided_by` varchar(26),
	`decided_at` datetime(3),
	`created_by` varchar(26),
	`created_at` datetime(3) NOT NULL,
	`updated_at` datetime(3) NOT NULL,
	CONSTRAINT `insurance_claims_id` PRIMARY KEY(`id`),
	CONSTRAINT `insurance_claims_claimed_positive` CHECK(`insurance_claims`.`claimed_minor` > 0)
);
--> statement-breakpoint
CREATE TABLE `invoice_lines` (
	`id` varchar(26) NOT NULL,
	`invoice_id` varchar(26) NOT NULL,
	`position` smallint NOT NULL,
	`kind` enum('consultation','medication','other') NOT NULL,
	`description` varchar(200) NOT NULL,
	`quantity` int NOT NULL,
	`unit_amount_minor` int NOT NULL,
	`amount_minor` int NOT NULL,
	`dispense_line_id` varchar(26),
	`reason` varchar(500),
	`created_by` varchar(26),
	`created_at` datetime(3) NOT NULL,
	`voided_at` datetime(3),
	`voided_by` varchar(26),
	`void_reason` varchar(500),
	CONSTRAINT `invoice_lines_id` PRIMARY KEY(`id`),
	CONSTRAINT `invoice_lines_dispense_unique` UNIQUE(`dispense_line_id`),
	CONSTRAINT `invoice_lines_quantity_positive` CHECK(`invoice_lines`.`quantity` > 0),
	CONSTRAINT `invoice_lines_unit_not_negative` CHECK(`invoice_lines`.`unit_amount_minor` >= 0),
	CONSTRAINT `invoice_lines_amount_product` CHECK(`invoice_lines`.`amount_minor` = `invoice_lines`.`quantity` * `invoice_lines`.`unit_amount_minor`)
);
--> statement-breakpoint
CREATE TABLE `invoices` (
	`id` varchar(26) NOT NULL,
	`number` varchar(20) NOT NULL,
	`patient_id` varchar(26) NOT NULL,
	`appointment_id` varchar(26) NOT NULL,
	`visit_appointment_id` varchar(26),
	`location_id` varchar(26) NOT NULL,
	`currency` varchar(3) NOT NULL,
	`status` enum('open','partially_paid','paid','void') NOT NULL,
	`total_minor` int NOT NULL DEFAULT 0,
	`paid_minor` int NOT NULL DEFAULT 0,
	`void_reason` varchar(500),
	`voided_by` varchar(26),
	`voided_at` datetime(3),
	`created_by` varchar(26),
	`version` int NOT NULL DEFAULT 1,
	`created_at` datetime(3) NOT NULL,
	`updated_at` datetime(3) NOT NULL,
	CONSTRAINT `invoices_id` PRIMARY KEY(`id`),
	CONSTRAINT `invoices_number_unique` UNIQUE(`number`),
	CONSTRAINT `invoices_visit_unique` UNIQUE(`visit_appointment_id`),
	CONSTRAINT `invoices_total_not_negative` CHECK(`invoices`.`total_minor` >= 0),
	CONSTRAINT `invoices_paid_within_total` CHECK(`invoices`.`paid_minor` >= 0 and `invoices`.`paid_minor` <= `invoices`.`total_minor`)
);
--> statement-breakpoint
CREATE TABLE `online_checkouts` (
	`id` varchar(26) NOT NULL,
	`invoice_id` varchar(26) NOT NULL,
	`payment_intent_id` varchar(100) NOT NULL,
	`amount_minor` int NOT NULL,
	`currency` varchar(3) NOT NULL,
	`status` enum('requires_payment','succeeded','failed','cancelled') NOT NULL,
	`failure_code` varchar(100),
	`created_by` varchar(26),
	`created_at` datetime(3) NOT NULL,
	`updated_at` datetime(3) NOT NULL,
	CONSTRAINT `online_checkouts_id` PRIMARY KEY(`id`),
	CONSTRAINT `online_checkouts_intent_unique` UNIQUE(`payment_intent_id`)
);
--> statement-breakpoint
CREATE TABLE `payments` (
	`id` varchar(26) NOT NULL,
	`invoice_id` varchar(26) NOT NULL,
	`receipt_number` varchar(20) NOT NULL,
	`method` enum('cash','card','insurance','wallet') NOT NULL,
	`gateway` enum('desk','stripe') NOT NULL,
	`amount_minor` int NOT NULL,
	`refunded_minor` int NOT NULL DEFAULT 0,
	`currency` varchar(3) NOT NULL,
	`reference` varchar(100),
	`gateway_payment_id` varchar(100),
	`location_id` varchar(26) NOT NULL,
	`desk` varchar(40) NOT NULL DEFAULT 'front',
	`received_by` varchar(26),
	`received_at` datetime(3) NOT NULL,
	`claim_id` varchar(26),
	CONSTRAINT `payments_id` PRIMARY KEY(`id`),
	CONSTRAINT `payments_receipt_unique` UNIQUE(`receipt_number`),
	CONSTRAINT `payments_gateway_unique` UNIQUE(`gateway`,`gateway_payment_id`),
	CONSTRAINT `payments_amount_positive` CHECK(`payments`.`amount_minor` > 0),
	CONSTRAINT `payments_refunded_within_amount` CHECK(`payments`.`refunded_minor` >= 0 and `payments`.`refunded_minor` <= `payments`.`amount_minor`)
);
--> statement-breakpoint
CREATE TABLE `refunds` (
	`id` varchar(26) NOT NULL,
	`payment_id` varchar(26) NOT NULL,
	`amount_minor` int NOT NULL,
	`reason` varchar(500) NOT NULL,
	`status` enum('succeeded','pending','failed') NOT NULL,
	`gateway_refund_id` varchar(100),
	`location_id` varchar(26) NOT NULL,
	`desk` varchar(40) NOT NULL DEFAULT 'front',
	`refunded_by` varchar(26),
	`refunded_at` datetime(3) NOT NULL,
	CONSTRAINT `refunds_id` PRIMARY KEY(`id`),
	CONSTRAINT `refunds_gateway_unique` UNIQUE(`gateway_refund_id`),
	CONSTRAINT `refunds_amount_positive` CHECK(`refunds`.`amount_minor` > 0)
);
--> statement-breakpoint
CREATE TABLE `stripe_events` (
	`id` varchar(255) NOT NULL,
	`type` varchar(100) NOT NULL,
	`object_id` varchar(100),
	`invoice_id` varchar(26),
	`amount_minor` int,
	`currency` varchar(3),
	`outcome` enum('recorded','already_recorded','needs_review','ignored','failed_payment') NOT NULL,
	`note` varchar(300),
	`occurred_at` datetime(3) NOT NULL,
	`received_at` datetime(3) NOT NULL,
	`reviewed_by` varchar(26),
	`reviewed_at` datetime(3),
	CONSTRAINT `stripe_events_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
ALTER TABLE `notification_log` MODIFY COLUMN `kind` enum('confirmation','reminder','moved','cancelled','prescription_issued','refill_approved','refill_denied','prescription_ready','payment_received','payment_failed') NOT NULL;--> statement-breakpoint
ALTER TABLE `locations` ADD `currency` varchar(3) DEFAULT 'USD' NOT NULL;--> statement-breakpoint
ALTER TABLE `location_daily_metrics` ADD `currency` varchar(3);--> statement-breakpoint
ALTER TABLE `location_daily_metrics` ADD `revenue_minor` bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `location_daily_metrics` ADD `refunded_minor` bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `location_daily_metrics` ADD `outstanding_minor` bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `location_daily_metrics` ADD `payments_by_method` json;--> statement-breakpoint
ALTER TABLE `doctors` ADD `fee_minor` int;--> statement-breakpoint
ALTER TABLE `appointment_types` ADD `price_minor` int;--> statement-breakpoint
ALTER TABLE `cash_ups` ADD CONSTRAINT `cash_ups_location_id_locations_id_fk` FOREIGN KEY (`location_id`) REFERENCES `locations`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `cash_ups` ADD CONSTRAINT `cash_ups_closed_by_users_id_fk` FOREIGN KEY (`closed_by`) REFERENCES `users`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `insurance_claims` ADD CONSTRAINT `insurance_claims_invoice_id_invoices_id_fk` FOREIGN KEY (`invoice_id`) REFERENCES `invoices`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `insurance_claims` ADD CONSTRAINT `insurance_claims_decided_by_users_id_fk` FOREIGN KEY (`decided_by`) REFERENCES `users`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `insurance_claims` ADD CONSTRAINT `insurance_claims_created_by_users_id_fk` FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `invoice_lines` ADD CONSTRAINT `invoice_lines_invoice_id_invoices_id_fk` FOREIGN KEY (`invoice_id`) REFERENCES `invoices`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `invoice_lines` ADD CONSTRAINT `invoice_lines_dispense_line_id_dispense_lines_id_fk` FOREIGN KEY (`dispense_line_id`) REFERENCES `dispense_lines`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `invoice_lines` ADD CONSTRAINT `invoice_lines_created_by_users_id_fk` FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `invoice_lines` ADD CONSTRAINT `invoice_lines_voided_by_users_id_fk` FOREIGN KEY (`voided_by`) REFERENCES `users`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `invoices` ADD CONSTRAINT `invoices_patient_id_patients_id_fk` FOREIGN KEY (`patient_id`) REFERENCES `patients`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `invoices` ADD CONSTRAINT `invoices_appointment_id_appointments_id_fk` FOREIGN KEY (`appointment_id`) REFERENCES `appointments`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `invoices` ADD CONSTRAINT `invoices_visit_appointment_id_appointments_id_fk` FOREIGN KEY (`visit_appointment_id`) REFERENCES `appointments`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `invoices` ADD CONSTRAINT `invoices_location_id_locations_id_fk` FOREIGN KEY (`location_id`) REFERENCES `locations`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `invoices` ADD CONSTRAINT `invoices_voided_by_users_id_fk` FOREIGN KEY (`voided_by`) REFERENCES `users`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `invoices` ADD CONSTRAINT `invoices_created_by_users_id_fk` FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `online_checkouts` ADD CONSTRAINT `online_checkouts_invoice_id_invoices_id_fk` FOREIGN KEY (`invoice_id`) REFERENCES `invoices`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `online_checkouts` ADD CONSTRAINT `online_checkouts_created_by_users_id_fk` FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `payments` ADD CONSTRAINT `payments_invoice_id_invoices_id_fk` FOREIGN KEY (`invoice_id`) REFERENCES `invoices`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `payments` ADD CONSTRAINT `payments_location_id_locations_id_fk` FOREIGN KEY (`location_id`) REFERENCES `locations`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `payments` ADD CONSTRAINT `payments_received_by_users_id_fk` FOREIGN KEY (`received_by`) REFERENCES `users`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `refunds` ADD CONSTRAINT `refunds_payment_id_payments_id_fk` FOREIGN KEY (`payment_id`) REFERENCES `payments`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `refunds` ADD CONSTRAINT `refunds_location_id_locations_id_fk` FOREIGN KEY (`location_id`) REFERENCES `locations`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `refunds` ADD CONSTRAINT `refunds_refunded_by_users_id_fk` FOREIGN KEY (`refunded_by`) REFERENCES `users`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `stripe_events` ADD CONSTRAINT `stripe_events_reviewed_by_users_id_fk` FOREIGN KEY (`reviewed_by`) REFERENCES `users`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX `insurance_claims_invoice_idx` ON `insurance_claims` (`invoice_id`);--> statement-breakpoint
CREATE INDEX `insurance_claims_status_idx` ON `insurance_claims` (`status`,`created_at`);--> statement-breakpoint
CREATE INDEX `invoice_lines_invoice_idx` ON `invoice_lines` (`invoice_id`,`position`);--> statement-breakpoint
CREATE INDEX `invoices_patient_idx` ON `invoices` (`patient_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `invoices_appointment_idx` ON `invoices` (`appointment_id`);--> statement-breakpoint
CREATE INDEX `invoices_location_status_idx` ON `invoices` (`location_id`,`status`);--> statement-breakpoint
CREATE INDEX `online_checkouts_invoice_idx` ON `online_checkouts` (`invoice_id`);--> statement-breakpoint
CREATE INDEX `payments_invoice_idx` ON `payments` (`invoice_id`);--> statement-breakpoint
CREATE INDEX `payments_location_received_idx` ON `payments` (`location_id`,`received_at`);--> statement-breakpoint
CREATE INDEX `refunds_payment_idx` ON `refunds` (`payment_id`);--> statement-breakpoint
CREATE INDEX `refunds_location_at_idx` ON `refunds` (`location_id`,`refunded_at`);--> statement-breakpoint
CREATE INDEX `stripe_events_object_idx` ON `stripe_events` (`object_id`);--> statement-breakpoint
CREATE INDEX `stripe_events_outcome_idx` ON `stripe_events` (`outcome`,`received_at`);