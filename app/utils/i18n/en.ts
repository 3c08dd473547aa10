import { enCore } from "./core.en";
import { enNotify } from "./notify.en";
import { enOpen } from "./open.en";
import { enStaff } from "./staff.en";
import type { zh } from "./zh";

/** The English catalog: must have every key of the zh-CN catalog (the type enforces it). */
export const en: Record<keyof typeof zh, string> = {
  ...enCore,
  ...enStaff,
  ...enOpen,
  ...enNotify,
};
