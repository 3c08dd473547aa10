import type { zhOpen } from "./open.zh";

/** English messages for the open screens: every key of ./open.zh.ts (the type enforces it). */
export const enOpen: Record<keyof typeof zhOpen, string> = {};
