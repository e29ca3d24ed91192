import { existsSync } from "node:fs";
import { resolve } from "node:path";
import express, { type Request, type Response, type Router } from "express";
import { signIn } from "../../app/console/sign-in.js";
import type { Deps } from "../../app/deps.js";
import { latestDrill } from "../../app/playbooks/link-playbooks.js";
import type { ConsoleDirectory } from "../../ports/console-directory.js";
import { createConsoleAccess } from "./access.js";
import type { Html } from "./html.js";
import { type IncidentRoutesOptions, incidentRoutes } from "./incident-routes.js";
import { createLiveFeed } from "./live-feed.js";
import { listQuery, problemsOf } from "./schemas.js";
import { COOKIE, csrfOk, requireSession, sessionCookie, signedIn } from "./sessions.js";
import { streamList } from "./streams.js";
import { layout } from "./views/layout.js";
import { incidentRow, listBody } from "./views/list-page.js";
import { messageBody, playbooksBody, signInBody } from "./views/other-pages.js";

export const PAGE_SIZE = 50;

export interface ConsoleOptions {
  deps: Deps;
  directory: ConsoleDirectory;
  env: { CONSOLE_SESSION_HOURS: number; CONSOLE_RESPONDER_GROUPS: string[]; CONSOLE_ADMIN_GROUPS: string[] };
  /** How often the shared poller reads the IMOC log for live updates. */
  pollMs?: number;
  followUps?: IncidentRoutesOptions["followUps"];
  onSecurityRead?: IncidentRoutesOptions["onSecurityRead"];
}

/** public/console at the project root, from src/ (tsx) and dist/src/ (built). */
function assetsDir(): string {
  const here = import.meta.dirname;
  const fromSrc = resolve(here, "../../../public/console");
  return existsSync(fromSrc) ? fromSrc : resolve(here, "../../../../public/console");
}

const SECURITY_HEADERS = {
  "content-security-policy":
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
  "referrer-policy": "no-referrer",
  "x-content-type-options": "nosniff",
};

/**
 * The incident console (`/console...`): server-rendered pages, one stylesheet, one small script,
 * live updates over Server-Sent Events from one shared poller. `stop()` ends open streams.
 */
export function createConsole(o: ConsoleOptions): { router: Router; stop(): Promise<void> } {
  const { deps } = o;
  const logger = deps.logger.child({ component: "console" });
  const access = createConsoleAccess({
    directory: o.directory,
    store: deps.consoleStore,
    responderGroups: o.env.CONSOLE_RESPONDER_GROUPS,
    adminGroups: o.env.CONSOLE_ADMIN_GROUPS,
    logger,
  });
  const feed = createLiveFeed({ store: deps.consoleStore, logger, intervalMs: o.pollMs });
  const streams = new Set<Response>();
  const names = (ids: string[]): Promise<Record<string, string>> =>
    ids.length ? deps.messageSource.userNames(ids) : Promise.resolve({});
  const viewerName = async (res: Response) => {
    const { userId } = signedIn(res).session;
    return (await names([userId]))[userId] ?? userId;
  };
  const sessionMs = o.env.CONSOLE_SESSION_HOURS * 3_600_000;
  const secure = (req: Request) => deps.publicUrl().startsWith("https:") || req.secure;

  const http = express.Router();
  http.use("/console", (_req, res, next) => {
    res.set(SECURITY_HEADERS);
    next();
  });
  http.use("/console/assets", express.static(assetsDir(), { index: false, maxAge: "1h" }));

  const signInPage = (res: Response, status: number, reason: string | null) =>
    res
      .status(status)
      .type("html")
      .set("cache-control", "no-store")
      .send(layout({ title: "Sign in", viewer: null, body: signInBody(reason) }));

  http.get("/console/login", async (req, res) => {
    const token = typeof req.query.token === "string" ? req.query.token : "";
    if (!token)
      return void signInPage(
        res,
        400,
        "The sign-in link has no token: open the link from imoc's direct message as it is.",
      );
    const result = await signIn(deps, { token, sessionMs, roleOf: access.roleOf });
    if (result.kind === "refused")
      return void signInPage(
        res,
        401,
        "This sign-in link does not work: it was used already or is older than 10 minutes. Type /incident console in Slack for a new one.",
      );
    logger.info({ userId: result.session.userId, role: result.session.role }, "console: signed in");
    res
      .set("set-cookie", sessionCookie(result.secret, sessionMs / 1000, secure(req)))
      .redirect(303, "/console");
  });

  http.use(
    "/console",
    requireSession(deps.consoleStore, deps.clock, (req, res) => {
      if (req.path.endsWith("/stream")) return void res.status(401).type("text").send("Sign in first.");
      signInPage(res, 401, null);
    }),
  );
  const shell = async (
    res: Response,
    title: string,
    current: "incidents" | "playbooks" | undefined,
    body: Html,
    stream?: string,
  ) =>
    res
      .type("html")
      .set("cache-control", "no-store")
      .send(
        layout({
          title,
          viewer: { ...signedIn(res).session, name: await viewerName(res) },
          current,
          body,
          stream,
        }),
      );

  http.post("/console/logout", express.urlencoded({ extended: false, limit: "4kb" }), (req, res) => {
    const { session, idHash } = signedIn(res);
    if (!csrfOk(req, session))
      return void res.status(403).type("text").send("Reload the page and sign out again (CSRF token).");
    deps.consoleStore.deleteSession(idHash);
    res.set("set-cookie", `${COOKIE}=; Path=/console; HttpOnly; SameSite=Lax; Max-Age=0`);
    res
      .status(200)
      .type("html")
      .send(layout({ title: "Signed out", viewer: null, body: signInBody("You are signed out.") }));
  });

  http.get("/console", async (req, res) => {
    const parsed = listQuery.safeParse(req.query);
    if (!parsed.success)
      return void res
        .status(400)
        .type("html")
        .send(
          layout({
            title: "Bad filter",
            viewer: null,
            body: messageBody("Bad filter", problemsOf(parsed.error).join("; ")),
          }),
        );
    const q = parsed.data;
    const { session } = signedIn(res);
    const page = deps.consoleStore.listIncidents({
      severity: q.severity || undefined,
      status: q.status || undefined,
      service: q.service || undefined,
      security: q.security === "only" ? true : q.security === "none" ? false : undefined,
      includeDrills: q.drills,
      search: q.q || undefined,
      visibleSecurity: await access.visibleSecurity(session),
      limit: PAGE_SIZE,
      offset: (q.page - 1) * PAGE_SIZE,
    });
    const ids = page.incidents.flatMap((i) => (i.commander ? [i.commander] : []));
    const body = listBody({
      query: q,
      ...page,
      pageSize: PAGE_SIZE,
      services: deps.consoleStore.services(),
      names: await names([...new Set(ids)]),
    });
    await shell(res, "Incidents", "incidents", body, "/console/stream");
  });

  http.get("/console/stream", (req, res) => {
    const { session } = signedIn(res);
    streamList({
      req,
      res,
      streams,
      feed,
      session,
      incidentOf: (id) => deps.incidents.get(id),
      canSee: (incident) => access.canSee(session, incident),
      row: async (incident) =>
        incidentRow(incident, await names(incident.commander ? [incident.commander] : [])),
    });
  });

  http.get("/console/playbooks", async (_req, res) => {
    const playbooks = deps.playbooks
      .all()
      .map((playbook) => ({ playbook, lastDrilled: latestDrill(deps, playbook) }));
    await shell(res, "Playbooks", "playbooks", playbooksBody(playbooks));
  });

  http.use(
    incidentRoutes({
      deps,
      access,
      feed,
      streams,
      names,
      viewerName,
      followUps: o.followUps,
      onSecurityRead: o.onSecurityRead,
    }),
  );

  return {
    router: http,
    async stop() {
      feed.stop();
      for (const res of streams) res.end();
      streams.clear();
    },
  };
}
