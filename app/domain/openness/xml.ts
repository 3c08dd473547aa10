/**
 * XML output for Open311 and the feeds: pure, client-safe. Text is escaped and characters XML
 * 1.0 forbids (control characters, lone surrogates) are dropped, so the output is well-formed
 * whatever a citizen typed.
 */
const INVALID_XML = /[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu;

export function escapeXml(value: unknown): string {
  return String(value ?? "")
    .replace(INVALID_XML, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

export const XML_DECLARATION = '<?xml version="1.0" encoding="utf-8"?>\n';

/** Element names for the items of a list, by the list's name (Open311's XML shapes). */
const ITEM_NAMES: Record<string, string> = {
  services: "service",
  service_requests: "request",
  errors: "error",
  notes: "note",
  milestones: "milestone",
};

const NAME_OK = /^[A-Za-z_][\w.-]*$/;

/** Serializes JSON-like data the way Open311 maps JSON to XML (the Spark convention). */
export function toXml(name: string, value: unknown, indent = ""): string {
  const tag = NAME_OK.test(name) ? name : "item";
  if (value === null || value === undefined) return `${indent}<${tag}/>\n`;
  if (Array.isArray(value)) {
    const item = ITEM_NAMES[tag] ?? "item";
    const inner = value.map((v) => toXml(item, v, `${indent}  `)).join("");
    return `${indent}<${tag}>\n${inner}${indent}</${tag}>\n`;
  }
  if (value instanceof Date) return `${indent}<${tag}>${value.toISOString()}</${tag}>\n`;
  if (typeof value === "object") {
    const inner = Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => toXml(k, v, `${indent}  `))
      .join("");
    return `${indent}<${tag}>\n${inner}${indent}</${tag}>\n`;
  }
  return `${indent}<${tag}>${escapeXml(value)}</${tag}>\n`;
}
