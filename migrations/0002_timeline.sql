ALTER TABLE `timeline_events` ADD `prev_hash` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `timeline_events` ADD `hash` text DEFAULT '' NOT NULL;--> statement-breakpoint
CREATE INDEX `timeline_events_source_idx` ON `timeline_events` (`source_channel_id`,`source_message_ts`);