import type { zhStaff } from "./staff.zh";

/** English messages for the staff screens: every key of ./staff.zh.ts (the type enforces it). */
export const enStaff: Record<keyof typeof zhStaff, string> = {};
