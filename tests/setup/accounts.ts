/** The demo accounts (scripts/seed/orgs.ts) the permission tests run every check as. */
export const ACCOUNTS = [
  "admin",
  "reviewer",
  "reviewer-qs",
  "handler",
  "handler-edu",
  "handler-qs",
  "supervisor",
  "supervisor-prov",
  "analyst",
] as const;
export type Account = (typeof ACCOUNTS)[number];
