CREATE TABLE `followup_digests` (
	`week` text PRIMARY KEY NOT NULL,
	`sent_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `followups` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`incident_id` integer NOT NULL,
	`text` text NOT NULL,
	`owner` text NOT NULL,
	`due_on` text,
	`status` text DEFAULT 'open' NOT NULL,
	`created_by` text NOT NULL,
	`created_at` integer NOT NULL,
	`done_at` integer,
	`done_by` text,
	FOREIGN KEY (`incident_id`) REFERENCES `incidents`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `followups_incident_idx` ON `followups` (`incident_id`);--> statement-breakpoint
CREATE INDEX `followups_owner_status_idx` ON `followups` (`owner`,`status`);--> statement-breakpoint
CREATE TABLE `playbook_reviews` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`incident_id` integer NOT NULL,
	`playbook_id` text NOT NULL,
	`owner` text NOT NULL,
	`asked_at` integer NOT NULL,
	`remind_at` integer NOT NULL,
	`reminded_at` integer,
	`confirmed_at` integer,
	`confirmed_by` text,
	FOREIGN KEY (`incident_id`) REFERENCES `incidents`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `playbook_reviews_incident_playbook_unique` ON `playbook_reviews` (`incident_id`,`playbook_id`);--> statement-breakpoint
CREATE INDEX `playbook_reviews_open_idx` ON `playbook_reviews` (`confirmed_at`,`remind_at`);