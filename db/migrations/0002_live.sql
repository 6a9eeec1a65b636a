ALTER TABLE `doctors` ADD `delay_minutes` smallint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `appointments` ADD `front_of_queue` boolean DEFAULT false NOT NULL;