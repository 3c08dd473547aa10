export const TEMPLATE_DB = ".cache/test-template.sqlite";
/** The fixed "now" the template was seeded at. */
export const SEEDED_AT = new Date("2026-06-15T00:00:00Z");
