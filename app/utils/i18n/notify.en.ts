import type { zhNotify } from "./notify.zh";

/** English messages for the notify screens: every key of ./notify.zh.ts (the type enforces it). */
export const enNotify: Record<keyof typeof zhNotify, string> = {};
