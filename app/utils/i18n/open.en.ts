import type { zhOpen } from "./open.zh";

/** English messages for the open screens: every key of ./open.zh.ts (the type enforces it). */
export const enOpen: Record<keyof typeof zhOpen, string> = {
  "open311.notice":
    "Suggestion received. It will be screened within the acceptance deadline; keep the tracking code and secret to follow it.",

  "import.reason.badJson": "not valid JSON: {detail}",
  "import.reason.badCsv": "malformed CSV: {detail}",
  "import.reason.notObject": "the line is not an object",
  "import.reason.columns": "wrong number of columns: expected {expected}, got {got}",
  "import.reason.missing": "no text (field {field})",
  "import.reason.tooShort": "{field} is too short (at least {min} characters)",
  "import.reason.tooLong": "{field} is too long (at most {max} characters)",
  "import.reason.badTime": "unreadable time: {value}",
  "import.reason.futureTime": "time is in the future: {value}",
  "import.reason.badPhone": "invalid phone number (field {field})",
  "import.reason.badEmail": "invalid e-mail address (field {field})",
  "import.reason.unknownCategory": "unknown category: {value}",
  "import.reason.unknownUnit": "unknown region: {value}",
  "import.reason.failed": "could not be saved: {detail}",
  "import.warn.titleDerived": "no usable title; derived from the text",
  "import.error.noField": "the file has no field {field}; its fields are: {columns}",
  "import.error.noBody":
    "no text field found; name it with the body field option. Fields: {columns}",
  "import.error.noUnit": "unknown region: {unit}",
  "import.error.format": "cannot tell the file format; choose CSV or JSONL",
  "import.error.file": "choose a file to import (UTF-8, at most 20 MB)",
};
