import { SLACK_USER_ID } from "../../../domain/text/mentions.js";
import express, { type Response, type Router } from "express";
import { z } from "zod";
import type { Deps } from "../../../app/deps.js";
import { listFollowups } from "../../../app/followups/list-followups.js";
import {
  FOLLOWUP_STATUSES,
  type Followup,
  followupState,
  followupsCsv,
} from "../../../domain/followups/followup.js";
import type { ApiAccess } from "./auth.js";
import { apiError } from "./auth.js";
import { issuesOf } from "./schemas.js";

export const followupsQuery = z.strictObject({
  owner: z.string().regex(SLACK_USER_ID, { error: "must be a Slack user id such as U0123ABCD" }).optional(),
  status: z.enum(FOLLOWUP_STATUSES).optional(),
  overdue: z
    .enum(["true", "false"], { error: "must be true or false" })
    .optional()
    .transform((v) => v === "true"),
  incident: z
    .string()
    .regex(/^\d+$/, { error: "must be an incident number such as 42" })
    .transform(Number)
    .optional(),
  format: z.enum(["json", "csv"]).optional(),
});

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const followupJson = (f: Followup, today: string) => ({
  ...f,
  state: followupState(f, today),
  createdAt: iso(f.createdAt),
  doneAt: iso(f.doneAt),
});

/** `GET /api/followups` (behind the API's bearer auth): JSON, or CSV with `format=csv` / `Accept: text/csv`. */
export function followupRoutes(deps: Pick<Deps, "clock" | "followups" | "followupSettings">): Router {
  const router = express.Router();
  router.get("/followups", (req, res: Response) => {
    const parsed = followupsQuery.safeParse(req.query);
    if (!parsed.success) {
      const issues = issuesOf(parsed.error);
      return apiError(res, 400, "invalid_request", issues.join("; "), { issues });
    }
    const q = parsed.data;
    const { includeSecurity } = res.locals.access as ApiAccess;
    const { followups, today } = listFollowups(deps, {
      ...(q.incident !== undefined ? { incidentId: q.incident } : {}),
      ...(q.owner ? { owner: q.owner } : {}),
      ...(q.status ? { status: q.status } : {}),
      overdue: q.overdue,
      includeSecurity,
    });
    const csv =
      q.format === "csv" ||
      (q.format === undefined && req.accepts(["application/json", "text/csv"]) === "text/csv");
    if (csv) {
      res.set("Content-Disposition", `attachment; filename="followups-${today}.csv"`);
      return void res.type("text/csv; charset=utf-8").send(followupsCsv(followups, today));
    }
    res.json({ items: followups.map((f) => followupJson(f, today)), total: followups.length, today });
  });
  return router;
}

/** The route's OpenAPI description (merged into openapi.ts's `paths`). */
export const followupsOpenApi = (ref: (name: string) => object, errors: object) => ({
  "/api/followups": {
    get: {
      operationId: "listFollowups",
      summary:
        "Follow-ups (action items) with owner, due date and state; CSV with format=csv or Accept: text/csv",
      parameters: [
        { name: "owner", in: "query", description: "Slack user id of the owner", schema: { type: "string" } },
        {
          name: "status",
          in: "query",
          description: "open or done",
          schema: { type: "string", enum: ["open", "done"] },
        },
        {
          name: "overdue",
          in: "query",
          description: "true: only open ones whose due day has passed (team's zone)",
          schema: { type: "string", enum: ["true", "false"] },
        },
        {
          name: "incident",
          in: "query",
          description: "Incident number",
          schema: { type: "integer", minimum: 1 },
        },
        {
          name: "format",
          in: "query",
          description: "json (default) or csv",
          schema: { type: "string", enum: ["json", "csv"] },
        },
      ],
      responses: {
        "200": {
          description: "The follow-ups",
          content: {
            "application/json": {
              schema: {
                type: "object",
                required: ["items", "total", "today"],
                properties: {
                  items: { type: "array", items: ref("Followup") },
                  total: { type: "integer" },
                  today: { type: "string", description: "The day (team's zone) `state` was computed for" },
                },
              },
            },
            "text/csv": {
              schema: { type: "string", description: "id,incident,text,owner,due,status,created_at,done_at" },
            },
          },
        },
        ...errors,
      },
    },
  },
});

export const FOLLOWUP_SCHEMA = {
  type: "object",
  required: ["id", "incidentId", "text", "owner", "status", "state"],
  properties: {
    id: { type: "integer" },
    incidentId: { type: "integer" },
    text: { type: "string" },
    owner: { type: "string", description: "Slack user id" },
    dueOn: { type: ["string", "null"], format: "date" },
    status: { type: "string", enum: ["open", "done"] },
    state: { type: "string", enum: ["open", "overdue", "done"] },
    createdBy: { type: "string" },
    createdAt: { type: "string", format: "date-time" },
    doneAt: { type: ["string", "null"], format: "date-time" },
    doneBy: { type: ["string", "null"] },
  },
};
