import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { API_ACTIONS, ApiAssignmentsQuerySchema } from "../domain/analytics/staff-api.server";
import { StaffCommand } from "../domain/staff/staff.schema";
import { ApiSupportSchema } from "../domain/suggestions/api.schema";
import {
  SatisfactionSchema,
  SubmitSuggestionSchema,
} from "../domain/suggestions/suggestions.schema";
import { apiRoute, json, methodNotAllowed } from "../utils/api.server";

/**
 * GET /api/v1/openapi.json: the OpenAPI 3.1 description of every /api/v1 endpoint, public and
 * staff. Request bodies are generated from the same zod schemas the endpoints validate with,
 * so the description cannot drift from the validation.
 */
type Json = Record<string, unknown>;

function fromZod(schema: z.ZodType): Json {
  const out = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as Json;
  delete out.$schema;
  return out;
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const jsonBody = (schema: Json, description?: string) => ({
  required: true,
  ...(description ? { description } : {}),
  content: { "application/json": { schema } },
});
const ok = (description: string, schema: Json, headers?: Json) => ({
  description,
  ...(headers ? { headers } : {}),
  content: { "application/json": { schema } },
});
const error = (description: string) => ok(description, ref("Error"));

const E400 = { "400": error("Invalid input: `{error, message, fieldErrors}`.") };
const E401Staff = {
  "401": error("Missing, unknown or revoked API key (`missing_api_key`, `invalid_api_key`)."),
};
const E403 = { "403": error("The key's account may not do this here (role or unit subtree).") };
const E404 = { "404": error("Unknown, or not visible to the caller.") };
const E409 = {
  "409": error(
    "Stale `version` (someone else changed the item) or a state that does not allow it.",
  ),
};
const E429 = { "429": error("Rate limited; see `Retry-After`.") };
/** Every POST reads its body through `readJson`, which refuses more than 64 KB. */
const E413 = { "413": error("The body is larger than 64 KB (`payload_too_large`).") };

const idempotencyHeader = {
  name: "Idempotency-Key",
  in: "header",
  required: false,
  description:
    "Makes a retried POST safe: the same key and body return the first answer (`Idempotent-Replayed: true`); the same key with another body is a 422.",
  schema: { type: "string", pattern: "^[\\x21-\\x7e]{1,100}$" },
};
const code = {
  name: "code",
  in: "path",
  required: true,
  description: "Tracking code, e.g. JY-2026-000123.",
  schema: { type: "string", pattern: "^JY-\\d{4}-\\d{6}$" },
};
const idParam = (name: string, description: string) => ({
  name,
  in: "path",
  required: true,
  description,
  schema: { type: "integer", minimum: 1 },
});
const query = (name: string, schema: Json, description: string) => ({
  name,
  in: "query",
  required: false,
  description,
  schema,
});
const listFilters = [
  query("q", { type: "string", maxLength: 200 }, "Full-text query (Chinese and English)."),
  query("category", { type: "integer" }, "Category id (includes its subcategories)."),
  query("region", { type: "integer" }, "Region (org unit) id, with its subtree."),
  query(
    "status",
    {
      type: "string",
      enum: [
        "accepted",
        "assigned",
        "returned",
        "in_progress",
        "answered",
        "implementing",
        "completed",
        "merged",
      ],
    },
    "Public status.",
  ),
  query(
    "decision",
    { type: "string", enum: ["adopted", "partly_adopted", "for_reference", "not_adopted"] },
    "Adoption decision.",
  ),
  query("period", { type: "string", enum: ["7d", "30d", "90d", "365d", "all"] }, "Submitted in."),
  query("sort", { type: "string", enum: ["newest", "supported", "answered"] }, "Order."),
  query("page", { type: "integer", minimum: 1, maximum: 10000 }, "Page (20 per page)."),
];

/** A staff command's body without `intent` and the other fields the endpoint's path sets. */
function commandBody(intent: string, fromPath: string[] = []): Json {
  const all = fromZod(StaffCommand) as { oneOf: Json[] };
  const variant = all.oneOf.find(
    (v) => ((v.properties as Json)?.intent as Json | undefined)?.const === intent,
  ) as { properties: Json; required?: string[] } | undefined;
  if (!variant) throw new Error(`No staff command ${intent}`);
  const omit = new Set(["intent", ...fromPath]);
  return {
    type: "object",
    properties: Object.fromEntries(
      Object.entries(variant.properties).filter(([name]) => !omit.has(name)),
    ),
    required: (variant.required ?? []).filter((r) => !omit.has(r)),
  };
}

const suggestionIdParam = idParam("suggestionId", "Suggestion id.");

/** A staff read: API key, with 401 / 403 / 404 unless `errors` says otherwise. */
function staffGet(
  operationId: string,
  summary: string,
  parameters: Json[],
  response: Json,
  errors: Json = { ...E401Staff, ...E403, ...E404 },
): Json {
  return {
    get: {
      tags: ["staff"],
      operationId,
      summary,
      security: [{ apiKey: [] }],
      parameters,
      responses: { "200": response, ...errors },
    },
  };
}

/** A staff command: API key, a JSON body, the command result, and every refusal a command has. */
function staffCommand(
  operationId: string,
  summary: string,
  parameters: Json[],
  body: Json,
  bodyDescription?: string,
): Json {
  return {
    post: {
      tags: ["staff"],
      operationId,
      summary,
      security: [{ apiKey: [] }],
      parameters,
      requestBody: jsonBody(body, bodyDescription),
      responses: {
        "200": ok("Done; the suggestion's new version and status.", ref("CommandResult")),
        ...E400,
        ...E401Staff,
        ...E403,
        ...E404,
        ...E409,
        ...E413,
      },
    },
  };
}

const ACTION_DOCS: Record<keyof typeof API_ACTIONS, string> = {
  "accept-assignment": "The lead department signs for the assignment (assigned → in_progress).",
  "return-assignment": "The lead department returns the assignment with a reason (→ returned).",
  "reply-draft": "Saves a draft reply (internal, never public).",
  reply:
    "Publishes the reply with the adoption decision (adopted, partly_adopted, for_reference, not_adopted with a reason) → answered.",
  complete: "Completes the item (办结) when it may be completed.",
  outcome:
    "Records the conversion outcome (policy, measure, project, regulation, research) of an adopted item.",
  milestones: "Adds a milestone to the outcome.",
  extension: "Asks a supervisor for one extension of the handling deadline.",
};

function buildDocument(origin: string): Json {
  const staffActions: Json = {};
  for (const [name, intent] of Object.entries(API_ACTIONS)) {
    staffActions[`/api/v1/staff/suggestions/{suggestionId}/${name}`] = staffCommand(
      `staff_${intent}`,
      ACTION_DOCS[name as keyof typeof API_ACTIONS],
      [suggestionIdParam],
      commandBody(intent),
      "Send the suggestion's current `version` (from the assignment list or the suggestion).",
    );
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Minyi (民意) API",
      version: "1.0.0",
      description:
        "Public suggestions: submit, track, search, similar suggestions, supports (附议), satisfaction and statistics. Staff clients (bearer API keys created by an administrator, acting as one staff account with its roles and unit subtree) list their assignments and act on them through the same commands and permission checks as the console. Errors are JSON `{error, message?, fieldErrors?}`. Dates are ISO 8601 (UTC). Also available: open data at /open-data and an Open311 GeoReport v2 facade at /open311/v2.",
    },
    servers: [{ url: origin }],
    tags: [
      { name: "public", description: "No authentication; CORS open for reads." },
      { name: "staff", description: "Bearer API key: `Authorization: Bearer mny_…`." },
    ],
    paths: {
      "/api/v1/stats": {
        get: {
          tags: ["public"],
          operationId: "getStats",
          summary: "Live public figures (as on the home page).",
          responses: { "200": ok("Figures.", ref("Stats")) },
        },
      },
      "/api/v1/similar": {
        get: {
          tags: ["public"],
          operationId: "findSimilar",
          summary: "Public suggestions most similar to a draft.",
          parameters: [
            {
              ...query("text", { type: "string", minLength: 2, maxLength: 5000 }, "Draft text."),
              required: true,
            },
            query("title", { type: "string", maxLength: 100 }, "Draft title."),
            query("k", { type: "integer", minimum: 1, maximum: 20, default: 5 }, "How many."),
          ],
          responses: {
            "200": ok("Matches with score and verdict.", {
              type: "object",
              properties: { matches: { type: "array", items: ref("SimilarMatch") } },
              required: ["matches"],
            }),
            ...E400,
          },
        },
      },
      "/api/v1/search": {
        get: {
          tags: ["public"],
          operationId: "searchSuggestions",
          summary: "Full-text search over public suggestions with the list's filters.",
          parameters: listFilters,
          responses: { "200": ok("One page of results.", ref("SearchResult")), ...E400 },
        },
      },
      "/api/v1/suggestions": {
        get: {
          tags: ["public"],
          operationId: "listSuggestions",
          summary: "Public suggestions (same filters as /api/v1/search).",
          parameters: listFilters,
          responses: { "200": ok("One page of results.", ref("SearchResult")), ...E400 },
        },
        post: {
          tags: ["public"],
          operationId: "submitSuggestion",
          summary: "Submit a suggestion; returns its tracking code and secret (shown once).",
          parameters: [idempotencyHeader],
          requestBody: jsonBody(fromZod(SubmitSuggestionSchema)),
          responses: {
            "201": ok("Created.", ref("SubmitResult")),
            ...E400,
            ...E413,
            "415": error("The body must be application/json."),
            "422": error("Idempotency-Key reused with another body."),
            ...E429,
          },
        },
      },
      "/api/v1/suggestions/{code}": {
        get: {
          tags: ["public"],
          operationId: "getSuggestion",
          summary:
            "One suggestion: the public view, or the private one with the X-Tracking-Secret header.",
          parameters: [
            code,
            {
              name: "X-Tracking-Secret",
              in: "header",
              required: false,
              description: "The secret given at submission; a wrong one is a 404.",
              schema: { type: "string", maxLength: 64 },
            },
          ],
          responses: { "200": ok("The suggestion.", ref("SuggestionView")), ...E400, ...E404 },
        },
      },
      "/api/v1/suggestions/{code}/supports": {
        post: {
          tags: ["public"],
          operationId: "supportSuggestion",
          summary: "附议: support a public suggestion, once per contact or device id.",
          parameters: [code, idempotencyHeader],
          requestBody: jsonBody(fromZod(ApiSupportSchema)),
          responses: {
            "201": ok("Counted.", ref("SupportResult")),
            "200": ok("This supporter had already supported it.", ref("SupportResult")),
            ...E400,
            ...E404,
            ...E413,
            ...E429,
          },
        },
      },
      "/api/v1/suggestions/{code}/satisfaction": {
        post: {
          tags: ["public"],
          operationId: "rateSatisfaction",
          summary:
            "Rate the handling 1–5 (with the X-Tracking-Secret header); 2 or less with rehandle=true reopens it once.",
          parameters: [
            code,
            idempotencyHeader,
            {
              name: "X-Tracking-Secret",
              in: "header",
              required: true,
              schema: { type: "string", maxLength: 64 },
            },
          ],
          requestBody: jsonBody(fromZod(SatisfactionSchema)),
          responses: {
            "201": ok("Rated.", {
              type: "object",
              properties: {
                trackingCode: { type: "string" },
                score: { type: "integer" },
                rehandling: { type: "boolean" },
              },
            }),
            ...E400,
            "401": error("X-Tracking-Secret missing."),
            ...E404,
            "409": error("Not answered yet, or already rated."),
            ...E413,
            ...E429,
          },
        },
      },
      "/api/v1/staff/assignments": staffGet(
        "listAssignments",
        "The client's assignments, most urgent first: a handler's department's, or all in a reviewer's, supervisor's, analyst's or admin's subtree.",
        [
          query("page", { type: "integer", minimum: 1, default: 1 }, "Page."),
          query(
            "pageSize",
            { type: "integer", minimum: 1, maximum: 100, default: 20 },
            "Items per page.",
          ),
          query(
            "status",
            { type: "string", enum: ["pending", "accepted", "returned", "done"] },
            "Assignment status.",
          ),
          query("role", { type: "string", enum: ["lead", "co"] }, "Lead or co-handling."),
          query(
            "unit",
            { type: "integer" },
            "Only suggestions held under this unit (403 outside the client's scope).",
          ),
        ],
        ok("One page.", ref("AssignmentPage"), {
          Link: {
            description: "first, last, prev and next pages (RFC 8288).",
            schema: { type: "string" },
          },
          "X-Total-Count": { schema: { type: "integer" } },
        }),
        { ...E400, ...E401Staff, ...E403 },
      ),
      "/api/v1/staff/assignments/{assignmentId}": staffGet(
        "getAssignment",
        "One assignment.",
        [idParam("assignmentId", "Assignment id.")],
        ok("The assignment.", ref("Assignment")),
      ),
      "/api/v1/staff/suggestions/{suggestionId}": staffGet(
        "getStaffSuggestion",
        "One suggestion as staff see it, with its version, assignments, replies, decision and outcome.",
        [suggestionIdParam],
        ok("The suggestion.", { type: "object" }),
      ),
      ...staffActions,
      "/api/v1/staff/suggestions/{suggestionId}/milestones/{milestoneId}": staffCommand(
        "staff_updateMilestone",
        "Updates a milestone's progress, evidence link and done flag.",
        [suggestionIdParam, idParam("milestoneId", "Milestone id.")],
        commandBody("updateMilestone", ["milestoneId"]),
      ),
      "/api/v1/staff/suggestions/{suggestionId}/actions": staffCommand(
        "staff_command",
        "Any staff command by `intent` (accept, notAccept, transfer, setCategory, moderate, merge, split, rate, note, assign, acceptAssignment, returnAssignment, saveReply, publishReply, complete, recordOutcome, addMilestone, updateMilestone, requestExtension, decideExtension, superviseNotice), with the same permission checks as the console. JSON booleans are accepted for check-box fields.",
        [suggestionIdParam],
        fromZod(StaffCommand),
      ),
    },
    components: {
      securitySchemes: {
        apiKey: {
          type: "http",
          scheme: "bearer",
          description:
            "An API key created by an administrator (shown once; only its SHA-256 is stored). The client acts as one staff account.",
        },
      },
      schemas: {
        Error: {
          type: "object",
          properties: {
            error: { type: "string", description: "Machine-readable code." },
            message: { type: "string" },
            fieldErrors: {
              type: "object",
              additionalProperties: { type: "array", items: { type: "string" } },
            },
          },
          required: ["error"],
        },
        Stats: {
          type: "object",
          properties: {
            received: { type: "integer" },
            answered: { type: "integer" },
            adopted: { type: "integer" },
            converted: { type: "integer" },
            avgHandlingDays: { type: ["number", "null"] },
            satisfactionRate: { type: ["number", "null"] },
            satisfactionCount: { type: "integer" },
          },
        },
        Named: {
          type: "object",
          properties: { name: { type: "string" }, nameEn: { type: ["string", "null"] } },
        },
        ListItem: {
          type: "object",
          properties: {
            trackingCode: { type: "string" },
            title: { type: "string" },
            excerpt: { type: "string" },
            status: { type: "string" },
            decision: { type: ["string", "null"] },
            supportsCount: { type: "integer" },
            submittedAt: { type: "string", format: "date-time" },
            answeredAt: { type: ["string", "null"], format: "date-time" },
            unit: ref("Named"),
            category: { anyOf: [ref("Named"), { type: "null" }] },
            url: { type: "string" },
          },
        },
        SearchResult: {
          type: "object",
          properties: {
            total: { type: "integer" },
            page: { type: "integer" },
            pageSize: { type: "integer" },
            pages: { type: "integer" },
            results: { type: "array", items: ref("ListItem") },
          },
        },
        SimilarMatch: {
          type: "object",
          properties: {
            trackingCode: { type: "string" },
            title: { type: "string" },
            score: { type: "number" },
            verdict: { type: "string", enum: ["duplicate", "related"] },
            status: { type: "string" },
            decision: { type: ["string", "null"] },
          },
          additionalProperties: true,
        },
        SubmitResult: {
          type: "object",
          properties: {
            trackingCode: { type: "string" },
            secret: { type: "string", description: "Shown once; needed for the private view." },
            status: { type: "string" },
            similar: { type: "array", items: ref("SimilarMatch") },
            trackUrl: { type: "string" },
          },
          required: ["trackingCode", "secret", "status", "similar"],
        },
        SuggestionView: {
          type: "object",
          description:
            "Redacted public view (`view: public`), or with the right secret the private one (`view: private`, plus deadline and rating options).",
          properties: {
            trackingCode: { type: "string" },
            view: { type: "string", enum: ["public", "private"] },
            title: { type: "string" },
            body: { type: "string" },
            status: { type: "string" },
            decision: { type: ["object", "null"] },
            reply: { type: ["object", "null"] },
            outcome: { type: ["object", "null"] },
            timeline: { type: "array", items: { type: "object" } },
          },
          additionalProperties: true,
        },
        SupportResult: {
          type: "object",
          properties: {
            trackingCode: { type: "string" },
            supportsCount: { type: "integer" },
            alreadySupported: { type: "boolean" },
          },
        },
        Assignment: {
          type: "object",
          properties: {
            id: { type: "integer" },
            role: { type: "string", enum: ["lead", "co"] },
            status: { type: "string", enum: ["pending", "accepted", "returned", "done"] },
            instructions: { type: ["string", "null"] },
            assignedAt: { type: "string", format: "date-time" },
            dueAt: { type: "string", format: "date-time" },
            respondedAt: { type: ["string", "null"], format: "date-time" },
            department: {
              type: "object",
              properties: {
                id: { type: "integer" },
                code: { type: "string" },
                name: { type: "string" },
                nameEn: { type: "string" },
              },
            },
            suggestion: {
              type: "object",
              properties: {
                id: { type: "integer" },
                trackingCode: { type: "string" },
                title: { type: "string" },
                status: { type: "string" },
                decision: { type: ["string", "null"] },
                version: {
                  type: "integer",
                  description: "Send it back with every action (optimistic concurrency).",
                },
                submittedAt: { type: "string", format: "date-time" },
                handleDueAt: { type: ["string", "null"], format: "date-time" },
                unit: { type: "object" },
                category: { type: ["object", "null"] },
              },
            },
          },
        },
        AssignmentPage: {
          type: "object",
          properties: {
            items: { type: "array", items: ref("Assignment") },
            page: { type: "integer" },
            pageSize: { type: "integer" },
            total: { type: "integer" },
            pages: { type: "integer" },
          },
          required: ["items", "page", "pageSize", "total", "pages"],
        },
        AssignmentQuery: fromZod(ApiAssignmentsQuerySchema),
        CommandResult: {
          type: "object",
          properties: {
            suggestionId: { type: "integer" },
            intent: { type: "string" },
            version: { type: "integer" },
            status: { type: "string" },
          },
          required: ["suggestionId", "intent", "version", "status"],
        },
      },
    },
  };
}

let cached: { origin: string; doc: Json } | undefined;

export const loader = /* @__PURE__ */ apiRoute(async ({ request }: LoaderFunctionArgs) => {
  const origin = new URL(request.url).origin;
  if (cached?.origin !== origin) cached = { origin, doc: buildDocument(origin) };
  return json(cached.doc, 200, { "Access-Control-Allow-Origin": "*" });
});

/** Read-only: other methods get a 405 that names the allowed ones. */
export const action = async () => methodNotAllowed("GET, HEAD");
