import { describe, expect, it } from "vitest";
import { parsePlaybook } from "../../src/adapters/playbooks/load-playbooks.js";
import { assignRole } from "../../src/app/incident/assign-role.js";
import { reportDrill } from "../../src/app/playbooks/drill-report.js";
import { linkPlaybook } from "../../src/app/playbooks/link-playbooks.js";
import { linkPlaybooksOnDeclare } from "../../src/app/playbooks/auto-link.js";
import { listPlaybooks } from "../../src/app/playbooks/list-playbooks.js";
import type { Playbook } from "../../src/domain/playbooks/playbook.js";
import { memoryDeps } from "./support/memory-deps.js";

const api = parsePlaybook(
  "api.md",
  "---\nid: api-outage\ntitle: API outage\nowner: '@a'\nbackup: '@b'\nseverities: [sev1]\nlast_drilled: 2026-01-01\n---\n1. Roll back\n",
) as Playbook;

function declared(m: ReturnType<typeof memoryDeps>, drill = true) {
  return m.deps.incidents.create(
    {
      title: "Checkout down",
      description: null,
      severity: "sev1",
      security: false,
      drill,
      declaredBy: "U1",
      declaredAt: new Date("2026-11-25T10:00:00Z"),
    },
    () => ({
      kind: "declared",
      occurredAt: new Date("2026-11-25T10:00:00Z"),
      actor: "slack:U1",
      text: "Declared",
    }),
  );
}

async function resolveAt(
  m: ReturnType<typeof memoryDeps>,
  id: number,
  times: { ack?: string; mitigate?: string; resolve: string },
) {
  const patch = {
    acknowledgedAt: times.ack ? new Date(times.ack) : null,
    mitigatedAt: new Date(times.mitigate ?? times.resolve),
    resolvedAt: new Date(times.resolve),
    status: "resolved" as const,
  };
  const incident = m.deps.incidents.update(id, patch, null);
  await reportDrill(m.deps, incident);
}

describe("drill report", () => {
  it("posts time to acknowledge and to mitigate and records the drill for each linked playbook", async () => {
    const m = memoryDeps([api]);
    const incident = declared(m);
    linkPlaybook(m.deps, { incident, playbook: api, actor: "bot", reason: "matched" });
    m.at("2026-11-25T10:25:00Z");
    await resolveAt(m, incident.id, {
      ack: "2026-11-25T10:03:00Z",
      mitigate: "2026-11-25T10:12:00Z",
      resolve: "2026-11-25T10:20:00Z",
    });
    const report = m.posts.at(-1)?.message.text ?? "";
    expect(report).toContain("Time to acknowledge: *3m* :white_check_mark: (target < 5m)");
    expect(report).toContain("Time to mitigate: *12m*");
    expect(report).toContain("Time to resolve: *20m*");
    expect(m.drills).toEqual([
      {
        incidentId: incident.id,
        playbookId: "api-outage",
        drilledAt: new Date("2026-11-25T10:20:00Z"),
        msToAcknowledge: 180_000,
        msToMitigate: 720_000,
      },
    ]);
  });

  it("flags a slow acknowledgement and an unacknowledged drill", async () => {
    const m = memoryDeps([api]);
    const slow = declared(m);
    await resolveAt(m, slow.id, { ack: "2026-11-25T10:07:00Z", resolve: "2026-11-25T10:30:00Z" });
    expect(m.posts.at(-1)?.message.text).toContain("Time to acknowledge: *7m* :warning: (target < 5m)");
    const never = declared(m);
    await resolveAt(m, never.id, { resolve: "2026-11-25T10:30:00Z" });
    expect(m.posts.at(-1)?.message.text).toContain("Time to acknowledge: *not reached*");
    expect(m.drills.at(-1)).toMatchObject({ playbookId: null, msToAcknowledge: null });
  });

  it("ignores real incidents", async () => {
    const m = memoryDeps([api]);
    const real = declared(m, false);
    await resolveAt(m, real.id, { resolve: "2026-11-25T10:30:00Z" });
    expect(m.posts).toEqual([]);
    expect(m.drills).toEqual([]);
  });
});

describe("linking and roles when Slack fails part-way", () => {
  it("a failed bookmark still leaves the link recorded and posted", async () => {
    const m = memoryDeps([api]);
    const incident = declared(m);
    m.failing.add("addBookmark");
    expect(linkPlaybook(m.deps, { incident, playbook: api, actor: "bot", reason: "matched" })).toMatchObject({
      kind: "linked",
    });
    expect(m.events.filter((e) => e.kind === "playbook_linked")).toHaveLength(1);
    expect(m.posts[0]?.message.text).toContain("last drilled 2026-01-01");
  });

  it("a failed DM does not undo the role", async () => {
    const m = memoryDeps();
    const incident = declared(m);
    m.failing.add("directMessage");
    const result = await assignRole(m.deps, {
      incident,
      role: "scribe",
      userId: "U2",
      actor: "slack:U1",
      actorUserId: "U1",
    });
    expect(result.kind).toBe("assigned");
    expect(m.deps.roles.list(incident.id)).toMatchObject([{ role: "scribe", userId: "U2" }]);
    expect(m.events.at(-1)?.kind).toBe("role_assigned");
  });
});

describe("what the channel and the people are told", () => {
  it("a new role holder is announced in the channel and told by DM what the role does", async () => {
    const m = memoryDeps();
    const incident = declared(m, false);
    await assignRole(m.deps, {
      incident,
      role: "scribe",
      userId: "U2",
      actor: "slack:U1",
      actorUserId: "U1",
    });
    expect(m.posts.at(-1)?.message.text).toBe(":busts_in_silhouette: <@U2> is now scribe by <@U1>.");
    expect(m.dms).toHaveLength(1);
    expect(m.dms[0]?.user).toBe("U2");
    expect(m.dms[0]?.message.text).toContain(
      "You are the *Scribe* for INC-1 (Checkout down) in <#C1> by <@U1>.",
    );
    expect(m.dms[0]?.message.text).toContain("`/incident note …`");
  });

  it("a new incident that matches no playbook says how to find one", async () => {
    const m = memoryDeps([api]);
    const incident = declared(m, false);
    await linkPlaybooksOnDeclare(m.deps, incident);
    expect(m.posts.map((p) => p.message.text)).toEqual([
      expect.stringContaining(":grey_question: No playbook matches this title."),
    ]);
  });

  it("lists the linked and matching playbooks first", async () => {
    const db = parsePlaybook(
      "db.md",
      "---\nid: checkout-db\ntitle: Checkout database\nowner: '@a'\nbackup: '@b'\nseverities: [sev1]\nkeywords: [checkout]\n---\n1. Fail over\n",
    ) as Playbook;
    const m = memoryDeps([api, db]);
    const incident = declared(m, false);
    expect(listPlaybooks(m.deps, null).map((e) => [e.playbook.id, e.standing])).toEqual([
      ["api-outage", null],
      ["checkout-db", null],
    ]);
    linkPlaybook(m.deps, { incident, playbook: db, actor: "bot", reason: "by hand" });
    expect(listPlaybooks(m.deps, incident)[0]).toMatchObject({
      playbook: { id: "checkout-db" },
      standing: "linked",
      url: "https://imoc.example.com/playbooks/checkout-db",
    });
  });
});
