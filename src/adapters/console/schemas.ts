import { z } from "zod";
import { INCIDENT_STATUSES } from "../../domain/incident/incident.js";
import { SEVERITIES } from "../../domain/incident/severity.js";

const oneOf = <T extends readonly string[]>(values: T, what: string) =>
  z
    .union([z.literal(""), z.enum(values)], {
      error: `${what} must be one of ${values.join(", ")} (or empty)`,
    })
    .default("");

/** `/console?...`: the list's filters, as people (and the filter form) write them. */
export const listQuery = z.object({
  q: z.string().trim().max(200, { error: "the search must be at most 200 characters" }).default(""),
  severity: oneOf(SEVERITIES, "severity"),
  status: oneOf(INCIDENT_STATUSES, "status"),
  service: z.string().trim().max(200).default(""),
  security: oneOf(["only", "none"] as const, "security"),
  drills: z
    .literal("1", { error: 'drills must be "1" (show drills) or absent' })
    .optional()
    .transform((v) => v === "1"),
  page: z.coerce
    .number({ error: "page must be a page number such as 2" })
    .int({ error: "page must be a whole number" })
    .min(1, { error: "page must be 1 or more" })
    .default(1),
});

export const incidentNumber = z
  .string()
  .regex(/^\d{1,9}$/, {
    error: "the incident number must be a positive integer, as in /console/incidents/42",
  })
  .transform(Number);

/** A note or status update typed in the console. */
export const textForm = z.object({
  text: z
    .string({ error: "text: write something first" })
    .trim()
    .min(1, { error: "text: write something first" })
    .max(3000, { error: "text: at most 3000 characters" }),
});

export const problemsOf = (error: z.ZodError) =>
  error.issues.map((i) =>
    i.message.includes(String(i.path[0])) ? i.message : `${i.path.join(".")}: ${i.message}`,
  );
