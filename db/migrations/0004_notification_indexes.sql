CREATE INDEX `notifications_inbox_idx` ON `notifications` (`recipient_user_id`,`channel`,`created_at`);--> statement-breakpoint
CREATE INDEX `notifications_unread_idx` ON `notifications` (`recipient_user_id`,`channel`,`read_at`);--> statement-breakpoint
CREATE INDEX `notifications_due_idx` ON `notifications` (`status`,`next_attempt_at`);