CREATE TABLE `status_publications` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`incident_id` integer NOT NULL,
	`published_at` integer NOT NULL,
	`state` text NOT NULL,
	`impact` text NOT NULL,
	`components` text NOT NULL,
	`text` text NOT NULL,
	`published_by` text NOT NULL,
	FOREIGN KEY (`incident_id`) REFERENCES `incidents`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `status_publications_incident_idx` ON `status_publications` (`incident_id`,`published_at`);