CREATE TABLE `drill_records` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`incident_id` integer NOT NULL,
	`playbook_id` text,
	`drilled_at` integer NOT NULL,
	`ms_to_acknowledge` integer,
	`ms_to_mitigate` integer,
	FOREIGN KEY (`incident_id`) REFERENCES `incidents`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `drill_records_playbook_idx` ON `drill_records` (`playbook_id`,`drilled_at`);--> statement-breakpoint
CREATE TABLE `incident_roles` (
	`incident_id` integer NOT NULL,
	`role` text NOT NULL,
	`user_id` text NOT NULL,
	`assigned_at` integer NOT NULL,
	FOREIGN KEY (`incident_id`) REFERENCES `incidents`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `incident_roles_incident_role_unique` ON `incident_roles` (`incident_id`,`role`);