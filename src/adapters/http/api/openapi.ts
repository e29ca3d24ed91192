import { FOLLOWUP_SCHEMA, followupsOpenApi } from "./followup-routes.js";
import { API_SCHEMAS } from "./openapi-schemas.js";

/** OpenAPI 3.1 description of `GET /api/...`; validated by a real validator in the tests. */
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: object, description: string) => ({
  description,
  content: { "application/json": { schema } },
});
const errors = {
  "400": json(ref("Error"), "Malformed query; `error.issues` says what to fix"),
  "401": json(ref("Error"), "Missing or wrong bearer token"),
  "500": json(ref("Error"), "The request failed (`internal_error`); the cause is in the bot's log"),
  "503": json(ref("Error"), "API_TOKEN is not set"),
};
const q = (name: string, schema: object, description: string, required = false) => ({
  name,
  in: "query",
  required,
  description,
  schema,
});
const dateTime = { type: "string", description: "ISO 8601 date or date-time" };
const n = {
  name: "n",
  in: "path",
  required: true,
  description: "Incident number (INC-n)",
  schema: { type: "integer", minimum: 1 },
};
const notFound = {
  "404": json(ref("Error"), "No such incident, or a security incident this token may not see"),
};
const stat = {
  type: "object",
  properties: {
    n: { type: "integer" },
    medianMs: { type: ["number", "null"] },
    p90Ms: { type: ["number", "null"] },
  },
};

const actionabilityRow = {
  type: "object",
  properties: {
    key: { type: "string" },
    actionable: { type: "integer" },
    noise: { type: "integer" },
    rate: { type: "number" },
    meetsTarget: { type: "boolean" },
  },
};
/** Actionable / Noise answers given in the range, per alert name and playbook (target 0.8). */
const actionabilitySchema = {
  type: "object",
  properties: {
    target: { type: "number" },
    answers: { type: "integer" },
    overall: { oneOf: [actionabilityRow, { type: "null" }] },
    byAlert: { type: "array", items: actionabilityRow },
    byPlaybook: { type: "array", items: actionabilityRow },
    needsTuning: { type: "array", items: actionabilityRow },
  },
};

export function openApiDocument(): Record<string, unknown> {
  return {
    openapi: "3.1.0",
    info: {
      title: "imoc REST API",
      version: "1.0.0",
      description:
        "Read-only access to incidents and the IMOC log. `API_TOKEN` sees every incident; `API_TOKEN_RESTRICTED` (optional) sees all but security incidents.",
    },
    servers: [{ url: "/" }],
    security: [{ bearer: [] }],
    paths: {
      "/api/incidents": {
        get: {
          operationId: "listIncidents",
          summary: "List incidents (paginated), newest last",
          parameters: [
            q(
              "status",
              { type: "string", enum: ["declared", "acknowledged", "mitigated", "resolved"] },
              "Filter by status",
            ),
            q("severity", { type: "string", enum: ["sev1", "sev2", "sev3"] }, "Filter by severity"),
            q("from", dateTime, "Declared at or after"),
            q("to", dateTime, "Declared before"),
            q("limit", { type: "integer", minimum: 1, maximum: 200, default: 50 }, "Page size"),
            q("offset", { type: "integer", minimum: 0, default: 0 }, "Items to skip"),
          ],
          responses: {
            "200": json(
              {
                type: "object",
                required: ["items", "total", "limit", "offset"],
                properties: {
                  items: { type: "array", items: ref("Incident") },
                  total: { type: "integer" },
                  limit: { type: "integer" },
                  offset: { type: "integer" },
                  nextOffset: { type: ["integer", "null"] },
                },
              },
              "A page of incidents",
            ),
            ...errors,
          },
        },
      },
      "/api/incidents/{n}": {
        get: {
          operationId: "getIncident",
          summary: "One incident",
          parameters: [n],
          responses: { "200": json(ref("Incident"), "The incident"), ...errors, ...notFound },
        },
      },
      "/api/incidents/{n}/timeline": {
        get: {
          operationId: "getTimeline",
          summary: "The incident's IMOC log, or its post-incident review",
          parameters: [
            n,
            q(
              "format",
              { type: "string", enum: ["events", "json", "md"], default: "events" },
              "events: the chained log; json/md: the review",
            ),
            q("tz", { type: "string", default: "UTC" }, "IANA time zone for the review's times"),
          ],
          responses: {
            "200": {
              description:
                "The log (format=events), the review as JSON (format=json) or Markdown (format=md)",
              content: {
                "application/json": { schema: { type: "object" } },
                "text/markdown": { schema: { type: "string" } },
              },
            },
            ...errors,
            ...notFound,
          },
        },
      },
      "/api/incidents/{n}/timeline/verify": {
        get: {
          operationId: "verifyTimeline",
          summary:
            "Recompute the SHA-256 chain, check it against every signed checkpoint (a deleted tail, a deleted row, a recomputed chain) and re-hash the evidence copies; name the first event that does not match",
          parameters: [n],
          responses: {
            "200": json(
              {
                type: "object",
                required: ["incident", "intact", "count"],
                properties: {
                  incident: { type: "integer" },
                  intact: { type: "boolean" },
                  count: { type: "integer" },
                  headHash: { type: "string" },
                  reason: {
                    type: "string",
                    enum: [
                      "hash_mismatch",
                      "broken_link",
                      "sequence_gap",
                      "checkpoint_missing",
                      "checkpoint_changed",
                    ],
                  },
                  message: { type: "string" },
                  firstBad: {
                    type: "object",
                    properties: {
                      seq: { type: "integer" },
                      kind: { type: "string" },
                      occurredAt: { type: "string" },
                      reason: { type: "string" },
                      message: { type: "string" },
                    },
                  },
                  chain: { type: "object", description: "The hash chain alone" },
                  checkpoint: {
                    type: ["object", "null"],
                    description:
                      "The latest sound checkpoint: count, headHash, signedAt, keyId, signature (valid, unsigned, unknown-key, not-checked)",
                  },
                  badCheckpoints: { type: "array", items: { type: "object" } },
                  afterCheckpoint: {
                    type: "integer",
                    description: "Events after the latest checkpoint: covered by the hash chain only",
                  },
                  evidence: {
                    type: "array",
                    items: {
                      type: "object",
                      properties: {
                        seq: { type: "integer" },
                        name: { type: "string" },
                        sha256: { type: "string" },
                        state: { type: "string", enum: ["intact", "missing", "changed"] },
                      },
                    },
                  },
                  notes: { type: "array", items: { type: "string" } },
                },
              },
              "The verdict",
            ),
            ...errors,
            ...notFound,
          },
        },
      },
      "/api/reports": {
        get: {
          operationId: "getReport",
          summary:
            "Counts by severity, MTTA (mean, median, p90) and MTTR (median, p90) with the 5-minute MTTA target, pages sent vs acknowledged, alert actionability against 80%; drills excluded",
          parameters: [
            q("from", dateTime, "Declared at or after", true),
            q("to", dateTime, "Declared before", true),
          ],
          responses: {
            "200": json(
              {
                type: "object",
                properties: {
                  from: { type: "string" },
                  to: { type: "string" },
                  total: { type: "integer" },
                  drillsExcluded: { type: "integer" },
                  pages: ref("Pages"),
                  actionability: actionabilitySchema,
                  bySeverity: {
                    type: "array",
                    items: {
                      type: "object",
                      properties: {
                        severity: { type: "string" },
                        count: { type: "integer" },
                        mtta: {
                          allOf: [stat],
                          properties: {
                            targetMs: { type: "integer" },
                            meetsTarget: { type: ["boolean", "null"] },
                            overTarget: { type: "integer" },
                            meanMs: { type: ["number", "null"] },
                            meanMeetsTarget: { type: ["boolean", "null"] },
                          },
                        },
                        mttr: stat,
                        pages: ref("Pages"),
                      },
                    },
                  },
                },
              },
              "The report",
            ),
            ...errors,
          },
        },
      },
      ...followupsOpenApi(ref, errors),
      "/api/audit/public-key": {
        get: {
          operationId: "auditPublicKey",
          summary:
            "The Ed25519 public key (PEM) that checks the signed checkpoints; header x-key-id names it",
          security: [],
          responses: {
            "200": {
              description: "SPKI PEM",
              content: { "application/x-pem-file": { schema: { type: "string" } } },
            },
            "404": json(ref("Error"), "AUDIT_SIGNING_KEY is not set: checkpoints are unsigned"),
          },
        },
      },
      "/api/openapi.json": {
        get: {
          operationId: "openApi",
          summary: "This document",
          security: [],
          responses: { "200": json({ type: "object" }, "OpenAPI 3.1") },
        },
      },
    },
    components: {
      securitySchemes: { bearer: { type: "http", scheme: "bearer" } },
      schemas: { ...API_SCHEMAS, Followup: FOLLOWUP_SCHEMA },
    },
  };
}
