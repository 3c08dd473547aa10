// Vocabularies shared by the schema, the workflow and the UI. One list each, `as const`.

export const UNIT_LEVELS = ["national", "province", "city", "county"] as const;
export type UnitLevel = (typeof UNIT_LEVELS)[number];

export const STAFF_ROLES = ["reviewer", "handler", "supervisor", "analyst", "admin"] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export const SUGGESTION_STATUSES = [
  "submitted",
  "not_accepted",
  "accepted",
  "merged",
  "transferred",
  "assigned",
  "returned",
  "in_progress",
  "answered",
  "implementing",
  "completed",
  "withdrawn",
] as const;
export type SuggestionStatus = (typeof SUGGESTION_STATUSES)[number];

export const CHANNELS = ["web", "api", "hotline", "letter", "sms", "open311", "import"] as const;
export type Channel = (typeof CHANNELS)[number];

export const LANGUAGES = ["zh", "en", "mixed"] as const;
export type Language = (typeof LANGUAGES)[number];

export const MODERATION_STATES = ["visible", "hidden"] as const;
export type ModerationState = (typeof MODERATION_STATES)[number];

export const DECISIONS = ["adopted", "partly_adopted", "for_reference", "not_adopted"] as const;
export type Decision = (typeof DECISIONS)[number];

export const OUTCOME_TYPES = ["policy", "measure", "project", "regulation", "research"] as const;
export type OutcomeType = (typeof OUTCOME_TYPES)[number];

export const ASSIGNMENT_ROLES = ["lead", "co"] as const;
export const ASSIGNMENT_STATUSES = ["pending", "accepted", "returned", "done"] as const;
export const EXTENSION_STATUSES = ["pending", "approved", "refused"] as const;
export const REPLY_STATUSES = ["draft", "published"] as const;
export const CLUSTER_LINK_SOURCES = ["auto", "manual"] as const;
export const ACTOR_KINDS = ["citizen", "staff", "system", "api"] as const;
export type ActorKind = (typeof ACTOR_KINDS)[number];

export const NOTIFICATION_CHANNELS = ["in_app", "email", "sms"] as const;
export const NOTIFICATION_STATUSES = ["pending", "sent", "failed"] as const;
