ALTER TABLE `locations` ADD `opening_hours` json;--> statement-breakpoint
ALTER TABLE `user_locations` ADD `joined_at` datetime(3);--> statement-breakpoint
UPDATE `user_locations` `ul` JOIN `users` `u` ON `u`.`id` = `ul`.`user_id` SET `ul`.`joined_at` = `u`.`created_at`;--> statement-breakpoint
ALTER TABLE `user_locations` MODIFY `joined_at` datetime(3) NOT NULL;
