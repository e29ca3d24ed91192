CREATE TABLE `incidents` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`title` text NOT NULL,
	`description` text,
	`severity` text NOT NULL,
	`security` integer DEFAULT false NOT NULL,
	`drill` integer DEFAULT false NOT NULL,
	`service` text,
	`status` text DEFAULT 'declared' NOT NULL,
	`channel_id` text,
	`channel_name` text,
	`declared_by` text NOT NULL,
	`commander` text,
	`declared_at` integer NOT NULL,
	`acknowledged_at` integer,
	`mitigated_at` integer,
	`resolved_at` integer,
	`resolution_summary` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `incidents_channel_id_unique` ON `incidents` (`channel_id`);--> statement-breakpoint
CREATE INDEX `incidents_status_idx` ON `incidents` (`status`);--> statement-breakpoint
CREATE TABLE `timeline_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`incident_id` integer NOT NULL,
	`seq` integer NOT NULL,
	`occurred_at` integer NOT NULL,
	`recorded_at` integer NOT NULL,
	`kind` text NOT NULL,
	`actor` text NOT NULL,
	`text` text NOT NULL,
	`data` text DEFAULT '{}' NOT NULL,
	`source_channel_id` text,
	`source_message_ts` text,
	`source_permalink` text,
	FOREIGN KEY (`incident_id`) REFERENCES `incidents`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `timeline_events_incident_seq_unique` ON `timeline_events` (`incident_id`,`seq`);--> statement-breakpoint
CREATE INDEX `timeline_events_incident_occurred_idx` ON `timeline_events` (`incident_id`,`occurred_at`);