import { z } from "zod";
import { INCIDENT_STATUSES } from "../../../domain/incident/incident.js";
import { SEVERITIES } from "../../../domain/incident/severity.js";
import { isTimeZone } from "../../../domain/time/time-zone.js";

const date = z
  .string()
  .refine((v) => /^\d{4}-\d{2}-\d{2}(T.*)?$/.test(v) && !Number.isNaN(Date.parse(v)), {
    error: "must be an ISO 8601 date or date-time, e.g. 2026-11-01 or 2026-11-01T09:00:00Z",
  })
  .transform((v) => new Date(v));

const ordered = { error: "from must be before to", path: ["from"] };
const inOrder = (q: { from?: Date; to?: Date }) => !q.from || !q.to || q.from < q.to;

export const listQuery = z
  .strictObject({
    status: z.enum(INCIDENT_STATUSES).optional(),
    severity: z.enum(SEVERITIES).optional(),
    from: date.optional(),
    to: date.optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    offset: z.coerce.number().int().min(0).default(0),
  })
  .refine(inOrder, ordered);

export const incidentParams = z.object({
  n: z.string().regex(/^\d+$/, { error: "the incident number must be a positive integer" }).transform(Number),
});

export const timelineQuery = z.strictObject({
  format: z.enum(["events", "json", "md"]).default("events"),
  tz: z
    .string()
    .default("UTC")
    .refine(isTimeZone, { error: "must be an IANA time zone such as UTC or Europe/Berlin" }),
});

export const reportQuery = z.strictObject({ from: date, to: date }).refine(inOrder, ordered);

/** zod issues as `field: reason` lines, the 400 body's `issues`. */
export function issuesOf(error: z.ZodError): string[] {
  return error.issues.map((i) => `${i.path.join(".") || "query"}: ${i.message}`);
}
