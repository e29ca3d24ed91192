/** The JSON shapes the REST API answers with, as OpenAPI 3.1 component schemas. */
export const API_SCHEMAS = {
  Error: {
    type: "object",
    required: ["error"],
    properties: {
      error: {
        type: "object",
        required: ["code", "message"],
        properties: {
          code: { type: "string" },
          message: { type: "string" },
          issues: { type: "array", items: { type: "string" } },
        },
      },
    },
  },
  Pages: {
    type: "object",
    properties: { sent: { type: "integer" }, acknowledged: { type: "integer" } },
  },
  Incident: {
    type: "object",
    required: ["id", "title", "severity", "security", "status", "declaredAt"],
    properties: {
      id: { type: "integer" },
      title: { type: "string" },
      description: { type: ["string", "null"] },
      severity: { type: "string", enum: ["sev1", "sev2", "sev3"] },
      security: { type: "boolean" },
      drill: { type: "boolean" },
      service: { type: ["string", "null"] },
      status: { type: "string", enum: ["declared", "acknowledged", "mitigated", "resolved"] },
      channelId: { type: ["string", "null"] },
      channelName: { type: ["string", "null"] },
      declaredBy: { type: "string" },
      commander: { type: ["string", "null"] },
      declaredAt: { type: "string", format: "date-time" },
      acknowledgedAt: { type: ["string", "null"], format: "date-time" },
      mitigatedAt: { type: ["string", "null"], format: "date-time" },
      resolvedAt: { type: ["string", "null"], format: "date-time" },
      resolutionSummary: { type: ["string", "null"] },
    },
  },
};
