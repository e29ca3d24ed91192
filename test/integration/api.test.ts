import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Validator } from "@seriousme/openapi-schema-validator";
import express from "express";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { apiRouter } from "../../src/adapters/http/api/api-routes.js";
import type { Incident } from "../../src/domain/incident/incident.js";
import type { Severity } from "../../src/domain/incident/severity.js";
import { type Harness, startHarness } from "../support/bot-harness.js";

const FULL = "full-api-token-0123456789";
const RESTRICTED = "restricted-token-0123456789";
let h: Harness;
const seeded: Record<string, Incident> = {};

const day = (d: number, h = 9, m = 0) => new Date(Date.UTC(2026, 10, d, h, m));
const min = 60_000;

/** Incidents with known times, written through the real store as the use cases would. */
function seed(
  key: string,
  input: {
    severity: Severity;
    at: Date;
    ackMin?: number;
    resolveMin?: number;
    security?: boolean;
    drill?: boolean;
    pages?: [number, number];
  },
) {
  const { incidents, timeline } = h.bot.deps;
  const created = incidents.create(
    {
      title: `${key} incident`,
      description: null,
      severity: input.severity,
      security: !!input.security,
      drill: !!input.drill,
      declaredBy: "U_DECLARER",
      declaredAt: input.at,
    },
    () => ({ kind: "declared", occurredAt: input.at, actor: "slack:U_DECLARER", text: `Declared ${key}` }),
  );
  const at = (m: number) => new Date(input.at.getTime() + m * min);
  const [sent, acked] = input.pages ?? [0, 0];
  for (let i = 0; i < sent; i++)
    timeline.append({
      incidentId: created.id,
      kind: "page_sent",
      occurredAt: at(0),
      actor: "bot",
      text: `page ${i}`,
      data: { target: `t${i}` },
    });
  for (let i = 0; i < acked; i++)
    timeline.append({
      incidentId: created.id,
      kind: "page_acknowledged",
      occurredAt: at(1),
      actor: "pagerduty:x",
      text: `ack ${i}`,
    });
  let incident = created;
  if (input.ackMin !== undefined)
    incident = incidents.update(
      created.id,
      { status: "acknowledged", acknowledgedAt: at(input.ackMin) },
      { kind: "acknowledged", occurredAt: at(input.ackMin), actor: "slack:U_PRIMARY", text: "Acknowledged" },
    );
  if (input.resolveMin !== undefined)
    incident = incidents.update(
      created.id,
      { status: "resolved", mitigatedAt: at(input.resolveMin), resolvedAt: at(input.resolveMin) },
      { kind: "resolved", occurredAt: at(input.resolveMin), actor: "slack:U_PRIMARY", text: "Resolved" },
    );
  seeded[key] = incident;
}

beforeAll(async () => {
  h = await startHarness({ API_TOKEN: FULL, API_TOKEN_RESTRICTED: RESTRICTED });
  seed("a", { severity: "sev1", at: day(2), ackMin: 2, resolveMin: 30, pages: [2, 1] });
  seed("b", { severity: "sev1", at: day(3), ackMin: 4, resolveMin: 50, pages: [1, 1] });
  seed("c", { severity: "sev1", at: day(4), ackMin: 12, resolveMin: 90, pages: [3, 1] });
  seed("d", { severity: "sev2", at: day(5), ackMin: 20 });
  seed("sec", { severity: "sev2", at: day(6), ackMin: 1, resolveMin: 10, security: true });
  seed("drill", { severity: "sev1", at: day(7), ackMin: 1, resolveMin: 5, drill: true, pages: [5, 5] });
  seed("old", { severity: "sev3", at: new Date(Date.UTC(2026, 9, 1)) });
});
afterAll(async () => {
  await h?.stop();
});
afterEach(() => {
  expect(h.slack.unexpected).toEqual([]);
});

const get = (path: string, token: string | null = FULL) =>
  fetch(`${h.bot.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
async function body<T = Record<string, unknown>>(res: Response): Promise<T> {
  return (await res.json()) as T;
}
type Err = { error: { code: string; message: string; issues?: string[] } };

describe("REST API", () => {
  it("serves an OpenAPI 3.1 document that a validator accepts and that lists every route", async () => {
    const res = await get("/api/openapi.json", null);
    expect(res.status).toBe(200);
    const doc = await body<{ openapi: string; paths: Record<string, unknown> }>(res);
    const result = await new Validator().validate(doc as never);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths).sort()).toEqual(
      [
        "/api/audit/public-key",
        "/api/followups",
        "/api/incidents",
        "/api/incidents/{n}",
        "/api/incidents/{n}/timeline",
        "/api/incidents/{n}/timeline/verify",
        "/api/openapi.json",
        "/api/reports",
      ].sort(),
    );
  });

  it.each([
    "/api/followups",
    "/api/incidents",
    "/api/incidents/1",
    "/api/incidents/1/timeline",
    "/api/incidents/1/timeline/verify",
    "/api/reports?from=2026-11-01&to=2026-12-01",
  ])("GET %s without a token (or with a wrong one) answers 401", async (path) => {
    const none = await get(path, null);
    expect(none.status).toBe(401);
    expect((await body<Err>(none)).error.code).toBe("unauthorized");
    expect((await get(path, "not-the-token-at-all")).status).toBe(401);
  });

  it.each([
    ["/api/incidents?severity=sev9", "severity"],
    ["/api/incidents?limit=0", "limit"],
    ["/api/incidents?from=yesterday", "from: must be an ISO 8601"],
    ["/api/incidents?from=2026-12-01&to=2026-11-01", "from must be before to"],
    ["/api/incidents?colour=red", "colour"],
    ["/api/incidents/abc", "positive integer"],
    ["/api/incidents/-1/timeline/verify", "positive integer"],
    ["/api/incidents/1/timeline?format=pdf", "format"],
    ["/api/incidents/1/timeline?tz=Mars/Olympus", "tz: must be an IANA time zone"],
    ["/api/reports?from=2026-11-01", "to"],
  ])("GET %s answers 400 with the reason", async (path, reason) => {
    const res = await get(path);
    expect(res.status).toBe(400);
    const err = await body<Err>(res);
    expect(err.error.code).toBe("invalid_request");
    expect(err.error.message).toContain(reason);
  });

  it("lists incidents with filters and pagination; security ones only for the full token", async () => {
    const all = await body<{ items: Incident[]; total: number; nextOffset: number | null }>(
      await get("/api/incidents?limit=3"),
    );
    expect(all.total).toBe(7);
    expect(all.items.map((i) => i.title)).toEqual(["a incident", "b incident", "c incident"]);
    expect(all.nextOffset).toBe(3);
    const page2 = await body<{ items: Incident[] }>(await get("/api/incidents?limit=3&offset=3"));
    expect(page2.items.map((i) => i.title)).toEqual(["d incident", "sec incident", "drill incident"]);
    const sev1Resolved = await body<{ items: Incident[] }>(
      await get("/api/incidents?severity=sev1&status=resolved&from=2026-11-03&to=2026-11-07"),
    );
    expect(sev1Resolved.items.map((i) => i.title)).toEqual(["b incident", "c incident"]);
    const restricted = await body<{ items: Incident[]; total: number }>(
      await get("/api/incidents?limit=200", RESTRICTED),
    );
    expect(restricted.total).toBe(6);
    expect(restricted.items.some((i) => i.security)).toBe(false);
  });

  it("returns one incident; a security incident is 404 for the restricted token", async () => {
    const one = await get(`/api/incidents/${seeded.a!.id}`);
    expect(one.status).toBe(200);
    expect(await body(one)).toMatchObject({
      title: "a incident",
      severity: "sev1",
      declaredAt: day(2).toISOString(),
    });
    expect((await get(`/api/incidents/${seeded.sec!.id}`, FULL)).status).toBe(200);
    const hidden = await get(`/api/incidents/${seeded.sec!.id}`, RESTRICTED);
    expect(hidden.status).toBe(404);
    expect((await get(`/api/incidents/${seeded.sec!.id}/timeline?format=md`, RESTRICTED)).status).toBe(404);
    expect((await get("/api/incidents/9999")).status).toBe(404);
  });

  it("returns the chained log, the review as JSON and Markdown, and the verdict", async () => {
    const id = seeded.a!.id;
    const log = await body<{ events: Array<{ seq: number; hash: string; prevHash: string }> }>(
      await get(`/api/incidents/${id}/timeline`),
    );
    expect(log.events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(log.events[1]!.prevHash).toBe(log.events[0]!.hash);
    const md = await get(`/api/incidents/${id}/timeline?format=md&tz=America/New_York`);
    expect(md.headers.get("content-type")).toMatch(/^text\/markdown/);
    const text = await md.text();
    expect(text).toContain("Times in America/New_York");
    expect(text).toContain("| Declared | 2026-11-02 04:00:00 -05:00 |");
    expect(text).toContain("- time to acknowledge: 2m");
    const review = await body<{ keyTimes: Record<string, string> }>(
      await get(`/api/incidents/${id}/timeline?format=json`),
    );
    expect(review.keyTimes.resolved).toBe(new Date(day(2).getTime() + 30 * min).toISOString());
    const verdict = await body(await get(`/api/incidents/${id}/timeline/verify`));
    expect(verdict).toMatchObject({ intact: true, count: 6, headHash: log.events.at(-1)!.hash });
  });

  it("reports counts, MTTA/MTTR median and p90 per severity against the 5-minute target, pages; drills out", async () => {
    const res = await get("/api/reports?from=2026-11-01&to=2026-12-01");
    expect(res.status).toBe(200);
    const r = await body<{
      total: number;
      drillsExcluded: number;
      pages: { sent: number; acknowledged: number };
      bySeverity: Array<{
        severity: string;
        count: number;
        mtta: Record<string, unknown>;
        mttr: Record<string, unknown>;
      }>;
    }>(res);
    expect(r.total).toBe(5);
    expect(r.drillsExcluded).toBe(1);
    expect(r.pages).toEqual({ sent: 6, acknowledged: 3 });
    const sev1 = r.bySeverity.find((s) => s.severity === "sev1")!;
    expect(sev1.count).toBe(3);
    expect(sev1.mtta).toMatchObject({
      n: 3,
      medianMs: 4 * min,
      p90Ms: 12 * min,
      targetMs: 5 * min,
      meetsTarget: true,
      overTarget: 1,
    });
    expect(sev1.mttr).toMatchObject({ n: 3, medianMs: 50 * min, p90Ms: 90 * min });
    const sev2 = r.bySeverity.find((s) => s.severity === "sev2")!;
    expect(sev2.count).toBe(2);
    expect(sev2.mtta).toMatchObject({ medianMs: 10.5 * min, meetsTarget: false });
    const restricted = await body<{ total: number }>(
      await get("/api/reports?from=2026-11-01&to=2026-12-01", RESTRICTED),
    );
    expect(restricted.total).toBe(4);
  });

  it("answers 503 saying to set API_TOKEN when no token is configured", async () => {
    const app = express();
    app.use("/api", apiRouter(h.bot.deps, {}));
    const server = createServer(app);
    await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
    try {
      const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/api/incidents`);
      expect(res.status).toBe(503);
      expect((await body<Err>(res)).error.message).toContain("set API_TOKEN");
    } finally {
      server.close();
    }
  });
});
