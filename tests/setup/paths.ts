/** The fixed "now" the template was seeded at. */
export const SEEDED_AT = new Date("2026-06-15T00:00:00Z");

declare module "vitest" {
  export interface ProvidedContext {
    /** Path of this run's migrated and seeded template database. */
    templateDb: string;
  }
}
