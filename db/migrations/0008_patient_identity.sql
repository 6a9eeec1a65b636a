ALTER TABLE `patients` ADD `registered_as_duplicate` boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `patients` ADD `first_name_key` varchar(100) GENERATED ALWAYS AS ((regexp_replace(first_name, '[^[:alnum:]]+', ''))) STORED;--> statement-breakpoint
ALTER TABLE `patients` ADD `last_name_key` varchar(100) GENERATED ALWAYS AS ((regexp_replace(last_name, '[^[:alnum:]]+', ''))) STORED;--> statement-breakpoint
ALTER TABLE `patients` ADD `identity_key` varchar(220) GENERATED ALWAYS AS ((case when deleted_at is null and not registered_as_duplicate then concat_ws('|', regexp_replace(last_name, '[^[:alnum:]]+', ''), regexp_replace(first_name, '[^[:alnum:]]+', ''), date_of_birth) end)) STORED;--> statement-breakpoint
-- Patients registered twice before this check existed: the oldest record keeps the identity key,
-- the later ones count as deliberate duplicates, so the unique index below can be built.
UPDATE `patients` p JOIN (SELECT `identity_key`, MIN(`id`) AS `keep` FROM `patients` WHERE `identity_key` IS NOT NULL GROUP BY `identity_key` HAVING COUNT(*) > 1) d ON d.`identity_key` = p.`identity_key` AND p.`id` <> d.`keep` SET p.`registered_as_duplicate` = true;--> statement-breakpoint
ALTER TABLE `patients` ADD CONSTRAINT `patients_identity_unique` UNIQUE(`identity_key`);--> statement-breakpoint
CREATE INDEX `patients_name_key_idx` ON `patients` (`last_name_key`,`first_name_key`);--> statement-breakpoint
CREATE INDEX `patients_first_name_key_idx` ON `patients` (`first_name_key`);