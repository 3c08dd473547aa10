CREATE TABLE `analytics_monthly` (
	`month` integer NOT NULL,
	`unit_id` integer NOT NULL,
	`region_unit_id` integer NOT NULL,
	`category_id` integer NOT NULL,
	`received` integer DEFAULT 0 NOT NULL,
	`accepted` integer DEFAULT 0 NOT NULL,
	`answered` integer DEFAULT 0 NOT NULL,
	`answer_days` real DEFAULT 0 NOT NULL,
	`on_time` integer DEFAULT 0 NOT NULL,
	`with_deadline` integer DEFAULT 0 NOT NULL,
	`decided` integer DEFAULT 0 NOT NULL,
	`adopted` integer DEFAULT 0 NOT NULL,
	`partly_adopted` integer DEFAULT 0 NOT NULL,
	`for_reference` integer DEFAULT 0 NOT NULL,
	`not_adopted` integer DEFAULT 0 NOT NULL,
	`converted` integer DEFAULT 0 NOT NULL,
	`ratings` integer DEFAULT 0 NOT NULL,
	`rating_sum` integer DEFAULT 0 NOT NULL,
	`satisfied` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`month`, `unit_id`, `region_unit_id`, `category_id`)
);
--> statement-breakpoint
CREATE INDEX `satisfactions_suggestion_idx` ON `satisfactions` (`suggestion_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `satisfactions_analytics_created_idx` ON `satisfactions` (`created_at`,`suggestion_id`,`score`);--> statement-breakpoint
CREATE INDEX `adoption_decisions_analytics_decided_idx` ON `adoption_decisions` (`decided_at`,`decision`,`suggestion_id`);--> statement-breakpoint
CREATE INDEX `assignments_analytics_assigned_idx` ON `assignments` (`assigned_at`,`role`,`status`,`department_id`,`suggestion_id`,`due_at`);--> statement-breakpoint
CREATE INDEX `outcomes_analytics_created_idx` ON `outcomes` (`created_at`,`suggestion_id`);--> statement-breakpoint
CREATE INDEX `suggestions_analytics_submitted_idx` ON `suggestions` (`submitted_at`,`unit_id`,`category_id`,`region_unit_id`,`cluster_id`,`supports_count`);--> statement-breakpoint
CREATE INDEX `suggestions_analytics_accepted_idx` ON `suggestions` (`accepted_at`,`unit_id`,`category_id`);--> statement-breakpoint
CREATE INDEX `suggestions_analytics_answered_idx` ON `suggestions` (`answered_at`,`unit_id`,`category_id`,`submitted_at`,`handle_due_at`);--> statement-breakpoint
CREATE INDEX `suggestions_analytics_open_idx` ON `suggestions` (`status`,`submitted_at`,`unit_id`,`category_id`,`accept_due_at`,`handle_due_at`);
--> statement-breakpoint
-- Analytics rollup: triggers keep analytics_monthly exact on every write (see db/schema/analytics.ts).
CREATE TRIGGER `analytics_suggestions_insert` AFTER INSERT ON suggestions
BEGIN
  INSERT INTO analytics_monthly (month, unit_id, region_unit_id, category_id, received)
    SELECT CAST(strftime('%Y%m', ((NEW.submitted_at) + 28800000) / 1000, 'unixepoch') AS INTEGER), NEW.unit_id, NEW.region_unit_id, coalesce(NEW.category_id, 0), 1
    WHERE 1
    ON CONFLICT (month, unit_id, region_unit_id, category_id) DO UPDATE SET received = received + excluded.received;
  INSERT INTO analytics_monthly (month, unit_id, region_unit_id, category_id, accepted)
    SELECT CAST(strftime('%Y%m', ((NEW.accepted_at) + 28800000) / 1000, 'unixepoch') AS INTEGER), NEW.unit_id, NEW.region_unit_id, coalesce(NEW.category_id, 0), 1
    WHERE NEW.accepted_at IS NOT NULL
    ON CONFLICT (month, unit_id, region_unit_id, category_id) DO UPDATE SET accepted = accepted + excluded.accepted;
  INSERT INTO analytics_monthly (month, unit_id, region_unit_id, category_id, answered, answer_days, on_time, with_deadline)
    SELECT CAST(strftime('%Y%m', ((NEW.answered_at) + 28800000) / 1000, 'unixepoch') AS INTEGER), NEW.unit_id, NEW.region_unit_id, coalesce(NEW.category_id, 0), 1, 1 * (NEW.answered_at - NEW.submitted_at) / 86400000.0, 1 * (NEW.handle_due_at IS NOT NULL AND NEW.answered_at <= NEW.handle_due_at), 1 * (NEW.handle_due_at IS NOT NULL)
    WHERE NEW.answered_at IS NOT NULL
    ON CONFLICT (month, unit_id, region_unit_id, category_id) DO UPDATE SET answered = answered + excluded.answered, answer_days = answer_days + excluded.answer_days, on_time = on_time + excluded.on_time, with_deadline = with_deadline + excluded.with_deadline;
END;
--> statement-breakpoint
CREATE TRIGGER `analytics_suggestions_update` AFTER UPDATE OF submitted_at, accepted_at, answered_at, handle_due_at, unit_id, region_unit_id, category_id ON suggestions
WHEN OLD.submitted_at IS NOT NEW.submitted_at OR OLD.accepted_at IS NOT NEW.accepted_at OR OLD.answered_at IS NOT NEW.answered_at OR OLD.handle_due_at IS NOT NEW.handle_due_at OR OLD.unit_id IS NOT NEW.unit_id OR OLD.region_unit_id IS NOT NEW.region_unit_id OR OLD.category_id IS NOT NEW.category_id
BEGIN
  INSERT INTO analytics_monthly (month, unit_id, region_unit_id, category_id, received)
    SELECT CAST(strftime('%Y%m', ((OLD.submitted_at) + 28800000) / 1000, 'unixepoch') AS INTEGER), OLD.unit_id, OLD.region_unit_id, coalesce(OLD.category_id, 0), -1
    WHERE 1
    ON CONFLICT (month, unit_id, region_unit_id, category_id) DO UPDATE SET received = received + excluded.received;
  INSERT INTO analytics_monthly (month, unit_id, region_unit_id, category_id, accepted)
    SELECT CAST(strftime('%Y%m', ((OLD.accepted_at) + 28800000) / 1000, 'unixepoch') AS INTEGER), OLD.unit_id, OLD.region_unit_id, coalesce(OLD.category_id, 0), -1
    WHERE OLD.accepted_at IS NOT NULL
    ON CONFLICT (month, unit_id, region_unit_id, category_id) DO UPDATE SET accepted = accepted + excluded.accepted;
  INSERT INTO analytics_monthly (month, unit_id, region_unit_id, category_id, answered, answer_days, on_time, with_deadline)
    SELECT CAST(strftime('%Y%m', ((OLD.answered_at) + 28800000) / 1000, 'unixepoch') AS INTEGER), OLD.unit_id, OLD.region_unit_id, coalesce(OLD.category_id, 0), -1, -1 * (OLD.answered_at - OLD.submitted_at) / 86400000.0, -1 * (OLD.handle_due_at IS NOT NULL AND OLD.answered_at <= OLD.handle_due_at), -1 * (OLD.handle_due_at IS NOT NULL)
    WHERE OLD.answered_at IS NOT NULL
    ON CONFLICT (month, unit_id, region_unit_id, category_id) DO UPDATE SET answered = answered + excluded.answered, answer_days = answer_days + excluded.answer_days, on_time = on_time + excluded.on_time, with_deadline = with_deadline + excluded.with_deadline;
  INSERT INTO analytics_monthly (month, unit_id, region_unit_id, category_id, received)
    SELECT CAST(strftime('%Y%m', ((NEW.submitted_at) + 28800000) / 1000, 'unixepoch') AS INTEGER), NEW.unit_id, NEW.region_unit_id, coalesce(NEW.category_id, 0), 1
    WHERE 1
    ON CONFLICT (month, unit_id, region_unit_id, category_id) DO UPDATE SET received = received + excluded.received;
  INSERT INTO analytics_monthly (month, unit_id, region_unit_id, category_id, accepted)
    SELECT CAST(strftime('%Y%m', ((NEW.accepted_at) + 28800000) / 1000, 'unixepoch') AS INTEGER), NEW.unit_id, NEW.region_unit_id, coalesce(NEW.category_id, 0), 1
    WHERE NEW.accepted_at IS NOT NULL
    ON CONFLICT (month, unit_id, region_unit_id, category_id) DO UPDATE SET accepted = accepted + excluded.accepted;
  INSERT INTO analytics_monthly (month, unit_id, region_unit_id, category_id, answered, answer_days, on_time, with_deadline)
    SELECT CAST(strftime('%Y%m', ((NEW.answered_at) + 28800000) / 1000, 'unixepoch') AS INTEGER), NEW.unit_id, NEW.region_unit_id, coalesce(NEW.category_id, 0), 1, 1 * (NEW.answered_at - NEW.submitted_at) / 86400000.0, 1 * (NEW.handle_due_at IS NOT NULL AND NEW.answered_at <= NEW.handle_due_at), 1 * (NEW.handle_due_at IS NOT NULL)
    WHERE NEW.answered_at IS NOT NULL
    ON CONFLICT (month, unit_id, region_unit_id, category_id) DO UPDATE SET answered = answered + excluded.answered, answer_days = answer_days + excluded.answer_days, on_time = on_time + excluded.on_time, with_deadline = with_deadline + excluded.with_deadline;
  INSERT INTO analytics_monthly (month, unit_id, region_unit_id, category_id, decided, adopted, partly_adopted, for_reference, not_adopted)
    SELECT CAST(strftime('%Y%m', ((d.decided_at) + 28800000) / 1000, 'unixepoch') AS INTEGER), OLD.unit_id, OLD.region_unit_id, coalesce(OLD.category_id, 0), -1, -1 * (d.decision = 'adopted'), -1 * (d.decision = 'partly_adopted'), -1 * (d.decision = 'for_reference'), -1 * (d.decision = 'not_adopted')
    FROM adoption_decisions d WHERE d.suggestion_id = NEW.id AND (OLD.unit_id IS NOT NEW.unit_id OR OLD.region_unit_id IS NOT NEW.region_unit_id OR OLD.category_id IS NOT NEW.category_id)
    ON CONFLICT (month, unit_id, region_unit_id, category_id) DO UPDATE SET decided = decided + excluded.decided, adopted = adopted + excluded.adopted, partly_adopted = partly_adopted + excluded.partly_adopted, for_reference = for_reference + excluded.for_reference, not_adopted = not_adopted + excluded.not_adopted;
  INSERT INTO analytics_monthly (month, unit_id, region_unit_id, category_id, converted)
    SELECT CAST(strftime('%Y%m', ((o.created_at) + 28800000) / 1000, 'unixepoch') AS INTEGER), OLD.unit_id, OLD.region_unit_id, coalesce(OLD.category_id, 0), -1
    FROM outcomes o WHERE o.suggestion_id = NEW.id AND (OLD.unit_id IS NOT NEW.unit_id OR OLD.region_unit_id IS NOT NEW.region_unit_id OR OLD.category_id IS NOT NEW.category_id)
    ON CONFLICT (month, unit_id, region_unit_id, category_id) DO UPDATE SET converted = converted + excluded.converted;
  INSERT INTO analytics_monthly (month, unit_id, region_unit_id, category_id, ratings, rating_sum, satisfied)
    SELECT CAST(strftime('%Y%m', ((x.created_at) + 28800000) / 1000, 'unixepoch') AS INTEGER), OLD.unit_id, OLD.region_unit_id, coalesce(OLD.category_id, 0), -1, -1 * x.score, -1 * (x.score >= 3)
    FROM satisfactions x WHERE x.suggestion_id = NEW.id AND (OLD.unit_id IS NOT NEW.unit_id OR OLD.region_unit_id IS NOT NEW.region_unit_id OR OLD.category_id IS NOT NEW.category_id)
    ON CONFLICT (month, unit_id, region_unit_id, category_id) DO UPDATE SET ratings = ratings + excluded.ratings, rating_sum = rating_sum + excluded.rating_sum, satisfied = satisfied + excluded.satisfied;
  INSERT INTO analytics_monthly (month, unit_id, region_unit_id, category_id, decided, adopted, partly_adopted, for_reference, not_adopted)
    SELECT CAST(strftime('%Y%m', ((d.decided_at) + 28800000) / 1000, 'unixepoch') AS INTEGER), NEW.unit_id, NEW.region_unit_id, coalesce(NEW.category_id, 0), 1, 1 * (d.decision = 'adopted'), 1 * (d.decision = 'partly_adopted'), 1 * (d.decision = 'for_reference'), 1 * (d.decision = 'not_adopted')
    FROM adoption_decisions d WHERE d.suggestion_id = NEW.id AND (OLD.unit_id IS NOT NEW.unit_id OR OLD.region_unit_id IS NOT NEW.region_unit_id OR OLD.category_id IS NOT NEW.category_id)
    ON CONFLICT (month, unit_id, region_unit_id, category_id) DO UPDATE SET decided = decided + excluded.decided, adopted = adopted + excluded.adopted, partly_adopted = partly_adopted + excluded.partly_adopted, for_reference = for_reference + excluded.for_reference, not_adopted = not_adopted + excluded.not_adopted;
  INSERT INTO analytics_monthly (month, unit_id, region_unit_id, category_id, converted)
    SELECT CAST(strftime('%Y%m', ((o.created_at) + 28800000) / 1000, 'unixepoch') AS INTEGER), NEW.unit_id, NEW.region_unit_id, coalesce(NEW.category_id, 0), 1
    FROM outcomes o WHERE o.suggestion_id = NEW.id AND (OLD.unit_id IS NOT NEW.unit_id OR OLD.region_unit_id IS NOT NEW.region_unit_id OR OLD.category_id IS NOT NEW.category_id)
    ON CONFLICT (month, unit_id, region_unit_id, category_id) DO UPDATE SET converted = converted + excluded.converted;
  INSERT INTO analytics_monthly (month, unit_id, region_unit_id, category_id, ratings, rating_sum, satisfied)
    SELECT CAST(strftime('%Y%m', ((x.created_at) + 28800000) / 1000, 'unixepoch') AS INTEGER), NEW.unit_id, NEW.region_unit_id, coalesce(NEW.category_id, 0), 1, 1 * x.score, 1 * (x.score >= 3)
    FROM satisfactions x WHERE x.suggestion_id = NEW.id AND (OLD.unit_id IS NOT NEW.unit_id OR OLD.region_unit_id IS NOT NEW.region_unit_id OR OLD.category_id IS NOT NEW.category_id)
    ON CONFLICT (month, unit_id, region_unit_id, category_id) DO UPDATE SET ratings = ratings + excluded.ratings, rating_sum = rating_sum + excluded.rating_sum, satisfied = satisfied + excluded.satisfied;
END;
--> statement-breakpoint
CREATE TRIGGER `analytics_suggestions_delete` AFTER DELETE ON suggestions
BEGIN
  INSERT INTO analytics_monthly (month, unit_id, region_unit_id, category_id, received)
    SELECT CAST(strftime('%Y%m', ((OLD.submitted_at) + 28800000) / 1000, 'unixepoch') AS INTEGER), OLD.unit_id, OLD.region_unit_id, coalesce(OLD.category_id, 0), -1
    WHERE 1
    ON CONFLICT (month, unit_id, region_unit_id, category_id) DO UPDATE SET received = received + excluded.received;
  INSERT INTO analytics_monthly (month, unit_id, region_unit_id, category_id, accepted)
    SELECT CAST(strftime('%Y%m', ((OLD.accepted_at) + 28800000) / 1000, 'unixepoch') AS INTEGER), OLD.unit_id, OLD.region_unit_id, coalesce(OLD.category_id, 0), -1
    WHERE OLD.accepted_at IS NOT NULL
    ON CONFLICT (month, unit_id, region_unit_id, category_id) DO UPDATE SET accepted = accepted + excluded.accepted;
  INSERT INTO analytics_monthly (month, unit_id, region_unit_id, category_id, answered, answer_days, on_time, with_deadline)
    SELECT CAST(strftime('%Y%m', ((OLD.answered_at) + 28800000) / 1000, 'unixepoch') AS INTEGER), OLD.unit_id, OLD.region_unit_id, coalesce(OLD.category_id, 0), -1, -1 * (OLD.answered_at - OLD.submitted_at) / 86400000.0, -1 * (OLD.handle_due_at IS NOT NULL AND OLD.answered_at <= OLD.handle_due_at), -1 * (OLD.handle_due_at IS NOT NULL)
    WHERE OLD.answered_at IS NOT NULL
    ON CONFLICT (month, unit_id, region_unit_id, category_id) DO UPDATE SET answered = answered + excluded.answered, answer_days = answer_days + excluded.answer_days, on_time = on_time + excluded.on_time, with_deadline = with_deadline + excluded.with_deadline;
END;
--> statement-breakpoint
CREATE TRIGGER `analytics_decisions_insert` AFTER INSERT ON adoption_decisions
BEGIN
  INSERT INTO analytics_monthly (month, unit_id, region_unit_id, category_id, decided, adopted, partly_adopted, for_reference, not_adopted)
    SELECT CAST(strftime('%Y%m', ((NEW.decided_at) + 28800000) / 1000, 'unixepoch') AS INTEGER), s.unit_id, s.region_unit_id, coalesce(s.category_id, 0), 1, 1 * (NEW.decision = 'adopted'), 1 * (NEW.decision = 'partly_adopted'), 1 * (NEW.decision = 'for_reference'), 1 * (NEW.decision = 'not_adopted')
    FROM suggestions s WHERE s.id = NEW.suggestion_id
    ON CONFLICT (month, unit_id, region_unit_id, category_id) DO UPDATE SET decided = decided + excluded.decided, adopted = adopted + excluded.adopted, partly_adopted = partly_adopted + excluded.partly_adopted, for_reference = for_reference + excluded.for_reference, not_adopted = not_adopted + excluded.not_adopted;
END;
--> statement-breakpoint
CREATE TRIGGER `analytics_decisions_update` AFTER UPDATE OF suggestion_id, decision, decided_at ON adoption_decisions
WHEN OLD.suggestion_id IS NOT NEW.suggestion_id OR OLD.decision IS NOT NEW.decision OR OLD.decided_at IS NOT NEW.decided_at
BEGIN
  INSERT INTO analytics_monthly (month, unit_id, region_unit_id, category_id, decided, adopted, partly_adopted, for_reference, not_adopted)
    SELECT CAST(strftime('%Y%m', ((OLD.decided_at) + 28800000) / 1000, 'unixepoch') AS INTEGER), s.unit_id, s.region_unit_id, coalesce(s.category_id, 0), -1, -1 * (OLD.decision = 'adopted'), -1 * (OLD.decision = 'partly_adopted'), -1 * (OLD.decision = 'for_reference'), -1 * (OLD.decision = 'not_adopted')
    FROM suggestions s WHERE s.id = OLD.suggestion_id
    ON CONFLICT (month, unit_id, region_unit_id, category_id) DO UPDATE SET decided = decided + excluded.decided, adopted = adopted + excluded.adopted, partly_adopted = partly_adopted + excluded.partly_adopted, for_reference = for_reference + excluded.for_reference, not_adopted = not_adopted + excluded.not_adopted;
  INSERT INTO analytics_monthly (month, unit_id, region_unit_id, category_id, decided, adopted, partly_adopted, for_reference, not_adopted)
    SELECT CAST(strftime('%Y%m', ((NEW.decided_at) + 28800000) / 1000, 'unixepoch') AS INTEGER), s.unit_id, s.region_unit_id, coalesce(s.category_id, 0), 1, 1 * (NEW.decision = 'adopted'), 1 * (NEW.decision = 'partly_adopted'), 1 * (NEW.decision = 'for_reference'), 1 * (NEW.decision = 'not_adopted')
    FROM suggestions s WHERE s.id = NEW.suggestion_id
    ON CONFLICT (month, unit_id, region_unit_id, category_id) DO UPDATE SET decided = decided + excluded.decided, adopted = adopted + excluded.adopted, partly_adopted = partly_adopted + excluded.partly_adopted, for_reference = for_reference + excluded.for_reference, not_adopted = not_adopted + excluded.not_adopted;
END;
--> statement-breakpoint
CREATE TRIGGER `analytics_decisions_delete` AFTER DELETE ON adoption_decisions
BEGIN
  INSERT INTO analytics_monthly (month, unit_id, region_unit_id, category_id, decided, adopted, partly_adopted, for_reference, not_adopted)
    SELECT CAST(strftime('%Y%m', ((OLD.decided_at) + 28800000) / 1000, 'unixepoch') AS INTEGER), s.unit_id, s.region_unit_id, coalesce(s.category_id, 0), -1, -1 * (OLD.decision = 'adopted'), -1 * (OLD.decision = 'partly_adopted'), -1 * (OLD.decision = 'for_reference'), -1 * (OLD.decision = 'not_adopted')
    FROM suggestions s WHERE s.id = OLD.suggestion_id
    ON CONFLICT (month, unit_id, region_unit_id, category_id) DO UPDATE SET decided = decided + excluded.decided, adopted = adopted + excluded.adopted, partly_adopted = partly_adopted + excluded.partly_adopted, for_reference = for_reference + excluded.for_reference, not_adopted = not_adopted + excluded.not_adopted;
END;
--> statement-breakpoint
CREATE TRIGGER `analytics_outcomes_insert` AFTER INSERT ON outcomes
BEGIN
  INSERT INTO analytics_monthly (month, unit_id, region_unit_id, category_id, converted)
    SELECT CAST(strftime('%Y%m', ((NEW.created_at) + 28800000) / 1000, 'unixepoch') AS INTEGER), s.unit_id, s.region_unit_id, coalesce(s.category_id, 0), 1
    FROM suggestions s WHERE s.id = NEW.suggestion_id
    ON CONFLICT (month, unit_id, region_unit_id, category_id) DO UPDATE SET converted = converted + excluded.converted;
END;
--> statement-breakpoint
CREATE TRIGGER `analytics_outcomes_update` AFTER UPDATE OF suggestion_id, created_at ON outcomes
WHEN OLD.suggestion_id IS NOT NEW.suggestion_id OR OLD.created_at IS NOT NEW.created_at
BEGIN
  INSERT INTO analytics_monthly (month, unit_id, region_unit_id, category_id, converted)
    SELECT CAST(strftime('%Y%m', ((OLD.created_at) + 28800000) / 1000, 'unixepoch') AS INTEGER), s.unit_id, s.region_unit_id, coalesce(s.category_id, 0), -1
    FROM suggestions s WHERE s.id = OLD.suggestion_id
    ON CONFLICT (month, unit_id, region_unit_id, category_id) DO UPDATE SET converted = converted + excluded.converted;
  INSERT INTO analytics_monthly (month, unit_id, region_unit_id, category_id, converted)
    SELECT CAST(strftime('%Y%m', ((NEW.created_at) + 28800000) / 1000, 'unixepoch') AS INTEGER), s.unit_id, s.region_unit_id, coalesce(s.category_id, 0), 1
    FROM suggestions s WHERE s.id = NEW.suggestion_id
    ON CONFLICT (month, unit_id, region_unit_id, category_id) DO UPDATE SET converted = converted + excluded.converted;
END;
--> statement-breakpoint
CREATE TRIGGER `analytics_outcomes_delete` AFTER DELETE ON outcomes
BEGIN
  INSERT INTO analytics_monthly (month, unit_id, region_unit_id, category_id, converted)
    SELECT CAST(strftime('%Y%m', ((OLD.created_at) + 28800000) / 1000, 'unixepoch') AS INTEGER), s.unit_id, s.region_unit_id, coalesce(s.category_id, 0), -1
    FROM suggestions s WHERE s.id = OLD.suggestion_id
    ON CONFLICT (month, unit_id, region_unit_id, category_id) DO UPDATE SET converted = converted + excluded.converted;
END;
--> statement-breakpoint
CREATE TRIGGER `analytics_satisfactions_insert` AFTER INSERT ON satisfactions
BEGIN
  INSERT INTO analytics_monthly (month, unit_id, region_unit_id, category_id, ratings, rating_sum, satisfied)
    SELECT CAST(strftime('%Y%m', ((NEW.created_at) + 28800000) / 1000, 'unixepoch') AS INTEGER), s.unit_id, s.region_unit_id, coalesce(s.category_id, 0), 1, 1 * NEW.score, 1 * (NEW.score >= 3)
    FROM suggestions s WHERE s.id = NEW.suggestion_id
    ON CONFLICT (month, unit_id, region_unit_id, category_id) DO UPDATE SET ratings = ratings + excluded.ratings, rating_sum = rating_sum + excluded.rating_sum, satisfied = satisfied + excluded.satisfied;
END;
--> statement-breakpoint
CREATE TRIGGER `analytics_satisfactions_update` AFTER UPDATE OF suggestion_id, score, created_at ON satisfactions
WHEN OLD.suggestion_id IS NOT NEW.suggestion_id OR OLD.score IS NOT NEW.score OR OLD.created_at IS NOT NEW.created_at
BEGIN
  INSERT INTO analytics_monthly (month, unit_id, region_unit_id, category_id, ratings, rating_sum, satisfied)
    SELECT CAST(strftime('%Y%m', ((OLD.created_at) + 28800000) / 1000, 'unixepoch') AS INTEGER), s.unit_id, s.region_unit_id, coalesce(s.category_id, 0), -1, -1 * OLD.score, -1 * (OLD.score >= 3)
    FROM suggestions s WHERE s.id = OLD.suggestion_id
    ON CONFLICT (month, unit_id, region_unit_id, category_id) DO UPDATE SET ratings = ratings + excluded.ratings, rating_sum = rating_sum + excluded.rating_sum, satisfied = satisfied + excluded.satisfied;
  INSERT INTO analytics_monthly (month, unit_id, region_unit_id, category_id, ratings, rating_sum, satisfied)
    SELECT CAST(strftime('%Y%m', ((NEW.created_at) + 28800000) / 1000, 'unixepoch') AS INTEGER), s.unit_id, s.region_unit_id, coalesce(s.category_id, 0), 1, 1 * NEW.score, 1 * (NEW.score >= 3)
    FROM suggestions s WHERE s.id = NEW.suggestion_id
    ON CONFLICT (month, unit_id, region_unit_id, category_id) DO UPDATE SET ratings = ratings + excluded.ratings, rating_sum = rating_sum + excluded.rating_sum, satisfied = satisfied + excluded.satisfied;
END;
--> statement-breakpoint
CREATE TRIGGER `analytics_satisfactions_delete` AFTER DELETE ON satisfactions
BEGIN
  INSERT INTO analytics_monthly (month, unit_id, region_unit_id, category_id, ratings, rating_sum, satisfied)
    SELECT CAST(strftime('%Y%m', ((OLD.created_at) + 28800000) / 1000, 'unixepoch') AS INTEGER), s.unit_id, s.region_unit_id, coalesce(s.category_id, 0), -1, -1 * OLD.score, -1 * (OLD.score >= 3)
    FROM suggestions s WHERE s.id = OLD.suggestion_id
    ON CONFLICT (month, unit_id, region_unit_id, category_id) DO UPDATE SET ratings = ratings + excluded.ratings, rating_sum = rating_sum + excluded.rating_sum, satisfied = satisfied + excluded.satisfied;
END;
--> statement-breakpoint
INSERT INTO analytics_monthly (month, unit_id, region_unit_id, category_id, received)
  SELECT month, unit_id, region_unit_id, category_id, count(*)
  FROM (SELECT CAST(strftime('%Y%m', ((s.submitted_at) + 28800000) / 1000, 'unixepoch') AS INTEGER) AS month, s.unit_id AS unit_id, s.region_unit_id AS region_unit_id, coalesce(s.category_id, 0) AS category_id FROM suggestions s)
  WHERE 1 GROUP BY month, unit_id, region_unit_id, category_id
  ON CONFLICT (month, unit_id, region_unit_id, category_id) DO UPDATE SET received = received + excluded.received;
--> statement-breakpoint
INSERT INTO analytics_monthly (month, unit_id, region_unit_id, category_id, accepted)
  SELECT month, unit_id, region_unit_id, category_id, count(*)
  FROM (SELECT CAST(strftime('%Y%m', ((s.accepted_at) + 28800000) / 1000, 'unixepoch') AS INTEGER) AS month, s.unit_id AS unit_id, s.region_unit_id AS region_unit_id, coalesce(s.category_id, 0) AS category_id FROM suggestions s WHERE s.accepted_at IS NOT NULL)
  WHERE 1 GROUP BY month, unit_id, region_unit_id, category_id
  ON CONFLICT (month, unit_id, region_unit_id, category_id) DO UPDATE SET accepted = accepted + excluded.accepted;
--> statement-breakpoint
INSERT INTO analytics_monthly (month, unit_id, region_unit_id, category_id, answered, answer_days, on_time, with_deadline)
  SELECT month, unit_id, region_unit_id, category_id, count(*), sum(days), sum(on_time), sum(with_deadline)
  FROM (SELECT CAST(strftime('%Y%m', ((s.answered_at) + 28800000) / 1000, 'unixepoch') AS INTEGER) AS month, s.unit_id AS unit_id, s.region_unit_id AS region_unit_id, coalesce(s.category_id, 0) AS category_id, (s.answered_at - s.submitted_at) / 86400000.0 AS days, (s.handle_due_at IS NOT NULL AND s.answered_at <= s.handle_due_at) AS on_time, (s.handle_due_at IS NOT NULL) AS with_deadline FROM suggestions s WHERE s.answered_at IS NOT NULL)
  WHERE 1 GROUP BY month, unit_id, region_unit_id, category_id
  ON CONFLICT (month, unit_id, region_unit_id, category_id) DO UPDATE SET answered = answered + excluded.answered, answer_days = answer_days + excluded.answer_days, on_time = on_time + excluded.on_time, with_deadline = with_deadline + excluded.with_deadline;
--> statement-breakpoint
INSERT INTO analytics_monthly (month, unit_id, region_unit_id, category_id, decided, adopted, partly_adopted, for_reference, not_adopted)
  SELECT month, unit_id, region_unit_id, category_id, count(*), sum(decision = 'adopted'), sum(decision = 'partly_adopted'), sum(decision = 'for_reference'), sum(decision = 'not_adopted')
  FROM (SELECT CAST(strftime('%Y%m', ((d.decided_at) + 28800000) / 1000, 'unixepoch') AS INTEGER) AS month, s.unit_id AS unit_id, s.region_unit_id AS region_unit_id, coalesce(s.category_id, 0) AS category_id, d.decision AS decision FROM adoption_decisions d JOIN suggestions s ON s.id = d.suggestion_id)
  WHERE 1 GROUP BY month, unit_id, region_unit_id, category_id
  ON CONFLICT (month, unit_id, region_unit_id, category_id) DO UPDATE SET decided = decided + excluded.decided, adopted = adopted + excluded.adopted, partly_adopted = partly_adopted + excluded.partly_adopted, for_reference = for_reference + excluded.for_reference, not_adopted = not_adopted + excluded.not_adopted;
--> statement-breakpoint
INSERT INTO analytics_monthly (month, unit_id, region_unit_id, category_id, converted)
  SELECT month, unit_id, region_unit_id, category_id, count(*)
  FROM (SELECT CAST(strftime('%Y%m', ((o.created_at) + 28800000) / 1000, 'unixepoch') AS INTEGER) AS month, s.unit_id AS unit_id, s.region_unit_id AS region_unit_id, coalesce(s.category_id, 0) AS category_id FROM outcomes o JOIN suggestions s ON s.id = o.suggestion_id)
  WHERE 1 GROUP BY month, unit_id, region_unit_id, category_id
  ON CONFLICT (month, unit_id, region_unit_id, category_id) DO UPDATE SET converted = converted + excluded.converted;
--> statement-breakpoint
INSERT INTO analytics_monthly (month, unit_id, region_unit_id, category_id, ratings, rating_sum, satisfied)
  SELECT month, unit_id, region_unit_id, category_id, count(*), sum(score), sum(score >= 3)
  FROM (SELECT CAST(strftime('%Y%m', ((x.created_at) + 28800000) / 1000, 'unixepoch') AS INTEGER) AS month, s.unit_id AS unit_id, s.region_unit_id AS region_unit_id, coalesce(s.category_id, 0) AS category_id, x.score AS score FROM satisfactions x JOIN suggestions s ON s.id = x.suggestion_id)
  WHERE 1 GROUP BY month, unit_id, region_unit_id, category_id
  ON CONFLICT (month, unit_id, region_unit_id, category_id) DO UPDATE SET ratings = ratings + excluded.ratings, rating_sum = rating_sum + excluded.rating_sum, satisfied = satisfied + excluded.satisfied;
