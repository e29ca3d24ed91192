CREATE TABLE `access_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`incident_id` integer NOT NULL,
	`who` text NOT NULL,
	`what` text NOT NULL,
	`via` text NOT NULL,
	`at` integer NOT NULL,
	FOREIGN KEY (`incident_id`) REFERENCES `incidents`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `access_log_incident_idx` ON `access_log` (`incident_id`,`at`);--> statement-breakpoint
CREATE TABLE `checkpoints` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`incident_id` integer NOT NULL,
	`event_count` integer NOT NULL,
	`head_hash` text NOT NULL,
	`events_digest` text NOT NULL,
	`entries` text NOT NULL,
	`signed_at` integer NOT NULL,
	`key_id` text,
	`signature` text,
	`reason` text NOT NULL,
	FOREIGN KEY (`incident_id`) REFERENCES `incidents`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `checkpoints_incident_idx` ON `checkpoints` (`incident_id`,`id`);