import { index, integer, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { users } from "./auth";
import { CLUSTER_LINK_SOURCES } from "./enums";
import { suggestions } from "./suggestions";

/** A topic: suggestions about one issue. `labelLocked` keeps a reviewer's rename. */
export const clusters = sqliteTable("clusters", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  label: text("label").notNull(),
  labelLocked: integer("label_locked", { mode: "boolean" }).notNull().default(false),
  primarySuggestionId: integer("primary_suggestion_id"),
  size: integer("size").notNull().default(0),
  nlpVersion: text("nlp_version").notNull(),
  createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
});

/**
 * Reviewers' decisions that later clustering runs must respect: a "manual" link pins a
 * suggestion to a cluster; a "split" row forbids it from joining that cluster again.
 */
export const clusterConstraints = sqliteTable(
  "cluster_constraints",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    suggestionId: integer("suggestion_id")
      .notNull()
      .references(() => suggestions.id),
    clusterId: integer("cluster_id")
      .notNull()
      .references(() => clusters.id),
    kind: text("kind", { enum: ["pin", "split"] }).notNull(),
    source: text("source", { enum: CLUSTER_LINK_SOURCES }).notNull().default("manual"),
    createdBy: integer("created_by").references(() => users.id),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [uniqueIndex("cluster_constraints_unique").on(t.suggestionId, t.clusterId, t.kind)],
);

/** Similarity hints stored at intake (likely duplicates with their score and version). */
export const similarityLinks = sqliteTable(
  "similarity_links",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    suggestionId: integer("suggestion_id")
      .notNull()
      .references(() => suggestions.id),
    otherId: integer("other_id")
      .notNull()
      .references(() => suggestions.id),
    score: real("score").notNull(),
    verdict: text("verdict", { enum: ["duplicate", "related"] }).notNull(),
    nlpVersion: text("nlp_version").notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("similarity_links_suggestion_idx").on(t.suggestionId)],
);

/** Persisted NLP models (the category classifier), newest row wins. */
export const nlpModels = sqliteTable("nlp_models", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  kind: text("kind").notNull(),
  nlpVersion: text("nlp_version").notNull(),
  trainedOn: integer("trained_on").notNull(),
  data: text("data").notNull(),
  createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
});
