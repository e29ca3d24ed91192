import express, { type Request, type Response, type Router } from "express";
import { incidentView } from "../../app/console/incident-view.js";
import type { Deps } from "../../app/deps.js";
import { changeStatus } from "../../app/incident/change-status.js";
import { postStatusUpdate } from "../../app/comms/post-status-update.js";
import { exportReview } from "../../app/review/export-review.js";
import { addNote } from "../../app/timeline/add-note.js";
import { type Incident, incidentRef } from "../../domain/incident/incident.js";
import { slackActor, type TimelineEvent } from "../../domain/timeline/timeline-event.js";
import type { ConsoleAccess } from "./access.js";
import type { Html } from "./html.js";
import type { LiveFeed } from "./live-feed.js";
import { incidentNumber, problemsOf, textForm } from "./schemas.js";
import { csrfOk, signedIn } from "./sessions.js";
import { type SseMessage, streamIncident } from "./streams.js";
import { type Names, slackIdsOf } from "./views/format.js";
import {
  escalationSection,
  type IncidentModel,
  incidentBody,
  logRow,
  playbooksSection,
  summarySection,
  updatesSection,
} from "./views/incident-page.js";
import { layout } from "./views/layout.js";
import { messageBody } from "./views/other-pages.js";

export interface IncidentRoutesOptions {
  deps: Deps;
  access: ConsoleAccess;
  feed: LiveFeed;
  streams: Set<Response>;
  names: (ids: string[]) => Promise<Record<string, string>>;
  viewerName: (res: Response) => Promise<string>;
  /** The incident's follow-ups: the Slack ids it names, and the section once their names are known. */
  followUps?: (incident: Incident) => { ids: string[]; render: (names: Names) => Html } | null;
  /** Told whenever someone reads a security incident in the console (its access log). */
  onSecurityRead?: (incident: Incident, userId: string, what: "page" | "review" | "stream") => void;
}

const DONE: Record<string, { ok: boolean; text: string }> = {
  acknowledged: { ok: true, text: "Acknowledged. The incident channel is told." },
  already: { ok: true, text: "The incident was acknowledged already." },
  "not-allowed": { ok: false, text: "The incident cannot be acknowledged in its current state." },
  note: { ok: true, text: "Note added to the IMOC log and posted in the channel." },
  update: { ok: true, text: "Status update posted in the channel." },
};

/** Sections that depend on the kinds of event just recorded, re-sent over the live stream. */
const SECTIONS: Array<[(m: IncidentModel) => Html, RegExp]> = [
  [
    summarySection,
    /^(acknowledged|mitigated|resolved|severity_changed|role_assigned|details_changed|channel_created)$/,
  ],
  [escalationSection, /^(page_|acknowledged|mitigated|resolved|severity_changed)/],
  [updatesSection, /^status_update$/],
  [playbooksSection, /^playbook_linked$/],
];

/** `/console/incidents/{n}`: the page, its live stream, the review exports and the responder actions. */
export function incidentRoutes(o: IncidentRoutesOptions): Router {
  const { deps, access } = o;
  const http = express.Router();
  const form = express.urlencoded({ extended: false, limit: "16kb" });

  const notFound = async (res: Response, n: string) =>
    res
      .status(404)
      .type("html")
      .send(
        layout({
          title: "Not found",
          viewer: { ...signedIn(res).session, name: await o.viewerName(res) },
          body: messageBody("Incident not found", `There is no incident ${n} you may see.`),
        }),
      );

  /** The incident, when it exists and this person may see it; otherwise the answer is sent. */
  async function visible(
    req: Request,
    res: Response,
    what: "page" | "review" | "stream",
  ): Promise<Incident | null> {
    const n = incidentNumber.safeParse(req.params.n);
    if (!n.success) {
      res.status(400).type("text").send(problemsOf(n.error).join("\n"));
      return null;
    }
    const incident = deps.incidents.get(n.data);
    const { session } = signedIn(res);
    if (!incident || !(await access.canSee(session, incident))) {
      await notFound(res, String(req.params.n));
      return null;
    }
    if (incident.security) o.onSecurityRead?.(incident, session.userId, what);
    return incident;
  }

  async function model(
    res: Response,
    incident: Incident,
    flash: IncidentModel["flash"],
    beforeId?: number,
  ): Promise<IncidentModel> {
    const view = incidentView(deps, incident, beforeId);
    const { session } = signedIn(res);
    const followUps = o.followUps?.(incident) ?? null;
    const ids = [
      ...(followUps?.ids ?? []),
      ...slackIdsOf([...view.log, ...view.highlights]),
      ...view.roles.map((r) => r.userId),
      incident.declaredBy,
      ...(incident.commander ? [incident.commander] : []),
    ];
    const names = await o.names([...new Set(ids)]);
    return {
      ...view,
      names,
      canAct: session.role !== "viewer",
      csrf: session.csrf,
      flash,
      followUps: followUps?.render(names) ?? null,
    };
  }

  async function page(
    res: Response,
    incident: Incident,
    flash: IncidentModel["flash"],
    status = 200,
    beforeId?: number,
  ) {
    const m = await model(res, incident, flash, beforeId);
    res
      .status(status)
      .type("html")
      .send(
        layout({
          title: `${incidentRef(incident)} ${incident.title}`,
          viewer: { ...signedIn(res).session, name: await o.viewerName(res) },
          current: "incidents",
          stream: `/console/incidents/${incident.id}/stream?after=${m.lastId}`,
          body: incidentBody(m),
        }),
      );
  }

  http.get("/console/incidents/:n", async (req, res) => {
    const incident = await visible(req, res, "page");
    if (!incident) return;
    const done = typeof req.query.done === "string" ? (DONE[req.query.done] ?? null) : null;
    const before =
      typeof req.query.before === "string" && /^\d{1,15}$/.test(req.query.before)
        ? Number(req.query.before)
        : undefined;
    await page(res, incident, done, 200, before);
  });

  http.get("/console/incidents/:n/stream", async (req, res) => {
    const incident = await visible(req, res, "stream");
    if (!incident) return;
    streamIncident({
      req,
      res,
      streams: o.streams,
      feed: o.feed,
      store: deps.consoleStore,
      incident,
      render: async (events: TimelineEvent[]) => {
        const current = deps.incidents.get(incident.id) ?? incident;
        const m = await model(res, current, null);
        const out: SseMessage[] = events.map((e) => ({
          id: e.id,
          event: "log",
          data: { html: logRow(e, m.names).value, kind: e.kind, text: e.text },
        }));
        for (const [section, kinds] of SECTIONS)
          if (events.some((e) => kinds.test(e.kind)))
            out.push({ event: "section", data: { html: section(m).value } });
        return out;
      },
    });
  });

  http.get("/console/incidents/:n/review.:format", async (req, res) => {
    const format = req.params.format;
    if (format !== "md" && format !== "json")
      return void res.status(404).type("text").send("Reviews come as review.md or review.json.");
    const incident = await visible(req, res, "review");
    if (!incident) return;
    const exported = await exportReview(deps, incident.id, format, "UTC", o.names);
    if (exported.kind === "md") return void res.type("text/markdown; charset=utf-8").send(exported.markdown);
    if (exported.kind === "json") return void res.json(exported.json);
    await notFound(res, String(incident.id));
  });

  /** The responder actions: same use cases as Slack, recorded as the signed-in person. */
  const act = (
    name: string,
    run: (incident: Incident, userId: string, req: Request) => Promise<string | null>,
  ) =>
    http.post(`/console/incidents/:n/${name}`, form, async (req, res) => {
      const { session } = signedIn(res);
      if (!csrfOk(req, session))
        return void res
          .status(403)
          .type("text")
          .send("The form is stale or not from the console (CSRF token): reload the page and try again.");
      const incident = await visible(req, res, "page");
      if (!incident) return;
      if (session.role === "viewer")
        return void (await page(
          res,
          incident,
          { ok: false, text: "Viewers cannot act on incidents: ask to join a responder group." },
          403,
        ));
      const parsed = name === "acknowledge" ? null : textForm.safeParse(req.body);
      if (parsed && !parsed.success)
        return void (await page(
          res,
          incident,
          { ok: false, text: problemsOf(parsed.error).join("; ") },
          400,
        ));
      const done = await run(incident, session.userId, req);
      res.redirect(303, `/console/incidents/${incident.id}${done ? `?done=${done}` : ""}`);
    });

  act("acknowledge", async (incident, userId) => {
    const result = await changeStatus(deps, {
      incidentId: incident.id,
      to: "acknowledged",
      actor: slackActor(userId),
      actorUserId: userId,
    });
    return result.kind === "changed" ? "acknowledged" : result.kind === "not-found" ? null : result.kind;
  });
  act("note", async (incident, userId, req) => {
    await addNote(deps, { incident, text: textForm.parse(req.body).text, actor: slackActor(userId) });
    return "note";
  });
  act("update", async (incident, userId, req) => {
    const text = textForm.parse(req.body).text;
    await postStatusUpdate(deps, { incident, text, actor: slackActor(userId), actorUserId: userId });
    return "update";
  });

  return http;
}
