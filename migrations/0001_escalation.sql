CREATE TABLE `escalation_steps` (
	`job_id` text PRIMARY KEY NOT NULL,
	`incident_id` integer NOT NULL,
	`generation` integer NOT NULL,
	`idx` integer NOT NULL,
	`target` text NOT NULL,
	`until` text NOT NULL,
	`due_at` integer NOT NULL,
	`state` text NOT NULL,
	`reason` text,
	`finished_at` integer,
	FOREIGN KEY (`incident_id`) REFERENCES `incidents`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `escalation_steps_incident_idx` ON `escalation_steps` (`incident_id`,`generation`);--> statement-breakpoint
CREATE TABLE `escalations` (
	`incident_id` integer PRIMARY KEY NOT NULL,
	`generation` integer NOT NULL,
	`t0` integer NOT NULL,
	`severity` text NOT NULL,
	FOREIGN KEY (`incident_id`) REFERENCES `incidents`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `pages` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`incident_id` integer NOT NULL,
	`target` text NOT NULL,
	`step_job_id` text NOT NULL,
	`dedup_key` text NOT NULL,
	`claimed_at` integer NOT NULL,
	`pagerduty_sent_at` integer,
	`slack_sent_at` integer,
	`acknowledged_at` integer,
	`resolved_at` integer,
	FOREIGN KEY (`incident_id`) REFERENCES `incidents`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `pages_incident_target_unique` ON `pages` (`incident_id`,`target`);--> statement-breakpoint
CREATE UNIQUE INDEX `pages_dedup_key_unique` ON `pages` (`dedup_key`);