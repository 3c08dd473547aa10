import type { zhOpen } from "./open.zh";

/** English messages for the open screens: every key of ./open.zh.ts (the type enforces it). */
export const enOpen: Record<keyof typeof zhOpen, string> = {
  "open311.notice":
    "Suggestion received. It will be screened within the acceptance deadline; keep the tracking code and secret to follow it.",
};
