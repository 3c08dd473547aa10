CREATE TABLE `analytics_department_monthly` (
	`month` integer NOT NULL,
	`department_id` integer NOT NULL,
	`assigned` integer DEFAULT 0 NOT NULL,
	`answered` integer DEFAULT 0 NOT NULL,
	`completed` integer DEFAULT 0 NOT NULL,
	`answer_days` real DEFAULT 0 NOT NULL,
	`on_time` integer DEFAULT 0 NOT NULL,
	`decisions` integer DEFAULT 0 NOT NULL,
	`adopted` integer DEFAULT 0 NOT NULL,
	`ratings` integer DEFAULT 0 NOT NULL,
	`satisfied` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`month`, `department_id`)
);

--> statement-breakpoint
-- Department scorecard rollup: triggers keep analytics_department_monthly exact (see db/schema/analytics.ts).
CREATE TRIGGER `analytics_dept_assignments_insert` AFTER INSERT ON assignments
BEGIN
  INSERT INTO analytics_department_monthly (month, department_id, assigned, answered, completed, answer_days, on_time)
    SELECT CAST(strftime('%Y%m', ((NEW.assigned_at) + 28800000) / 1000, 'unixepoch') AS INTEGER), NEW.department_id, 1, 1 * (s.answered_at IS NOT NULL), 1 * (s.answered_at IS NOT NULL AND s.status = 'completed'), 1 * (CASE WHEN s.answered_at IS NOT NULL THEN (s.answered_at - NEW.assigned_at) / 86400000.0 ELSE 0 END), 1 * (s.answered_at IS NOT NULL AND s.answered_at <= coalesce(s.handle_due_at, NEW.due_at))
    FROM suggestions s WHERE s.id = NEW.suggestion_id AND NEW.role = 'lead' AND NEW.status <> 'returned'
    ON CONFLICT (month, department_id) DO UPDATE SET assigned = assigned + excluded.assigned, answered = answered + excluded.answered, completed = completed + excluded.completed, answer_days = answer_days + excluded.answer_days, on_time = on_time + excluded.on_time;
  INSERT INTO analytics_department_monthly (month, department_id, decisions, adopted)
    SELECT CAST(strftime('%Y%m', ((NEW.assigned_at) + 28800000) / 1000, 'unixepoch') AS INTEGER), NEW.department_id, 1 * (d.published_at IS NOT NULL), 1 * (d.published_at IS NOT NULL AND d.decision IN ('adopted','partly_adopted'))
    FROM adoption_decisions d WHERE d.suggestion_id = NEW.suggestion_id AND NEW.role = 'lead' AND NEW.status <> 'returned'
    ON CONFLICT (month, department_id) DO UPDATE SET decisions = decisions + excluded.decisions, adopted = adopted + excluded.adopted;
  INSERT INTO analytics_department_monthly (month, department_id, ratings, satisfied)
    SELECT CAST(strftime('%Y%m', ((NEW.assigned_at) + 28800000) / 1000, 'unixepoch') AS INTEGER), NEW.department_id, 1, 1 * (r.score >= 3)
    FROM satisfactions r WHERE r.suggestion_id = NEW.suggestion_id AND NEW.role = 'lead' AND NEW.status <> 'returned'
    ON CONFLICT (month, department_id) DO UPDATE SET ratings = ratings + excluded.ratings, satisfied = satisfied + excluded.satisfied;
END;
--> statement-breakpoint
CREATE TRIGGER `analytics_dept_assignments_update` AFTER UPDATE OF suggestion_id, department_id, role, status, assigned_at, due_at ON assignments
WHEN OLD.suggestion_id IS NOT NEW.suggestion_id OR OLD.department_id IS NOT NEW.department_id OR OLD.role IS NOT NEW.role OR OLD.status IS NOT NEW.status OR OLD.assigned_at IS NOT NEW.assigned_at OR OLD.due_at IS NOT NEW.due_at
BEGIN
  INSERT INTO analytics_department_monthly (month, department_id, assigned, answered, completed, answer_days, on_time)
    SELECT CAST(strftime('%Y%m', ((OLD.assigned_at) + 28800000) / 1000, 'unixepoch') AS INTEGER), OLD.department_id, -1, -1 * (s.answered_at IS NOT NULL), -1 * (s.answered_at IS NOT NULL AND s.status = 'completed'), -1 * (CASE WHEN s.answered_at IS NOT NULL THEN (s.answered_at - OLD.assigned_at) / 86400000.0 ELSE 0 END), -1 * (s.answered_at IS NOT NULL AND s.answered_at <= coalesce(s.handle_due_at, OLD.due_at))
    FROM suggestions s WHERE s.id = OLD.suggestion_id AND OLD.role = 'lead' AND OLD.status <> 'returned'
    ON CONFLICT (month, department_id) DO UPDATE SET assigned = assigned + excluded.assigned, answered = answered + excluded.answered, completed = completed + excluded.completed, answer_days = answer_days + excluded.answer_days, on_time = on_time + excluded.on_time;
  INSERT INTO analytics_department_monthly (month, department_id, decisions, adopted)
    SELECT CAST(strftime('%Y%m', ((OLD.assigned_at) + 28800000) / 1000, 'unixepoch') AS INTEGER), OLD.department_id, -1 * (d.published_at IS NOT NULL), -1 * (d.published_at IS NOT NULL AND d.decision IN ('adopted','partly_adopted'))
    FROM adoption_decisions d WHERE d.suggestion_id = OLD.suggestion_id AND OLD.role = 'lead' AND OLD.status <> 'returned'
    ON CONFLICT (month, department_id) DO UPDATE SET decisions = decisions + excluded.decisions, adopted = adopted + excluded.adopted;
  INSERT INTO analytics_department_monthly (month, department_id, ratings, satisfied)
    SELECT CAST(strftime('%Y%m', ((OLD.assigned_at) + 28800000) / 1000, 'unixepoch') AS INTEGER), OLD.department_id, -1, -1 * (r.score >= 3)
    FROM satisfactions r WHERE r.suggestion_id = OLD.suggestion_id AND OLD.role = 'lead' AND OLD.status <> 'returned'
    ON CONFLICT (month, department_id) DO UPDATE SET ratings = ratings + excluded.ratings, satisfied = satisfied + excluded.satisfied;
  INSERT INTO analytics_department_monthly (month, department_id, assigned, answered, completed, answer_days, on_time)
    SELECT CAST(strftime('%Y%m', ((NEW.assigned_at) + 28800000) / 1000, 'unixepoch') AS INTEGER), NEW.department_id, 1, 1 * (s.answered_at IS NOT NULL), 1 * (s.answered_at IS NOT NULL AND s.status = 'completed'), 1 * (CASE WHEN s.answered_at IS NOT NULL THEN (s.answered_at - NEW.assigned_at) / 86400000.0 ELSE 0 END), 1 * (s.answered_at IS NOT NULL AND s.answered_at <= coalesce(s.handle_due_at, NEW.due_at))
    FROM suggestions s WHERE s.id = NEW.suggestion_id AND NEW.role = 'lead' AND NEW.status <> 'returned'
    ON CONFLICT (month, department_id) DO UPDATE SET assigned = assigned + excluded.assigned, answered = answered + excluded.answered, completed = completed + excluded.completed, answer_days = answer_days + excluded.answer_days, on_time = on_time + excluded.on_time;
  INSERT INTO analytics_department_monthly (month, department_id, decisions, adopted)
    SELECT CAST(strftime('%Y%m', ((NEW.assigned_at) + 28800000) / 1000, 'unixepoch') AS INTEGER), NEW.department_id, 1 * (d.published_at IS NOT NULL), 1 * (d.published_at IS NOT NULL AND d.decision IN ('adopted','partly_adopted'))
    FROM adoption_decisions d WHERE d.suggestion_id = NEW.suggestion_id AND NEW.role = 'lead' AND NEW.status <> 'returned'
    ON CONFLICT (month, department_id) DO UPDATE SET decisions = decisions + excluded.decisions, adopted = adopted + excluded.adopted;
  INSERT INTO analytics_department_monthly (month, department_id, ratings, satisfied)
    SELECT CAST(strftime('%Y%m', ((NEW.assigned_at) + 28800000) / 1000, 'unixepoch') AS INTEGER), NEW.department_id, 1, 1 * (r.score >= 3)
    FROM satisfactions r WHERE r.suggestion_id = NEW.suggestion_id AND NEW.role = 'lead' AND NEW.status <> 'returned'
    ON CONFLICT (month, department_id) DO UPDATE SET ratings = ratings + excluded.ratings, satisfied = satisfied + excluded.satisfied;
END;
--> statement-breakpoint
CREATE TRIGGER `analytics_dept_assignments_delete` AFTER DELETE ON assignments
BEGIN
  INSERT INTO analytics_department_monthly (month, department_id, assigned, answered, completed, answer_days, on_time)
    SELECT CAST(strftime('%Y%m', ((OLD.assigned_at) + 28800000) / 1000, 'unixepoch') AS INTEGER), OLD.department_id, -1, -1 * (s.answered_at IS NOT NULL), -1 * (s.answered_at IS NOT NULL AND s.status = 'completed'), -1 * (CASE WHEN s.answered_at IS NOT NULL THEN (s.answered_at - OLD.assigned_at) / 86400000.0 ELSE 0 END), -1 * (s.answered_at IS NOT NULL AND s.answered_at <= coalesce(s.handle_due_at, OLD.due_at))
    FROM suggestions s WHERE s.id = OLD.suggestion_id AND OLD.role = 'lead' AND OLD.status <> 'returned'
    ON CONFLICT (month, department_id) DO UPDATE SET assigned = assigned + excluded.assigned, answered = answered + excluded.answered, completed = completed + excluded.completed, answer_days = answer_days + excluded.answer_days, on_time = on_time + excluded.on_time;
  INSERT INTO analytics_department_monthly (month, department_id, decisions, adopted)
    SELECT CAST(strftime('%Y%m', ((OLD.assigned_at) + 28800000) / 1000, 'unixepoch') AS INTEGER), OLD.department_id, -1 * (d.published_at IS NOT NULL), -1 * (d.published_at IS NOT NULL AND d.decision IN ('adopted','partly_adopted'))
    FROM adoption_decisions d WHERE d.suggestion_id = OLD.suggestion_id AND OLD.role = 'lead' AND OLD.status <> 'returned'
    ON CONFLICT (month, department_id) DO UPDATE SET decisions = decisions + excluded.decisions, adopted = adopted + excluded.adopted;
  INSERT INTO analytics_department_monthly (month, department_id, ratings, satisfied)
    SELECT CAST(strftime('%Y%m', ((OLD.assigned_at) + 28800000) / 1000, 'unixepoch') AS INTEGER), OLD.department_id, -1, -1 * (r.score >= 3)
    FROM satisfactions r WHERE r.suggestion_id = OLD.suggestion_id AND OLD.role = 'lead' AND OLD.status <> 'returned'
    ON CONFLICT (month, department_id) DO UPDATE SET ratings = ratings + excluded.ratings, satisfied = satisfied + excluded.satisfied;
END;
--> statement-breakpoint
CREATE TRIGGER `analytics_dept_suggestions_update` AFTER UPDATE OF answered_at, status, handle_due_at ON suggestions
WHEN OLD.answered_at IS NOT NEW.answered_at OR OLD.status IS NOT NEW.status OR OLD.handle_due_at IS NOT NEW.handle_due_at
BEGIN
  INSERT INTO analytics_department_monthly (month, department_id, assigned, answered, completed, answer_days, on_time)
    SELECT CAST(strftime('%Y%m', ((a.assigned_at) + 28800000) / 1000, 'unixepoch') AS INTEGER), a.department_id, -1, -1 * (OLD.answered_at IS NOT NULL), -1 * (OLD.answered_at IS NOT NULL AND OLD.status = 'completed'), -1 * (CASE WHEN OLD.answered_at IS NOT NULL THEN (OLD.answered_at - a.assigned_at) / 86400000.0 ELSE 0 END), -1 * (OLD.answered_at IS NOT NULL AND OLD.answered_at <= coalesce(OLD.handle_due_at, a.due_at))
    FROM assignments a WHERE a.suggestion_id = NEW.id AND a.role = 'lead' AND a.status <> 'returned'
    ON CONFLICT (month, department_id) DO UPDATE SET assigned = assigned + excluded.assigned, answered = answered + excluded.answered, completed = completed + excluded.completed, answer_days = answer_days + excluded.answer_days, on_time = on_time + excluded.on_time;
  INSERT INTO analytics_department_monthly (month, department_id, assigned, answered, completed, answer_days, on_time)
    SELECT CAST(strftime('%Y%m', ((a.assigned_at) + 28800000) / 1000, 'unixepoch') AS INTEGER), a.department_id, 1, 1 * (NEW.answered_at IS NOT NULL), 1 * (NEW.answered_at IS NOT NULL AND NEW.status = 'completed'), 1 * (CASE WHEN NEW.answered_at IS NOT NULL THEN (NEW.answered_at - a.assigned_at) / 86400000.0 ELSE 0 END), 1 * (NEW.answered_at IS NOT NULL AND NEW.answered_at <= coalesce(NEW.handle_due_at, a.due_at))
    FROM assignments a WHERE a.suggestion_id = NEW.id AND a.role = 'lead' AND a.status <> 'returned'
    ON CONFLICT (month, department_id) DO UPDATE SET assigned = assigned + excluded.assigned, answered = answered + excluded.answered, completed = completed + excluded.completed, answer_days = answer_days + excluded.answer_days, on_time = on_time + excluded.on_time;
END;
--> statement-breakpoint
CREATE TRIGGER `analytics_dept_decisions_insert` AFTER INSERT ON adoption_decisions
BEGIN
  INSERT INTO analytics_department_monthly (month, department_id, decisions, adopted)
    SELECT CAST(strftime('%Y%m', ((a.assigned_at) + 28800000) / 1000, 'unixepoch') AS INTEGER), a.department_id, 1 * (NEW.published_at IS NOT NULL), 1 * (NEW.published_at IS NOT NULL AND NEW.decision IN ('adopted','partly_adopted'))
    FROM assignments a WHERE a.suggestion_id = NEW.suggestion_id AND a.role = 'lead' AND a.status <> 'returned'
    ON CONFLICT (month, department_id) DO UPDATE SET decisions = decisions + excluded.decisions, adopted = adopted + excluded.adopted;
END;
--> statement-breakpoint
CREATE TRIGGER `analytics_dept_decisions_update` AFTER UPDATE OF suggestion_id, decision, published_at ON adoption_decisions
WHEN OLD.suggestion_id IS NOT NEW.suggestion_id OR OLD.decision IS NOT NEW.decision OR OLD.published_at IS NOT NEW.published_at
BEGIN
  INSERT INTO analytics_department_monthly (month, department_id, decisions, adopted)
    SELECT CAST(strftime('%Y%m', ((a.assigned_at) + 28800000) / 1000, 'unixepoch') AS INTEGER), a.department_id, -1 * (OLD.published_at IS NOT NULL), -1 * (OLD.published_at IS NOT NULL AND OLD.decision IN ('adopted','partly_adopted'))
    FROM assignments a WHERE a.suggestion_id = OLD.suggestion_id AND a.role = 'lead' AND a.status <> 'returned'
    ON CONFLICT (month, department_id) DO UPDATE SET decisions = decisions + excluded.decisions, adopted = adopted + excluded.adopted;
  INSERT INTO analytics_department_monthly (month, department_id, decisions, adopted)
    SELECT CAST(strftime('%Y%m', ((a.assigned_at) + 28800000) / 1000, 'unixepoch') AS INTEGER), a.department_id, 1 * (NEW.published_at IS NOT NULL), 1 * (NEW.published_at IS NOT NULL AND NEW.decision IN ('adopted','partly_adopted'))
    FROM assignments a WHERE a.suggestion_id = NEW.suggestion_id AND a.role = 'lead' AND a.status <> 'returned'
    ON CONFLICT (month, department_id) DO UPDATE SET decisions = decisions + excluded.decisions, adopted = adopted + excluded.adopted;
END;
--> statement-breakpoint
CREATE TRIGGER `analytics_dept_decisions_delete` AFTER DELETE ON adoption_decisions
BEGIN
  INSERT INTO analytics_department_monthly (month, department_id, decisions, adopted)
    SELECT CAST(strftime('%Y%m', ((a.assigned_at) + 28800000) / 1000, 'unixepoch') AS INTEGER), a.department_id, -1 * (OLD.published_at IS NOT NULL), -1 * (OLD.published_at IS NOT NULL AND OLD.decision IN ('adopted','partly_adopted'))
    FROM assignments a WHERE a.suggestion_id = OLD.suggestion_id AND a.role = 'lead' AND a.status <> 'returned'
    ON CONFLICT (month, department_id) DO UPDATE SET decisions = decisions + excluded.decisions, adopted = adopted + excluded.adopted;
END;
--> statement-breakpoint
CREATE TRIGGER `analytics_dept_satisfactions_insert` AFTER INSERT ON satisfactions
BEGIN
  INSERT INTO analytics_department_monthly (month, department_id, ratings, satisfied)
    SELECT CAST(strftime('%Y%m', ((a.assigned_at) + 28800000) / 1000, 'unixepoch') AS INTEGER), a.department_id, 1, 1 * (NEW.score >= 3)
    FROM assignments a WHERE a.suggestion_id = NEW.suggestion_id AND a.role = 'lead' AND a.status <> 'returned'
    ON CONFLICT (month, department_id) DO UPDATE SET ratings = ratings + excluded.ratings, satisfied = satisfied + excluded.satisfied;
END;
--> statement-breakpoint
CREATE TRIGGER `analytics_dept_satisfactions_update` AFTER UPDATE OF suggestion_id, score ON satisfactions
WHEN OLD.suggestion_id IS NOT NEW.suggestion_id OR OLD.score IS NOT NEW.score
BEGIN
  INSERT INTO analytics_department_monthly (month, department_id, ratings, satisfied)
    SELECT CAST(strftime('%Y%m', ((a.assigned_at) + 28800000) / 1000, 'unixepoch') AS INTEGER), a.department_id, -1, -1 * (OLD.score >= 3)
    FROM assignments a WHERE a.suggestion_id = OLD.suggestion_id AND a.role = 'lead' AND a.status <> 'returned'
    ON CONFLICT (month, department_id) DO UPDATE SET ratings = ratings + excluded.ratings, satisfied = satisfied + excluded.satisfied;
  INSERT INTO analytics_department_monthly (month, department_id, ratings, satisfied)
    SELECT CAST(strftime('%Y%m', ((a.assigned_at) + 28800000) / 1000, 'unixepoch') AS INTEGER), a.department_id, 1, 1 * (NEW.score >= 3)
    FROM assignments a WHERE a.suggestion_id = NEW.suggestion_id AND a.role = 'lead' AND a.status <> 'returned'
    ON CONFLICT (month, department_id) DO UPDATE SET ratings = ratings + excluded.ratings, satisfied = satisfied + excluded.satisfied;
END;
--> statement-breakpoint
CREATE TRIGGER `analytics_dept_satisfactions_delete` AFTER DELETE ON satisfactions
BEGIN
  INSERT INTO analytics_department_monthly (month, department_id, ratings, satisfied)
    SELECT CAST(strftime('%Y%m', ((a.assigned_at) + 28800000) / 1000, 'unixepoch') AS INTEGER), a.department_id, -1, -1 * (OLD.score >= 3)
    FROM assignments a WHERE a.suggestion_id = OLD.suggestion_id AND a.role = 'lead' AND a.status <> 'returned'
    ON CONFLICT (month, department_id) DO UPDATE SET ratings = ratings + excluded.ratings, satisfied = satisfied + excluded.satisfied;
END;
--> statement-breakpoint
INSERT INTO analytics_department_monthly (month, department_id, assigned, answered, completed, answer_days, on_time)
  SELECT month, department_id, sum(assigned), sum(answered), sum(completed), sum(answer_days), sum(on_time)
  FROM (SELECT CAST(strftime('%Y%m', ((a.assigned_at) + 28800000) / 1000, 'unixepoch') AS INTEGER) AS month, a.department_id AS department_id, 1 AS assigned, 1 * (s.answered_at IS NOT NULL) AS answered, 1 * (s.answered_at IS NOT NULL AND s.status = 'completed') AS completed, 1 * (CASE WHEN s.answered_at IS NOT NULL THEN (s.answered_at - a.assigned_at) / 86400000.0 ELSE 0 END) AS answer_days, 1 * (s.answered_at IS NOT NULL AND s.answered_at <= coalesce(s.handle_due_at, a.due_at)) AS on_time FROM assignments a JOIN suggestions s ON s.id = a.suggestion_id WHERE a.role = 'lead' AND a.status <> 'returned')
  WHERE 1 GROUP BY month, department_id
  ON CONFLICT (month, department_id) DO UPDATE SET assigned = assigned + excluded.assigned, answered = answered + excluded.answered, completed = completed + excluded.completed, answer_days = answer_days + excluded.answer_days, on_time = on_time + excluded.on_time;
--> statement-breakpoint
INSERT INTO analytics_department_monthly (month, department_id, decisions, adopted)
  SELECT month, department_id, sum(decisions), sum(adopted)
  FROM (SELECT CAST(strftime('%Y%m', ((a.assigned_at) + 28800000) / 1000, 'unixepoch') AS INTEGER) AS month, a.department_id AS department_id, 1 * (d.published_at IS NOT NULL) AS decisions, 1 * (d.published_at IS NOT NULL AND d.decision IN ('adopted','partly_adopted')) AS adopted FROM assignments a JOIN adoption_decisions d ON d.suggestion_id = a.suggestion_id WHERE a.role = 'lead' AND a.status <> 'returned')
  WHERE 1 GROUP BY month, department_id
  ON CONFLICT (month, department_id) DO UPDATE SET decisions = decisions + excluded.decisions, adopted = adopted + excluded.adopted;
--> statement-breakpoint
INSERT INTO analytics_department_monthly (month, department_id, ratings, satisfied)
  SELECT month, department_id, sum(ratings), sum(satisfied)
  FROM (SELECT CAST(strftime('%Y%m', ((a.assigned_at) + 28800000) / 1000, 'unixepoch') AS INTEGER) AS month, a.department_id AS department_id, 1 AS ratings, 1 * (r.score >= 3) AS satisfied FROM assignments a JOIN satisfactions r ON r.suggestion_id = a.suggestion_id WHERE a.role = 'lead' AND a.status <> 'returned')
  WHERE 1 GROUP BY month, department_id
  ON CONFLICT (month, department_id) DO UPDATE SET ratings = ratings + excluded.ratings, satisfied = satisfied + excluded.satisfied;
