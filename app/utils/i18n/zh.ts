import { zhCore } from "./core.zh";
import { zhNotify } from "./notify.zh";
import { zhOpen } from "./open.zh";
import { zhStaff } from "./staff.zh";

/** The zh-CN catalog (source of keys), merged from one file per area so areas can grow apart. */
export const zh = { ...zhCore, ...zhStaff, ...zhOpen, ...zhNotify };
