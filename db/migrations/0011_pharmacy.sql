CREATE TABLE `dispense_lines` (
	`id` varchar(26) NOT NULL,
	`dispense_id` varchar(26) NOT NULL,
	`item_id` varchar(26) NOT NULL,
	`lot_id` varchar(26) NOT NULL,
	`medication_id` varchar(26) NOT NULL,
	`quantity` int NOT NULL,
	`unit_price_minor` int,
	`substitution_reason` varchar(500),
	CONSTRAINT `dispense_lines_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `dispenses` (
	`id` varchar(26) NOT NULL,
	`prescription_id` varchar(26) NOT NULL,
	`location_id` varchar(26) NOT NULL,
	`by_user_id` varchar(26) NOT NULL,
	`at` datetime(3) NOT NULL,
	CONSTRAINT `dispenses_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `inventory_lots` (
	`id` varchar(26) NOT NULL,
	`location_id` varchar(26) NOT NULL,
	`medication_id` varchar(26) NOT NULL,
	`batch_number` varchar(60) NOT NULL,
	`expires_on` date NOT NULL,
	`on_hand` int NOT NULL,
	`unit_cost_minor` int,
	`unit_price_minor` int,
	`supplier` varchar(120),
	`created_at` datetime(3) NOT NULL,
	`updated_at` datetime(3) NOT NULL,
	CONSTRAINT `inventory_lots_id` PRIMARY KEY(`id`),
	CONSTRAINT `inventory_lots_batch_unique` UNIQUE(`location_id`,`medication_id`,`batch_number`,`expires_on`),
	CONSTRAINT `inventory_lots_on_hand_not_negative` CHECK(`inventory_lots`.`on_hand` >= 0)
);
--> statement-breakpoint
CREATE TABLE `stock_levels` (
	`location_id` varchar(26) NOT NULL,
	`medication_id` varchar(26) NOT NULL,
	`minimum` int NOT NULL,
	`created_at` datetime(3) NOT NULL,
	`updated_at` datetime(3) NOT NULL,
	CONSTRAINT `stock_levels_location_id_medication_id_pk` PRIMARY KEY(`location_id`,`medication_id`)
);
--> statement-breakpoint
CREATE TABLE `stock_movements` (
	`id` varchar(26) NOT NULL,
	`lot_id` varchar(26) NOT NULL,
	`location_id` varchar(26) NOT NULL,
	`medication_id` varchar(26) NOT NULL,
	`delta` int NOT NULL,
	`kind` enum('received','dispensed','adjusted','expired','returned') NOT NULL,
	`reason` varchar(500),
	`dispense_id` varchar(26),
	`by_user_id` varchar(26),
	`at` datetime(3) NOT NULL,
	CONSTRAINT `stock_movements_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `user_locations` (
	`user_id` varchar(26) NOT NULL,
	`location_id` varchar(26) NOT NULL,
	CONSTRAINT `user_locations_user_id_location_id_pk` PRIMARY KEY(`user_id`,`location_id`)
);
--> statement-breakpoint
ALTER TABLE `prescriptions` ADD `hold_reason` varchar(500);--> statement-breakpoint
ALTER TABLE `dispense_lines` ADD CONSTRAINT `dispense_lines_dispense_id_dispenses_id_fk` FOREIGN KEY (`dispense_id`) REFERENCES `dispenses`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `dispense_lines` ADD CONSTRAINT `dispense_lines_item_id_prescription_items_id_fk` FOREIGN KEY (`item_id`) REFERENCES `prescription_items`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `dispense_lines` ADD CONSTRAINT `dispense_lines_lot_id_inventory_lots_id_fk` FOREIGN KEY (`lot_id`) REFERENCES `inventory_lots`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `dispense_lines` ADD CONSTRAINT `dispense_lines_medication_id_medications_id_fk` FOREIGN KEY (`medication_id`) REFERENCES `medications`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `dispenses` ADD CONSTRAINT `dispenses_prescription_id_prescriptions_id_fk` FOREIGN KEY (`prescription_id`) REFERENCES `prescriptions`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `dispenses` ADD CONSTRAINT `dispenses_location_id_locations_id_fk` FOREIGN KEY (`location_id`) REFERENCES `locations`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `dispenses` ADD CONSTRAINT `dispenses_by_user_id_users_id_fk` FOREIGN KEY (`by_user_id`) REFERENCES `users`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `inventory_lots` ADD CONSTRAINT `inventory_lots_location_id_locations_id_fk` FOREIGN KEY (`location_id`) REFERENCES `locations`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `inventory_lots` ADD CONSTRAINT `inventory_lots_medication_id_medications_id_fk` FOREIGN KEY (`medication_id`) REFERENCES `medications`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `stock_levels` ADD CONSTRAINT `stock_levels_location_id_locations_id_fk` FOREIGN KEY (`location_id`) REFERENCES `locations`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `stock_levels` ADD CONSTRAINT `stock_levels_medication_id_medications_id_fk` FOREIGN KEY (`medication_id`) REFERENCES `medications`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `stock_movements` ADD CONSTRAINT `stock_movements_lot_id_inventory_lots_id_fk` FOREIGN KEY (`lot_id`) REFERENCES `inventory_lots`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `stock_movements` ADD CONSTRAINT `stock_movements_by_user_id_users_id_fk` FOREIGN KEY (`by_user_id`) REFERENCES `users`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `user_locations` ADD CONSTRAINT `user_locations_user_id_users_id_fk` FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `user_locations` ADD CONSTRAINT `user_locations_location_id_locations_id_fk` FOREIGN KEY (`location_id`) REFERENCES `locations`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX `dispense_lines_dispense_idx` ON `dispense_lines` (`dispense_id`);--> statement-breakpoint
CREATE INDEX `dispense_lines_item_idx` ON `dispense_lines` (`item_id`);--> statement-breakpoint
CREATE INDEX `dispenses_prescription_idx` ON `dispenses` (`prescription_id`);--> statement-breakpoint
CREATE INDEX `dispenses_location_at_idx` ON `dispenses` (`location_id`,`at`);--> statement-breakpoint
CREATE INDEX `inventory_lots_pick_idx` ON `inventory_lots` (`location_id`,`medication_id`,`expires_on`);--> statement-breakpoint
CREATE INDEX `stock_movements_lot_idx` ON `stock_movements` (`lot_id`);--> statement-breakpoint
CREATE INDEX `stock_movements_location_medication_idx` ON `stock_movements` (`location_id`,`medication_id`,`at`);--> statement-breakpoint
CREATE INDEX `user_locations_location_idx` ON `user_locations` (`location_id`);