CREATE INDEX `analytics_daily_dims_idx` ON `analytics_daily` (`unit_id`,`category_id`,`day`);--> statement-breakpoint
CREATE INDEX `analytics_monthly_dims_idx` ON `analytics_monthly` (`unit_id`,`category_id`,`month`);--> statement-breakpoint
CREATE INDEX `assignments_analytics_suggestion_idx` ON `assignments` (`suggestion_id`,`role`,`status`,`assigned_at`,`department_id`,`due_at`);--> statement-breakpoint
CREATE INDEX `suggestions_analytics_status_idx` ON `suggestions` (`status`,`answered_at`,`handle_due_at`);