CREATE TABLE `inbound_requests` (
	`key` text PRIMARY KEY NOT NULL,
	`received_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `slack_jobs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`lane` text NOT NULL,
	`incident_id` integer,
	`kind` text NOT NULL,
	`payload` text NOT NULL,
	`state` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_at` integer NOT NULL,
	`lease_until` integer,
	`last_error` text,
	`created_at` integer NOT NULL,
	`done_at` integer,
	FOREIGN KEY (`incident_id`) REFERENCES `incidents`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `slack_jobs_pending_idx` ON `slack_jobs` (`state`,`lane`,`id`);--> statement-breakpoint
ALTER TABLE `escalation_steps` ADD `lease_until` integer;--> statement-breakpoint
CREATE INDEX `escalation_steps_state_idx` ON `escalation_steps` (`state`);--> statement-breakpoint
ALTER TABLE `pages` ADD `slack_queued_at` integer;--> statement-breakpoint
ALTER TABLE `pages` ADD `slack_users` text;--> statement-breakpoint
ALTER TABLE `pages` ADD `pagerduty_attempts` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `pages` ADD `pagerduty_failing_since` integer;--> statement-breakpoint
ALTER TABLE `pages` ADD `pagerduty_gave_up_at` integer;--> statement-breakpoint
ALTER TABLE `pages` ADD `pagerduty_acked_at` integer;