CREATE TABLE `analytics_daily` (
	`day` integer NOT NULL,
	`unit_id` integer NOT NULL,
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
	PRIMARY KEY(`day`, `unit_id`, `category_id`)
);

--> statement-breakpoint
-- Daily analytics rollup: triggers keep analytics_daily exact on every write (see db/schema/analytics.ts).
CREATE TRIGGER `analytics_daily_suggestions_insert` AFTER INSERT ON suggestions
BEGIN
  INSERT INTO analytics_daily (day, unit_id, category_id, received)
    SELECT ((NEW.submitted_at) + 28800000) / 86400000, NEW.unit_id, coalesce(NEW.category_id, 0), 1
    WHERE 1
    ON CONFLICT (day, unit_id, category_id) DO UPDATE SET received = received + excluded.received;
  INSERT INTO analytics_daily (day, unit_id, category_id, accepted)
    SELECT ((NEW.accepted_at) + 28800000) / 86400000, NEW.unit_id, coalesce(NEW.category_id, 0), 1
    WHERE NEW.accepted_at IS NOT NULL
    ON CONFLICT (day, unit_id, category_id) DO UPDATE SET accepted = accepted + excluded.accepted;
  INSERT INTO analytics_daily (day, unit_id, category_id, answered, answer_days, on_time, with_deadline)
    SELECT ((NEW.answered_at) + 28800000) / 86400000, NEW.unit_id, coalesce(NEW.category_id, 0), 1, 1 * (NEW.answered_at - NEW.submitted_at) / 86400000.0, 1 * (NEW.handle_due_at IS NOT NULL AND NEW.answered_at <= NEW.handle_due_at), 1 * (NEW.handle_due_at IS NOT NULL)
    WHERE NEW.answered_at IS NOT NULL
    ON CONFLICT (day, unit_id, category_id) DO UPDATE SET answered = answered + excluded.answered, answer_days = answer_days + excluded.answer_days, on_time = on_time + excluded.on_time, with_deadline = with_deadline + excluded.with_deadline;
END;
--> statement-breakpoint
CREATE TRIGGER `analytics_daily_suggestions_update` AFTER UPDATE OF submitted_at, accepted_at, answered_at, handle_due_at, unit_id, category_id ON suggestions
WHEN OLD.submitted_at IS NOT NEW.submitted_at OR OLD.accepted_at IS NOT NEW.accepted_at OR OLD.answered_at IS NOT NEW.answered_at OR OLD.handle_due_at IS NOT NEW.handle_due_at OR OLD.unit_id IS NOT NEW.unit_id OR OLD.category_id IS NOT NEW.category_id
BEGIN
  INSERT INTO analytics_daily (day, unit_id, category_id, received)
    SELECT ((OLD.submitted_at) + 28800000) / 86400000, OLD.unit_id, coalesce(OLD.category_id, 0), -1
    WHERE 1
    ON CONFLICT (day, unit_id, category_id) DO UPDATE SET received = received + excluded.received;
  INSERT INTO analytics_daily (day, unit_id, category_id, accepted)
    SELECT ((OLD.accepted_at) + 28800000) / 86400000, OLD.unit_id, coalesce(OLD.category_id, 0), -1
    WHERE OLD.accepted_at IS NOT NULL
    ON CONFLICT (day, unit_id, category_id) DO UPDATE SET accepted = accepted + excluded.accepted;
  INSERT INTO analytics_daily (day, unit_id, category_id, answered, answer_days, on_time, with_deadline)
    SELECT ((OLD.answered_at) + 28800000) / 86400000, OLD.unit_id, coalesce(OLD.category_id, 0), -1, -1 * (OLD.answered_at - OLD.submitted_at) / 86400000.0, -1 * (OLD.handle_due_at IS NOT NULL AND OLD.answered_at <= OLD.handle_due_at), -1 * (OLD.handle_due_at IS NOT NULL)
    WHERE OLD.answered_at IS NOT NULL
    ON CONFLICT (day, unit_id, category_id) DO UPDATE SET answered = answered + excluded.answered, answer_days = answer_days + excluded.answer_days, on_time = on_time + excluded.on_time, with_deadline = with_deadline + excluded.with_deadline;
  INSERT INTO analytics_daily (day, unit_id, category_id, received)
    SELECT ((NEW.submitted_at) + 28800000) / 86400000, NEW.unit_id, coalesce(NEW.category_id, 0), 1
    WHERE 1
    ON CONFLICT (day, unit_id, category_id) DO UPDATE SET received = received + excluded.received;
  INSERT INTO analytics_daily (day, unit_id, category_id, accepted)
    SELECT ((NEW.accepted_at) + 28800000) / 86400000, NEW.unit_id, coalesce(NEW.category_id, 0), 1
    WHERE NEW.accepted_at IS NOT NULL
    ON CONFLICT (day, unit_id, category_id) DO UPDATE SET accepted = accepted + excluded.accepted;
  INSERT INTO analytics_daily (day, unit_id, category_id, answered, answer_days, on_time, with_deadline)
    SELECT ((NEW.answered_at) + 28800000) / 86400000, NEW.unit_id, coalesce(NEW.category_id, 0), 1, 1 * (NEW.answered_at - NEW.submitted_at) / 86400000.0, 1 * (NEW.handle_due_at IS NOT NULL AND NEW.answered_at <= NEW.handle_due_at), 1 * (NEW.handle_due_at IS NOT NULL)
    WHERE NEW.answered_at IS NOT NULL
    ON CONFLICT (day, unit_id, category_id) DO UPDATE SET answered = answered + excluded.answered, answer_days = answer_days + excluded.answer_days, on_time = on_time + excluded.on_time, with_deadline = with_deadline + excluded.with_deadline;
  INSERT INTO analytics_daily (day, unit_id, category_id, decided, adopted, partly_adopted, for_reference, not_adopted)
    SELECT ((d.decided_at) + 28800000) / 86400000, OLD.unit_id, coalesce(OLD.category_id, 0), -1, -1 * (d.decision = 'adopted'), -1 * (d.decision = 'partly_adopted'), -1 * (d.decision = 'for_reference'), -1 * (d.decision = 'not_adopted')
    FROM adoption_decisions d WHERE d.suggestion_id = NEW.id AND (OLD.unit_id IS NOT NEW.unit_id OR OLD.category_id IS NOT NEW.category_id)
    ON CONFLICT (day, unit_id, category_id) DO UPDATE SET decided = decided + excluded.decided, adopted = adopted + excluded.adopted, partly_adopted = partly_adopted + excluded.partly_adopted, for_reference = for_reference + excluded.for_reference, not_adopted = not_adopted + excluded.not_adopted;
  INSERT INTO analytics_daily (day, unit_id, category_id, converted)
    SELECT ((o.created_at) + 28800000) / 86400000, OLD.unit_id, coalesce(OLD.category_id, 0), -1
    FROM outcomes o WHERE o.suggestion_id = NEW.id AND (OLD.unit_id IS NOT NEW.unit_id OR OLD.category_id IS NOT NEW.category_id)
    ON CONFLICT (day, unit_id, category_id) DO UPDATE SET converted = converted + excluded.converted;
  INSERT INTO analytics_daily (day, unit_id, category_id, ratings, rating_sum, satisfied)
    SELECT ((x.created_at) + 28800000) / 86400000, OLD.unit_id, coalesce(OLD.category_id, 0), -1, -1 * x.score, -1 * (x.score >= 3)
    FROM satisfactions x WHERE x.suggestion_id = NEW.id AND (OLD.unit_id IS NOT NEW.unit_id OR OLD.category_id IS NOT NEW.category_id)
    ON CONFLICT (day, unit_id, category_id) DO UPDATE SET ratings = ratings + excluded.ratings, rating_sum = rating_sum + excluded.rating_sum, satisfied = satisfied + excluded.satisfied;
  INSERT INTO analytics_daily (day, unit_id, category_id, decided, adopted, partly_adopted, for_reference, not_adopted)
    SELECT ((d.decided_at) + 28800000) / 86400000, NEW.unit_id, coalesce(NEW.category_id, 0), 1, 1 * (d.decision = 'adopted'), 1 * (d.decision = 'partly_adopted'), 1 * (d.decision = 'for_reference'), 1 * (d.decision = 'not_adopted')
    FROM adoption_decisions d WHERE d.suggestion_id = NEW.id AND (OLD.unit_id IS NOT NEW.unit_id OR OLD.category_id IS NOT NEW.category_id)
    ON CONFLICT (day, unit_id, category_id) DO UPDATE SET decided = decided + excluded.decided, adopted = adopted + excluded.adopted, partly_adopted = partly_adopted + excluded.partly_adopted, for_reference = for_reference + excluded.for_reference, not_adopted = not_adopted + excluded.not_adopted;
  INSERT INTO analytics_daily (day, unit_id, category_id, converted)
    SELECT ((o.created_at) + 28800000) / 86400000, NEW.unit_id, coalesce(NEW.category_id, 0), 1
    FROM outcomes o WHERE o.suggestion_id = NEW.id AND (OLD.unit_id IS NOT NEW.unit_id OR OLD.category_id IS NOT NEW.category_id)
    ON CONFLICT (day, unit_id, category_id) DO UPDATE SET converted = converted + excluded.converted;
  INSERT INTO analytics_daily (day, unit_id, category_id, ratings, rating_sum, satisfied)
    SELECT ((x.created_at) + 28800000) / 86400000, NEW.unit_id, coalesce(NEW.category_id, 0), 1, 1 * x.score, 1 * (x.score >= 3)
    FROM satisfactions x WHERE x.suggestion_id = NEW.id AND (OLD.unit_id IS NOT NEW.unit_id OR OLD.category_id IS NOT NEW.category_id)
    ON CONFLICT (day, unit_id, category_id) DO UPDATE SET ratings = ratings + excluded.ratings, rating_sum = rating_sum + excluded.rating_sum, satisfied = satisfied + excluded.satisfied;
END;
--> statement-breakpoint
CREATE TRIGGER `analytics_daily_suggestions_delete` AFTER DELETE ON suggestions
BEGIN
  INSERT INTO analytics_daily (day, unit_id, category_id, received)
    SELECT ((OLD.submitted_at) + 28800000) / 86400000, OLD.unit_id, coalesce(OLD.category_id, 0), -1
    WHERE 1
    ON CONFLICT (day, unit_id, category_id) DO UPDATE SET received = received + excluded.received;
  INSERT INTO analytics_daily (day, unit_id, category_id, accepted)
    SELECT ((OLD.accepted_at) + 28800000) / 86400000, OLD.unit_id, coalesce(OLD.category_id, 0), -1
    WHERE OLD.accepted_at IS NOT NULL
    ON CONFLICT (day, unit_id, category_id) DO UPDATE SET accepted = accepted + excluded.accepted;
  INSERT INTO analytics_daily (day, unit_id, category_id, answered, answer_days, on_time, with_deadline)
    SELECT ((OLD.answered_at) + 28800000) / 86400000, OLD.unit_id, coalesce(OLD.category_id, 0), -1, -1 * (OLD.answered_at - OLD.submitted_at) / 86400000.0, -1 * (OLD.handle_due_at IS NOT NULL AND OLD.answered_at <= OLD.handle_due_at), -1 * (OLD.handle_due_at IS NOT NULL)
    WHERE OLD.answered_at IS NOT NULL
    ON CONFLICT (day, unit_id, category_id) DO UPDATE SET answered = answered + excluded.answered, answer_days = answer_days + excluded.answer_days, on_time = on_time + excluded.on_time, with_deadline = with_deadline + excluded.with_deadline;
END;
--> statement-breakpoint
CREATE TRIGGER `analytics_daily_decisions_insert` AFTER INSERT ON adoption_decisions
BEGIN
  INSERT INTO analytics_daily (day, unit_id, category_id, decided, adopted, partly_adopted, for_reference, not_adopted)
    SELECT ((NEW.decided_at) + 28800000) / 86400000, s.unit_id, coalesce(s.category_id, 0), 1, 1 * (NEW.decision = 'adopted'), 1 * (NEW.decision = 'partly_adopted'), 1 * (NEW.decision = 'for_reference'), 1 * (NEW.decision = 'not_adopted')
    FROM suggestions s WHERE s.id = NEW.suggestion_id
    ON CONFLICT (day, unit_id, category_id) DO UPDATE SET decided = decided + excluded.decided, adopted = adopted + excluded.adopted, partly_adopted = partly_adopted + excluded.partly_adopted, for_reference = for_reference + excluded.for_reference, not_adopted = not_adopted + excluded.not_adopted;
END;
--> statement-breakpoint
CREATE TRIGGER `analytics_daily_decisions_update` AFTER UPDATE OF suggestion_id, decision, decided_at ON adoption_decisions
WHEN OLD.suggestion_id IS NOT NEW.suggestion_id OR OLD.decision IS NOT NEW.decision OR OLD.decided_at IS NOT NEW.decided_at
BEGIN
  INSERT INTO analytics_daily (day, unit_id, category_id, decided, adopted, partly_adopted, for_reference, not_adopted)
    SELECT ((OLD.decided_at) + 28800000) / 86400000, s.unit_id, coalesce(s.category_id, 0), -1, -1 * (OLD.decision = 'adopted'), -1 * (OLD.decision = 'partly_adopted'), -1 * (OLD.decision = 'for_reference'), -1 * (OLD.decision = 'not_adopted')
    FROM suggestions s WHERE s.id = OLD.suggestion_id
    ON CONFLICT (day, unit_id, category_id) DO UPDATE SET decided = decided + excluded.decided, adopted = adopted + excluded.adopted, partly_adopted = partly_adopted + excluded.partly_adopted, for_reference = for_reference + excluded.for_reference, not_adopted = not_adopted + excluded.not_adopted;
  INSERT INTO analytics_daily (day, unit_id, category_id, decided, adopted, partly_adopted, for_reference, not_adopted)
    SELECT ((NEW.decided_at) + 28800000) / 86400000, s.unit_id, coalesce(s.category_id, 0), 1, 1 * (NEW.decision = 'adopted'), 1 * (NEW.decision = 'partly_adopted'), 1 * (NEW.decision = 'for_reference'), 1 * (NEW.decision = 'not_adopted')
    FROM suggestions s WHERE s.id = NEW.suggestion_id
    ON CONFLICT (day, unit_id, category_id) DO UPDATE SET decided = decided + excluded.decided, adopted = adopted + excluded.adopted, partly_adopted = partly_adopted + excluded.partly_adopted, for_reference = for_reference + excluded.for_reference, not_adopted = not_adopted + excluded.not_adopted;
END;
--> statement-breakpoint
CREATE TRIGGER `analytics_daily_decisions_delete` AFTER DELETE ON adoption_decisions
BEGIN
  INSERT INTO analytics_daily (day, unit_id, category_id, decided, adopted, partly_adopted, for_reference, not_adopted)
    SELECT ((OLD.decided_at) + 28800000) / 86400000, s.unit_id, coalesce(s.category_id, 0), -1, -1 * (OLD.decision = 'adopted'), -1 * (OLD.decision = 'partly_adopted'), -1 * (OLD.decision = 'for_reference'), -1 * (OLD.decision = 'not_adopted')
    FROM suggestions s WHERE s.id = OLD.suggestion_id
    ON CONFLICT (day, unit_id, category_id) DO UPDATE SET decided = decided + excluded.decided, adopted = adopted + excluded.adopted, partly_adopted = partly_adopted + excluded.partly_adopted, for_reference = for_reference + excluded.for_reference, not_adopted = not_adopted + excluded.not_adopted;
END;
--> statement-breakpoint
CREATE TRIGGER `analytics_daily_outcomes_insert` AFTER INSERT ON outcomes
BEGIN
  INSERT INTO analytics_daily (day, unit_id, category_id, converted)
    SELECT ((NEW.created_at) + 28800000) / 86400000, s.unit_id, coalesce(s.category_id, 0), 1
    FROM suggestions s WHERE s.id = NEW.suggestion_id
    ON CONFLICT (day, unit_id, category_id) DO UPDATE SET converted = converted + excluded.converted;
END;
--> statement-breakpoint
CREATE TRIGGER `analytics_daily_outcomes_update` AFTER UPDATE OF suggestion_id, created_at ON outcomes
WHEN OLD.suggestion_id IS NOT NEW.suggestion_id OR OLD.created_at IS NOT NEW.created_at
BEGIN
  INSERT INTO analytics_daily (day, unit_id, category_id, converted)
    SELECT ((OLD.created_at) + 28800000) / 86400000, s.unit_id, coalesce(s.category_id, 0), -1
    FROM suggestions s WHERE s.id = OLD.suggestion_id
    ON CONFLICT (day, unit_id, category_id) DO UPDATE SET converted = converted + excluded.converted;
  INSERT INTO analytics_daily (day, unit_id, category_id, converted)
    SELECT ((NEW.created_at) + 28800000) / 86400000, s.unit_id, coalesce(s.category_id, 0), 1
    FROM suggestions s WHERE s.id = NEW.suggestion_id
    ON CONFLICT (day, unit_id, category_id) DO UPDATE SET converted = converted + excluded.converted;
END;
--> statement-breakpoint
CREATE TRIGGER `analytics_daily_outcomes_delete` AFTER DELETE ON outcomes
BEGIN
  INSERT INTO analytics_daily (day, unit_id, category_id, converted)
    SELECT ((OLD.created_at) + 28800000) / 86400000, s.unit_id, coalesce(s.category_id, 0), -1
    FROM suggestions s WHERE s.id = OLD.suggestion_id
    ON CONFLICT (day, unit_id, category_id) DO UPDATE SET converted = converted + excluded.converted;
END;
--> statement-breakpoint
CREATE TRIGGER `analytics_daily_satisfactions_insert` AFTER INSERT ON satisfactions
BEGIN
  INSERT INTO analytics_daily (day, unit_id, category_id, ratings, rating_sum, satisfied)
    SELECT ((NEW.created_at) + 28800000) / 86400000, s.unit_id, coalesce(s.category_id, 0), 1, 1 * NEW.score, 1 * (NEW.score >= 3)
    FROM suggestions s WHERE s.id = NEW.suggestion_id
    ON CONFLICT (day, unit_id, category_id) DO UPDATE SET ratings = ratings + excluded.ratings, rating_sum = rating_sum + excluded.rating_sum, satisfied = satisfied + excluded.satisfied;
END;
--> statement-breakpoint
CREATE TRIGGER `analytics_daily_satisfactions_update` AFTER UPDATE OF suggestion_id, score, created_at ON satisfactions
WHEN OLD.suggestion_id IS NOT NEW.suggestion_id OR OLD.score IS NOT NEW.score OR OLD.created_at IS NOT NEW.created_at
BEGIN
  INSERT INTO analytics_daily (day, unit_id, category_id, ratings, rating_sum, satisfied)
    SELECT ((OLD.created_at) + 28800000) / 86400000, s.unit_id, coalesce(s.category_id, 0), -1, -1 * OLD.score, -1 * (OLD.score >= 3)
    FROM suggestions s WHERE s.id = OLD.suggestion_id
    ON CONFLICT (day, unit_id, category_id) DO UPDATE SET ratings = ratings + excluded.ratings, rating_sum = rating_sum + excluded.rating_sum, satisfied = satisfied + excluded.satisfied;
  INSERT INTO analytics_daily (day, unit_id, category_id, ratings, rating_sum, satisfied)
    SELECT ((NEW.created_at) + 28800000) / 86400000, s.unit_id, coalesce(s.category_id, 0), 1, 1 * NEW.score, 1 * (NEW.score >= 3)
    FROM suggestions s WHERE s.id = NEW.suggestion_id
    ON CONFLICT (day, unit_id, category_id) DO UPDATE SET ratings = ratings + excluded.ratings, rating_sum = rating_sum + excluded.rating_sum, satisfied = satisfied + excluded.satisfied;
END;
--> statement-breakpoint
CREATE TRIGGER `analytics_daily_satisfactions_delete` AFTER DELETE ON satisfactions
BEGIN
  INSERT INTO analytics_daily (day, unit_id, category_id, ratings, rating_sum, satisfied)
    SELECT ((OLD.created_at) + 28800000) / 86400000, s.unit_id, coalesce(s.category_id, 0), -1, -1 * OLD.score, -1 * (OLD.score >= 3)
    FROM suggestions s WHERE s.id = OLD.suggestion_id
    ON CONFLICT (day, unit_id, category_id) DO UPDATE SET ratings = ratings + excluded.ratings, rating_sum = rating_sum + excluded.rating_sum, satisfied = satisfied + excluded.satisfied;
END;
--> statement-breakpoint
INSERT INTO analytics_daily (day, unit_id, category_id, received)
  SELECT day, unit_id, category_id, count(*)
  FROM (SELECT ((s.submitted_at) + 28800000) / 86400000 AS day, s.unit_id AS unit_id, coalesce(s.category_id, 0) AS category_id FROM suggestions s)
  WHERE 1 GROUP BY day, unit_id, category_id
  ON CONFLICT (day, unit_id, category_id) DO UPDATE SET received = received + excluded.received;
--> statement-breakpoint
INSERT INTO analytics_daily (day, unit_id, category_id, accepted)
  SELECT day, unit_id, category_id, count(*)
  FROM (SELECT ((s.accepted_at) + 28800000) / 86400000 AS day, s.unit_id AS unit_id, coalesce(s.category_id, 0) AS category_id FROM suggestions s WHERE s.accepted_at IS NOT NULL)
  WHERE 1 GROUP BY day, unit_id, category_id
  ON CONFLICT (day, unit_id, category_id) DO UPDATE SET accepted = accepted + excluded.accepted;
--> statement-breakpoint
INSERT INTO analytics_daily (day, unit_id, category_id, answered, answer_days, on_time, with_deadline)
  SELECT day, unit_id, category_id, count(*), sum(days), sum(on_time), sum(with_deadline)
  FROM (SELECT ((s.answered_at) + 28800000) / 86400000 AS day, s.unit_id AS unit_id, coalesce(s.category_id, 0) AS category_id, (s.answered_at - s.submitted_at) / 86400000.0 AS days, (s.handle_due_at IS NOT NULL AND s.answered_at <= s.handle_due_at) AS on_time, (s.handle_due_at IS NOT NULL) AS with_deadline FROM suggestions s WHERE s.answered_at IS NOT NULL)
  WHERE 1 GROUP BY day, unit_id, category_id
  ON CONFLICT (day, unit_id, category_id) DO UPDATE SET answered = answered + excluded.answered, answer_days = answer_days + excluded.answer_days, on_time = on_time + excluded.on_time, with_deadline = with_deadline + excluded.with_deadline;
--> statement-breakpoint
INSERT INTO analytics_daily (day, unit_id, category_id, decided, adopted, partly_adopted, for_reference, not_adopted)
  SELECT day, unit_id, category_id, count(*), sum(decision = 'adopted'), sum(decision = 'partly_adopted'), sum(decision = 'for_reference'), sum(decision = 'not_adopted')
  FROM (SELECT ((d.decided_at) + 28800000) / 86400000 AS day, s.unit_id AS unit_id, coalesce(s.category_id, 0) AS category_id, d.decision AS decision FROM adoption_decisions d JOIN suggestions s ON s.id = d.suggestion_id)
  WHERE 1 GROUP BY day, unit_id, category_id
  ON CONFLICT (day, unit_id, category_id) DO UPDATE SET decided = decided + excluded.decided, adopted = adopted + excluded.adopted, partly_adopted = partly_adopted + excluded.partly_adopted, for_reference = for_reference + excluded.for_reference, not_adopted = not_adopted + excluded.not_adopted;
--> statement-breakpoint
INSERT INTO analytics_daily (day, unit_id, category_id, converted)
  SELECT day, unit_id, category_id, count(*)
  FROM (SELECT ((o.created_at) + 28800000) / 86400000 AS day, s.unit_id AS unit_id, coalesce(s.category_id, 0) AS category_id FROM outcomes o JOIN suggestions s ON s.id = o.suggestion_id)
  WHERE 1 GROUP BY day, unit_id, category_id
  ON CONFLICT (day, unit_id, category_id) DO UPDATE SET converted = converted + excluded.converted;
--> statement-breakpoint
INSERT INTO analytics_daily (day, unit_id, category_id, ratings, rating_sum, satisfied)
  SELECT day, unit_id, category_id, count(*), sum(score), sum(score >= 3)
  FROM (SELECT ((x.created_at) + 28800000) / 86400000 AS day, s.unit_id AS unit_id, coalesce(s.category_id, 0) AS category_id, x.score AS score FROM satisfactions x JOIN suggestions s ON s.id = x.suggestion_id)
  WHERE 1 GROUP BY day, unit_id, category_id
  ON CONFLICT (day, unit_id, category_id) DO UPDATE SET ratings = ratings + excluded.ratings, rating_sum = rating_sum + excluded.rating_sum, satisfied = satisfied + excluded.satisfied;
