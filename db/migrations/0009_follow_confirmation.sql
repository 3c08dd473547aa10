ALTER TABLE `follows` ADD `confirmed_at` integer;--> statement-breakpoint
-- Follows made before confirmation existed were told they follow: they stay confirmed.
UPDATE `follows` SET `confirmed_at` = `created_at` WHERE `email` IS NOT NULL OR `phone` IS NOT NULL;
