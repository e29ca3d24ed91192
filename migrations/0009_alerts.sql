CREATE TABLE `alert_feedback` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`subject` text NOT NULL,
	`incident_id` integer,
	`group_id` integer,
	`user_id` text NOT NULL,
	`verdict` text NOT NULL,
	`alertname` text,
	`playbook_id` text,
	`security` integer DEFAULT false NOT NULL,
	`answered_at` integer NOT NULL,
	FOREIGN KEY (`incident_id`) REFERENCES `incidents`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`group_id`) REFERENCES `alert_groups`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `alert_feedback_subject_user_unique` ON `alert_feedback` (`subject`,`user_id`);--> statement-breakpoint
CREATE INDEX `alert_feedback_answered_idx` ON `alert_feedback` (`answered_at`);--> statement-breakpoint
CREATE TABLE `alert_groups` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`source` text NOT NULL,
	`group_key` text NOT NULL,
	`status` text NOT NULL,
	`alertname` text NOT NULL,
	`title` text NOT NULL,
	`labels` text NOT NULL,
	`route` text,
	`mode` text NOT NULL,
	`severity` text NOT NULL,
	`service` text,
	`playbook_id` text,
	`link` text,
	`count` integer DEFAULT 1 NOT NULL,
	`first_seen` integer NOT NULL,
	`last_seen` integer NOT NULL,
	`resolved_at` integer,
	`incident_id` integer,
	`message_channel` text,
	`message_ts` text,
	`storm_id` integer,
	`dismissed_by` text,
	`dismissed_at` integer,
	FOREIGN KEY (`incident_id`) REFERENCES `incidents`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `alert_groups_key_unique` ON `alert_groups` (`source`,`group_key`);--> statement-breakpoint
CREATE INDEX `alert_groups_first_seen_idx` ON `alert_groups` (`first_seen`);--> statement-breakpoint
CREATE INDEX `alert_groups_incident_idx` ON `alert_groups` (`incident_id`);--> statement-breakpoint
CREATE TABLE `alert_storms` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`channel` text NOT NULL,
	`message_ts` text,
	`started_at` integer NOT NULL,
	`last_at` integer NOT NULL
);
