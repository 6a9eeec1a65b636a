ALTER TABLE `locations` ADD `patient_max_upcoming_visits_per_doctor` smallint DEFAULT 2 NOT NULL;--> statement-breakpoint
ALTER TABLE `locations` ADD `patient_max_upcoming_visits` smallint DEFAULT 6 NOT NULL;--> statement-breakpoint
ALTER TABLE `locations` ADD `patient_max_series_weeks` smallint DEFAULT 4 NOT NULL;